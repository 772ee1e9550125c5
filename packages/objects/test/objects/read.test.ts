// Reading primitives: class resolution (section 1.5) and typed errors that
// name the object, field, value and JSON path at fault.
import {
  FieldValueError,
  fromJSON,
  fromPrimitive,
  IncompatibleObjectVersionError,
  MalformedPrimitiveError,
  ObjectError,
  UnknownFieldError,
  UnsupportedObjectError,
  VIFGeneric,
  VIFOpenVSwitch,
  VIFVHostUser,
  VIFPortProfileOpenVSwitch,
  Network,
} from '@osvif/objects';
import { VIF_ID, vifOVS } from './support/fixtures';

const env = (name: string, version: string, data: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  'versioned_object.name': name,
  'versioned_object.namespace': 'os_vif',
  'versioned_object.version': version,
  'versioned_object.data': data,
  ...extra,
});

function fault(p: unknown): ObjectError {
  try {
    fromPrimitive(p);
  } catch (e) {
    if (e instanceof ObjectError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('class resolution', () => {
  it('the envelope names the class', () => {
    expect(fromPrimitive(env('VIFGeneric', '1.0'))).toBeInstanceOf(VIFGeneric);
  });

  it.each([
    ['1.0.0', '1.0'],
    ['1.00', '1.0'],
    ['01.0', '1.0'],
    ['1', '1.0'],
    ['1.0', '1.0'],
    ['1.1', '1.1'],
    ['1.0.5', '1.0'],
  ])('VIFVHostUser version %p is accepted as instance version %p', (wire, instance) => {
    expect(fromPrimitive(env('VIFVHostUser', wire)).instanceVersion).toBe(instance);
  });

  it.each([
    ['1.5', 'VIFGeneric', '1.0'],
    ['2.0', 'VIFGeneric', '1.0'],
    ['0.9', 'VIFGeneric', '1.0'],
    ['1.0.3', 'VIFGeneric', '1.0'],
    ['1.5', 'VIFPortProfileOpenVSwitch', '1.4'],
  ])('version %p of %s is incompatible and the error carries the supported version %p', (version, name, supported) => {
    const e = fault(env(name, version));
    expect(e).toBeInstanceOf(IncompatibleObjectVersionError);
    expect(e).toMatchObject({ objName: name, version, supportedVersion: supported });
    expect(e.message).toBe(`Version ${version} of ${name} is not supported, supported version is ${supported}`);
  });

  it('upstream 1.4 profiles (create_tap, multiqueue) are read', () => {
    const p = fromPrimitive(
      env('VIFPortProfileOpenVSwitch', '1.4', { interface_id: VIF_ID, create_tap: true, multiqueue: true }),
    ) as VIFPortProfileOpenVSwitch;
    expect([p.create_tap, p.multiqueue, p.instanceVersion]).toEqual([true, true, '1.4']);
  });

  it('an older minor carrying a newer field keeps it (os-vif writes that, section 9 #6)', () => {
    const v = fromPrimitive(env('VIFVHostUser', '1.0', { vif_name: 'vhu' })) as VIFVHostUser;
    expect(v.vif_name).toBe('vhu');
    expect(v.instanceVersion).toBe('1.0');
  });

  it('data {} is accepted: no field is required on the wire', () => {
    const v = fromPrimitive(env('VIFOpenVSwitch', '1.0'));
    expect(v.changedFields()).toEqual([]);
  });
});

describe('typed errors', () => {
  it('unknown object name', () => {
    const e = fault(env('VIFFoo', '1.0'));
    expect(e).toBeInstanceOf(UnsupportedObjectError);
    expect(e).toMatchObject({ objName: 'VIFFoo', namespace: 'os_vif', message: 'Unsupported object type VIFFoo' });
  });

  it('wrong namespace', () => {
    const e = fault({ ...env('VIFGeneric', '1.0'), 'versioned_object.namespace': 'nova' });
    expect(e).toMatchObject({ objName: 'VIFGeneric', namespace: 'nova', message: 'Unsupported object type nova.VIFGeneric' });
  });

  it.each(['versioned_object.name', 'versioned_object.namespace', 'versioned_object.version', 'versioned_object.data'])(
    'missing %s',
    (key) => {
      const p: Record<string, unknown> = env('VIFGeneric', '1.0');
      delete p[key];
      const e = fault(p);
      expect(e).toBeInstanceOf(MalformedPrimitiveError);
      expect(e).toMatchObject({ path: key, reason: 'missing required key' });
    },
  );

  it.each([
    [{ ...env('VIFGeneric', '1.0'), 'versioned_object.version': 1.0 }, 'versioned_object.version'],
    [{ ...env('VIFGeneric', '1.0'), 'versioned_object.data': [] }, 'versioned_object.data'],
    [{ ...env('VIFGeneric', '1.0'), 'versioned_object.changes': 'id' }, 'versioned_object.changes'],
    [{ ...env('VIFGeneric', '1.0'), 'versioned_object.changes': [1] }, 'versioned_object.changes[0]'],
    [{ ...env('VIFGeneric', 'one') }, 'versioned_object.version'],
    [[], ''],
    ['x', ''],
    [null, ''],
  ])('malformed envelope %#', (p, path) => {
    const e = fault(p);
    expect(e).toBeInstanceOf(MalformedPrimitiveError);
    expect((e as MalformedPrimitiveError).path).toBe(path);
  });

  it('unknown field in data (rejected by default, ignored on request)', () => {
    const p = env('VIFGeneric', '1.0', { id: VIF_ID, colour: 'red' });
    const e = fault(p);
    expect(e).toBeInstanceOf(UnknownFieldError);
    expect(e).toMatchObject({ objName: 'VIFGeneric', field: 'colour', path: 'data.colour' });
    expect((fromPrimitive(p, { unknownFields: 'ignore' }) as VIFGeneric).id).toBe(VIF_ID);
  });

  it('a wrong value names object, field, value and path', () => {
    const e = fault(env('VIFGeneric', '1.0', { address: 'zz' }));
    expect(e).toBeInstanceOf(FieldValueError);
    expect(e).toMatchObject({ objName: 'VIFGeneric', field: 'address', value: 'zz', path: 'data.address' });
  });

  it('a nested fault carries the full JSON path', () => {
    const p = JSON.parse(JSON.stringify(vifOVS())) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test pokes into JSON
    p['versioned_object.data'].network['versioned_object.data'].subnets['versioned_object.data'].objects[0]['versioned_object.data'].ips[
      'versioned_object.data'
    ].objects[0]['versioned_object.data'].address = '10.0.0.300';
    const e = fault(p);
    expect(e).toBeInstanceOf(FieldValueError);
    expect(e).toMatchObject({
      objName: 'FixedIP',
      field: 'address',
      value: '10.0.0.300',
      path: 'data.network.data.subnets.data.objects[0].data.ips.data.objects[0].data.address',
    });
    expect(e.message).toContain('data.network.data.subnets.data.objects[0].data.ips.data.objects[0].data.address');
  });

  it('a nested newer version propagates IncompatibleObjectVersionError with its path', () => {
    const p = JSON.parse(JSON.stringify(vifOVS())) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test pokes into JSON
    p['versioned_object.data'].port_profile['versioned_object.version'] = '1.9';
    const e = fault(p);
    expect(e).toMatchObject({ objName: 'VIFPortProfileOpenVSwitch', version: '1.9', supportedVersion: '1.4', path: 'data.port_profile' });
  });

  it('an object of the wrong class in an object field', () => {
    const e = fault(env('VIFOpenVSwitch', '1.0', { port_profile: env('FixedIP', '1.0') }));
    expect(e).toBeInstanceOf(FieldValueError);
    expect(e).toMatchObject({ field: 'port_profile', path: 'data.port_profile' });
    expect((e as FieldValueError).reason).toBe('An object of type VIFPortProfileBase is required, not FixedIP');
  });

  it('a non-envelope in an object or object-list field', () => {
    expect(fault(env('VIFOpenVSwitch', '1.0', { network: 'net' }))).toMatchObject({ field: 'network', path: 'data.network' });
    expect(fault(env('HostInfo', '1.0', { plugin_info: {} }))).toMatchObject({ field: 'plugin_info', path: 'data.plugin_info' });
    expect(fault(env('HostInfo', '1.0', { plugin_info: [null] }))).toMatchObject({ field: 'plugin_info', path: 'data.plugin_info[0]' });
    expect(fault(env('HostInfo', '1.0', { plugin_info: [env('HostInfo', '1.0')] }))).toMatchObject({ path: 'data.plugin_info[0]' });
  });

  it('null for a non-nullable field without default', () => {
    expect(fault(env('VIFGeneric', '1.0', { vif_name: null }))).toMatchObject({ field: 'vif_name', reason: 'Field cannot be None' });
  });

  it('integers may come as JSON numbers, booleans must be true/false', () => {
    const n = fromPrimitive(env('Network', '1.1', { vlan: 100, mtu: 1500 })) as Network;
    expect([n.vlan, n.mtu]).toEqual([100, 1500]);
    expect(fault(env('Network', '1.1', { multi_host: 'false' }))).toMatchObject({ field: 'multi_host' });
  });

  it('fromJSON reports bad JSON as MalformedPrimitiveError', () => {
    expect(() => fromJSON('{')).toThrow(MalformedPrimitiveError);
    expect(() => fromJSON(42 as unknown as string)).toThrow(MalformedPrimitiveError);
    expect(fromJSON(JSON.stringify(vifOVS()))).toBeInstanceOf(VIFOpenVSwitch);
  });
});
