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
import { derivedNames, disposeAllNetns, hybridVif, ovsVif, StateDifference } from '@osvif/testing';
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
});
