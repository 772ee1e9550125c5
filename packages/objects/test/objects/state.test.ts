// Unset vs null vs default, change tracking (section 1.3/1.4), equality.
import {
  FieldNotSetError,
  FixedIP,
  FixedIPList,
  fromPrimitive,
  HostInfo,
  HostPluginInfo,
  HostVIFInfo,
  Network,
  SubnetList,
  UnknownFieldError,
  VIFGeneric,
  VIFOpenVSwitch,
  VIFPortProfileOpenVSwitch,
} from '@osvif/objects';
import { NET_ID, VIF_ID, vifOVS } from './support/fixtures';

describe('unset, null and default are three states', () => {
  it('reading an unset field throws FieldNotSetError; isSet/getIfSet are safe', () => {
    const vif = new VIFGeneric({ id: VIF_ID });
    expect(() => vif.vif_name).toThrow(FieldNotSetError);
    try {
      void vif.active;
    } catch (e) {
      expect(e).toMatchObject({ objName: 'VIFGeneric', field: 'active' });
    }
    expect(vif.isSet('active')).toBe(false);
    expect(vif.getIfSet('active')).toBeUndefined();
    expect(vif.isSet('id')).toBe(true);
  });

  it('defaults are not applied at construction or hydration, only by setDefaults() or a None assignment', () => {
    const vif = new VIFGeneric({ id: VIF_ID });
    expect(vif.toPrimitive()['versioned_object.data']).toEqual({ id: VIF_ID });
    const hydrated = fromPrimitive(vif.toPrimitive()) as VIFGeneric;
    expect(hydrated.isSet('active')).toBe(false);
    vif.setDefaults();
    expect([vif.active, vif.preserve_on_delete, vif.has_traffic_filtering]).toEqual([true, false, false]);
    expect(vif.isSet('vif_name')).toBe(false);
    const p = new VIFPortProfileOpenVSwitch();
    p.create_port = null as unknown as boolean;
    expect(p.create_port).toBe(false);
  });

  it('null is written as null, unset is absent', () => {
    const vif = new VIFGeneric({ id: VIF_ID, address: null, network: null });
    const data = vif.toPrimitive()['versioned_object.data'];
    expect(data).toEqual({ id: VIF_ID, address: null, network: null });
    expect('plugin' in data).toBe(false);
    const back = fromPrimitive(JSON.parse(JSON.stringify(vif))) as VIFGeneric;
    expect(back.isSet('address')).toBe(true);
    expect(back.address).toBeNull();
    expect(back.isSet('plugin')).toBe(false);
  });

  it('null for a non-nullable field with default on the wire reads as the default ("active": null -> true)', () => {
    const back = fromPrimitive({
      'versioned_object.name': 'VIFGeneric',
      'versioned_object.namespace': 'os_vif',
      'versioned_object.version': '1.0',
      'versioned_object.data': { active: null },
    }) as VIFGeneric;
    expect(back.active).toBe(true);
  });

  it('unset() makes a field unset again', () => {
    const vif = new VIFGeneric({ id: VIF_ID, vif_name: 'tap' });
    vif.unset('vif_name');
    expect(vif.isSet('vif_name')).toBe(false);
    expect(vif.changedFields()).toEqual(['id']);
  });

  it('the *List classes leave objects unset without arguments (and iterate as empty)', () => {
    const l = new FixedIPList();
    expect(l.isSet('objects')).toBe(false);
    expect(l.length).toBe(0);
    expect([...l]).toEqual([]);
    expect(l.toPrimitive()['versioned_object.data']).toEqual({});
    const ip = new FixedIP({ address: '10.0.0.1' });
    const l2 = new FixedIPList({ objects: [ip] });
    expect(l2.length).toBe(1);
    expect(l2.at(0)).toBe(ip);
    expect([...l2]).toEqual([ip]);
  });

  it('unknown constructor keys are an UnknownFieldError; undefined values mean "not given"', () => {
    expect(() => new VIFGeneric({ vif_nmae: 'x' } as never)).toThrow(UnknownFieldError);
    expect(new VIFGeneric({ vif_name: undefined }).isSet('vif_name')).toBe(false);
  });
});

