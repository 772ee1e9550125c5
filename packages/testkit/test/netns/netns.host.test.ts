// The namespace harness: unique names, isolation, and removal in every case
// (normal end, failure, a test that never finished, a crashed earlier run).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createNetns, disposeAllNetns, liveNetnsNames, NETNS_PREFIX, sweepStaleNetns, withNetns } from '@osvif/testkit';

afterAll(disposeAllNetns);

const ip = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => execFile('ip', args, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr })));

it('creates a uniquely named namespace, isolated from the host, and removes it', async () => {
  const a = await createNetns({ agent: false });
  const b = await createNetns({ agent: false });
  expect(a.name).toMatch(new RegExp(`^${NETNS_PREFIX}${process.pid}-`));
  expect(a.name).not.toBe(b.name);
  expect(existsSync(a.path)).toBe(true);
  // a fresh namespace has only lo
  expect(JSON.parse(await a.check('ip', ['-j', 'link', 'show'])).map((l: { ifname: string }) => l.ifname)).toEqual(['lo']);
  await a.check('ip', ['link', 'add', 'isolated0', 'type', 'bridge']);
  expect((await ip(['link', 'show', 'dev', 'isolated0'])).code).not.toBe(0); // not in the host namespace
  expect((await b.exec('ip', ['link', 'show', 'dev', 'isolated0'])).exitCode).not.toBe(0);
  await a.dispose();
  await a.dispose(); // idempotent
  await b.dispose();
  expect(existsSync(a.path)).toBe(false);
  expect(existsSync(b.path)).toBe(false);
  expect(liveNetnsNames()).not.toContain(a.name);
});

it('exec resolves with the exit code and output; check throws on failure', async () => {
  await withNetns(
    async (ns) => {
      expect(await ns.exec('sh', ['-c', 'echo out; echo err >&2; exit 3'])).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
      await expect(ns.check('false', [])).rejects.toThrow(/exit 1/);
    },
    { agent: false },
  );
});

it('withNetns removes the namespace and stops the agent when the body fails', async () => {
  let path = '';
  let agentPid = 0;
  const err = await withNetns(async (ns) => {
    path = ns.path;
    agentPid = ns.agent.pid!;
    await ns.links.createBridge('willgo');
    throw new Error('test body failed');
  }).catch((e: unknown) => e);
  expect((err as Error).message).toBe('test body failed');
  expect(existsSync(path)).toBe(false);
  expect(() => process.kill(agentPid, 0)).toThrow();
});

it('disposeAllNetns removes namespaces a timed-out test never disposed', async () => {
  const ns = await createNetns({ agent: false });
  expect(liveNetnsNames()).toContain(ns.name);
  await disposeAllNetns();
  expect(existsSync(ns.path)).toBe(false);
  expect(liveNetnsNames()).toEqual([]);
});

it('the sweep removes osvif-test-* namespaces of dead processes, never those of live ones', async () => {
  const dead = await new Promise<number>((resolve) => {
    const child = execFile('true', [], () => resolve(child.pid!));
  });
  const stale = `${NETNS_PREFIX}${dead}-stale-0`;
  expect((await ip(['netns', 'add', stale])).code).toBe(0);
  const mine = await createNetns({ agent: false });
  try {
    const removed = await sweepStaleNetns({ createdBefore: Date.now() + 60_000 });
    expect(removed).toContain(stale);
    expect(existsSync(`/run/netns/${stale}`)).toBe(false);
    expect(existsSync(mine.path)).toBe(true);
  } finally {
    await ip(['netns', 'del', stale]);
    await mine.dispose();
  }
});

it('without an agent, the link helpers say so', async () => {
  await withNetns(
    async (ns) => {
      expect(() => ns.links).toThrow(/without an agent/);
    },
    { agent: false },
  );
});
