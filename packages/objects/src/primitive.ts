// Reading primitives (oslo obj_from_primitive), strictly: every fault is a
// typed error naming the object, field and JSON path. Recursion only follows
// the class schema (never the input's shape), and is bounded anyway.
import { assignField, blankInstance, setChangedExactly, tableOf, VersionedObject } from './base';
import type { ClassTable, FieldEntry } from './base';
import {
  FieldValueError,
  IncompatibleObjectVersionError,
  MalformedPrimitiveError,
  UnknownFieldError,
  UnsupportedObjectError,
  describeValue,
} from './errors';
import type { ObjectFieldType } from './fields/types';
import { MAX_LIST_LENGTH } from './fields/list';
import { typeName } from './fields/types';
import { objectRegistry } from './registry';
import { compareVersions, parseVersion } from './version';
import { fastFromPrimitive } from './read-fast';

/** Options of fromPrimitive and fromJSON. */
export interface FromPrimitiveOptions {
  /**
   * What to do with data keys the class does not have: 'reject' (default,
   * UnknownFieldError) or 'ignore' (oslo's behaviour).
   */
  readonly unknownFields?: 'reject' | 'ignore';
}

/** Deepest object nesting a primitive may have (os-vif's deepest real one is 6: VIF>Network>SubnetList>Subnet>FixedIPList>FixedIP). */
export const MAX_OBJECT_DEPTH = 32;
/** Largest JSON text fromJSON() reads (a HostInfo or VIF is a few KiB). */
export const MAX_JSON_LENGTH = 16 * 1024 * 1024;

const K_NAME = 'versioned_object.name';
const K_NAMESPACE = 'versioned_object.namespace';
const K_VERSION = 'versioned_object.version';
const K_DATA = 'versioned_object.data';
const K_CHANGES = 'versioned_object.changes';

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** Reads any registered object from its primitive (the envelope names the class). */
export function fromPrimitive(primitive: unknown, options: FromPrimitiveOptions = {}): VersionedObject {
  // The fast reader takes well-formed input; anything unusual goes to the strict reader.
  return fastFromPrimitive(primitive, options.unknownFields === 'ignore', MAX_OBJECT_DEPTH) ?? strictFromPrimitive(primitive, options);
}

/** @internal the strict reader alone (the reference the fast reader is tested against). */
export function strictFromPrimitive(primitive: unknown, options: FromPrimitiveOptions = {}): VersionedObject {
  return hydrate(primitive, '', 0, options);
}