describe('changes', () => {
  it('every assignment marks the field, even the same value', () => {
    const ip = new FixedIP({ address: '10.0.0.2' });
    ip.resetChanges();
    expect(ip.changedFields()).toEqual([]);
    ip.address = '10.0.0.2';
    expect(ip.changedFields()).toEqual(['address']);
    expect(ip.toPrimitive()['versioned_object.changes']).toEqual(['address']);
  });

  it('changes is omitted when empty', () => {
    const ip = new FixedIP({ address: '10.0.0.2' });
    ip.resetChanges();
    expect(Object.keys(ip.toPrimitive())).not.toContain('versioned_object.changes');
  });

  it('a dirty single-object child marks its parent field; dirty list elements do not', () => {
    const net = new Network({ id: NET_ID });
    const vif = new VIFGeneric({ network: net });
    vif.resetChanges();
    expect(vif.changedFields()).toEqual(['network']); // net is still dirty
    net.resetChanges(true);
    expect(vif.changedFields()).toEqual([]);
    net.bridge = 'br0';
    expect(vif.changedFields()).toEqual(['network']);

    const vifInfo = new HostVIFInfo({ vif_object_name: 'VIFBridge' });
    const plugin = new HostPluginInfo({ plugin_name: 'x', vif_info: [vifInfo] });
    const hi = new HostInfo({ plugin_info: [plugin] });
    hi.resetChanges();
    expect(vifInfo.changedFields()).toEqual(['vif_object_name']);
    expect(hi.changedFields()).toEqual([]);
  });

  it('resetChanges(recursive) resets children of the fields reported as changed', () => {
    const vif = vifOVS();
    vif.resetChanges(true);
    const p = vif.toPrimitive();
    expect(JSON.stringify(p)).not.toContain('versioned_object.changes');
  });

  it('resetChanges(false, fields) resets only the named fields', () => {
    const ip = new FixedIP({ address: '10.0.0.2', floating_ips: [] });
    ip.resetChanges(false, ['address']);
    expect(ip.changedFields()).toEqual(['floating_ips']);
  });

  it('hydration takes changes from the wire (intersected with the set fields; unknown names dropped)', () => {
    const ip = fromPrimitive({
      'versioned_object.name': 'FixedIP',
      'versioned_object.namespace': 'os_vif',
      'versioned_object.version': '1.0',
      'versioned_object.data': { address: '10.0.0.2', floating_ips: [] },
      'versioned_object.changes': ['address', 'bogus', 'floating_ips_x'],
    });
    expect(ip.changedFields()).toEqual(['address']);
  });

  it('a Network hydrated without subnets gets the constructor default and reports subnets changed (as os-vif)', () => {
    const net = fromPrimitive({
      'versioned_object.name': 'Network',
      'versioned_object.namespace': 'os_vif',
      'versioned_object.version': '1.1',
      'versioned_object.data': { id: NET_ID },
    }) as Network;
    expect(net.subnets).toBeInstanceOf(SubnetList);
    expect(net.multi_host).toBe(false);
    expect(net.mtu).toBeNull();
    expect(net.changedFields()).toEqual(['subnets']);
  });
});

describe('equality', () => {
  it('same class and same primitive (changes as a set)', () => {
    expect(vifOVS().equals(vifOVS())).toBe(true);
    const a = vifOVS();
    const b = vifOVS();
    b.vif_name = 'tap1';
    expect(a.equals(b)).toBe(false);
    const c = vifOVS();
    c.resetChanges();
    expect(a.equals(c)).toBe(false);
    expect(new VIFOpenVSwitch({ id: VIF_ID }).equals(new VIFGeneric({ id: VIF_ID }))).toBe(false);
    expect(vifOVS().equals({})).toBe(false);
  });
});

describe('string form (os-vif str())', () => {
  it('fields sorted, unset as <?>, objects by id', () => {
    const vif = new VIFGeneric({ id: VIF_ID, vif_name: 'tap', active: false, network: new Network({ id: NET_ID }) });
    expect(String(vif)).toBe(
      `VIFGeneric(active=False,address=<?>,has_traffic_filtering=<?>,id=${VIF_ID},network=Network(${NET_ID}),plugin=<?>,port_profile=<?>,preserve_on_delete=<?>,vif_name='tap')`,
    );
  });
});
