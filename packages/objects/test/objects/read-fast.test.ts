// The fast reader (read-fast.ts) against the strict reader (primitive.ts):
// thousands of generated primitives of every class, valid and mutated into
// every kind of wrong, read by both. Whenever the fast reader returns an
// object, the strict reader must return an equal one (class, instance
// version, every slot, changed flags, frozen lists); whenever the strict
// reader throws, the fast reader must give up. fromPrimitive() (fast, then
// strict) must always behave exactly like the strict reader.
import { fromPrimitive, MAX_OBJECT_DEPTH, ObjectError, objectRegistry, VersionedObject } from '@osvif/objects';
import { tableOf } from '../../src/base';
import type { FieldEntry } from '../../src/base';
import type { ObjectFieldType } from '../../src/fields/types';
import { strictFromPrimitive } from '../../src/primitive';
import { fastFromPrimitive } from '../../src/read-fast';
import { Rng } from '../interop/support/rng';
import { hostInfo, vifOVS } from './support/fixtures';

type Ctor = new (init?: Record<string, unknown>) => VersionedObject;
const classNames = objectRegistry.names();

/** Registered classes a field of this type accepts. */
function choices(ft: ObjectFieldType): string[] {
  return classNames.filter((n) => (ft.subclasses ? objectRegistry.isA(objectRegistry.get(n)!, ft.objName) : n === ft.objName));
}

// ---------------------------------------------------------------------------
// Valid values, in canonical and in accepted non-canonical forms.

function ipv4(r: Rng): string {
  return [r.int(256), r.int(256), r.int(256), r.int(256)].join('.');
}
function ipv6(r: Rng): string {
  return r.pick([
    `2001:db8::${r.hex(3)}`,
    `fe80::${r.hex(4)}:${r.hex(2)}`,
    `::ffff:${ipv4(r)}`,
    `::1`,
    `2001:DB8:0:0:0:0:0:${r.hex(1)}`,
    `::${ipv4(r)}`,
  ]);
}
function ip(r: Rng): string {
  return r.chance(0.7) ? ipv4(r) : ipv6(r);
}
function uuid(r: Rng): string {
  const s = `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`;
  return r.pick([s, s, s, s.toUpperCase(), `{${s}}`, s.replace(/-/g, ''), `urn:uuid:${s}`]);
}

function validScalar(r: Rng, e: FieldEntry): unknown {
  const type = e.spec.type;
  if (type.validValues) return r.pick(type.validValues);
  switch (type.reprName) {
    case 'String':
      return r.pick(['tap0', 'br-int', '', 'ünï', 'q"uote', 'line\nbreak', `n-${r.hex(5)}`, 'x'.repeat(300), 7]);
    case 'Integer':
      return r.pick([0, 1, -1, 1500, 9000, 2 ** 31, ' 42 ', '-7', Number.MAX_SAFE_INTEGER]);
    case 'Boolean':
      return r.chance(0.5);
    case 'UUID':
      return uuid(r);
    case 'MACAddress': {
      const m = Array.from({ length: 6 }, () => r.hex(2)).join(':');
      return r.pick([m, m, m.toUpperCase(), m.replace(/:/g, '-')]);
    }
    case 'PCIAddress':
      return r.pick([`0000:${r.hex(2)}:1${r.hex(1)}.${r.int(8)}`, `ABCD:0${r.int(10)}:00.1`]);
    case 'IPAddress':
      return ip(r);
    case 'IPNetwork': {
      const a = ip(r);
      return r.pick([`${a}/${a.includes(':') ? r.int(129) : r.int(33)}`, a, `${a}/0`]);
    }
    case 'List':
      return Array.from({ length: r.int(4) }, () => ip(r));
    default:
      throw new Error(`no generator for ${type.reprName}`);
  }
}

/** A random valid object of class `name`, built through the public constructor. */
function validObject(r: Rng, name: string, depth: number): VersionedObject {
  const t = tableOf(objectRegistry.get(name)!);
  const init: Record<string, unknown> = {};
  for (const e of t.fields) {
    const kind = e.spec.type.kind;
    const isObject = kind === 'object' || kind === 'objectList';
    if (r.chance(0.2) || (isObject && depth >= 4)) continue;
    if (e.spec.nullable && r.chance(0.15)) init[e.name] = null;
    else if (e.spec.hasDefault && r.chance(0.1)) init[e.name] = null;
    else if (kind === 'object') init[e.name] = validObject(r, r.pick(choices(e.spec.type as ObjectFieldType)), depth + 1);
    else if (kind === 'objectList') {
      const ft = e.spec.type as ObjectFieldType;
      init[e.name] = Array.from({ length: r.int(3) }, () => validObject(r, ft.objName, depth + 1));
    } else init[e.name] = validScalar(r, e);
  }
  const obj = new (objectRegistry.get(name) as unknown as Ctor)(init);
  const roll = r.next();
  if (roll < 0.15) obj.resetChanges();
  else if (roll < 0.25) obj.resetChanges(true);
  return obj;
}