/** Parses JSON text then fromPrimitive(); JSON errors and absurd sizes become MalformedPrimitiveError. */
export function fromJSON(text: string, options: FromPrimitiveOptions = {}): VersionedObject {
  if (typeof text !== 'string') throw new MalformedPrimitiveError('', `JSON text is required, not ${typeName(text)}`);
  if (text.length > MAX_JSON_LENGTH) throw new MalformedPrimitiveError('', `JSON text longer than ${MAX_JSON_LENGTH} characters`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    // V8's parser is iterative, but a RangeError (stack/heap) is reported the same way.
    throw new MalformedPrimitiveError('', `invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return fromPrimitive(parsed, options);
}

function envelopeString(p: Record<string, unknown>, key: string, path: string): string {
  const v = p[key];
  if (typeof v !== 'string' || !hasOwn(p, key)) {
    if (!hasOwn(p, key)) throw new MalformedPrimitiveError(join(path, key), 'missing required key');
    throw new MalformedPrimitiveError(join(path, key), `a string is required, not ${typeName(v)}`);
  }
  if (v.length > 256) throw new MalformedPrimitiveError(join(path, key), 'string longer than 256 characters');
  return v;
}

/** Class resolution (oslo, 1.5): same major, not newer than the class; older minors map to the highest history entry not above them. */
export function resolveVersion(t: ClassTable, version: string, path: string): string {
  const exact = t.versions.indexOf(version);
  if (exact >= 0) return version;
  const current = t.versions[t.currentIndex];
  const v = parseVersion(version);
  if (!v) throw new MalformedPrimitiveError(join(path, K_VERSION), `version ${describeValue(version)} is not a dotted decimal version`);
  const cur = parseVersion(current)!;
  if (v[0] !== cur[0] || compareVersions(v, cur) > 0) throw new IncompatibleObjectVersionError(t.objName, version, current, path);
  for (let i = t.currentIndex; i >= 0; i--) {
    if (compareVersions(parseVersion(t.versions[i])!, v) <= 0) return t.versions[i];
  }
  // Same major, older than the first version we know (e.g. "1" padded is 1.0, so only for histories starting above x.0).
  throw new IncompatibleObjectVersionError(t.objName, version, current, path);
}

function hydrate(p: unknown, path: string, depth: number, options: FromPrimitiveOptions): VersionedObject {
  if (depth > MAX_OBJECT_DEPTH) throw new MalformedPrimitiveError(path, `objects nested deeper than ${MAX_OBJECT_DEPTH}`);
  if (!isPlainObject(p)) throw new MalformedPrimitiveError(path, `an object envelope is required, not ${typeName(p)}`);
  const name = envelopeString(p, K_NAME, path);
  const namespace = envelopeString(p, K_NAMESPACE, path);
  const version = envelopeString(p, K_VERSION, path);
  const data = p[K_DATA];
  if (!isPlainObject(data)) {
    if (!hasOwn(p, K_DATA)) throw new MalformedPrimitiveError(join(path, K_DATA), 'missing required key');
    throw new MalformedPrimitiveError(join(path, K_DATA), `an object is required, not ${typeName(data)}`);
  }
  let changes: string[] | undefined;
  const rawChanges = p[K_CHANGES];
  if (hasOwn(p, K_CHANGES)) {
    if (!Array.isArray(rawChanges))
      throw new MalformedPrimitiveError(join(path, K_CHANGES), `a list is required, not ${typeName(rawChanges)}`);
    if (rawChanges.length > 1000) throw new MalformedPrimitiveError(join(path, K_CHANGES), 'more than 1000 entries');
    for (let i = 0; i < rawChanges.length; i++) {
      if (typeof rawChanges[i] !== 'string') {
        throw new MalformedPrimitiveError(`${join(path, K_CHANGES)}[${i}]`, `a string is required, not ${typeName(rawChanges[i])}`);
      }
    }
    changes = rawChanges as string[];
  }
  if (namespace !== 'os_vif') throw new UnsupportedObjectError(name, namespace, path);
  // Map lookup: "__proto__", "constructor" etc. are just unknown names.
  const cls = objectRegistry.get(name);
  if (!cls) throw new UnsupportedObjectError(name, namespace, path);
  const t = tableOf(cls);
  const resolved = resolveVersion(t, version, path);

  const obj = blankInstance(cls, t, resolved);
  const dataPath = join(path, 'data');
  for (const key of Object.keys(data)) {
    const e = t.byName.get(key);
    if (e === undefined) {
      if (options.unknownFields === 'ignore') continue;
      throw new UnknownFieldError(t.objName, key, join(dataPath, key.length > 80 ? `${key.slice(0, 77)}...` : key));
    }
    readField(obj, t, e, data[key], dataPath, key, depth, options);
  }
  (cls as unknown as typeof VersionedObject).fillConstructorDefaults(obj);
  setChangedExactly(obj, t, changes);
  return obj;
}

/** Reads one data value; `dataPath`/`key` are joined into a path only for errors and nested objects. */
function readField(
  obj: VersionedObject,
  t: ClassTable,
  e: FieldEntry,
  raw: unknown,
  dataPath: string,
  key: string,
  depth: number,
  options: FromPrimitiveOptions,
): void {
  const kind = e.spec.type.kind;
  if (raw === null || kind === 'scalar' || kind === 'scalarList') {
    assignField(obj, t, e, raw, dataPath, key);
    return;
  }
  const path = join(dataPath, key);
  const ft = e.spec.type as ObjectFieldType;
  if (kind === 'object') {
    assignField(obj, t, e, hydrateChild(raw, path, depth, options, t, e, ft), path);
    return;
  }
  if (!Array.isArray(raw)) throw new FieldValueError(t.objName, e.name, raw, `A list is required, not ${typeName(raw)}`, path);
  if (raw.length > MAX_LIST_LENGTH) throw new FieldValueError(t.objName, e.name, raw, `list longer than ${MAX_LIST_LENGTH} elements`, path);
  const items = new Array<VersionedObject>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === null) throw new FieldValueError(t.objName, e.name, null, 'list element cannot be None', `${path}[${i}]`);
    items[i] = hydrateChild(raw[i], `${path}[${i}]`, depth, options, t, e, ft);
  }
  assignField(obj, t, e, items, path);
}

function hydrateChild(
  raw: unknown,
  path: string,
  depth: number,
  options: FromPrimitiveOptions,
  t: ClassTable,
  e: FieldEntry,
  ft: ObjectFieldType,
): VersionedObject {
  if (!isPlainObject(raw)) {
    throw new FieldValueError(t.objName, e.name, raw, `An object of type ${ft.objName} is required, not ${typeName(raw)}`, path);
  }
  // Check the class before descending, so a wrong nesting fails at its top.
  const rawName = raw[K_NAME];
  const named = typeof rawName === 'string' && rawName !== ft.objName && hasOwn(raw, K_NAME) ? objectRegistry.get(rawName) : undefined;
  if (named) {
    const ok = ft.subclasses ? objectRegistry.isA(named, ft.objName) : named.objName === ft.objName;
    if (!ok) throw new FieldValueError(t.objName, e.name, raw, `An object of type ${ft.objName} is required, not ${named.objName}`, path);
  }
  return hydrate(raw, path, depth + 1, options);
}
