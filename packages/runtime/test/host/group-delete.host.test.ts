// Batched link deletion (src/host/netlink/group-delete.ts): deletes made together are one RTM_DELLINK of a
// device group, for exactly the links read with an osvif mark. Each case runs the BUILT NetlinkLinkApi in a
// process of its own inside a fresh namespace (links-child.js), and checks the result with iproute2.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createNetns, disposeAllNetns, TestNetns } from '@osvif/testkit';
import { ipLink, ipLinkNames } from './helpers';

const CHILD = join(__dirname, 'links-child.js');
afterAll(disposeAllNetns);

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: unknown[];
  stderr: string;
}
interface Deleted {
  results: boolean[];
  ms: number;
  maxLagMs: number;
  stats: { groups: number; grouped: number; single: number };
}

/** Runs links-child.js in the namespace; `onLine` may kill it, and so does `killAfterMs`. */
function child(
  ns: TestNetns,
  mode: string,
  args: unknown,
  onLine?: (line: string, kill: () => void) => void,
  killAfterMs?: number,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn('ip', ['netns', 'exec', ns.name, process.execPath, CHILD, mode, JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: unknown[] = [];
    let stderr = '';
    let buf = '';
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        lines.push(JSON.parse(line));
        onLine?.(line, () => p.kill('SIGKILL'));
      }
    });
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), killAfterMs ?? 60_000);
    p.on('error', reject);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, lines, stderr });
    });
  });
}

const ip = (ns: TestNetns, ...args: string[]): Promise<string> => ns.check('ip', args);
async function veth(ns: TestNetns, a: string, b: string, alias?: string): Promise<void> {
  await ip(ns, 'link', 'add', a, 'type', 'veth', 'peer', 'name', b);
  if (alias) await ip(ns, 'link', 'set', a, 'alias', alias);
}
async function bridge(ns: TestNetns, name: string, alias?: string): Promise<void> {
  await ip(ns, 'link', 'add', name, 'type', 'bridge');
  if (alias) await ip(ns, 'link', 'set', name, 'alias', alias);
}
const group = async (ns: TestNetns, name: string): Promise<string | undefined> =>
  (await ipLink(ns, name)) && (JSON.parse(await ip(ns, '-d', '-j', 'link', 'show', 'dev', name)) as { group?: string }[])[0].group;

