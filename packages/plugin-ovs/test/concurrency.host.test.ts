// 200 VIFs plugged, then unplugged, all at once on ONE OVS bridge (half hybrid,
// half generic with create_port + create_tap), through one runtime: every
// operation succeeds, the state after plug is exactly the expected one (every
// port, row and link, with the right attributes), and after unplug nothing is
// left: no port, no QoS row, no link.
import { disposeAllNetns } from '@osvif/testkit';
import {
  captureState,
  createOsvifSide,
  derivedNames,
  hybridVif,
  instanceInfo,
  interfaceId,
  ovsVif,
  ParitySide,
  StateSnapshot,
} from '@osvif/conformance';
import { OvsPlugin } from '@osvif/plugin-ovs';
import { VIFBase, VIFBridge } from '@osvif/objects';

afterAll(disposeAllNetns);

// The native driver runs the full 200. With vsctl every OVSDB write is an
// ovs-vsctl process (as in os-vif): 200 at once take ~50 s of this 2-core
// machine, so that driver runs 50 concurrently, which still exercises the
// same races (one bridge, overlapping transactions and link changes).
const COUNTS = { native: 200, vsctl: 50 } as const;

function vifs(count: number): { hybrid: VIFBase[]; generic: VIFBase[] } {
  const hybrid: VIFBase[] = [];
  const generic: VIFBase[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) hybrid.push(hybridVif({ n: i, idPrefix: 'c0', mtu: 1400 }));
    else generic.push(ovsVif({ n: i, idPrefix: 'c0', createPort: true, createTap: true, mtu: 1400 }));
  }
  return { hybrid, generic };
}

async function all(side: ParitySide, op: 'plug' | 'unplug', list: readonly VIFBase[]): Promise<string[]> {
  const info = instanceInfo();
  const outcomes = await Promise.all(list.map((v) => side[op](v, info)));
  return outcomes.flatMap((o, i) =>
    o.ok
      ? []
      : [`${list[i].id}: ${o.error.type}: ${o.error.message}${o.error.cause ? ` / ${o.error.cause.type}: ${o.error.cause.message}` : ''}`],
  );
}

/** Links/ports/rows the VIF kinds leave behind (everything but the bridge itself and ovs-vswitchd's own taps). */
function vifLinks(s: StateSnapshot): string[] {
  return Object.keys(s.links).filter((n) => /^(qbr|qvb|qvo|tap)c0/.test(n));
}

describe.each(['native', 'vsctl'] as const)('%s driver: VIFs plugged and unplugged concurrently on one bridge', (driver) => {
  const count = COUNTS[driver];
  let side: ParitySide;
  beforeAll(async () => {
    side = await createOsvifSide({ config: { ovs: { ovsdb_interface: driver, ovs_vsctl_timeout: 60 } }, pluginClasses: [OvsPlugin] });
  });
  afterAll(async () => {
    await side?.dispose();
  });

  it(`plugs ${count} VIFs at once with exactly the expected result, then unplugs them leaving nothing`, async () => {
    const { hybrid, generic } = vifs(count);
    const everything = [...hybrid, ...generic];
    // Interleave kinds so hybrid and generic operations really overlap.
    const order = everything.slice().sort((a, b) => (a.id < b.id ? -1 : 1));

    expect(await all(side, 'plug', order)).toEqual([]);
    const s = await captureState({ netns: side.netns.name, ovsdb: side.ovs!.dbEndpoint });
    const ovs = s.ovs!;
    const expectedPorts = ['br-int', ...hybrid.map((v) => derivedNames(v.id).qvo), ...generic.map((v) => derivedNames(v.id).tap)].sort();
    expect(Object.keys(ovs.bridges)).toEqual(['br-int']);
    expect(ovs.bridges['br-int'].ports).toEqual(expectedPorts);
    expect(Object.keys(ovs.ports).sort()).toEqual(expectedPorts);
    for (const [i, v] of everything.entries()) {
      const n = derivedNames(v.id);
      const port = v instanceof VIFBridge ? n.qvo : n.tap;
      const idx = parseInt(v.id.slice(2, 8), 16);
      expect({ port, ids: ovs.interfaces[port]?.external_ids['iface-id'], bridge: ovs.ports[port]?.bridge }).toEqual({
        port,
        ids: interfaceId(idx),
        bridge: 'br-int',
      });
      if (v instanceof VIFBridge) {
        expect({ i, qbr: s.links[n.qbr] }).toMatchObject({ i, qbr: { kind: 'bridge', up: true } });
        expect({ i, qvb: s.links[n.qvb] }).toMatchObject({ i, qvb: { kind: 'veth', master: n.qbr, peer: n.qvo, mtu: 1400, up: true } });
        expect({ i, qvo: s.links[n.qvo] }).toMatchObject({ i, qvo: { kind: 'veth', peer: n.qvb, mtu: 1400, up: true } });
      } else {
        expect({ i, tap: s.links[n.tap] }).toMatchObject({
          i,
          tap: { kind: 'tun', tun: { type: 'tap', multi_queue: false }, mtu: 1400, up: true },
        });
      }
    }
    expect(vifLinks(s)).toHaveLength(hybrid.length * 3 + generic.length);
    expect(ovs.qos).toEqual([]);

    expect(await all(side, 'unplug', order.slice().reverse())).toEqual([]);
    const after = await captureState({ netns: side.netns.name, ovsdb: side.ovs!.dbEndpoint });
    expect(after.ovs!.bridges['br-int'].ports).toEqual(['br-int']);
    expect(Object.keys(after.ovs!.ports)).toEqual(['br-int']);
    expect(Object.keys(after.ovs!.interfaces)).toEqual(['br-int']);
    expect(after.ovs!.qos).toEqual([]);
    expect(vifLinks(after)).toEqual([]);
    // Only what ovs-vswitchd itself owns remains in the namespace.
    expect(Object.keys(after.links).sort()).toEqual(['br-int', 'lo', 'ovs-netdev']);
  });
});
