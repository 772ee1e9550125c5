// Coercion and validation of every field type (reference section 3): what
// os-vif 3.0.0 accepts from valid objects is accepted; its accidental
// looseness (unvalidated UUIDs, unescaped PCI dot, truthy booleans, MAC with
// newline, octal/short IPv4) is rejected with a FieldValueError.
import {
  FieldValueError,
  FixedIP,
  Network,
  Subnet,
  VIFDirect,
  VIFGeneric,
  VIFOpenVSwitch,
  VIFPortProfileOpenVSwitch,
  VIFPortProfile8021Qbh,
  VIFVHostUser,
  HostPluginInfo,
  HostVIFInfo,
  FixedIPList,
  Route,
  VIFPortProfileFPTap,
  VIFHostDevice,
  DatapathOffloadRepresentor,
  VersionedObject,
} from '@osvif/objects';

type Case = [input: unknown, stored: unknown];

function set<T extends VersionedObject>(obj: T, field: string, value: unknown): unknown {
  (obj as unknown as Record<string, unknown>)[field] = value;
  return (obj as unknown as Record<string, unknown>)[field];
}

function rejects(obj: VersionedObject, field: string, value: unknown, reason: RegExp): void {
  let caught: unknown;
  try {
    set(obj, field, value);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(FieldValueError);
  const err = caught as FieldValueError;
  expect(err.objName).toBe((obj.constructor as typeof VersionedObject).objName);
  expect(err.field).toBe(field);
  expect(err.value).toBe(value);
  expect(err.reason).toMatch(reason);
}

describe('UUID', () => {
  // Valid UUIDs are kept verbatim, as os-vif keeps them (they become OVS external_ids).
  const accepted: Case[] = [
    ['07bd6cea-fb37-4594-b769-90fc51854ee9', '07bd6cea-fb37-4594-b769-90fc51854ee9'],
    ['07BD6CEA-FB37-4594-B769-90FC51854EE9', '07BD6CEA-FB37-4594-B769-90FC51854EE9'],
    ['07bd6ceafb374594b76990fc51854ee9', '07bd6ceafb374594b76990fc51854ee9'],
    ['{07bd6cea-fb37-4594-b769-90fc51854ee9}', '{07bd6cea-fb37-4594-b769-90fc51854ee9}'],
    ['urn:uuid:07bd6cea-fb37-4594-b769-90fc51854ee9', 'urn:uuid:07bd6cea-fb37-4594-b769-90fc51854ee9'],
    ['00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000'],
  ];
  it.each(accepted)('accepts %p as %p', (input, stored) => {
    expect(set(new VIFGeneric(), 'id', input)).toBe(stored);
  });
  it.each([
    ['not-a-uuid'],
    [''],
    [123],
    [true],
    ['07bd6cea-fb37-4594-b769-90fc51854ee'],
    ['{07bd6cea-fb37-4594-b769-90fc51854ee9'],
    ['07bd6cea-fb37-4594-b769-90fc51854ee9\n'],
    [[]],
  ])('rejects %p (os-vif stores anything)', (input) => rejects(new VIFGeneric(), 'id', input, /UUID/));
});

describe('MAC address', () => {
  it.each([
    ['ca:fe:de:ad:be:ef', 'ca:fe:de:ad:be:ef'],
    ['CA:FE:DE:AD:BE:EF', 'ca:fe:de:ad:be:ef'],
    ['ca-fe-de-ad-be-ef', 'ca:fe:de:ad:be:ef'],
  ] as Case[])('accepts %p as %p', (input, stored) => {
    expect(set(new VIFGeneric(), 'address', input)).toBe(stored);
  });
  it.each([
    ['cafe.dead.beef'],
    ['cafedeadbeef'],
    ['ca:fe:de:ad:be'],
    [' ca:fe:de:ad:be:ef'],
    ['ca:fe:de:ad:be:efx'],
    ['ca:fe:de:ad:be:ef\n'],
    [123],
  ])('rejects %p', (input) => rejects(new VIFGeneric(), 'address', input, /Malformed MAC/));
  it('null is allowed (nullable)', () => {
    expect(set(new VIFGeneric(), 'address', null)).toBeNull();
  });
  it('FPTap.mac_address uses the same rule', () => {
    expect(set(new VIFPortProfileFPTap(), 'mac_address', 'AA-BB-CC-DD-EE-FF')).toBe('aa:bb:cc:dd:ee:ff');
  });
});

describe('PCI address', () => {
  it.each([
    ['0002:24:12.3', '0002:24:12.3'],
    ['ABCD:EF:1F.7', 'abcd:ef:1f.7'],
    ['0000:81:00.1', '0000:81:00.1'],
  ] as Case[])('accepts %p as %p', (input, stored) => {
    expect(set(new VIFDirect(), 'dev_address', input)).toBe(stored);
  });
  it.each([['0000:81:00x1'], ['0000:81:20.1'], ['0000:81:00.8'], ['81:00.1'], ['0000:81:00.1 '], [5]])('rejects %p', (input) =>
    rejects(new VIFHostDevice(), 'dev_address', input, /Malformed PCI address/),
  );
  it('VIFNestedDPDK.pci_address and DatapathOffloadRepresentor.representor_address stay plain strings (as os-vif)', () => {
    expect(set(new DatapathOffloadRepresentor(), 'representor_address', 'anything')).toBe('anything');
  });
});

describe('IP address', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['::', '::'],
    ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
    ['0:0:0:0:0:ffff:102:304', '::ffff:1.2.3.4'],
    ['::1.2.3.4', '::1.2.3.4'],
    ['::0.0.1.2', '::102'],
    ['1:0:1:1:1:1:1:1', '1:0:1:1:1:1:1:1'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['fe80::', 'fe80::'],
  ] as Case[])('accepts %p as %p (netaddr str())', (input, stored) => {
    expect(set(new FixedIP(), 'address', input)).toBe(stored);
  });
  it.each([
    ['fe80::1%eth0'],
    ['bogus'],
    [''],
    ['10.1'],
    ['010.000.000.001'],
    ['167772161'],
    ['256.0.0.1'],
    ['1:2:3:4:5:6:7:8:9'],
    ['1::2::3'],
    [167772161],
  ])('rejects %p', (input) => rejects(new FixedIP(), 'address', input, /IP address/));
  it('rejects a prefix with the netaddr reason', () => rejects(new FixedIP(), 'address', '10.0.0.0/24', /netmasks or subnet prefixes/));
});

