// The rtnetlink socket on a worker thread (src/host/netlink/worker/): a slow kernel call blocks the worker,
// not the caller's event loop, and a process never crashes on the way out. The `netlink` addon crashes the
// process (SIGSEGV, or SIGABRT) when a worker's environment is torn down with its socket open, which includes
// the process simply exiting: the socket is closed in the worker first (close(), and an 'exit' hook).
// Each case runs the BUILT runtime in a process of its own inside a fresh namespace (links-child.js).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { createNetns, disposeAllNetns, TestNetns } from '@osvif/testkit';
import { ipLinkNames } from './helpers';

const CHILD = join(__dirname, 'links-child.js');
afterAll(disposeAllNetns);

function child(
  ns: TestNetns,
  mode: string,
  args: unknown,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = execFile(
      'ip',
      ['netns', 'exec', ns.name, process.execPath, CHILD, mode, JSON.stringify(args)],
      { timeout: 60_000, encoding: 'utf8' },
      (_e, stdout, stderr) => resolve({ code: p.exitCode, signal: p.signalCode, stdout, stderr }),
    );
  });
}

async function bridges(ns: TestNetns, prefix: string, n: number): Promise<string[]> {
  const names = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const batch = names.flatMap((name, i) => [`link add ${name} type bridge`, `link set ${name} alias osvif:ovs:${prefix}-${i}`]);
  await ns.exec('ip', ['-batch', '-'], { input: `${batch.join('\n')}\n` });
  return names;
}

let ns: TestNetns;
beforeEach(async () => {
  ns = await createNetns({ agent: false });
});
afterEach(async () => ns.dispose());

describe.each(['split', 'worker'])('a process with kernel requests in flight on the worker (thread: %s) exits cleanly', (thread) => {
  it.each([
    ['process.exit(0)', 'exit', 0],
    ['NetlinkLinkApi.close()', 'close', 0],
    ['an uncaught exception', 'throw', 1],
    ['the end of the event loop (nothing closed)', 'none', 0],
  ])('%s', async (_label, how, code) => {
    const names = await bridges(ns, 'eb', 20);
    const r = await child(ns, 'exit-in-flight', { names, how, thread });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(code);
    expect(r.stderr).not.toMatch(/Segmentation|terminate called|Aborted/);
    if (how === 'throw') expect(r.stderr).toContain('thrown on purpose');
  });
});

it('closing the runtime with requests in flight: the close() of its container (as OsVifRuntime.close() does) closes the worker socket, the process exits 0', async () => {
  const names = await bridges(ns, 'rb', 20);
  const r = await child(ns, 'runtime-close', { names });
  expect(r).toMatchObject({ signal: null, code: 0 });
  expect(r.stdout).toContain('closed');
});

it('the event loop keeps running during a 50-bridge group delete (default transport; generous bound: max delay < 100 ms)', async () => {
  const names = await bridges(ns, 'lb', 50);
  const r = await child(ns, 'lag', { names });
  expect(r).toMatchObject({ signal: null, code: 0 });
  const d = JSON.parse(r.stdout) as { results: boolean[]; ms: number; maxLagMs: number; stats: { groups: number }; batches: number[] };
  expect(d.results).toEqual(Array(50).fill(true));
  expect(d.stats.groups).toBe(1);
  // osvif:netlink:batch in the main thread: the 50 lookups sent from it, and the worker's 50 marks + 1 group
  // delete, forwarded from the worker thread (the daemon's netlink batch metric).
  expect(d.batches).toEqual(expect.arrayContaining([50, 51]));
  // The kernel took hundreds of ms (a bridge costs ~17 ms even in a group); the loop never waited for it.
  expect(d.maxLagMs).toBeLessThan(100);
  expect((await ipLinkNames(ns)).filter((n) => n.startsWith('lb'))).toEqual([]);
});

it('the default (split) transport: lookups leave from the caller thread, except while a delete is outstanding on the worker', async () => {
  const names = await bridges(ns, 'sb', 30);
  const r = await child(ns, 'split', { names });
  expect(r).toMatchObject({ signal: null, code: 0 });
  type Counts = { local: number; worker: number };
  const d = JSON.parse(r.stdout) as { before: Counts; afterDuring: Counts; idle: Counts; after: Counts; during: boolean[] };
  expect(d.during).toEqual([true, true, true]);
  // The batch's lookups went from this thread; the marks and the group delete (one requestAll) through the worker.
  expect(d.idle.worker).toBe(1 + 3);
  expect(d.afterDuring.worker - 1).toBe(3); // the three lookups made while the group delete was with the kernel
  expect(d.after.local).toBe(d.idle.local + 1); // idle again: a lookup leaves from this thread
});
