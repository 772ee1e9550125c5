// RegistryView: reading primitives as a host whose registry is older than ours.
import {
  HostInfo,
  HostVIFInfo,
  IncompatibleObjectVersionError,
  InvalidManifestError,
  MalformedPrimitiveError,
  objectRegistry,
  RegistryView,
  UnsupportedObjectError,
} from '@osvif/objects';
import { fullHostInfo, OLD_HOST_INFO_FAMILY, ovsVif } from './fixtures';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('RegistryView', () => {
  it('current() knows every registered class at its current version', () => {
    const view = RegistryView.current();
    expect(Object.keys(view.manifest).sort()).toEqual(objectRegistry.names().sort());
    expect(view.versionOf('HostVIFInfo')).toBe('1.1');
    expect(view.versionOf('VIFPortProfileOpenVSwitch')).toBe(objectRegistry.get('VIFPortProfileOpenVSwitch')!.VERSION);
    const read = view.read(fullHostInfo().toPrimitive());
    expect(read).toBeInstanceOf(HostInfo);
    expect(read.equals(fullHostInfo())).toBe(true);
  });

  it('an older view rejects a nested HostVIFInfo 1.1 with its path and the supported version', () => {
    const view = RegistryView.olderThanCurrent(OLD_HOST_INFO_FAMILY);
    const err = thrown(() => view.read(fullHostInfo().toPrimitive())) as IncompatibleObjectVersionError;
    expect(err).toBeInstanceOf(IncompatibleObjectVersionError);
    expect(err.objName).toBe('HostVIFInfo');
    expect(err.version).toBe('1.1');
    expect(err.supportedVersion).toBe('1.0');
    expect(err.path).toBe('data.plugin_info[0].data.vif_info[0]');
  });

  it('the same view reads the HostInfo backlevelled by manifest, keeping the wire versions', () => {
    const view = RegistryView.olderThanCurrent(OLD_HOST_INFO_FAMILY);
    const read = view.read(fullHostInfo().toPrimitive(undefined, OLD_HOST_INFO_FAMILY)) as HostInfo;
    const vifInfo = read.plugin_info[2].vif_info[0];
    expect(vifInfo).toBeInstanceOf(HostVIFInfo);
    expect(vifInfo.instanceVersion).toBe('1.0');
    expect(vifInfo.isSet('supported_port_profiles')).toBe(false);
  });

  it('rejects the top object too, and other majors', () => {
    const view = RegistryView.fromManifest({ ...OLD_HOST_INFO_FAMILY });
    const top = { ...fullHostInfo().toPrimitive(undefined, OLD_HOST_INFO_FAMILY), 'versioned_object.version': '1.5' };
    const e1 = thrown(() => view.read(top)) as IncompatibleObjectVersionError;
    expect([e1.objName, e1.version, e1.supportedVersion, e1.path]).toEqual(['HostInfo', '1.5', '1.0', '']);
    const major = { ...top, 'versioned_object.version': '0.9' };
    expect((thrown(() => view.read(major)) as IncompatibleObjectVersionError).version).toBe('0.9');
  });

  it('a class the view does not know is UnsupportedObjectError, with its path', () => {
    const view = RegistryView.fromManifest({ HostInfo: '1.0', HostPluginInfo: '1.0', HostVIFInfo: '1.1' });
    const err = thrown(() => view.read(fullHostInfo().toPrimitive())) as UnsupportedObjectError;
    expect(err).toBeInstanceOf(UnsupportedObjectError);
    expect(err.objName).toBe('HostPortProfileInfo');
    expect(err.path).toBe('data.plugin_info[2].data.vif_info[0].data.supported_port_profiles[0]');
  });

  it('leaves shape faults to fromPrimitive (typed errors, no crash)', () => {
    const view = RegistryView.current();
    expect(thrown(() => view.read('nope'))).toBeInstanceOf(MalformedPrimitiveError);
    expect(thrown(() => view.read({ 'versioned_object.name': 'HostInfo' }))).toBeInstanceOf(MalformedPrimitiveError);
    let deep: unknown = fullHostInfo().toPrimitive();
    for (let i = 0; i < 100; i++) {
      deep = {
        'versioned_object.name': 'HostInfo',
        'versioned_object.namespace': 'os_vif',
        'versioned_object.version': '1.0',
        'versioned_object.data': { plugin_info: [deep] },
      };
    }
    expect(thrown(() => view.read(deep))).toBeInstanceOf(MalformedPrimitiveError);
  });

  it('reads VIFs limited by the view as well', () => {
    const view = RegistryView.olderThanCurrent({ VIFPortProfileOpenVSwitch: '1.1' });
    const err = thrown(() => view.read(ovsVif().toPrimitive())) as IncompatibleObjectVersionError;
    expect([err.objName, err.version, err.supportedVersion, err.path]).toEqual([
      'VIFPortProfileOpenVSwitch',
      '1.4',
      '1.1',
      'data.port_profile',
    ]);
  });

  it('validates manifests', () => {
    expect(thrown(() => RegistryView.fromManifest({ NoSuchThing: '1.0' }))).toBeInstanceOf(InvalidManifestError);
    const e = thrown(() => RegistryView.fromManifest({ HostVIFInfo: '1.7' })) as InvalidManifestError;
    expect([e.objName, e.version]).toEqual(['HostVIFInfo', '1.7']);
    expect(thrown(() => RegistryView.fromManifest(null as never))).toBeInstanceOf(InvalidManifestError);
    expect(RegistryView.fromManifest({ HostVIFInfo: '1.0', HostInfo: '1.0' }).manifest).toEqual({ HostInfo: '1.0', HostVIFInfo: '1.0' });
    expect(RegistryView.fromManifest({}).knows('HostInfo')).toBe(false);
  });

  it('clamp gives the highest version of a history the view allows', () => {
    const view = RegistryView.olderThanCurrent({ VIFPortProfileOpenVSwitch: '1.2' });
    expect(view.clamp('VIFPortProfileOpenVSwitch', ['1.0', '1.1', '1.2', '1.3', '1.4'])).toBe('1.2');
    expect(RegistryView.fromManifest({}).clamp('HostInfo', ['1.0'])).toBeUndefined();
  });
});
