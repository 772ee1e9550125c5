// What one side of the negotiation can read: our object registry, optionally
// limited to a manifest (object name -> highest version known). A network host
// running an older build is exactly such a view, so tests (and mixed
// deployments) can read primitives as that older host would: classes it does
// not know are UnsupportedObjectError, versions above what it knows are
// IncompatibleObjectVersionError (with supportedVersion = its version), for the
// top object and for every nested child, as oslo's obj_from_primitive does.
import {
  compareVersions,
  fromPrimitive,
  IncompatibleObjectVersionError,
  MalformedPrimitiveError,
  MAX_LIST_LENGTH,
  MAX_OBJECT_DEPTH,
  objectRegistry,
  parseVersion,
  UnsupportedObjectError,
  type VersionedObject,
} from '../model';
import { InvalidManifestError } from './errors';
import { highestAtMost } from './versions';

/** Object name -> version, as sent on the wire. */
export type VersionManifest = Readonly<Record<string, string>>;

const K_NAME = 'versioned_object.name';
const K_NAMESPACE = 'versioned_object.namespace';
const K_VERSION = 'versioned_object.version';
const K_DATA = 'versioned_object.data';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEnvelope(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && typeof v[K_NAME] === 'string' && typeof v[K_VERSION] === 'string' && isRecord(v[K_DATA]);
}

/**
 * The object classes and versions one side of the negotiation knows (this process's registry, or a peer's
 * manifest).
 */
export class RegistryView {
  /** Frozen, sorted by name. */
  readonly manifest: VersionManifest;
  private readonly versions: ReadonlyMap<string, string>;

  private constructor(entries: Map<string, string>) {
    const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.versions = new Map(sorted);
    this.manifest = Object.freeze(Object.fromEntries(sorted));
  }

  /** Everything this build knows, at current versions. */
  static current(): RegistryView {
    return new RegistryView(new Map(objectRegistry.classes().map((c) => [c.objName, c.VERSION])));
  }

  /**
   * Only the named classes, each up to the given version (e.g. an older host:
   * `{ HostInfo: '1.0', HostPluginInfo: '1.0', HostVIFInfo: '1.0', ... }`).
   * Every name must be a class we have; a version must be in its history
   * (we cannot read as a host that knows versions we have never heard of).
   */
  static fromManifest(manifest: VersionManifest): RegistryView {
    if (!isRecord(manifest)) throw new InvalidManifestError('(manifest)', manifest, 'a manifest maps object names to versions');
    const entries = new Map<string, string>();
    for (const [name, version] of Object.entries(manifest)) {
      const cls = objectRegistry.get(name);
      if (!cls) throw new InvalidManifestError(name, version, 'no such object class');
      if (!cls.versions.includes(version)) {
        throw new InvalidManifestError(name, version, `not a version of ${name} (${cls.versions.join(', ')})`);
      }
      entries.set(name, version);
    }
    return new RegistryView(entries);
  }

  /** The current registry with some classes at older versions (`overrides`), others current. */
  static olderThanCurrent(overrides: VersionManifest): RegistryView {
    return RegistryView.fromManifest({ ...RegistryView.current().manifest, ...overrides });
  }

  /** Whether this view knows the class `objName` at all. */
  knows(objName: string): boolean {
    return this.versions.has(objName);
  }

  /** Highest version of the class this view knows, or undefined. */
  versionOf(objName: string): string | undefined {
    return this.versions.get(objName);
  }

  /**
   * Reads a primitive as a host with this registry would: first every
   * envelope (top-down, in data order) is checked against the view, then the
   * model's fromPrimitive reads it (all of its typed errors apply).
   */
  read(primitive: unknown): VersionedObject {
    this.check(primitive, '', 0);
    return fromPrimitive(primitive);
  }

  private check(p: unknown, path: string, depth: number): void {
    if (depth > MAX_OBJECT_DEPTH) throw new MalformedPrimitiveError(path, `objects nested deeper than ${MAX_OBJECT_DEPTH}`);
    // Anything not envelope-shaped is left to fromPrimitive, which names the fault precisely.
    if (!isEnvelope(p)) return;
    const name = p[K_NAME] as string;
    const version = p[K_VERSION] as string;
    if (p[K_NAMESPACE] === 'os_vif') {
      const known = this.versions.get(name);
      if (known === undefined) throw new UnsupportedObjectError(name, 'os_vif', path);
      const wanted = parseVersion(version);
      const have = parseVersion(known)!;
      if (wanted && (wanted[0] !== have[0] || compareVersions(wanted, have) > 0)) {
        throw new IncompatibleObjectVersionError(name, version, known, path);
      }
    }
    const dataPath = path ? `${path}.data` : 'data';
    const data = p[K_DATA] as Record<string, unknown>;
    for (const key of Object.keys(data)) {
      const v = data[key];
      if (Array.isArray(v)) {
        // Longer lists are refused by fromPrimitive; do not walk them first.
        if (v.length > MAX_LIST_LENGTH) continue;
        for (let i = 0; i < v.length; i++) if (isEnvelope(v[i])) this.check(v[i], `${dataPath}.${key}[${i}]`, depth + 1);
      } else if (isEnvelope(v)) {
        this.check(v, `${dataPath}.${key}`, depth + 1);
      }
    }
  }

  /** The highest version of `history` that is <= what this view knows of `objName` (undefined if none / unknown class). */
  clamp(objName: string, history: readonly string[]): string | undefined {
    const known = this.versions.get(objName);
    if (known === undefined) return undefined;
    return highestAtMost(history, known);
  }
}
