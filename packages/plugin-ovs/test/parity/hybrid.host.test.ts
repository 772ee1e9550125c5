// Parity: hybrid plug (VIFBridge: qbr… Linux bridge, qvb…/qvo… veth, qvo… on
// OVS), MTU from the network and from config, re-plug with a new MTU, unplug.
// INTENDED DIFFERENCE (upstream 5.0.0, dc46078): os-vif 3.0.0 passes
// promisc='on', which CLEARS IFF_PROMISC on both veth ends (differences.md D13);
// upstream and osvif pass true: both ends are promiscuous. Observable on qvb…
// only: ovs-vswitchd (userspace datapath) itself sets IFF_PROMISC on qvo… when
// it opens the port, on both sides.
import { disposeAllNetns } from '@osvif/testkit';
import { derivedNames, hybridVif, ovsVif, StateDifference } from '@osvif/conformance';
import { createOvsPair, DRIVERS, OvsPair } from './pair';

afterAll(disposeAllNetns);

/** The only difference a hybrid plug may show: promisc on qvb (false in 3.0.0, true upstream). */
function promiscDifference(id: string): StateDifference[] {
  return [{ path: `links.${derivedNames(id).qvb}.promisc`, left: false, right: true }];
}

describe.each(DRIVERS)('hybrid VIFBridge parity (%s driver)', (driver) => {
  let pair: OvsPair;
  beforeAll(async () => {
    pair = await createOvsPair(driver, { network_device_mtu: 1450 });
  });
  afterEach(async () => {
    await pair?.cleanup();
  });
  afterAll(async () => {
    await pair?.dispose();
  });

  it('plug with the network MTU: identical except the documented promisc difference', async () => {
    const vif = hybridVif({ n: 10, mtu: 9000 });
    const n = derivedNames(vif.id);
    const s = await pair.step('plug', [vif]);
    // The reference really made the hybrid plumbing (so "no differences" means something).
    expect(s.referenceState.links[n.qvb]).toMatchObject({ kind: 'veth', master: n.qbr, mtu: 9000, up: true, peer: n.qvo });
    expect(s.referenceState.links[n.qbr]).toMatchObject({
      kind: 'bridge',
      up: true,
      bridge: { ageing_time: 0, forward_delay: 0, stp_state: 0, mcast_snooping: 0 },
    });
    expect(s.referenceState.ovs?.ports[n.qvo]?.bridge).toBe('br-int');
    expect(s.referenceState.links[n.qvo]).toMatchObject({ promisc: true }); // set by ovs-vswitchd, see above
    expect(s.diff).toEqual(promiscDifference(vif.id));
    const u = await pair.step('unplug', [vif]);
    expect(u.referenceState.links[n.qvb]).toBeUndefined();
    expect(u.referenceState.links[n.qbr]).toBeUndefined();
    expect(u.report).toBe('(no differences)');
  });

  it('plug without a network MTU uses network_device_mtu on both veth ends', async () => {
    const vif = hybridVif({ n: 11 });
    const n = derivedNames(vif.id);
    const s = await pair.step('plug', [vif]);
    expect(s.referenceState.links[n.qvo]).toMatchObject({ mtu: 1450 });
    expect(s.candidateState.links[n.qvb]).toMatchObject({ mtu: 1450 });
    expect(s.diff).toEqual(promiscDifference(vif.id));
    expect((await pair.step('unplug', [vif])).report).toBe('(no differences)');
  });

  it('re-plug only updates the veth MTU (no re-enslaving, no OVS change)', async () => {
    const first = hybridVif({ n: 12, mtu: 1400 });
    const n = derivedNames(first.id);
    await pair.step('plug', [first]);
    const again = await pair.step('plug', [hybridVif({ n: 12, mtu: 1300 })]);
    expect(again.referenceState.links[n.qvb]).toMatchObject({ mtu: 1300 });
    expect(again.referenceState.links[n.qvo]).toMatchObject({ mtu: 1300 });
    // the bridge takes the smallest port MTU on both sides alike
    expect(again.diff).toEqual(promiscDifference(first.id));
    expect((await pair.step('unplug', [first])).report).toBe('(no differences)');
  });

  it('two hybrid VIFs at once, then unplug of one leaves the other untouched', async () => {
    const a = hybridVif({ n: 13 });
    const b = hybridVif({ n: 14 });
    const s = await pair.step('plug', [a, b]);
    expect(s.diff).toEqual([...promiscDifference(a.id), ...promiscDifference(b.id)].sort((x, y) => (x.path < y.path ? -1 : 1)));
    const u = await pair.step('unplug', [a]);
    expect(u.referenceState.links[derivedNames(b.id).qvb]).toBeDefined();
    expect(u.diff).toEqual(promiscDifference(b.id));
    expect((await pair.step('unplug', [b])).report).toBe('(no differences)');
  });

  it('unplug of a VIFOpenVSwitch whose qbr… exists takes the hybrid path (firewall driver changed)', async () => {
    const plugged = hybridVif({ n: 15 });
    const n = derivedNames(plugged.id);
    await pair.step('plug', [plugged]);
    const u = await pair.step('unplug', [ovsVif({ n: 15 })]);
    await pair.cleanup(); // nothing left to unplug: the step above removed it on both sides
    expect(u.referenceState.links[n.qbr]).toBeUndefined();
    expect(u.referenceState.links[n.qvo]).toBeUndefined();
    expect(u.referenceState.ovs?.ports[n.qvo]).toBeUndefined();
    expect(u.report).toBe('(no differences)');
  });

  // INTENDED DIFFERENCE (differences.md D15): os-vif's re-plug only updates MTUs, so a qvb… that
  // left its bridge stays out and the VM has no path to OVS. osvif's plug converges: it puts qvb…
  // back into qbr…, and the bridge then takes the veth's MTU (1450, network_device_mtu here).
  it('re-plug after qvb… left its bridge: os-vif leaves it out, osvif re-enslaves it (intended difference)', async () => {
    const vif = hybridVif({ n: 16 });
    const n = derivedNames(vif.id);
    await pair.step('plug', [vif]);
    for (const side of [pair.reference, pair.candidate]) await side.netns.check('ip', ['link', 'set', n.qvb, 'nomaster']);
    const again = await pair.step('plug', [vif]);
    expect(again.referenceState.links[n.qvb]?.master).toBeNull();
    expect(again.diff).toEqual([
      { path: `links.${n.qbr}.mtu`, left: 1500, right: 1450 },
      { path: `links.${n.qvb}.master`, left: null, right: n.qbr },
      ...promiscDifference(vif.id),
    ]);
  });
});
