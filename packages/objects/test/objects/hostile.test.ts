// Hostile input: wrong types everywhere, prototype keys, deep nesting, long
// strings, huge lists. Always a typed error or a correct object; never a
// crash, a hang or a polluted prototype.
import {
  fromJSON,
  fromPrimitive,
  MalformedPrimitiveError,
  ObjectError,
  UnknownFieldError,
  UnsupportedObjectError,
  FieldValueError,
  VIFGeneric,
  Subnet,
} from '@osvif/objects';
import { MAX_LIST_LENGTH } from '../../src/fields/list';
import { hostInfo, vifOVS } from './support/fixtures';

const env = (name: string, data: Record<string, unknown>) => ({
  'versioned_object.name': name,
  'versioned_object.namespace': 'os_vif',
  'versioned_object.version': '1.0',
  'versioned_object.data': data,
});

function outcome(run: () => unknown): 'ok' | string {
  try {
    run();
    return 'ok';
  } catch (e) {
    if (e instanceof ObjectError) return e.name;
    throw e; // anything else is a bug: fail the test
  }
}

afterEach(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
});

describe('prototype keys', () => {
  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'isSet'])('data key %p is an unknown field', (key) => {
    const text = `{"versioned_object.name":"VIFGeneric","versioned_object.namespace":"os_vif","versioned_object.version":"1.0","versioned_object.data":{"${key}":{"polluted":true}}}`;
    expect(() => fromJSON(text)).toThrow(UnknownFieldError);
  });

  it.each(['__proto__', 'constructor', 'toString', 'Object', 'VersionedObject', 'ObjectListBase'])(
    'object name %p is unsupported',
    (name) => {
      expect(() => fromPrimitive(env(name, {}))).toThrow(UnsupportedObjectError);
    },
  );

  it('__proto__ as an envelope key or in changes is harmless', () => {
    const text = `{"__proto__":{"polluted":1},"versioned_object.name":"VIFGeneric","versioned_object.namespace":"os_vif","versioned_object.version":"1.0","versioned_object.data":{},"versioned_object.changes":["__proto__","constructor"]}`;
    expect(fromJSON(text)).toBeInstanceOf(VIFGeneric);
  });

  it('an envelope whose prototype is not Object (class instance) is malformed; null-prototype objects are fine', () => {
    expect(() => fromPrimitive(new Date())).toThrow(MalformedPrimitiveError);
    const p = Object.assign(Object.create(null) as object, env('VIFGeneric', {}));
    expect(fromPrimitive(p)).toBeInstanceOf(VIFGeneric);
  });

  it('manifests with prototype keys do not pollute', () => {
    const m = JSON.parse('{"__proto__":{"polluted":"1.0"},"constructor":"1.0"}') as Record<string, string>;
    expect(() => vifOVS().toPrimitive(undefined, m)).toThrow(/manifest version/);
  });
});

describe('deep nesting', () => {
  const deepArray = '['.repeat(10000) + ']'.repeat(10000);
  const deepObject = '{"a":'.repeat(10000) + '1' + '}'.repeat(10000);

  it('10000 nested arrays as the document, as a field value, as a list element', () => {
    expect(outcome(() => fromJSON(deepArray))).toBe('MalformedPrimitiveError');
    const inField = `{"versioned_object.name":"VIFGeneric","versioned_object.namespace":"os_vif","versioned_object.version":"1.0","versioned_object.data":{"vif_name":${deepArray}}}`;
    expect(outcome(() => fromJSON(inField))).toBe('FieldValueError');
    const inList = `{"versioned_object.name":"Subnet","versioned_object.namespace":"os_vif","versioned_object.version":"1.0","versioned_object.data":{"dns":[${deepArray}]}}`;
    expect(outcome(() => fromJSON(inList))).toBe('FieldValueError');
  });

  it('10000 nested objects as data, as an object field, as an envelope', () => {
    expect(outcome(() => fromJSON(deepObject))).toBe('MalformedPrimitiveError');
    const inField = `{"versioned_object.name":"VIFGeneric","versioned_object.namespace":"os_vif","versioned_object.version":"1.0","versioned_object.data":{"network":${deepObject}}}`;
    expect(outcome(() => fromJSON(inField))).toBe('MalformedPrimitiveError');
  });

  it('10000 nested envelopes (Network in Network ...) stop at the first wrong class', () => {
    let p: unknown = env('Network', {});
    for (let i = 0; i < 10000; i++) p = { ...env('SubnetList', { objects: [p] }) };
    expect(outcome(() => fromPrimitive(p))).toBe('FieldValueError');
    let q: unknown = env('HostInfo', {});
    for (let i = 0; i < 10000; i++) q = env('HostInfo', { plugin_info: [q] });
    expect(outcome(() => fromPrimitive(q))).toBe('FieldValueError');
  });
});