/** Its primitive, at a random version of its history (backlevelled). */
function primitiveOf(r: Rng, obj: VersionedObject): Record<string, unknown> {
  const versions = (obj.constructor as unknown as { versions: readonly string[] }).versions;
  const p = obj.toPrimitive(r.chance(0.3) ? r.pick(versions) : undefined);
  return JSON.parse(JSON.stringify(p)) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------
// Mutations: one random change somewhere in the tree.

const WEIRD: readonly unknown[] = [
  null,
  undefined,
  true,
  false,
  0,
  -1,
  1.5,
  NaN,
  Infinity,
  2 ** 53,
  '',
  'x',
  ' 7 ',
  '1.0',
  '10.0.0.1',
  '10.0.0.01',
  '::1',
  'b679325f-ca89-4ee0-a8be-6db1409b69ea',
  'B679325F-CA89-4EE0-A8BE-6DB1409B69EA',
  'ca:fe:de:ad:be:ef',
  'CA-FE-DE-AD-BE-EF',
  '10.0.0.0/24',
  '10.0.0.0/33',
  '10.0.0.0/024',
  [],
  [null],
  ['10.0.0.1'],
  [1],
  {},
  { a: 1 },
  Object.create(null),
  new Date(0),
  'x'.repeat(1000),
];
const VERSIONS: readonly unknown[] = ['1.0', '1.1', '1.2', '1.3', '1.4', '1.0.0', '1', '1.00', '2.0', '0.9', '1.99', 'x', '', 5, null];
const ENVELOPE_KEYS = [
  'versioned_object.name',
  'versioned_object.namespace',
  'versioned_object.version',
  'versioned_object.data',
  'versioned_object.changes',
];

type Node = Record<string, unknown>;

/** Every envelope in the tree (walking data values and list elements). */
function envelopes(p: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(p)) for (const x of p) envelopes(x, out);
  else if (p !== null && typeof p === 'object') {
    const n = p as Node;
    const d = n['versioned_object.data'];
    if (d !== null && typeof d === 'object' && !Array.isArray(d)) {
      out.push(n);
      for (const v of Object.values(d)) envelopes(v, out);
    }
  }
  return out;
}

