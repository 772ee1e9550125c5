// RFC 7047 section 5.1 notation: atoms, sets, maps, uuids, and their
// conversion to plain JavaScript values.

/** An RFC 7047 `<atom>`: string, integer, real, boolean, or a (named) UUID. */
export type Atom = string | number | boolean | Uuid | NamedUuid;
/** An RFC 7047 `<uuid>`: `["uuid", "<36-character UUID>"]`. */
export type Uuid = readonly ['uuid', string];
/** An RFC 7047 `<named-uuid>`: `["named-uuid", "<id>"]`, a row inserted earlier in the same transaction. */
export type NamedUuid = readonly ['named-uuid', string];
/** An RFC 7047 `<set>`: `["set", [atoms]]` (a one-element set may also be written as the bare atom). */
export type OvsSet = readonly ['set', readonly Atom[]];
/** An RFC 7047 `<map>`: `["map", [[key, value], ...]]`. */
export type OvsMap = readonly ['map', readonly (readonly [Atom, Atom])[]];
/** A column value on the wire (RFC 7047 `<value>`). */
export type Datum = Atom | OvsSet | OvsMap;

/** The `<uuid>` atom of a row UUID. */
export const uuidAtom = (id: string): Uuid => ['uuid', id];
/** The `<named-uuid>` atom referring to the row an earlier `insert` of the same transaction named `name`. */
export const namedUuidAtom = (name: string): NamedUuid => ['named-uuid', name];
/** A `<set>` of the given atoms. */
export const ovsSet = (atoms: readonly Atom[]): OvsSet => ['set', atoms];
/** A string-to-string `<map>`; null/undefined values are left out (absent, never written as a string). */
export function ovsMap(obj: Readonly<Record<string, string | null | undefined>>): OvsMap {
  const pairs: [string, string][] = [];
  for (const [k, v] of Object.entries(obj)) if (v !== null && v !== undefined) pairs.push([k, v]);
  return ['map', pairs];
}

/** Plain JS form of a datum (see {@link fromDatum}): uuid -> its string; set -> array (1 element may arrive bare); map -> record. */
export type OvsdbValue = string | number | boolean | OvsdbValue[] | { [key: string]: OvsdbValue };

/** Converts a datum from the wire to its plain form; throws TypeError on anything that is not a datum. */
export function fromDatum(d: unknown): OvsdbValue {
  if (typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean') return d;
  if (Array.isArray(d) && d.length === 2 && typeof d[0] === 'string') {
    const [tag, body] = d as [string, unknown];
    if ((tag === 'uuid' || tag === 'named-uuid') && typeof body === 'string') return body;
    if (tag === 'set' && Array.isArray(body)) return body.map(fromDatum);
    if (tag === 'map' && Array.isArray(body)) {
      const out: Record<string, OvsdbValue> = {};
      for (const pair of body) {
        if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError('malformed map pair');
        out[String(fromDatum(pair[0]))] = fromDatum(pair[1]);
      }
      return out;
    }
  }
  throw new TypeError(`not an OVSDB datum: ${JSON.stringify(d)?.slice(0, 100)}`);
}

/** A set column's plain value read as an array (a lone atom is a one-element set; undefined is empty). */
export function valueAsArray(v: OvsdbValue | undefined): OvsdbValue[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** An optional scalar column (a set of 0 or 1) read as its value or undefined. */
export function valueAsOptional(v: OvsdbValue | undefined): OvsdbValue | undefined {
  if (Array.isArray(v)) return v.length ? v[0] : undefined;
  return v;
}

/** A map column's plain value read as a string-to-string record ({} for anything else). */
export function valueAsStringMap(v: OvsdbValue | undefined): Record<string, string> {
  if (v === undefined || Array.isArray(v) || typeof v !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) out[k] = String(x);
  return out;
}