describe('sizes', () => {
  it('a 10 MB string in a String field is kept; in a UUID/MAC/IP field it is rejected at once', () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    expect((fromPrimitive(env('VIFGeneric', { vif_name: big })) as VIFGeneric).vif_name).toHaveLength(big.length);
    for (const field of ['id', 'address']) {
      const t = Date.now();
      expect(outcome(() => fromPrimitive(env('VIFGeneric', { [field]: big })))).toBe('FieldValueError');
      expect(Date.now() - t).toBeLessThan(5000); // a hang guard, not a speed goal
    }
    expect(outcome(() => new Subnet({ gateway: `${'1'.repeat(1e6)}` }))).toBe('FieldValueError');
    expect(outcome(() => fromPrimitive(env('x'.repeat(1e6), {})))).toBe('MalformedPrimitiveError');
  });

  it(`lists longer than ${MAX_LIST_LENGTH} are rejected; ${MAX_LIST_LENGTH} are read`, () => {
    const ok = new Array<string>(MAX_LIST_LENGTH).fill('10.0.0.1');
    expect((fromPrimitive(env('Subnet', { dns: ok })) as Subnet).dns).toHaveLength(MAX_LIST_LENGTH);
    expect(outcome(() => fromPrimitive(env('Subnet', { dns: [...ok, '10.0.0.2'] })))).toBe('FieldValueError');
    expect(outcome(() => fromPrimitive(env('HostInfo', { plugin_info: new Array(MAX_LIST_LENGTH + 1).fill(null) })))).toBe(
      'FieldValueError',
    );
  });

  it('a JSON text longer than the limit is rejected without parsing', () => {
    expect(() => fromJSON(' '.repeat(17 * 1024 * 1024))).toThrow(MalformedPrimitiveError);
  });
});

describe('wrong types everywhere', () => {
  const junk: unknown[] = [
    null,
    0,
    -1,
    1.5,
    'x',
    '',
    true,
    false,
    [],
    [null],
    [1],
    {},
    { 'versioned_object.name': 'FixedIP' },
    JSON.parse('{"__proto__":1}'),
  ];

  /** Every JSON path in a primitive (objects and arrays included). */
  function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    const out: (string | number)[][] = [prefix];
    if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
    else if (v && typeof v === 'object')
      for (const k of Object.keys(v)) out.push(...paths((v as Record<string, unknown>)[k], [...prefix, k]));
    return out;
  }

  function replaced(root: unknown, path: (string | number)[], value: unknown): unknown {
    if (path.length === 0) return value;
    const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
    copy[path[0]] = replaced(copy[path[0]], path.slice(1), value);
    return copy;
  }

  it.each([
    ['VIFOpenVSwitch', () => vifOVS().toPrimitive()],
    ['HostInfo', () => hostInfo().toPrimitive()],
  ])('replacing any node of a %s primitive by junk gives a correct object or a typed error', (_name, make) => {
    const base = make();
    const all = paths(base);
    let errors = 0;
    for (const path of all) {
      for (const j of junk) {
        const result = outcome(() => {
          const obj = fromPrimitive(replaced(base, path, j));
          // a result must itself serialise (both writers agree) and read back
          const text = obj.toJSONText();
          if (text !== JSON.stringify(obj)) throw new Error(`writers disagree for ${text}`);
          fromJSON(text);
        });
        if (result !== 'ok') errors++;
      }
    }
    expect(all.length).toBeGreaterThan(20);
    expect(errors).toBeGreaterThan(all.length);
  });

  it('constructor arguments of the wrong type are FieldValueErrors', () => {
    expect(() => new VIFGeneric({ vif_name: {} as unknown as string })).toThrow(FieldValueError);
    expect(() => new VIFGeneric(42 as unknown as object)).not.toThrow();
  });
});