describe('one group delete for deletes made together', () => {
  let ns: TestNetns;
  beforeEach(async () => {
    ns = await createNetns({ agent: false });
  });
  afterEach(async () => ns.dispose());

  it('removes exactly the marked links; foreign links (default group, another group, unmarked or marked otherwise) stay', async () => {
    for (let i = 0; i < 6; i++) await veth(ns, `gva${i}`, `gvb${i}`, `osvif:ovs:vif-${i}`);
    for (let i = 0; i < 3; i++) await bridge(ns, `gbr${i}`, `osvif:ovs:vif-${i}`);
    // Bystanders that nobody asks to delete: same default group 0, an admin's group, a marked one of ours.
    await veth(ns, 'fa0', 'fb0');
    await bridge(ns, 'fbr0', 'not-osvif');
    await bridge(ns, 'fbr1');
    await ip(ns, 'link', 'set', 'fbr1', 'group', '7');
    await veth(ns, 'keep0', 'keep0p', 'osvif:ovs:vif-kept');
    const names = [...[0, 1, 2, 3, 4, 5].map((i) => `gva${i}`), 'gbr0', 'gbr1', 'gbr2', 'gabsent0'];
    const r = await child(ns, 'delete', { names });
    expect(r).toMatchObject({ code: 0, signal: null });
    const d = r.lines[0] as Deleted;
    expect(d.results).toEqual([true, true, true, true, true, true, true, true, true, false]);
    expect(d.stats).toEqual({ groups: 1, grouped: 9, single: 0 });
    expect(await ipLinkNames(ns)).toEqual(['fa0', 'fb0', 'fbr0', 'fbr1', 'keep0', 'keep0p', 'lo']);
    expect(await group(ns, 'fbr1')).toBe('7');
    for (const n of ['fa0', 'fbr0', 'keep0']) expect(await group(ns, n)).toBe('default');
  });

  it('an unmarked link asked for is deleted by name, never put in the group; both ends of a pair asked for count as deleted', async () => {
    await veth(ns, 'ua0', 'ub0'); // unmarked: a host that moved from os-vif
    await veth(ns, 'ma0', 'mb0', 'osvif:ovs:vif-a');
    await bridge(ns, 'mbr0', 'osvif:ovs:vif-a');
    await ip(ns, 'link', 'set', 'mb0', 'alias', 'osvif:ovs:vif-a');
    const r = await child(ns, 'delete', { names: ['ua0', 'ma0', 'mb0', 'mbr0'] });
    const d = r.lines[0] as Deleted;
    expect(d.results).toEqual([true, true, true, true]);
    expect(d.stats).toEqual({ groups: 1, grouped: 2, single: 1 }); // ma0 + mbr0 grouped, mb0 rode with ma0
    expect(await ipLinkNames(ns)).toEqual(['lo']);
  });

  it('concurrent batches of several processes delete only their own links', async () => {
    const procs = 3;
    const per = 12;
    for (let p = 0; p < procs; p++) {
      for (let i = 0; i < per; i++) await veth(ns, `c${p}a${i}`, `c${p}b${i}`, `osvif:ovs:p${p}-${i}`);
      await veth(ns, `c${p}keep`, `c${p}keepp`, `osvif:ovs:p${p}-keep`); // marked, not asked for
    }
    const runs = await Promise.all(
      Array.from({ length: procs }, (_, p) => child(ns, 'delete', { names: Array.from({ length: per }, (__, i) => `c${p}a${i}`) })),
    );
    for (const r of runs) {
      expect(r).toMatchObject({ code: 0, signal: null });
      expect((r.lines[0] as Deleted).results).toEqual(Array(per).fill(true));
      expect((r.lines[0] as Deleted).stats.groups).toBe(1);
    }
    expect(await ipLinkNames(ns)).toEqual(['c0keep', 'c0keepp', 'c1keep', 'c1keepp', 'c2keep', 'c2keepp', 'lo']);
  });

  it('links a killed process left in a group (marked, not deleted) are removed by the next delete; others of that group stay', async () => {
    const g = 1234567890;
    await veth(ns, 'ka0', 'kb0', 'osvif:ovs:vif-k');
    await bridge(ns, 'kbr0', 'osvif:ovs:vif-k');
    const r = await child(ns, 'mark', { names: ['ka0', 'kbr0'], group: g }, (line, kill) => line.includes('marked') && kill());
    expect(r.signal).toBe('SIGKILL');
    expect(await group(ns, 'ka0')).toBe(String(g));
    expect(await group(ns, 'kbr0')).toBe(String(g));
    // A foreign link an admin put in the same group later: the stale id must never be used to delete.
    await bridge(ns, 'other0');
    await ip(ns, 'link', 'set', 'other0', 'group', String(g));
    const d = (await child(ns, 'delete', { names: ['ka0', 'kbr0'] })).lines[0] as Deleted;
    expect(d.results).toEqual([true, true]);
    expect(await ipLinkNames(ns)).toEqual(['lo', 'other0']);
  });

  it('a process killed during a group delete: the kernel finishes the whole batch (all or nothing), nothing else goes', async () => {
    for (let i = 0; i < 40; i++) await bridge(ns, `xbr${i}`, `osvif:ovs:x${i}`);
    await bridge(ns, 'xkeep', 'osvif:ovs:keep');
    const names = Array.from({ length: 40 }, (_, i) => `xbr${i}`);
    // The child starts the batch (bridges take ~17 ms each in one group delete) and is killed 400 ms after its start
    // (a node start-up is ~100-200 ms here, so it is killed before the batch, during it or after it).
    const r = await child(ns, 'delete', { names }, undefined, 400);
    expect(r.signal).toBe('SIGKILL');
    const left = await ipLinkNames(ns);
    const batchLeft = left.filter((n) => /^xbr\d+$/.test(n));
    expect([0, 40]).toContain(batchLeft.length);
    expect(left).toContain('xkeep');
  });
});
