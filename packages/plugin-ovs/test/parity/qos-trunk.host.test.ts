// Parity where upstream adds rows 3.0.0 never writes. INTENDED DIFFERENCES:
//  - default_qos_type (c0d101a 3.2.0, 1c0a741 4.3.0): a NEW port on a `system`
//    datapath gets a QoS row {type: default_qos_type, external_ids {id:
//    uuid5(NS, dev), _type}} linked from Port.qos; unplug destroys it.
//    This kernel has no OVS module, so the `system` bridge exists in OVSDB only
//    (ovs-vswitchd logs that it cannot open it): OVSDB state is still
//    comparable, and ovs-vswitchd not opening qvo… also shows the promisc
//    difference on qvo….
//  - trunk bridges (6b078f4, 4.2.0 / 3.7.1): Interface.external_ids gets
//    bridge_name=<tbr-…>.
//  - ours (README, deliberate differences): a tbr- bridge that still holds
//    ports after the VIF's port is gone (Neutron's tpt-/spt- patch ports) is
//    left to Neutron's trunk handler; os-vif deletes it with them.
import { disposeAllNetns } from '@osvif/testkit';
import { derivedNames, hybridVif, ovsVif, StateDifference } from '@osvif/conformance';
import { createOvsPair, DRIVERS, OvsPair } from './pair';
import { upstreamQosIds } from './uuid5';

afterAll(disposeAllNetns);

function qosDifference(port: string, type: string): StateDifference[] {
  const row = { type, external_ids: upstreamQosIds(port, type) };
  return [
    { path: `ovs.ports.${port}.qos`, left: null, right: row },
    { path: 'ovs.qos', left: [], right: [{ ...row, ports: [port] }] },
  ];
}

describe.each(DRIVERS)('QoS and trunk-bridge parity (%s driver)', (driver) => {
  let pair: OvsPair;
  beforeAll(async () => {
    pair = await createOvsPair(driver, { default_qos_type: 'linux-htb' });
  });
  afterEach(async () => {
    await pair?.cleanup();
  });
  afterAll(async () => {
    await pair?.dispose();
  });

  it('generic on a system datapath: QoS row of default_qos_type on our side only; destroyed on unplug', async () => {
    const vif = ovsVif({ n: 50, createPort: true, bridge: 'br-sys', datapathType: 'system' });
    const s = await pair.step('plug', [vif]);
    expect(s.referenceState.ovs?.bridges['br-sys']?.datapath_type).toBe('system');
    expect(s.diff).toEqual(qosDifference(vif.vif_name, 'linux-htb'));
    const u = await pair.step('unplug', [vif]);
    expect(u.candidateState.ovs?.qos).toEqual([]);
    expect(u.report).toBe('(no differences)');
  });

  it('profile without datapath_type defaults to system: same QoS difference', async () => {
    const vif = ovsVif({ n: 51, createPort: true, bridge: 'br-sys', datapathType: null });
    const s = await pair.step('plug', [vif]);
    expect(s.diff).toEqual(qosDifference(vif.vif_name, 'linux-htb'));
    expect((await pair.step('unplug', [vif])).report).toBe('(no differences)');
  });

  it('re-plug of an existing port creates no new QoS row', async () => {
    const vif = ovsVif({ n: 52, createPort: true, bridge: 'br-sys', datapathType: 'system' });
    await pair.step('plug', [vif]);
    const again = await pair.step('plug', [vif]);
    expect(again.candidateState.ovs?.qos).toHaveLength(1);
    expect(again.diff).toEqual(qosDifference(vif.vif_name, 'linux-htb'));
    expect((await pair.step('unplug', [vif])).report).toBe('(no differences)');
  });

  it('hybrid on a system datapath: QoS on qvo…, promisc on both veth ends', async () => {
    const vif = hybridVif({ n: 53, bridge: 'br-sys', datapathType: 'system' });
    const n = derivedNames(vif.id);
    const s = await pair.step('plug', [vif]);
    expect(s.diff).toEqual([
      { path: `links.${n.qvb}.promisc`, left: false, right: true },
      { path: `links.${n.qvo}.promisc`, left: false, right: true },
      ...qosDifference(n.qvo, 'linux-htb'),
    ]);
    expect((await pair.step('unplug', [vif])).report).toBe('(no differences)');
  });

  it('netdev datapath: no QoS on either side', async () => {
    const vif = ovsVif({ n: 54, createPort: true });
    const s = await pair.step('plug', [vif]);
    expect(s.report).toBe('(no differences)');
    expect((await pair.step('unplug', [vif])).report).toBe('(no differences)');
  });

  it('trunk bridge tbr-…: bridge_name external_id on our side only; unplug deletes the trunk bridge on both', async () => {
    const bridge = 'tbr-0d1c7e3a-55';
    const vif = ovsVif({ n: 55, createPort: true, bridge });
    const s = await pair.step('plug', [vif]);
    expect(s.diff).toEqual([{ path: `ovs.interfaces.${vif.vif_name}.external_ids.bridge_name`, right: bridge }]);
    const u = await pair.step('unplug', [vif]);
    expect(u.referenceState.ovs?.bridges[bridge]).toBeUndefined();
    expect(u.report).toBe('(no differences)');
  });

  it("trunk bridge still holding Neutron's patch port: os-vif deletes it, we leave it to Neutron", async () => {
    const bridge = 'tbr-5e1f00aa-66';
    const patch = 'tpt-5e1f00aa-66';
    const vif = ovsVif({ n: 56, createPort: true, bridge });
    await pair.step('plug', [vif]);
    // What Neutron's OVS agent adds once it sees the trunk bridge: the trunk's patch port to br-int.
    const addPatch = ['add-port', bridge, patch, '--', 'set', 'Interface', patch, 'type=patch', 'options:peer=tpi-5e1f00aa-66'];
    await Promise.all([pair.reference, pair.candidate].map((side) => side.ovs!.vsctl(addPatch)));
    try {
      const u = await pair.step('unplug', [vif]);
      expect(u.referenceState.ovs?.bridges[bridge]).toBeUndefined();
      expect(u.candidateState.ovs?.bridges[bridge]?.ports).toEqual([bridge, patch]); // its local port and Neutron's
      expect(u.candidateState.ovs?.ports[vif.vif_name]).toBeUndefined();
      // All of it the kept bridge: its row, local port and tap, the patch port (and
      // ovs-netdev, the userspace datapath's link, when no other netdev bridge is left).
      expect(
        u.diff
          .map((d) => d.path)
          .filter((path) => path !== 'links.ovs-netdev')
          .sort(),
      ).toEqual([
        `links.${bridge}`,
        `ovs.bridges.${bridge}`,
        `ovs.interfaces.${bridge}`,
        `ovs.interfaces.${patch}`,
        `ovs.ports.${bridge}`,
        `ovs.ports.${patch}`,
      ]);
    } finally {
      await pair.candidate.ovs!.vsctl(['--if-exists', 'del-br', bridge]);
    }
  });
});