describe('IP network', () => {
  it.each([
    ['10.0.0.5/24', '10.0.0.5/24'],
    ['10.0.0.1', '10.0.0.1/32'],
    ['2001:DB8::1/64', '2001:db8::1/64'],
    ['::1', '::1/128'],
    ['0.0.0.0/0', '0.0.0.0/0'],
  ] as Case[])('accepts %p as %p', (input, stored) => {
    expect(set(new Route(), 'cidr', input)).toBe(stored);
  });
  it.each([['10.0.0.0/33'], ['bogus'], ['10/8'], ['10.0.0.0/'], ['10.0.0.0/024'], ['::/129'], [10]])('rejects %p', (input) =>
    rejects(new Subnet(), 'cidr', input, /IPNetwork|IP network/),
  );
});

describe('list of IP addresses', () => {
  it('accepts arrays (copied, frozen, coerced)', () => {
    const input = ['8.8.8.8', '2001:DB8::1'];
    const s = new Subnet({ dns: input });
    expect(s.dns).toEqual(['8.8.8.8', '2001:db8::1']);
    expect(Object.isFrozen(s.dns)).toBe(true);
    input.push('1.1.1.1');
    expect(s.dns).toHaveLength(2);
    expect(set(new Subnet(), 'dns', [])).toEqual([]);
  });
  it('rejects a string, null elements and bad elements with the element path', () => {
    rejects(new Subnet(), 'dns', '8.8.8.8', /A list is required/);
    rejects(new Subnet(), 'dns', [null], /cannot be None/);
    try {
      new Subnet({ dns: ['8.8.8.8', 'x'] });
      throw new Error('not rejected');
    } catch (e) {
      expect((e as FieldValueError).path).toBe('[1]');
    }
  });
});

