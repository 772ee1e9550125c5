// The iptables manager alone against the real iptables (nft backend) inside
// fresh namespaces: other tables and foreign rules untouched, counters kept,
// rules of an earlier process adopted, a failed restore changes nothing.
import { HostCommandFailedError, LockService } from '@osvif/sdk';
import { KeyedMutex } from '@osvif/runtime';
import { disposeAllNetns, NetnsCommandRunner, TestNetns, withNetns } from '@osvif/testkit';
import { IptablesManager } from '../../src/iptables';
import { iptablesRules } from '../helpers';

afterAll(disposeAllNetns);

const locks: LockService = new KeyedMutex();

function managerIn(ns: TestNetns, o: Partial<ConstructorParameters<typeof IptablesManager>[0]> = {}): IptablesManager {
  return new IptablesManager({ binaryName: 'osvif', runner: new NetnsCommandRunner(ns.name), locks, attempts: 1, ...o });
}

async function withCounters(ns: TestNetns): Promise<string> {
  return ns.check('iptables-save', ['-c']);
}

describe('IptablesManager on real iptables', () => {
  it('leaves other tables and foreign rules (with their counters) alone and keeps its own counters', async () => {
    await withNetns(async (ns) => {
      await ns.check('ip6tables', ['-A', 'FORWARD', '-i', 'foreign6', '-j', 'ACCEPT']);
      const seeded = [
        '*raw',
        ':PREROUTING ACCEPT [0:0]',
        ':OUTPUT ACCEPT [0:0]',
        '[7:700] -A PREROUTING -i foreign1 -j NOTRACK',
        'COMMIT',
        '*filter',
        ':INPUT ACCEPT [0:0]',
        ':FORWARD ACCEPT [0:0]',
        ':OUTPUT ACCEPT [0:0]',
        '[5:500] -A FORWARD -i foreign0 -j ACCEPT',
        'COMMIT',
        '',
      ].join('\n');
      await ns.exec('iptables-restore', ['-c'], { input: seeded });
      const rawBefore = (await withCounters(ns)).split('*raw')[1]!.split('COMMIT')[0];
      const m = managerIn(ns, { useIpv6: true });
      expect((await m.ensureBridgeFiltering('brq1', true)).result.restored).toEqual([4, 6]);
      const after = await withCounters(ns);
      expect(after.split('*raw')[1]!.split('COMMIT')[0]).toBe(rawBefore);
      expect(after).toContain('[5:500] -A FORWARD -i foreign0 -j ACCEPT');
      const v4 = await iptablesRules(ns);
      const forward = v4.filter((l) => l.startsWith('-A FORWARD'));
      expect(forward).toEqual(['-A FORWARD -j nova-filter-top', '-A FORWARD -j osvif-FORWARD', '-A FORWARD -i foreign0 -j ACCEPT']);
      const v6 = await iptablesRules(ns, 'ip6tables-save');
      expect(v6.filter((l) => l.startsWith('-A FORWARD'))).toEqual([
        '-A FORWARD -j nova-filter-top',
        '-A FORWARD -j osvif-FORWARD',
        '-A FORWARD -i foreign6 -j ACCEPT',
      ]);
      // Counters on our rules survive re-application (os-vif resets all but the top rules).
      const counted = (await withCounters(ns)).replace(
        '[0:0] -A osvif-FORWARD -i brq1 -j ACCEPT',
        '[3:300] -A osvif-FORWARD -i brq1 -j ACCEPT',
      );
      await ns.exec('iptables-restore', ['-c'], { input: counted });
      expect((await managerIn(ns).ensureBridgeFiltering('brq2', true)).result.restored).toEqual([4]);
      expect(await withCounters(ns)).toContain('[3:300] -A osvif-FORWARD -i brq1 -j ACCEPT');
    });
  });

  it("a second process adopts the first one's rules; a failing restore changes nothing and is typed", async () => {
    await withNetns(async (ns) => {
      await managerIn(ns).ensureBridgeFiltering('brA', true);
      await managerIn(ns).ensureBridgeFiltering('brB', false);
      const rules = await iptablesRules(ns);
      expect(rules.filter((l) => l.startsWith('-A osvif-FORWARD'))).toEqual([
        '-A osvif-FORWARD -i brA -j ACCEPT',
        '-A osvif-FORWARD -o brA -j ACCEPT',
        '-A osvif-FORWARD -o brA -j DROP',
        '-A osvif-FORWARD -i brB -j DROP',
        '-A osvif-FORWARD -o brB -j DROP',
      ]);
      const broken = managerIn(ns, { dropAction: 'NO-SUCH-CHAIN' });
      const err = await broken.ensureBridgeFiltering('brC', true).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HostCommandFailedError);
      expect(err).toMatchObject({ file: 'iptables-restore' });
      expect((err as HostCommandFailedError).stderr).toMatch(/NO-SUCH-CHAIN/);
      expect(await iptablesRules(ns)).toEqual(rules);
      expect(broken.ipv4.filter.rules.some((r) => r.rule.includes('brC'))).toBe(false);
    });
  });
});