function mutate(r: Rng, root: unknown): unknown {
  const all = envelopes(root);
  if (all.length === 0) return root;
  const env = r.pick(all);
  const data = env['versioned_object.data'] as Node;
  const keys = Object.keys(data);
  const name = env['versioned_object.name'] as string;
  const t = objectRegistry.get(name) ? tableOf(objectRegistry.get(name)!) : undefined;
  switch (r.int(16)) {
    case 0: // a weird value in a data field
      if (keys.length) data[r.pick(keys)] = r.pick(WEIRD);
      break;
    case 1: // a valid-looking value of another field's type
      if (keys.length && t) {
        const e = r.pick(t.fields);
        if (e.spec.type.kind === 'scalar' || e.spec.type.kind === 'scalarList') data[r.pick(keys)] = validScalar(r, e);
      }
      break;
    case 2: // an unknown key, possibly a prototype name (own property, as JSON.parse makes it)
      Object.defineProperty(data, r.pick(['__proto__', 'constructor', 'toString', 'nope', 'isSet', '0', 'objects']), {
        value: r.pick(WEIRD),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      break;
    case 3: // a missing envelope key
      delete env[r.pick(ENVELOPE_KEYS)];
      break;
    case 4:
      env['versioned_object.version'] = r.pick(VERSIONS);
      break;
    case 5:
      env['versioned_object.name'] = r.pick([...classNames, '__proto__', 'VersionedObject', 'Nope', 3]);
      break;
    case 6:
      env['versioned_object.namespace'] = r.pick(['os_vif', 'nova', '', null]);
      break;
    case 7: // changes: unknown or repeated names, non-strings, not a list, absent, own undefined
      env['versioned_object.changes'] = r.pick<unknown>([
        [...keys, 'nope', '__proto__'],
        [...keys, ...keys],
        [...keys].reverse(),
        [1],
        'id',
        null,
        [],
        undefined,
        keys.slice(1),
        new Array(1001).fill('id'),
      ]);
      break;
    case 8: // data keys in another order (the cursor guess misses)
      for (const k of [...keys].reverse()) {
        const v = data[k];
        delete data[k];
        data[k] = v;
      }
      break;
    case 9: // envelope or data with another prototype
      if (r.chance(0.5)) return Object.assign((r.chance(0.5) ? Object.create(null) : Object.create({})) as object, root);
      env['versioned_object.data'] = r.chance(0.5) ? Object.assign(Object.create(null) as object, data) : [data];
      break;
    case 10: // a child replaced by an envelope of another class
      if (keys.length) data[r.pick(keys)] = primitiveOf(r, validObject(r, r.pick(classNames), 3));
      break;
    case 11: // a list element null or wrong
      for (const k of keys) {
        const v = data[k];
        if (Array.isArray(v) && v.length) {
          v[r.int(v.length)] = r.pick([null, undefined, 1, {}, primitiveOf(r, validObject(r, r.pick(classNames), 3))]);
          break;
        }
      }
      break;
    case 12: // the document is not an envelope at all
      return r.pick(WEIRD);
    case 13: // a key set to undefined (a primitive built by code)
      if (keys.length) data[r.pick(keys)] = undefined;
      break;
    case 14: // an own undefined envelope key
      env[r.pick(ENVELOPE_KEYS)] = undefined;
      break;
    default: // several mutations at once
      return mutate(r, mutate(r, root));
  }
  return root;
}

// ---------------------------------------------------------------------------
// Comparing outcomes.

function sameState(a: VersionedObject, b: VersionedObject, path = '$'): void {
  if (a.constructor !== b.constructor) throw new Error(`${path}: class ${a.constructor.name} vs ${b.constructor.name}`);
  if (a.instanceVersion !== b.instanceVersion) throw new Error(`${path}: version ${a.instanceVersion} vs ${b.instanceVersion}`);
  if (a._changed !== b._changed) throw new Error(`${path}: changed ${a._changed} vs ${b._changed}`);
  if (a._values.length !== b._values.length) throw new Error(`${path}: slot count`);
  a._values.forEach((v, i) => sameValue(v, b._values[i], `${path}[${i}]`));
}

function sameValue(x: unknown, y: unknown, path: string): void {
  if (x instanceof VersionedObject && y instanceof VersionedObject) return sameState(x, y, path);
  if (Array.isArray(x) && Array.isArray(y)) {
    if (!Object.isFrozen(x) || !Object.isFrozen(y)) throw new Error(`${path}: list not frozen`);
    if (x.length !== y.length) throw new Error(`${path}: list length`);
    x.forEach((v, i) => sameValue(v, y[i], `${path}[${i}]`));
    return;
  }
  if (!Object.is(x, y)) throw new Error(`${path}: ${String(x)} vs ${String(y)}`);
}

type Outcome = { ok: VersionedObject } | { error: ObjectError };

function outcome(read: () => VersionedObject): Outcome {
  try {
    return { ok: read() };
  } catch (e) {
    if (e instanceof ObjectError) return { error: e };
    throw e; // anything else is a bug
  }
}

const stats = { inputs: 0, fastAccepted: 0, strictAccepted: 0 };

/** The contract, for one input and one option set. */
function check(p: unknown, ignore: boolean): void {
  const opts = ignore ? { unknownFields: 'ignore' as const } : {};
  const strict = outcome(() => strictFromPrimitive(p, opts));
  const fast = fastFromPrimitive(p, ignore, MAX_OBJECT_DEPTH);
  const pub = outcome(() => fromPrimitive(p, opts));
  stats.inputs++;
  if (fast !== undefined) {
    stats.fastAccepted++;
    if (!('ok' in strict)) throw new Error(`fast reader accepted what the strict reader rejects: ${strict.error.message}`);
    sameState(fast, strict.ok);
  }
  if ('ok' in strict) {
    stats.strictAccepted++;
    if (!('ok' in pub)) throw new Error(`fromPrimitive threw ${pub.error.message}`);
    sameState(pub.ok, strict.ok);
  } else {
    if (!('error' in pub)) throw new Error(`fromPrimitive accepted: strict says ${strict.error.message}`);
    expect(pub.error.constructor).toBe(strict.error.constructor);
    expect({ ...pub.error, message: pub.error.message }).toEqual({ ...strict.error, message: strict.error.message });
  }
}

describe('fast reader vs strict reader', () => {
  it('reads every valid generated primitive of every class itself, equal to the strict reader', () => {
    const r = new Rng(1);
    let n = 0;
    for (const name of classNames) {
      for (let i = 0; i < 40; i++) {
        const p = primitiveOf(r, validObject(r, name, 0));
        const fast = fastFromPrimitive(p, false, MAX_OBJECT_DEPTH);
        if (fast === undefined) throw new Error(`fast reader gave up on a valid ${name}: ${JSON.stringify(p)}`);
        sameState(fast, strictFromPrimitive(p));
        n++;
      }
    }
    for (const obj of [vifOVS(), hostInfo()]) {
      const p = primitiveOf(r, obj);
      sameState(fastFromPrimitive(p, false, MAX_OBJECT_DEPTH)!, strictFromPrimitive(p));
      expect(fromPrimitive(p).changedFields()).toEqual(strictFromPrimitive(p).changedFields());
    }
    expect(n).toBe(classNames.length * 40);
  });

  it.each([11, 22, 33, 44])('agrees on 3000 mutated primitives (seed %p), both unknown-field modes', (seed) => {
    const r = new Rng(seed);
    stats.inputs = stats.fastAccepted = stats.strictAccepted = 0;
    for (let i = 0; i < 3000; i++) {
      const p = mutate(r, primitiveOf(r, validObject(r, r.pick(classNames), 0)));
      check(p, false);
      check(p, true);
    }
    if (process.env.OSVIF_READ_FAST_STATS) console.log(seed, stats);
    // Both outcomes must be well represented, or the test proves little.
    expect(stats.fastAccepted).toBeGreaterThan(stats.inputs * 0.15);
    expect(stats.strictAccepted - stats.fastAccepted).toBeGreaterThan(stats.inputs * 0.02); // accepted only by the strict reader
    expect(stats.inputs - stats.strictAccepted).toBeGreaterThan(stats.inputs * 0.2); // errors
  });

  it('JSON texts with __proto__ keys in envelopes, data and changes read the same', () => {
    const base = JSON.stringify(vifOVS().toPrimitive());
    const texts = [
      base.replace('{"versioned_object.name"', '{"__proto__":{"versioned_object.changes":["id"]},"versioned_object.name"'),
      base.replace('"versioned_object.data":{', '"versioned_object.data":{"__proto__":{"id":"x"},'),
      base.replace('"versioned_object.changes":[', '"versioned_object.changes":["__proto__",'),
    ];
    for (const text of texts) {
      check(JSON.parse(text), false);
      check(JSON.parse(text), true);
    }
  });

  it('steps aside while Object.prototype carries an envelope key or any enumerable property', () => {
    const p = primitiveOf(new Rng(5), vifOVS());
    const proto = Object.prototype as Record<string, unknown>;
    for (const key of ['versioned_object.changes', 'versioned_object.name', 'id', 'zzz']) {
      try {
        proto[key] = key === 'versioned_object.name' ? 'VIFGeneric' : ['id'];
        expect(fastFromPrimitive(p, false, MAX_OBJECT_DEPTH)).toBeUndefined();
        check(p, false);
        delete (p['versioned_object.data'] as Node).id;
        check(p, false);
      } finally {
        delete proto[key];
      }
    }
    expect(fastFromPrimitive(primitiveOf(new Rng(5), vifOVS()), false, MAX_OBJECT_DEPTH)).toBeDefined();
  });

  it('gives up on nesting that the strict reader rejects, without recursing deeper than it', () => {
    const env = (name: string, data: Node): Node => ({
      'versioned_object.name': name,
      'versioned_object.namespace': 'os_vif',
      'versioned_object.version': '1.0',
      'versioned_object.data': data,
    });
    for (const depth of [MAX_OBJECT_DEPTH - 1, MAX_OBJECT_DEPTH, MAX_OBJECT_DEPTH + 1, 10000]) {
      let p = env('Network', {});
      for (let d = 0; d < depth; d++) p = env('SubnetList', { objects: [p] });
      check(p, false);
      let q = env('HostInfo', {});
      for (let d = 0; d < depth; d++) q = env('HostInfo', { plugin_info: [q] });
      check(q, true);
    }
  });
});

it('a fresh read has the changed fields its primitive lists (and only set ones)', () => {
  const p = vifOVS().toPrimitive() as unknown as Node;
  p['versioned_object.changes'] = ['vif_name', 'nope', 'bridge_name', 'vif_name', 'preserve_on_delete'];
  delete (p['versioned_object.data'] as Node).preserve_on_delete;
  // network and port_profile: their own primitives list changes (a child's changes count, as oslo).
  const expected = ['vif_name', 'bridge_name', 'network', 'port_profile'];
  expect(fromPrimitive(p).changedFields()).toEqual(expected);
  expect(fastFromPrimitive(p, false, MAX_OBJECT_DEPTH)!.changedFields()).toEqual(expected);
  expect(strictFromPrimitive(p).changedFields()).toEqual(expected);
});
