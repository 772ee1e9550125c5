// The optimistic reader behind fromPrimitive(): it reads a well-formed
// primitive straight into field slots, with no error paths, no JSON paths
// and no change-tracking setters. On ANYTHING unusual (an invalid value, an
// unknown key, a non-exact version, a polluted Object.prototype, ...) it
// throws, and fromPrimitive() reads the same input again with the strict
// reader (primitive.ts), which gives the typed error (or the object).
//
// Contract, tested differentially (test/objects/read-fast.test.ts): when
// this reader returns, the strict reader returns an equal object (class,
// instanceVersion, values, changed flags, frozen lists). It may refuse more.
// Primitives are data: accessors or proxies in a primitive built by code run
// again when the strict reader takes over.
import {
  blankInstance,
  ClassTable,
  FieldEntry,
  READ_BOOLEAN,
  READ_INTEGER,
  READ_OBJECT,
  READ_OBJECT_LIST,
  READ_STRING,
  tableByName,
  UNSET,
  VersionedObject,
  VersionedObjectClass,
} from './base';
import { MAX_LIST_LENGTH } from './fields/list';
import type { ObjectFieldType } from './fields/types';

/** Thrown to give up; never escapes fromPrimitive(). */
const BAIL: unique symbol = Symbol('bail');

const K_NAME = 'versioned_object.name';
const K_NAMESPACE = 'versioned_object.namespace';
const K_VERSION = 'versioned_object.version';
const K_DATA = 'versioned_object.data';
const K_CHANGES = 'versioned_object.changes';

const OBJECT_PROTO = Object.prototype;
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * This reader loads envelope keys with plain property reads and walks data
 * with for-in (several times faster than Object.keys), which would also see
 * keys INHERITED from Object.prototype; the strict reader only sees own keys.
 * So it runs only while Object.prototype has no enumerable property and none
 * of the envelope keys (checked before and after each read).
 */
export function environmentIsClean(): boolean {
  for (const _ in OBJECT_PROTO) return false;
  return !(K_NAME in OBJECT_PROTO || K_NAMESPACE in OBJECT_PROTO || K_VERSION in OBJECT_PROTO || K_CHANGES in OBJECT_PROTO);
}

/** Reads a top-level primitive, or returns undefined when the strict reader must decide. */
export function fastFromPrimitive(p: unknown, ignoreUnknown: boolean, maxDepth: number): VersionedObject | undefined {
  if (!environmentIsClean()) return undefined;
  let obj: VersionedObject;
  try {
    obj = readObject(p, 0, ignoreUnknown, maxDepth, undefined);
  } catch {
    return undefined; // BAIL, a CoercionError, or anything else: let the strict reader decide
  }
  return environmentIsClean() ? obj : undefined;
}

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === OBJECT_PROTO || proto === null;
}

/** One envelope and everything under it; `expected` is the field type it is read into (undefined at the top). */
function readObject(
  p: unknown,
  depth: number,
  ignoreUnknown: boolean,
  maxDepth: number,
  expected: ObjectFieldType | undefined,
): VersionedObject {
  if (depth > maxDepth || typeof p !== 'object' || p === null || !isPlain(p)) throw BAIL;
  const env = p as Record<string, unknown>;
  const name = env[K_NAME];
  const version = env[K_VERSION];
  const data = env[K_DATA];
  const changes = env[K_CHANGES];
  if (typeof name !== 'string' || typeof version !== 'string' || env[K_NAMESPACE] !== 'os_vif') throw BAIL;
  if (name.length > 256 || version.length > 256) throw BAIL;
  if (typeof data !== 'object' || data === null || !isPlain(data)) throw BAIL;
  if (changes === undefined ? hasOwn(env, K_CHANGES) : !Array.isArray(changes) || changes.length > 1000) throw BAIL;
  const t = tableByName(name);
  if (t === undefined) throw BAIL;
  if (expected !== undefined && !(expected.subclasses ? t.ancestors.has(expected.objName) : t.objName === expected.objName)) throw BAIL;
  const versions = t.versions;
  let vi = versions.length - 1;
  while (vi >= 0 && versions[vi] !== version) vi--;
  if (vi < 0) throw BAIL; // older or padded versions resolve in the strict reader

  const obj = blankInstance(t.cls as VersionedObjectClass, t, versions[vi]);
  const values = obj._values;
  const fields = t.fields;
  const record = data as Record<string, unknown>;
  // Writers (ours and os-vif's) put fields in table order: try the next
  // field of the table before a Map lookup.
  let next = 0;
  for (const key in record) {
    let e = next < fields.length ? fields[next] : undefined;
    if (e === undefined || e.name !== key) {
      e = t.byName.get(key);
      if (e === undefined) {
        if (ignoreUnknown) continue;
        throw BAIL;
      }
    }
    next = e.index + 1;
    values[e.index] = readValue(e, record[key], depth, ignoreUnknown, maxDepth);
  }
  if (t.hasConstructorDefaults) (t.cls as unknown as typeof VersionedObject).fillConstructorDefaults(obj);
  // Replaces the flags the defaults' setters raised: `changes` alone decides.
  obj._changed = changes === undefined ? 0 : changedMask(t, values, changes as unknown[]);
  return obj;
}

/** The changed flags: the named fields that are set (unknown names dropped), as setChangedExactly. */
export function changedMask(t: ClassTable, values: readonly unknown[], names: readonly unknown[]): number {
  let changed = 0;
  const fields = t.fields;
  let next = 0;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (typeof name !== 'string') throw BAIL;
    let e = next < fields.length ? fields[next] : undefined;
    if (e === undefined || e.name !== name) {
      e = t.byName.get(name);
      if (e === undefined) continue;
    }
    next = e.index + 1;
    if (values[e.index] !== UNSET) changed |= e.bit;
  }
  return changed;
}

function readValue(e: FieldEntry, raw: unknown, depth: number, ignoreUnknown: boolean, maxDepth: number): unknown {
  if (raw === null) {
    const spec = e.spec;
    if (spec.nullable) return null;
    if (spec.hasDefault) return spec.default;
    throw BAIL;
  }
  switch (e.readCode) {
    case READ_STRING:
      if (typeof raw === 'string') return raw;
      break;
    case READ_BOOLEAN:
      if (typeof raw === 'boolean') return raw;
      throw BAIL;
    case READ_INTEGER:
      if (typeof raw === 'number' && Number.isSafeInteger(raw)) return raw;
      break;
    case READ_OBJECT:
      return readObject(raw, depth + 1, ignoreUnknown, maxDepth, e.spec.type as ObjectFieldType);
    case READ_OBJECT_LIST:
      return readList(raw, e.spec.type as ObjectFieldType, depth, ignoreUnknown, maxDepth);
  }
  if (raw === undefined) throw BAIL; // the strict reader treats it as None
  return e.spec.type.coerce(raw); // throws CoercionError when invalid
}

function readList(raw: unknown, ft: ObjectFieldType, depth: number, ignoreUnknown: boolean, maxDepth: number): readonly VersionedObject[] {
  if (!Array.isArray(raw) || raw.length > MAX_LIST_LENGTH) throw BAIL;
  const items: VersionedObject[] = [];
  for (let i = 0; i < raw.length; i++) items.push(readObject(raw[i], depth + 1, ignoreUnknown, maxDepth, ft));
  return Object.freeze(items);
}
