// The primitive form, byte for byte against the real os-vif 3.0.0 (changes
// compared as sets), and os-vif reading what we write.
import { FixedIP, fromJSON, fromPrimitive, HostInfo, Network, VIFOpenVSwitch, VIFVHostUser } from '@osvif/objects';
import { hostInfo, NET_ID, network, NETWORK_PY, VIF_ID, vifOVS } from './support/fixtures';
import { osvif, PyResult, stable } from './support/osvif-python';

const HOST_INFO_PY = `HostInfo(plugin_info=[
  HostPluginInfo(plugin_name='linux_bridge', vif_info=[HostVIFInfo(vif_object_name='VIFBridge', min_version='1.0', max_version='1.0', supported_port_profiles=[])]),
  HostPluginInfo(plugin_name='noop', vif_info=[HostVIFInfo(vif_object_name='VIFVHostUser', min_version='1.0', max_version='1.0', supported_port_profiles=[])]),
  HostPluginInfo(plugin_name='ovs', vif_info=[HostVIFInfo(vif_object_name=n, min_version='1.0', max_version='1.0',
    supported_port_profiles=[HostPortProfileInfo(profile_object_name=p, min_version='1.0', max_version='1.0') for p in ps])
    for n, ps in [('VIFBridge', ['VIFPortProfileOpenVSwitch']), ('VIFOpenVSwitch', ['VIFPortProfileOpenVSwitch']),
                  ('VIFVHostUser', ['VIFPortProfileOpenVSwitch', 'VIFPortProfileOVSRepresentor']),
                  ('VIFHostDevice', ['VIFPortProfileOpenVSwitch', 'VIFPortProfileOVSRepresentor'])]])])`.replace(/\n\s*/g, ' ');

const VIF_PY =
  `VIFOpenVSwitch(id='${VIF_ID}', address='ca:fe:de:ad:be:ef', network=${NETWORK_PY}, plugin='ovs', active=True, ` +
  `preserve_on_delete=False, has_traffic_filtering=True, vif_name='tap0', bridge_name='br-int', ` +
  `port_profile=VIFPortProfileOpenVSwitch(interface_id='${VIF_ID}', profile_id='prof', datapath_type='netdev', create_port=True, ` +
  `datapath_offload=DatapathOffloadRepresentor(representor_name='rep0', representor_address='0000:81:00.1')))`;

describe('primitives written by osvif equal os-vif 3.0.0 output', () => {
  let py: PyResult[];
  beforeAll(async () => {
    py = await osvif([
      { op: 'eval', expr: "FixedIP(address='10.0.0.2', floating_ips=['1.2.3.4','::1'])" },
      { op: 'eval', expr: `Network(id='${NET_ID}', bridge='br0')` },
      { op: 'eval', expr: NETWORK_PY },
      { op: 'eval', expr: VIF_PY, args: [null, { VIFPortProfileBase: '1.3' }] },
      { op: 'eval', expr: HOST_INFO_PY },
      { op: 'eval', expr: `VIFVHostUser(id='${VIF_ID}', vif_name='vhu0', path='/var/run/vhu0', mode='client', plugin='noop')` },
    ]);
  });

  it('FixedIP example (section 1.2), in the same key order', () => {
    const ours = new FixedIP({ address: '10.0.0.2', floating_ips: ['1.2.3.4', '::1'] }).toPrimitive();
    expect(stable(ours)).toBe(stable(py[0].primitive));
    expect(Object.keys(ours)).toEqual([
      'versioned_object.name',
      'versioned_object.namespace',
      'versioned_object.version',
      'versioned_object.data',
      'versioned_object.changes',
    ]);
  });

  it('Network with constructor defaults (subnets, multi_host, should_provide_*, mtu=null)', () => {
    expect(stable(new Network({ id: NET_ID, bridge: 'br0' }).toPrimitive())).toBe(stable(py[1].primitive));
  });

  it('a full Network with subnets, fixed IPs and routes', () => {
    expect(stable(network().toPrimitive())).toBe(stable(py[2].primitive));
  });

  it('a VIFOpenVSwitch with network and profile+offload (profile written at 1.3 via manifest, as os-vif 3.0.0 knows it)', () => {
    expect(stable(vifOVS().toPrimitive(undefined, { VIFPortProfileBase: '1.3' }))).toBe(stable(py[3].primitive));
  });

  it("os-vif's host_info() shape", () => {
    expect(stable(hostInfo().toPrimitive())).toBe(stable(py[4].primitive));
  });

  it('VIFVHostUser keeps own fields first then inherited (section 1.1)', () => {
    const ours = new VIFVHostUser({ id: VIF_ID, vif_name: 'vhu0', path: '/var/run/vhu0', mode: 'client', plugin: 'noop' }).toPrimitive();
    expect(stable(ours)).toBe(stable(py[5].primitive));
    expect(Object.keys(ours['versioned_object.data'])).toEqual(['vif_name', 'path', 'mode', 'id', 'plugin']);
  });

  it('reads every os-vif primitive back to an equal primitive', () => {
    for (const r of py) {
      expect(stable(fromJSON(JSON.stringify(r.primitive)).toPrimitive())).toBe(stable(r.primitive));
    }
  });
});

