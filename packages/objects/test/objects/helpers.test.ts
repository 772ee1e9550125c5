// HostInfo / HostPluginInfo / HostVIFInfo / HostPortProfileInfo helpers and the registry.
import {
  HostInfo,
  HostPluginInfo,
  HostPortProfileInfo,
  HostVIFInfo,
  InvalidVersionError,
  NoMatchingPlugin,
  NoMatchingPortProfileClass,
  NoMatchingVIFClass,
  NoSupportedPortProfileVersion,
  NoSupportedVIFVersion,
  objectRegistry,
  VIFBase,
  VIFOpenVSwitch,
  VIFPortProfileBase,
  VIFPortProfileFPOpenVSwitch,
  VIFPortProfileOpenVSwitch,
  VersionedObject,
} from '@osvif/objects';
import { hostInfo } from './support/fixtures';

const vifInfo = (name: string, min: string, max: string) => new HostVIFInfo({ vif_object_name: name, min_version: min, max_version: max });
const profInfo = (name: string, min: string, max: string) =>
  new HostPortProfileInfo({ profile_object_name: name, min_version: min, max_version: max });

describe('HostInfo', () => {
  it('hasPlugin / getPlugin', () => {
    const hi = hostInfo();
    expect(hi.hasPlugin('ovs')).toBe(true);
    expect(hi.hasPlugin('ov')).toBe(false);
    expect(hi.getPlugin('noop').plugin_name).toBe('noop');
    expect(() => hi.getPlugin('sriov')).toThrow(NoMatchingPlugin);
    try {
      hi.getPlugin('sriov');
    } catch (e) {
      expect(e).toMatchObject({ pluginName: 'sriov', message: 'No VIF plugin was found with the name sriov' });
    }
  });

  it('filterVifTypes keeps exact names and drops plugins left empty (as os-vif host_info([VIFVHostUser]))', () => {
    const hi = hostInfo();
    hi.filterVifTypes(['VIFVHostUser']);
    expect(hi.plugin_info.map((p) => p.plugin_name)).toEqual(['noop', 'ovs']);
    expect(hi.getPlugin('ovs').vif_info.map((v) => v.vif_object_name)).toEqual(['VIFVHostUser']);
    expect(hi.changedFields()).toContain('plugin_info');
  });

  it('filterVifTypes never matches substrings (os-vif would with a plain string)', () => {
    const hi = hostInfo();
    hi.filterVifTypes(new Set(['VIFBridgeX', 'Bridge']));
    expect(hi.plugin_info).toEqual([]);
    const empty = hostInfo();
    empty.filterVifTypes([]);
    expect(empty.plugin_info).toHaveLength(0);
  });
});

describe('HostPluginInfo', () => {
  it('hasVif / getVif / filterVifTypes', () => {
    const p = new HostPluginInfo({
      plugin_name: 'ovs',
      vif_info: [vifInfo('VIFBridge', '1.0', '1.0'), vifInfo('VIFOpenVSwitch', '1.0', '1.0')],
    });
    expect(p.hasVif('VIFOpenVSwitch')).toBe(true);
    expect(p.hasVif('VIFDirect')).toBe(false);
    expect(p.getVif('VIFBridge').vif_object_name).toBe('VIFBridge');
    try {
      p.getVif('VIFDirect');
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(NoMatchingVIFClass);
      // os-vif's message is the raw template here (kwarg mismatch); ours names the class.
      expect(e).toMatchObject({ objName: 'VIFDirect', message: 'No VIF class was found with the name VIFDirect' });
    }
    p.filterVifTypes(['VIFBridge']);
    expect(p.vif_info.map((v) => v.vif_object_name)).toEqual(['VIFBridge']);
  });
});

