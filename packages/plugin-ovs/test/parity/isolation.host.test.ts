// Parity with isolate_vif = true. INTENDED DIFFERENCES (we follow upstream):
//  - dead VLAN (99814b2, 4.1.0 / 3.7.1): 3.0.0 sets Port.tag=4095 only;
//    upstream also vlan_mode=trunk, trunks=[4095] (as neutron does).
//  - only NEW ports are isolated (0a0dec3, 3.3.0): 3.0.0 re-tags a live
//    port 4095 on every re-plug; upstream leaves an existing port alone.
//  - trunk bridges (tbr-…) are never isolated (99814b2); 3.0.0 tags them.
//  - hybrid: plus the promisc difference on qvb… (see hybrid.host.test.ts).
import { disposeAllNetns } from '@osvif/testkit';
import { derivedNames, hybridVif, ovsVif, StateDifference, vhostUserVif } from '@osvif/conformance';
import { createOvsPair, DRIVERS, OvsPair } from './pair';

afterAll(disposeAllNetns);

function deadVlanDifference(port: string): StateDifference[] {
  return [
    { path: `ovs.ports.${port}.trunks`, left: [], right: [4095] },
    { path: `ovs.ports.${port}.vlan_mode`, left: null, right: 'trunk' },
  ];
}

const byPath = (a: StateDifference, b: StateDifference): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

describe.each(DRIVERS)('isolate_vif parity (%s driver)', (driver) => {
  let pair: OvsPair;
  beforeAll(async () => {
    pair = await createOvsPair(driver, { isolate_vif: true });
  });
  afterEach(async () => {
    await pair?.cleanup();
  });
  afterAll(async () => {
    await pair?.dispose();
  });

  it('generic create_port: tag 4095 on both; vlan_mode/trunks only upstream (intended)', async () => {
    const vif = ovsVif({ n: 30, createPort: true });
    const s = await pair.step('plug', [vif]);
    expect(s.referenceState.ovs?.ports[vif.vif_name]?.tag).toBe(4095);
    expect(s.candidateState.ovs?.ports[vif.vif_name]?.tag).toBe(4095);
    expect(s.diff).toEqual(deadVlanDifference(vif.vif_name));
    expect((await pair.step('unplug', [vif])).report).toBe('(no differences)');
  });

  it('hybrid: the qvo port is isolated (dead-VLAN difference) plus the qvb promisc difference', async () => {
    const vif = hybridVif({ n: 31 });
    const n = derivedNames(vif.id);
    const s = await pair.step('plug', [vif]);
    expect(s.diff).toEqual([...deadVlanDifference(n.qvo), { path: `links.${n.qvb}.promisc`, left: false, right: true }].sort(byPath));
    expect((await pair.step('unplug', [vif])).report).toBe('(no differences)');
  });

  it('vhost-user: isolated in the port transaction (dead-VLAN difference)', async () => {
    const vif = vhostUserVif({ n: 32, mode: 'server' });
    const s = await pair.step('plug', [vif]);
    expect(s.diff).toEqual(deadVlanDifference(derivedNames(vif.id).vhu));
    expect((await pair.step('unplug', [vif])).report).toBe('(no differences)');
  });

  it('re-plug of a live port: 3.0.0 pushes it back into VLAN 4095, upstream keeps the VLAN the agent gave it (intended)', async () => {
    const vif = ovsVif({ n: 33, createPort: true });
    await pair.step('plug', [vif]);
    // The neutron agent wires the port: local VLAN 5, access port.
    for (const side of [pair.reference, pair.candidate]) {
      await side.ovs!.vsctl(['set', 'Port', vif.vif_name, 'tag=5', '--', 'clear', 'Port', vif.vif_name, 'trunks', 'vlan_mode']);
    }
    const again = await pair.step('plug', [vif]);
    expect(again.candidateState.ovs?.ports[vif.vif_name]).toMatchObject({ tag: 5, trunks: [], vlan_mode: null });
    expect(again.diff).toEqual([{ path: `ovs.ports.${vif.vif_name}.tag`, left: 4095, right: 5 }]);
    expect((await pair.step('unplug', [vif])).report).toBe('(no differences)');
  });

  it('trunk bridge tbr-…: 3.0.0 isolates the port, upstream never does and adds bridge_name (intended)', async () => {
    const bridge = 'tbr-6ab9c06e-0b';
    const vif = ovsVif({ n: 34, createPort: true, bridge });
    const s = await pair.step('plug', [vif]);
    expect(s.diff).toEqual([
      { path: `ovs.interfaces.${vif.vif_name}.external_ids.bridge_name`, right: bridge },
      { path: `ovs.ports.${vif.vif_name}.tag`, left: 4095, right: null },
    ]);
    // unplug deletes the trunk bridge on both sides
    const u = await pair.step('unplug', [vif]);
    expect(u.referenceState.ovs?.bridges[bridge]).toBeUndefined();
    expect(u.report).toBe('(no differences)');
  });
});
