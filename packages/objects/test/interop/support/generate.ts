/**
 * Seeded generator of random VALID objects built on OUR side (the TypeScript model), mirroring
 * the Python-side generator of the bridge: every field either unset, null (nullable fields),
 * null-on-a-defaulted-field (stores the default), or a value in os-vif's canonical wire form;
 * nested objects of every allowed concrete class, lists of 0-3 elements, every enum value in
 * turn, and random resetChanges()/resetChanges(true).
 *
 * The field schema is os-vif 3.0.0's own (describe_class over the bridge) plus the fields
 * upstream added after 3.0.0 that our model follows (differences.md D32).
 */
import { objectRegistry, type VersionedObject } from '@osvif/objects';
import type { PyClassDescription, PyFieldDescription } from '@osvif/conformance';
import { Rng } from './rng';

// The registry hands back the class; its constructor takes the field map (contract in TEAM.md).
type ObjectCtor = (new (fields?: Record<string, unknown>) => VersionedObject) & { VERSION: string };

/** Fields upstream added since 3.0.0, keyed by the version that introduced them. */
const UPSTREAM_FIELDS: Record<string, { since: string; fields: PyFieldDescription[] }> = {};
for (const name of ['VIFPortProfileOpenVSwitch', 'VIFPortProfileFPOpenVSwitch', 'VIFPortProfileOVSRepresentor']) {
  UPSTREAM_FIELDS[name] = {
    since: '1.4',
    fields: [
      { name: 'create_tap', type: 'Boolean', nullable: false, default: false },
      { name: 'multiqueue', type: 'Boolean', nullable: false, default: false },
    ],
  };
}

export function ctorOf(name: string): ObjectCtor {
  return objectRegistry.get(name) as unknown as ObjectCtor;
}

/** os-vif's field list for `name`, plus upstream's newer fields when our class has them. */
export function ourFields(schema: ReadonlyMap<string, PyClassDescription>, name: string): PyFieldDescription[] {
  const desc = schema.get(name);
  if (!desc) throw new Error(`no os-vif description of ${name}`);
  const extra = UPSTREAM_FIELDS[name];
  const hasExtra = extra && ctorOf(name).VERSION === extra.since;
  return [...desc.fields, ...(hasExtra ? extra.fields : [])];
}

const STRINGS = [
  '',
  'tap0',
  'br-int',
  'qbr-1234',
  'vhu0',
  'ünïcødé',
  'with space',
  'q"uote\'s',
  'tab\there',
  'line\nbreak',
  '/var/run/openvswitch/vhu0',
  'x'.repeat(64),
  '0',
  'None',
];
const INTS = [0, 1, -1, 4095, 1500, 9000, 2 ** 31 - 1, -(2 ** 31)];
const MAX_DEPTH = 4;

export interface GeneratorOptions {
  readonly pUnset?: number;
  readonly pNull?: number;
}

export class TsObjectGenerator {
  private readonly enumCounters = new Map<string, number>();
  private readonly pUnset: number;
  private readonly pNull: number;

  constructor(
    readonly rng: Rng,
    private readonly schema: ReadonlyMap<string, PyClassDescription>,
    opts: GeneratorOptions = {},
  ) {
    this.pUnset = opts.pUnset ?? 0.2;
    this.pNull = opts.pNull ?? 0.2;
  }

  /** `count` objects of class `name`; the first `fullFirst` have every field set. */
  many(name: string, count: number, fullFirst = 2): VersionedObject[] {
    return Array.from({ length: count }, (_, i) => this.obj(name, 0, i < fullFirst));
  }

  obj(name: string, depth = 0, full = false): VersionedObject {
    const r = this.rng;
    const kwargs: Record<string, unknown> = {};
    for (const f of ourFields(this.schema, name)) {
      const isObject = f.type === 'Object' || (f.type === 'List' && f.element?.type === 'Object');
      const tooDeep = isObject && depth >= MAX_DEPTH;
      if (!full && (tooDeep || r.chance(this.pUnset))) continue;
      if (f.nullable && (tooDeep || (!full && r.chance(this.pNull)))) kwargs[f.name] = null;
      else if (tooDeep && f.type === 'Object') continue;
      else if (!full && f.default !== undefined && r.chance(0.1)) kwargs[f.name] = null;
      else kwargs[f.name] = this.value(name, f, depth);
    }
    const obj = new (ctorOf(name))(kwargs);
    const roll = r.next();
    if (roll < 0.15) obj.resetChanges();
    else if (roll < 0.25) obj.resetChanges(true);
    return obj;
  }

  /** Concrete classes allowed in an Object field (subclasses=True: the class and its descendants). */
  concreteChoices(objName: string, subclasses: boolean): string[] {
    if (!subclasses) return [objName];
    return [...this.schema.values()]
      .filter((d) => d.name === objName || d.parents.includes(objName))
      .map((d) => d.name)
      .sort();
  }

  private value(owner: string, f: Omit<PyFieldDescription, 'name' | 'nullable'> & { name?: string }, depth: number): unknown {
    const r = this.rng;
    if (f.valid_values) {
      const key = `${owner}.${f.name ?? ''}`;
      const n = this.enumCounters.get(key) ?? 0;
      this.enumCounters.set(key, n + 1);
      return f.valid_values[n % f.valid_values.length];
    }
    switch (f.type) {
      case 'UUID':
        return uuid4(r);
      case 'MACAddress':
        return Array.from({ length: 6 }, () => r.hex(2)).join(':');
      case 'PCIAddress':
        return `${r.hex(4)}:${r.hex(2)}:${r.int(2)}${r.hex(1)}.${r.int(8)}`;
      case 'IPAddress':
        return r.chance(0.6) ? ipv4(r) : ipv6(r);
      case 'IPNetwork':
        return r.chance(0.6) ? `${ipv4(r)}/${r.int(33)}` : `${ipv6(r)}/${r.int(129)}`;
      case 'Integer':
        return r.chance(0.4) ? r.pick(INTS) : r.int(200000) - 100000;
      case 'Boolean':
        return r.chance(0.5);
      case 'String':
        return r.chance(0.5) ? r.pick(STRINGS) : `name-${r.hex(6)}`;
      case 'List': {
        const n = r.int(depth < MAX_DEPTH ? 4 : 1);
        return Array.from({ length: n }, () => this.value(owner, { ...f.element!, name: f.name }, depth + 1));
      }
      case 'Object':
        return this.obj(r.pick(this.concreteChoices(f.object!, f.subclasses ?? false)), depth + 1);
      default:
        throw new Error(`no generator for field type ${f.type} (${owner}.${f.name})`);
    }
  }
}

function uuid4(r: Rng): string {
  const h = r.hex(32).split('');
  h[12] = '4';
  h[16] = '89ab'[r.int(4)];
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function ipv4(r: Rng): string {
  return Array.from({ length: 4 }, () => r.int(256)).join('.');
}

/** A random IPv6 address in RFC 5952 form (what netaddr's str() prints). */
function ipv6(r: Rng): string {
  const groups = Array.from({ length: 8 }, () => (r.chance(0.3) ? 0 : r.int(0x10000)));
  // A non-zero first group keeps clear of ::/96 and ::ffff:0:0/96, which netaddr prints dotted.
  if (groups[0] === 0) groups[0] = 1 + r.int(0xffff);
  // Longest run (>= 2) of zero groups becomes '::' (first one on ties).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