describe('getCommonVersion: the highest version of the local class within [min, max]', () => {
  it.each([
    ['VIFOpenVSwitch', '1.0', '10.0', '1.0'],
    ['VIFVHostUser', '1.0', '1.0', '1.0'], // os-vif: NoSupportedVIFVersion (only tries 1.1)
    ['VIFVHostUser', '1.0', '1.1', '1.1'],
    ['VIFVHostUser', '1.0', '2.0', '1.1'],
    ['VIFVHostUser', '1.1', '1.5', '1.1'],
    ['VIFVHostUser', '1.0.0', '1.0', '1.0'],
  ])('VIF %s within [%s, %s] -> %s', (name, min, max, expected) => {
    expect(vifInfo(name, min, max).getCommonVersion()).toBe(expected);
  });

  it.each([
    ['VIFPortProfileOpenVSwitch', '1.0', '1.2', '1.2'], // os-vif: NoSupportedPortProfileVersion
    ['VIFPortProfileOpenVSwitch', '1.0', '1.0', '1.0'],
    ['VIFPortProfileOpenVSwitch', '1.0', '1.9', '1.4'],
    ['VIFPortProfileOVSRepresentor', '1.0', '1.3', '1.3'],
  ])('profile %s within [%s, %s] -> %s', (name, min, max, expected) => {
    expect(profInfo(name, min, max).getCommonVersion()).toBe(expected);
  });

  it('no version in range', () => {
    try {
      vifInfo('VIFVHostUser', '1.2', '1.9').getCommonVersion();
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(NoSupportedVIFVersion);
      expect(e).toMatchObject({ objName: 'VIFVHostUser', gotVersions: ['1.0', '1.1'], minVersion: '1.2', maxVersion: '1.9' });
      expect((e as Error).message).toBe('VIF class VIFVHostUser versions 1.0,1.1 do not satisfy min=1.2 max=1.9');
    }
    expect(() => profInfo('VIFPortProfileOpenVSwitch', '2.0', '3.0').getCommonVersion()).toThrow(NoSupportedPortProfileVersion);
  });

  it('unknown classes, and classes of the wrong kind, are no match', () => {
    expect(() => vifInfo('VIFFoo', '1.0', '1.0').getCommonVersion()).toThrow(NoMatchingVIFClass);
    expect(() => vifInfo('Network', '1.0', '1.1').getCommonVersion()).toThrow(NoMatchingVIFClass);
    expect(() => profInfo('VIFOpenVSwitch', '1.0', '1.0').getCommonVersion()).toThrow(NoMatchingPortProfileClass);
    expect(() => profInfo('__proto__', '1.0', '1.0').getCommonVersion()).toThrow(NoMatchingPortProfileClass);
  });

  it('non-numeric bounds are InvalidVersionError; unset bounds FieldNotSetError', () => {
    expect(() => vifInfo('VIFOpenVSwitch', '1.0rc1', '2.0').getCommonVersion()).toThrow(InvalidVersionError);
    expect(() => new HostVIFInfo({ vif_object_name: 'VIFOpenVSwitch' }).getCommonVersion()).toThrow(/not set/);
  });
});

describe('registry', () => {
  it('holds the 31 os-vif classes by name, with histories', () => {
    expect(objectRegistry.names()).toHaveLength(31);
    expect(objectRegistry.get('VIFOpenVSwitch')).toBe(VIFOpenVSwitch);
    expect(objectRegistry.get('constructor')).toBeUndefined();
    expect(objectRegistry.get('__proto__')).toBeUndefined();
    for (const cls of objectRegistry.classes()) {
      expect(cls.versions[cls.versions.length - 1]).toBe(cls.VERSION);
      expect(new cls()).toBeInstanceOf(VersionedObject);
    }
    expect(VIFPortProfileOpenVSwitch.versions).toEqual(['1.0', '1.1', '1.2', '1.3', '1.4']);
    expect(HostInfo.VERSION).toBe('1.0');
  });

  it('isA follows the class chain', () => {
    expect(objectRegistry.isA(VIFPortProfileFPOpenVSwitch, 'VIFPortProfileOpenVSwitch')).toBe(true);
    expect(objectRegistry.isA(new VIFPortProfileFPOpenVSwitch(), 'VIFPortProfileBase')).toBe(true);
    expect(objectRegistry.isA(VIFOpenVSwitch, 'VIFBase')).toBe(true);
    expect(objectRegistry.isA(VIFOpenVSwitch, 'VIFPortProfileBase')).toBe(false);
    expect(new VIFOpenVSwitch()).toBeInstanceOf(VIFBase);
    expect(new VIFPortProfileFPOpenVSwitch()).toBeInstanceOf(VIFPortProfileBase);
  });
});
