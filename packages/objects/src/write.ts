// Writing primitives and JSON text, with backlevelling: a field is written
// only if it exists at the target version of its class (fieldSince), and
// nested objects follow the manifest (concrete class name first, then its
// ancestors up to the declared field type), clamped to their own history.
import type { ClassTable, ObjectPrimitive, VersionedObject } from './base';
import { hasChanges, NAMESPACE, registeredTable, tableOf, UNSET } from './base';
import { InvalidTargetVersionError } from './errors';
import type { ObjectFieldType } from './fields/types';
import { compareVersions, highestAtMost, parseVersion } from './version';

/** Parsed manifest: object name -> version tuple. */
export type Manifest = ReadonlyMap<string, readonly number[]>;

type Writer<R> = (obj: VersionedObject, t: ClassTable, target: number, m: Manifest | undefined) => R;

/** Target: `targetVersion`, else the manifest's entry for the object's class, else its instanceVersion. */
export function serialise<R>(
  obj: VersionedObject,
  targetVersion: string | undefined,
  manifest: Readonly<Record<string, string>> | undefined,
  write: Writer<R>,
): R {
  const t = tableOf(obj.constructor);
  const m = manifest === undefined ? undefined : parseManifest(manifest);
  const own = m?.get(t.objName);
  const target =
    targetVersion !== undefined
      ? resolveTarget(t, targetVersion)
      : own !== undefined
        ? resolveManifestVersion(t, own)
        : versionIndex(t, obj.instanceVersion);
  return write(obj, t, target, m);
}

function versionIndex(t: ClassTable, version: string): number {
  const i = t.versions.indexOf(version);
  return i >= 0 ? i : t.currentIndex;
}

function resolveTarget(t: ClassTable, version: string): number {
  const v = parseVersion(version);
  if (!v) throw new InvalidTargetVersionError(t.objName, String(version), 'not a dotted decimal version');
  if (compareVersions(v, parseVersion(t.versions[t.currentIndex])!) > 0) {
    throw new InvalidTargetVersionError(t.objName, version, `newer than the current version ${t.versions[t.currentIndex]}`);
  }
  const i = t.versions.findIndex((h) => compareVersions(parseVersion(h)!, v) === 0);
  if (i < 0) throw new InvalidTargetVersionError(t.objName, version, `not in the version history (${t.versions.join(', ')})`);
  return i;
}

/** Manifest entries never label a class above its current version; below its first version is an error. */
function resolveManifestVersion(t: ClassTable, v: readonly number[]): number {
  const h = highestAtMost(t.versions, v);
  if (h === undefined) throw new InvalidTargetVersionError(t.objName, v.join('.'), `older than the first version ${t.versions[0]}`);
  return t.versions.indexOf(h);
}

function parseManifest(manifest: Readonly<Record<string, string>>): Manifest {
  const m = new Map<string, readonly number[]>();
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw new InvalidTargetVersionError('manifest', String(manifest), 'a manifest must map object names to versions');
  }
  for (const name of Object.keys(manifest)) {
    const v = parseVersion(manifest[name]);
    if (!v) throw new InvalidTargetVersionError(name, String(manifest[name]), 'manifest version is not a dotted decimal version');
    m.set(name, v);
  }
  return m;
}

/** Child version: the manifest entry for its concrete class, else for an ancestor up to the declared class; else its own instance version. */
function childTarget(child: VersionedObject, declared: string, m: Manifest | undefined): number {
  const t = tableOf(child.constructor);
  if (m !== undefined && m.size > 0) {
    let c: unknown = child.constructor;
    for (let ct = registeredTable(c); ct !== undefined; ct = registeredTable(c)) {
      const name = ct.objName;
      const v = m.get(name);
      if (v !== undefined) return resolveManifestVersion(t, v);
      if (name === declared) break;
      c = Object.getPrototypeOf(c);
    }
  }
  return versionIndex(t, child.instanceVersion);
}

export function writePrimitive(obj: VersionedObject, t: ClassTable, target: number, m: Manifest | undefined): ObjectPrimitive {
  const data: Record<string, unknown> = {};
  let changes: string[] | undefined;
  const values = obj._values;
  for (const e of t.fields) {
    const v = values[e.index];
    if (v === UNSET || e.sinceIndex > target) continue;
    const kind = e.spec.type.kind;
    if (v === null) data[e.name] = null;
    else if (kind === 'scalar') data[e.name] = v;
    else if (kind === 'scalarList') data[e.name] = (v as unknown[]).slice();
    else {
      const declared = (e.spec.type as ObjectFieldType).objName;
      if (kind === 'object') {
        const c = v as VersionedObject;
        data[e.name] = writePrimitive(c, tableOf(c.constructor), childTarget(c, declared, m), m);
      } else {
        const list = v as readonly VersionedObject[];
        const out = new Array<ObjectPrimitive>(list.length);
        for (let i = 0; i < list.length; i++) {
          const c = list[i];
          out[i] = writePrimitive(c, tableOf(c.constructor), childTarget(c, declared, m), m);
        }
        data[e.name] = out;
      }
    }
    if ((obj._changed & e.bit) !== 0 || (kind === 'object' && v !== null && hasChanges(v as VersionedObject)))
      (changes ??= []).push(e.name);
  }
  const p: ObjectPrimitive = {
    'versioned_object.name': t.objName,
    'versioned_object.namespace': NAMESPACE,
    'versioned_object.version': t.versions[target],
    'versioned_object.data': data,
  };
  if (changes) p['versioned_object.changes'] = changes;
  return p;
}

/** JSON text of a string: most values need no escaping, so skip JSON.stringify for them. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
function jsonString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

function jsonScalar(v: unknown): string {
  return typeof v === 'string' ? jsonString(v) : String(v); // numbers (safe integers) and booleans
}

/** writePrimitive's twin producing text; key order and content identical to JSON.stringify of the primitive. */
export function writeJSON(obj: VersionedObject, t: ClassTable, target: number, m: Manifest | undefined): string {
  let out = `${t.jsonHead}${t.versions[target]}","versioned_object.data":{`;
  let changes = '';
  let first = true;
  const values = obj._values;
  for (const e of t.fields) {
    const v = values[e.index];
    if (v === UNSET || e.sinceIndex > target) continue;
    const kind = e.spec.type.kind;
    let text: string;
    if (v === null) text = 'null';
    else if (kind === 'scalar') text = jsonScalar(v);
    else if (kind === 'scalarList') {
      const list = v as readonly unknown[];
      text = '[';
      for (let i = 0; i < list.length; i++) text += (i ? ',' : '') + jsonScalar(list[i]);
      text += ']';
    } else {
      const declared = (e.spec.type as ObjectFieldType).objName;
      if (kind === 'object') {
        const c = v as VersionedObject;
        text = writeJSON(c, tableOf(c.constructor), childTarget(c, declared, m), m);
      } else {
        const list = v as readonly VersionedObject[];
        text = '[';
        for (let i = 0; i < list.length; i++) {
          const c = list[i];
          text += (i ? ',' : '') + writeJSON(c, tableOf(c.constructor), childTarget(c, declared, m), m);
        }
        text += ']';
      }
    }
    out += `${first ? '' : ','}"${e.name}":${text}`;
    first = false;
    if ((obj._changed & e.bit) !== 0 || (kind === 'object' && v !== null && hasChanges(v as VersionedObject)))
      changes += `${changes ? ',' : ''}"${e.name}"`;
  }
  return changes ? `${out}},"versioned_object.changes":[${changes}]}` : `${out}}}`;
}