describe('Integer', () => {
  it.each([
    [5, 5],
    ['5', 5],
    [' 7 ', 7],
    [-3, -3],
    [0, 0],
  ] as Case[])('accepts %p as %p', (input, stored) => {
    expect(set(new Network(), 'vlan', input)).toBe(stored);
  });
  it.each([[5.9], ['5.5'], ['0x10'], ['abc'], [true], [2 ** 60], [[]]])('rejects %p (no truncation, no booleans)', (input) =>
    rejects(new Network(), 'vlan', input, /integer/i),
  );
});

describe('Boolean', () => {
  it('accepts true/false only', () => {
    expect(set(new VIFGeneric(), 'active', false)).toBe(false);
    expect(set(new VIFGeneric(), 'active', true)).toBe(true);
  });
  it.each([['false'], ['no'], [''], [0], [1], [[]]])('rejects %p (os-vif takes truthiness)', (input) =>
    rejects(new VIFGeneric(), 'active', input, /boolean/),
  );
});

describe('String', () => {
  it.each([
    ['tap0', 'tap0'],
    [5, '5'],
    [5.5, '5.5'],
    ['', ''],
  ] as Case[])('accepts %p as %p', (input, stored) => {
    expect(set(new VIFGeneric(), 'vif_name', input)).toBe(stored);
  });
  it.each([[true], [[]], [{}], [Buffer.from('x')], [NaN]])('rejects %p', (input) =>
    rejects(new VIFGeneric(), 'vif_name', input, /A string is required/),
  );
});

describe('Enum', () => {
  it('accepts exact members', () => {
    expect(set(new VIFDirect(), 'mode', 'passthrough')).toBe('passthrough');
    expect(set(new VIFVHostUser(), 'mode', 'server')).toBe('server');
    expect(set(new VIFHostDevice(), 'dev_type', 'generic')).toBe('generic');
  });
  it.each([['VEPA'], ['pci'], [1]])('rejects %p', (input) => rejects(new VIFDirect(), 'mode', input, /invalid/));
  it('rejects Client for VIFVHostUserMode', () => rejects(new VIFVHostUser(), 'mode', 'Client', /invalid/));
});

describe('object fields', () => {
  it('port_profile accepts any VIFPortProfileBase subclass', () => {
    const p = new VIFPortProfile8021Qbh({ profile_id: 'x' });
    expect(set(new VIFOpenVSwitch(), 'port_profile', p)).toBe(p);
  });
  it('rejects other objects and non-objects', () => {
    rejects(new VIFOpenVSwitch(), 'port_profile', new FixedIP(), /VIFPortProfileBase.*not FixedIP/);
    rejects(new VIFOpenVSwitch(), 'port_profile', { interface_id: 'x' }, /not object/);
    rejects(new VIFOpenVSwitch(), 'network', [], /not array/);
  });
  it('exact class fields reject subclasses and other classes', () => {
    rejects(new Subnet(), 'ips', new FixedIP(), /FixedIPList is required, not FixedIP/);
  });
  it('list of objects checks each element and names its index', () => {
    const ok = new HostVIFInfo({ vif_object_name: 'VIFBridge', min_version: '1.0', max_version: '1.0' });
    expect(new HostPluginInfo({ vif_info: [ok] }).vif_info).toEqual([ok]);
    try {
      new HostPluginInfo({ vif_info: [ok, new FixedIP() as unknown as HostVIFInfo] });
      throw new Error('not rejected');
    } catch (e) {
      expect(e).toBeInstanceOf(FieldValueError);
      expect((e as FieldValueError).path).toBe('[1]');
    }
    rejects(new FixedIPList(), 'objects', [null], /FixedIP is required, not null/);
  });
});

describe('None', () => {
  it('nullable -> null; non-nullable with default -> default; else error', () => {
    expect(set(new VIFGeneric(), 'address', null)).toBeNull();
    expect(set(new VIFGeneric(), 'active', null)).toBe(true);
    expect(set(new VIFPortProfileOpenVSwitch(), 'create_port', null)).toBe(false);
    rejects(new VIFGeneric(), 'vif_name', null, /cannot be None/);
    rejects(new VIFGeneric(), 'port_profile', null, /cannot be None/);
  });
});
