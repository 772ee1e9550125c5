// RFC 7047 section 5.1 notation: atoms, sets, maps, uuids, and their
// conversion to plain JavaScript values.

export type Atom = string | number | boolean | Uuid | NamedUuid;
export type Uuid = readonly ['uuid', string];
export type NamedUuid = readonly ['named-uuid', string];
export type OvsSet = readonly ['set', readonly Atom[]];
export type OvsMap = readonly ['map', readonly (readonly [Atom, Atom])[]];
/** A column value on the wire. */
export type Datum = Atom | OvsSet | OvsMap;

export const uuid = (id: string): Uuid => ['uuid', id];
export const namedUuid = (name: string): NamedUuid => ['named-uuid', name];
export const set = (atoms: readonly Atom[]): OvsSet => ['set', atoms];
export const emptySet: OvsSet = ['set', []];
/** A string-to-string map, dropping null/undefined values (never written as "None"). */
export function map(obj: Readonly<Record<string, string | null | undefined>>): OvsMap {
  const pairs: [string, string][] = [];
  for (const [k, v] of Object.entries(obj)) if (v !== null && v !== undefined) pairs.push([k, v]);
  return ['map', pairs];
}

/** Plain JS form of a datum: uuid -> its string; set -> array (1 element may arrive bare); map -> record. */
export type Value = string | number | boolean | Value[] | { [key: string]: Value };

export function fromDatum(d: unknown): Value {
  if (typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean') return d;
  if (Array.isArray(d) && d.length === 2 && typeof d[0] === 'string') {
    const [tag, body] = d as [string, unknown];
    if ((tag === 'uuid' || tag === 'named-uuid') && typeof body === 'string') return body;
    if (tag === 'set' && Array.isArray(body)) return body.map(fromDatum);
    if (tag === 'map' && Array.isArray(body)) {
      const out: Record<string, Value> = {};
      for (const pair of body) {
        if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError('malformed map pair');
        out[String(fromDatum(pair[0]))] = fromDatum(pair[1]);
      }
      return out;
    }
  }
  throw new TypeError(`not an OVSDB datum: ${JSON.stringify(d)?.slice(0, 100)}`);
}

/** A set column read as an array (a lone atom is a one-element set). */
export function asArray(v: Value | undefined): Value[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** An optional scalar column (set of 0 or 1) read as a value or undefined. */
export function asOptional(v: Value | undefined): Value | undefined {
  if (Array.isArray(v)) return v.length ? v[0] : undefined;
  return v;
}

export function asStringMap(v: Value | undefined): Record<string, string> {
  if (v === undefined || Array.isArray(v) || typeof v !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) out[k] = String(x);
  return out;
}
