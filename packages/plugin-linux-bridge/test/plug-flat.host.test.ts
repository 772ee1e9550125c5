// Flat bridges for real, inside fresh namespaces: links, sysctls, address and
// route move, FORWARD rules, idempotent re-plug, unplug.
import { disposeAllNetns, withNetns } from '@osvif/testkit';
import { addresses, bridgeVif, hostState, iptablesRules, INSTANCE, linkState, physicalInterface, routes, runtimeIn } from './helpers';

afterAll(disposeAllNetns);

describe('linux_bridge plug, flat network', () => {
  it('creates the bridge as os-vif does, enslaves network.bridge_interface and moves its addresses and via-routes', async () => {
    await withNetns(async (ns) => {
      await physicalInterface(ns, 'eth9', { secondary: true });
      const rt = await runtimeIn(ns);
      try {
        await rt.plug(bridgeVif({ bridgeInterface: 'eth9', mtu: 1400, filtering: false }), INSTANCE);
      } finally {
        await rt.close();
      }
      const links = await linkState(ns);
      expect(links.find((l) => l.name === 'brq1')).toEqual({
        name: 'brq1',
        kind: 'bridge',
        mtu: 1400,
        up: true,
        bridge: { forward_delay: 0, stp_state: 0, mcast_snooping: 0 },
      });
      expect(links.find((l) => l.name === 'eth9')).toMatchObject({ master: 'brq1', up: true, mtu: 1400 });
      // Marked as its network's (docs/ownership.md); eth9, which was there before, is not marked.
      expect((await ns.links.get('brq1'))?.alias).toBe('osvif:linux_bridge:network:brq1');
      expect((await ns.links.get('eth9'))?.alias).toBeUndefined();
      expect(await ns.sysctl.read(['net', 'ipv6', 'conf', 'brq1', 'disable_ipv6'])).toBe('1');
      expect(await ns.sysctl.read(['net', 'ipv4', 'conf', 'brq1', 'arp_ignore'])).toBe('1');
      expect(await ns.sysctl.read(['net', 'ipv4', 'conf', 'brq1', 'arp_announce'])).toBe('2');
      // differences.md D20 fixed: the secondary moves too (os-vif loses it).
      expect(await addresses(ns, 'brq1')).toEqual(['10.0.0.5/24', '10.0.0.6/24 secondary']);
      expect(await addresses(ns, 'eth9')).toEqual([]);
      expect(await routes(ns)).toEqual([
        'default via 10.0.0.1 dev brq1 metric 50',
        '10.0.0.0/24 dev brq1 proto kernel scope link src 10.0.0.5',
        '192.168.5.0/24 via 10.0.0.1 dev brq1',
      ]);
      const rules = await iptablesRules(ns);
      expect(rules).toEqual(
        expect.arrayContaining([
          '-A FORWARD -j nova-filter-top',
          '-A FORWARD -j osvif-FORWARD',
          '-A osvif-FORWARD -i brq1 -j ACCEPT',
          '-A osvif-FORWARD -o brq1 -j ACCEPT',
          '-A osvif-FORWARD -o brq1 -j DROP',
        ]),
      );
    });
  });

  it('re-plugging (same or a new process) changes nothing and does not rewrite iptables', async () => {
    await withNetns(async (ns) => {
      await physicalInterface(ns);
      const vif = bridgeVif({ bridgeInterface: 'eth9' });
      const rt = await runtimeIn(ns);
      await rt.plug(vif, INSTANCE);
      const first = await hostState(ns);
      const commands: Array<{ file: string; args: readonly string[] }> = [];
      const rt2 = await runtimeIn(ns, {}, { commands });
      try {
        await rt.plug(vif, INSTANCE);
        await rt2.plug(vif, INSTANCE);
      } finally {
        await rt.close();
        await rt2.close();
      }
      expect(await hostState(ns)).toEqual(first);
      expect(commands.map((c) => c.file)).toContain('iptables-save');
      expect(commands.map((c) => c.file)).not.toContain('iptables-restore');
    });
  });
});