describe('os-vif 3.0.0 reads what osvif writes', () => {
  it('current-version objects it knows, and rejects the 1.4 profile it does not', async () => {
    const vif = vifOVS();
    const [hi, v14, v13] = await osvif([
      { op: 'read', primitive: hostInfo().toPrimitive() },
      { op: 'read', primitive: vif.toPrimitive() },
      { op: 'read', primitive: vif.toPrimitive(undefined, { VIFPortProfileOpenVSwitch: '1.3' }) },
    ]);
    expect(stable(hi.primitive)).toBe(stable(hostInfo().toPrimitive()));
    expect(v14.error).toBe('IncompatibleObjectVersion');
    expect(v14.message).toBe('Version 1.4 of VIFPortProfileOpenVSwitch is not supported, supported version is 1.3');
    expect(v13.name).toBe('VIFOpenVSwitch');
    expect(stable(v13.primitive)).toBe(stable(vif.toPrimitive(undefined, { VIFPortProfileOpenVSwitch: '1.3' })));
  });
});

describe('JSON.stringify and toJSON', () => {
  it('toJSON is toPrimitive() so JSON.stringify writes the envelope', () => {
    const hi: HostInfo = hostInfo();
    expect(JSON.stringify(hi)).toBe(JSON.stringify(hi.toPrimitive()));
    const back = fromPrimitive(JSON.parse(JSON.stringify(hi)));
    expect(back).toBeInstanceOf(HostInfo);
    expect(back.equals(hi)).toBe(true);
  });

  it('a hydrated object keeps the concrete class and instanceof chain', () => {
    const back = fromPrimitive(vifOVS().toPrimitive());
    expect(back).toBeInstanceOf(VIFOpenVSwitch);
    const vif = back as VIFOpenVSwitch;
    expect(vif.port_profile.constructor.name).toBe('VIFPortProfileOpenVSwitch');
    expect(vif.network!.subnets.at(0)!.ips.at(0)!.address).toBe('10.0.0.5');
  });
});

describe('toJSONText writes exactly JSON.stringify(toPrimitive())', () => {
  it('for the fixtures, at every target, with manifests, and with strings that need escaping', () => {
    const odd = new VIFVHostUser({ id: VIF_ID, vif_name: 'a"b\\c\n\u0001é\u2028😀\ud800', path: '', mode: 'server', plugin: '</script>' });
    const objs = [vifOVS(), hostInfo(), network(), odd, new FixedIP(), new Network({ id: NET_ID, vlan: -1, mtu: 9000 })];
    for (const o of objs) {
      const cls = o.constructor as typeof VIFVHostUser;
      for (const target of [undefined, ...cls.versions]) {
        expect(o.toJSONText(target)).toBe(JSON.stringify(o.toPrimitive(target)));
      }
      const m = { VIFPortProfileBase: '1.0', Network: '1.0', HostVIFInfo: '1.0' };
      expect(o.toJSONText(undefined, m)).toBe(JSON.stringify(o.toPrimitive(undefined, m)));
      o.resetChanges(true);
      expect(o.toJSONText()).toBe(JSON.stringify(o));
    }
  });
});

describe('IPv6 text form equals netaddr str() for random addresses', () => {
  it('300 addresses with zero runs of every length and position', async () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const addrs: string[] = [];
    for (let i = 0; i < 300; i++) {
      const words = Array.from({ length: 8 }, () => (rnd() < 0.5 ? 0 : Math.floor(rnd() * 0x10000)));
      if (i % 7 === 0) words.fill(0, 0, 5 + (i % 3)); // ::a.b.c.d and ::ffff: shapes
      if (i % 11 === 0) words[5] = 0xffff;
      addrs.push(words.map((w) => w.toString(16)).join(':'));
    }
    const py = await osvif(addrs.map((a) => ({ op: 'eval' as const, expr: `FixedIP(address='${a}')` })));
    addrs.forEach((a, i) => {
      expect(new FixedIP({ address: a }).address).toBe(
        (py[i].primitive as { 'versioned_object.data': { address: string } })['versioned_object.data'].address,
      );
    });
  });
});
