// What a host can consume: plugins, the VIF classes each plugin accepts (with
// version ranges) and the port profiles each VIF class accepts.
import { FieldSpecs, ObjectInit, registerObject, VersionedObject } from '../base';
import {
  InvalidVersionError,
  NoMatchingPlugin,
  NoMatchingPortProfileClass,
  NoMatchingVIFClass,
  NoSupportedPortProfileVersion,
  NoSupportedVIFVersion,
} from '../errors';
import { Field } from '../fields';
import { objectRegistry } from '../registry';
import { compareVersions, parseVersion } from '../version';

/**
 * The highest version in the local class's history within [min, max]
 * (os-vif only tries the current version, so it never negotiates down).
 * The class must be registered and inherit from `baseName`.
 */
function commonVersion(
  name: string,
  minVersion: string,
  maxVersion: string,
  baseName: string,
  noMatch: (name: string) => Error,
  noVersion: (name: string, got: readonly string[]) => Error,
): string {
  const cls = objectRegistry.get(name);
  if (!cls || !objectRegistry.isA(cls, baseName)) throw noMatch(name);
  const lo = parseVersion(minVersion);
  if (!lo) throw new InvalidVersionError(minVersion);
  const hi = parseVersion(maxVersion);
  if (!hi) throw new InvalidVersionError(maxVersion);
  for (let i = cls.versions.length - 1; i >= 0; i--) {
    const v = parseVersion(cls.versions[i])!;
    if (compareVersions(lo, v) <= 0 && compareVersions(v, hi) <= 0) return cls.versions[i];
  }
  throw noVersion(name, cls.versions);
}

/** A port profile class a plugin accepts with a VIF class, with the newest version it understands. */
export class HostPortProfileInfo extends VersionedObject {
  static override readonly objName = 'HostPortProfileInfo';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = {
    profile_object_name: Field.string(),
    min_version: Field.string(),
    max_version: Field.string(),
  };
  /** Object name of the port profile class (a VIFPortProfileBase subclass). */
  declare profile_object_name: string;
  /** The earliest version of that class the plugin understands. */
  declare min_version: string;
  /** The latest version of that class the plugin understands. */
  declare max_version: string;
  constructor(init?: ObjectInit<HostPortProfileInfo>) {
    super(init);
  }

  /** The newest version of the profile class, in our history, within min_version..max_version (throws when none). */
  getCommonVersion(): string {
    return commonVersion(
      this.profile_object_name,
      this.min_version,
      this.max_version,
      'VIFPortProfileBase',
      (n) => new NoMatchingPortProfileClass(n),
      (n, got) => new NoSupportedPortProfileVersion(n, got, this.min_version, this.max_version),
    );
  }
}
registerObject(HostPortProfileInfo);

/** 1.1 added supported_port_profiles. */
export class HostVIFInfo extends VersionedObject {
  static override readonly objName = 'HostVIFInfo';
  static override readonly VERSION = '1.1';
  static override readonly versions = ['1.0', '1.1'];
  static override readonly fieldSpecs: FieldSpecs = {
    vif_object_name: Field.string(),
    min_version: Field.string(),
    max_version: Field.string(),
    supported_port_profiles: Field.listOfObjects('HostPortProfileInfo'),
  };
  static override readonly fieldSince: Readonly<Record<string, string>> = { supported_port_profiles: '1.1' };
  /** Object name of the VIF class (a VIFBase subclass). */
  declare vif_object_name: string;
  /** The earliest version of that class the plugin understands. */
  declare min_version: string;
  /** The latest version of that class the plugin understands. */
  declare max_version: string;
  /** The port profile classes, and versions, the plugin accepts with this VIF class (since 1.1). */
  declare supported_port_profiles: readonly HostPortProfileInfo[];
  constructor(init?: ObjectInit<HostVIFInfo>) {
    super(init);
  }

  /** The newest version of the VIF class, in our history, within min_version..max_version (throws when none). */
  getCommonVersion(): string {
    return commonVersion(
      this.vif_object_name,
      this.min_version,
      this.max_version,
      'VIFBase',
      (n) => new NoMatchingVIFClass(n),
      (n, got) => new NoSupportedVIFVersion(n, got, this.min_version, this.max_version),
    );
  }
}
registerObject(HostVIFInfo);

/** One plugin in a HostInfo: its name and the VIF classes (with versions and port profiles) it consumes. */
export class HostPluginInfo extends VersionedObject {
  static override readonly objName = 'HostPluginInfo';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = {
    plugin_name: Field.string(),
    vif_info: Field.listOfObjects('HostVIFInfo'),
  };
  /** Name of the plugin. */
  declare plugin_name: string;
  /** The VIF classes, and versions, the plugin supports. */
  declare vif_info: readonly HostVIFInfo[];
  constructor(init?: ObjectInit<HostPluginInfo>) {
    super(init);
  }

  /** Whether the plugin consumes the VIF class `name`. */
  hasVif(name: string): boolean {
    return this.vif_info.some((v) => v.vif_object_name === name);
  }

  /** The entry of the VIF class `name`; NoMatchingVIFClass when the plugin does not consume it. */
  getVif(name: string): HostVIFInfo {
    const found = this.vif_info.find((v) => v.vif_object_name === name);
    if (!found) throw new NoMatchingVIFClass(name);
    return found;
  }

  /** Keeps the VIF classes whose name is in `names` (exact names, never substrings); reassigns vif_info. */
  filterVifTypes(names: Iterable<string>): void {
    const keep = new Set(names);
    this.vif_info = this.vif_info.filter((v) => keep.has(v.vif_object_name));
  }
}
registerObject(HostPluginInfo);

/**
 * What a compute host can plug: every loaded plugin and what it consumes (os-vif's host_info(); the
 * negotiation request).
 */
export class HostInfo extends VersionedObject {
  static override readonly objName = 'HostInfo';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = { plugin_info: Field.listOfObjects('HostPluginInfo') };
  /** The plugins this host has loaded. */
  declare plugin_info: readonly HostPluginInfo[];
  constructor(init?: ObjectInit<HostInfo>) {
    super(init);
  }

  /** Whether the host has the plugin `name`. */
  hasPlugin(name: string): boolean {
    return this.plugin_info.some((p) => p.plugin_name === name);
  }

  /** The plugin `name`; NoMatchingPlugin when the host does not have it. */
  getPlugin(name: string): HostPluginInfo {
    const found = this.plugin_info.find((p) => p.plugin_name === name);
    if (!found) throw new NoMatchingPlugin(name);
    return found;
  }

  /** Filters every plugin's VIF classes and drops plugins left with none (mutates, as os-vif). */
  filterVifTypes(names: Iterable<string>): void {
    const keep = [...names];
    const plugins: HostPluginInfo[] = [];
    for (const p of this.plugin_info) {
      p.filterVifTypes(keep);
      if (p.vif_info.length > 0) plugins.push(p);
    }
    this.plugin_info = plugins;
  }
}
registerObject(HostInfo);
