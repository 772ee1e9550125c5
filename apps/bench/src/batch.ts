// Benchmark: the kernel's batched floors, no plugin. 50 veth pairs, 50 bridges and 50 hybrid VIFs' links
// (bridge + veth, configured and marked as a hybrid plug leaves them), created and deleted one by one and
// together (one sendmsg for the creations; one group delete, RTM_DELLINK by IFLA_GROUP, for the deletions),
// by osvif's NetlinkLinkApi inside a fresh namespace; and how long the caller's event loop waits meanwhile,
// with the socket on the worker thread (the default) and in the caller's thread.
//
// This file is both the bench module (run) and its worker (`node batch.js --worker ROUNDS`).
import { execFile } from 'node:child_process';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createNetns } from '@osvif/testkit';
import { BenchRow, BenchSection, median } from './types';

const N = 50;
type Samples = Record<string, number[]>;
type Links = import('@osvif/runtime').NetlinkLinkApi;

const BRIDGE = { forwardDelay: 0, stp: false, multicastSnooping: false, ageingTime: 0 } as const;
const mark = (i: number): string => `osvif:ovs:bench-${i}`;

/** Times `fn`; also the caller's largest event-loop delay meanwhile (ms). */
async function timed(fn: () => Promise<unknown>): Promise<{ ms: number; lagMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  h.disable();
  return { ms, lagMs: h.max / 1e6 };
}

const all = (n: number, f: (i: number) => Promise<unknown>): Promise<unknown> => Promise.all(Array.from({ length: n }, (_, i) => f(i)));
async function each(n: number, f: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < n; i++) await f(i);
}

/** A hybrid VIF's links as its plug leaves them: bridge up, veth ends up + promiscuous, qvb enslaved, all marked. */
async function hybridLinks(links: Links, i: number): Promise<void> {
  const [br, qvb, qvo] = [`qbr${i}`, `qvb${i}`, `qvo${i}`];
  await Promise.all([links.createBridge(br, BRIDGE), links.createVeth(qvb, qvo)]);
  await Promise.all([
    links.set(qvb, { up: true, promisc: true, master: br, alias: mark(i) }),
    links.set(qvo, { up: true, promisc: true, alias: mark(i) }),
    links.set(br, { up: true, alias: mark(i) }),
  ]);
}

async function worker(rounds: number): Promise<Samples> {
  const { NetlinkLinkApi } = await import('@osvif/runtime');
  const links = new NetlinkLinkApi();
  const caller = new NetlinkLinkApi({ thread: 'caller' });
  const out: Samples = {};
  const add = (k: string, v: number): void => void (out[k] ??= []).push(v);
  const veth = (i: number): Promise<void> => links.createVeth(`va${i}`, `vb${i}`).then(() => links.set(`va${i}`, { alias: mark(i) }));
  const bridge = (i: number): Promise<void> => links.createBridge(`br${i}`, BRIDGE).then(() => links.set(`br${i}`, { alias: mark(i) }));
  try {
    await links.exists('lo'); // the worker is up before anything is timed
    await caller.exists('lo');
    for (let r = 0; r < rounds; r++) {
      // veth pairs
      add('veth create one by one', (await timed(() => each(N, veth))).ms);
      add('veth delete one by one', (await timed(() => each(N, (i) => links.delete(`va${i}`)))).ms);
      add('veth create together', (await timed(() => all(N, veth))).ms);
      add('veth delete as one group', (await timed(() => all(N, (i) => links.deleteIfExists(`va${i}`)))).ms);
      // bridges
      add('bridge create one by one', (await timed(() => each(N, bridge))).ms);
      add('bridge delete one by one', (await timed(() => each(N, (i) => links.delete(`br${i}`)))).ms);
      add('bridge create together', (await timed(() => all(N, bridge))).ms);
      const g = await timed(() => all(N, (i) => links.deleteIfExists(`br${i}`)));
      add('bridge delete as one group', g.ms);
      add('lag worker', g.lagMs);
      await all(N, bridge);
      const c = await timed(() => all(N, (i) => caller.deleteIfExists(`br${i}`)));
      add('lag caller', c.lagMs);
      // hybrid VIFs' links: one VIF after the other (bridge then veth by name, as os-vif; or one group per VIF),
      // then 50 together
      await all(N, (i) => hybridLinks(links, i));
      add(
        'hybrid delete one by one',
        (await timed(() => each(N, async (i) => (await links.delete(`qbr${i}`), await links.delete(`qvo${i}`))))).ms,
      );
      await all(N, (i) => hybridLinks(links, i));
      add(
        'hybrid delete group per VIF',
        (await timed(() => each(N, (i) => all(2, (k) => links.deleteIfExists(k ? `qvo${i}` : `qbr${i}`))))).ms,
      );
      add('hybrid create together', (await timed(() => all(N, (i) => hybridLinks(links, i)))).ms);
      add(
        'hybrid delete as one group',
        (await timed(() => all(N, (i) => all(2, (k) => links.deleteIfExists(k ? `qvo${i}` : `qbr${i}`))))).ms,
      );
    }
  } finally {
    links.close();
    caller.close();
  }
  return out;
}

function runJson(file: string, args: readonly string[]): Promise<Samples> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: 900_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${file} ${args.slice(0, 4).join(' ')} failed: ${stderr || err.message}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as Samples);
    });
  });
}

export async function run({ quick }: { quick: boolean }): Promise<BenchSection> {
  if (!__filename.endsWith('.js')) throw new Error('the batch bench runs from the built output (node apps/bench/dist/main.js batch)');
  const rounds = quick ? 2 : 5;
  const ns = await createNetns({ agent: false });
  let s: Samples;
  try {
    s = await runJson('ip', ['netns', 'exec', ns.name, process.execPath, __filename, '--worker', String(rounds)]);
  } finally {
    await ns.dispose();
  }
  const m = (k: string): number => median(s[k]);
  /** Two rows: one by one, then batched with how many times faster. */
  const pair = (label: string, key: string, batched: string, how: string): BenchRow[] => [
    { name: `${label}, one by one`, osvif: m(`${key} one by one`), unit: 'ms' },
    {
      name: `${label}, ${batched}`,
      osvif: m(`${key} ${batched}`),
      unit: 'ms',
      note: `${(m(`${key} one by one`) / m(`${key} ${batched}`)).toFixed(1)}× faster${how ? ` ${how}` : ''}`,
    },
  ];
  const rows: BenchRow[] = [
    ...pair('50 veth pairs created', 'veth create', 'together', 'in one sendmsg'),
    ...pair('50 veth pairs deleted', 'veth delete', 'as one group', ''),
    ...pair('50 bridges created', 'bridge create', 'together', 'in one sendmsg'),
    ...pair('50 bridges deleted', 'bridge delete', 'as one group', ''),
  ];
  rows.push(
    { name: '50 hybrid VIFs: bridge + veth deleted VIF after VIF, one by one', osvif: m('hybrid delete one by one'), unit: 'ms' },
    {
      name: '50 hybrid VIFs: bridge + veth deleted VIF after VIF, one group per VIF',
      osvif: m('hybrid delete group per VIF'),
      unit: 'ms',
      note: `${(m('hybrid delete one by one') / m('hybrid delete group per VIF')).toFixed(2)}× faster; ${(m('hybrid delete group per VIF') / N).toFixed(1)} ms per VIF`,
    },
    { name: '50 hybrid VIFs: links created and configured together', osvif: m('hybrid create together'), unit: 'ms' },
    {
      name: '50 hybrid VIFs: bridges + veths deleted as one group',
      osvif: m('hybrid delete as one group'),
      unit: 'ms',
      note: `${(m('hybrid delete one by one') / m('hybrid delete as one group')).toFixed(1)}× faster than one by one; create + delete: ${((N * 1000) / (m('hybrid create together') + m('hybrid delete as one group'))).toFixed(0)} VIF/s`,
    },
    {
      name: 'event-loop max delay during the 50-bridge group delete, socket on the worker thread (default)',
      osvif: m('lag worker'),
      unit: 'ms',
    },
    { name: 'event-loop max delay during the 50-bridge group delete, socket in the caller thread', osvif: m('lag caller'), unit: 'ms' },
  );
  return {
    title: 'Kernel floors: links created and deleted one by one and batched (no plugin)',
    rows,
    notes: [
      `osvif's NetlinkLinkApi in a process of its own inside a fresh namespace, ${rounds} rounds, medians. "One by one": each call awaited before the next (RTM_DELLINK by name for deletes). "Together": all calls issued at once (creations go in one sendmsg). "As one group": deleteIfExists of every link at once, which marks the links (read with their osvif mark) with a group id reserved for the batch and deletes the group in one RTM_DELLINK (IFLA_GROUP): one unregister_netdevice_many. Hybrid links: bridge qbr, veth qvb/qvo, qvb enslaved, all up, veth ends promiscuous, all marked, as a hybrid plug leaves them.`,
      'Event-loop delay: perf_hooks.monitorEventLoopDelay (1 ms resolution) of the process issuing the deletes, maximum over the group delete.',
    ],
  };
}

if (require.main === module && process.argv[2] === '--worker') {
  worker(Number(process.argv[3])).then(
    (res) => {
      process.stdout.write(`${JSON.stringify(res)}\n`);
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
}
