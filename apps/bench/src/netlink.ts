// Benchmark: median cost of each link operation, osvif's NetlinkLinkApi
// beside os-vif 3.0.0's os_vif.internal.ip.api (pyroute2), measured in the
// same run, each inside its own fresh network namespace.
//
// Both sides run IN the namespace (a child process started with
// `ip netns exec`), in-process, with the same sequence of operations.
// This file is both the bench module (run) and the osvif worker
// (`node netlink.js --worker N`, started by run()).
import { execFile } from 'node:child_process';
import { createNetns } from '@osvif/testkit';
import { BenchRow, BenchSection, median } from './types';

type Samples = Record<string, number[]>;

/** The iproute2 row of the worker (osvif side only). */
const IP_GET = 'get via ip(8)';

function execFileP(file: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => execFile(file, [...args], (err) => (err ? reject(err) : resolve())));
}

const OPS = ['create bridge', 'create veth', 'set mtu', 'set up', 'set master', 'exists', 'get', 'delete veth', 'delete bridge'] as const;
/** What each row means on the os-vif side (os_vif.internal.ip.api.ip). */
const PY_EQUIV: Record<(typeof OPS)[number], string> = {
  'create bridge': "ip.add(br, 'bridge', ageing=0)",
  'create veth': "ip.add(a, 'veth', peer=b)",
  'set mtu': 'ip.set(a, mtu=1400)',
  'set up': "ip.set(a, state='up')",
  'set master': 'ip.set(a, master=br)',
  exists: 'ip.exists(a)',
  get: "IPRoute().link('get', ifname=a) (os-vif has no get; a fresh socket per call, as os-vif does)",
  'delete veth': 'ip.delete(a)',
  'delete bridge': 'ip.delete(br)',
};

// os_vif.internal refuses imports from outside its site-packages directory
// (ExternalImport); compiling the driver under a file name there passes that
// check without modifying os-vif.
const PYTHON_DRIVER = `
import json, sys, time
BODY = r'''
from os_vif.internal.ip import api
from pyroute2 import IPRoute
ip = api.ip
n, warm = int(sys.argv[1]), int(sys.argv[2])
res = {k: [] for k in ${JSON.stringify(OPS)}}
def t(key, i, fn):
    s = time.perf_counter(); fn(); d = (time.perf_counter() - s) * 1000
    if i >= warm: res[key].append(d)
def get(name):
    with IPRoute() as r: return r.link('get', ifname=name)
for i in range(n + warm):
    br, a, b = 'pb%d' % i, 'pa%d' % i, 'pv%d' % i
    t('create bridge', i, lambda: ip.add(br, 'bridge', ageing=0))
    t('create veth', i, lambda: ip.add(a, 'veth', peer=b))
    t('set mtu', i, lambda: ip.set(a, mtu=1400))
    t('set up', i, lambda: ip.set(a, state='up'))
    t('set master', i, lambda: ip.set(a, master=br))
    t('exists', i, lambda: ip.exists(a))
    t('get', i, lambda: get(a))
    t('delete veth', i, lambda: ip.delete(a))
    t('delete bridge', i, lambda: ip.delete(br))
print(json.dumps(res))
'''
exec(compile(BODY, '/usr/lib/python3/dist-packages/osvif_bench_netlink.py', 'exec'))
`;

async function worker(n: number, warm: number): Promise<Samples> {
  // Loaded here so that importing this module for run() stays cheap.
  const { NetlinkLinkApi } = await import('@osvif/runtime');
  const api = new NetlinkLinkApi();
  const res: Samples = Object.fromEntries([...OPS, IP_GET].map((k) => [k, []]));
  const t = async (key: string, i: number, fn: () => Promise<unknown>): Promise<void> => {
    const s = process.hrtime.bigint();
    await fn();
    const d = Number(process.hrtime.bigint() - s) / 1e6;
    if (i >= warm) res[key].push(d);
  };
  for (let i = 0; i < n + warm; i++) {
    const [br, a, b] = [`ob${i}`, `oa${i}`, `ov${i}`];
    await t('create bridge', i, () => api.createBridge(br, { forwardDelay: 0, stp: false, multicastSnooping: false, ageingTime: 0 }));
    await t('create veth', i, () => api.createVeth(a, b));
    await t('set mtu', i, () => api.set(a, { mtu: 1400 }));
    await t('set up', i, () => api.set(a, { up: true }));
    await t('set master', i, () => api.set(a, { master: br }));
    await t('exists', i, () => api.exists(a));
    await t('get', i, () => api.get(a));
    // The route without an addon: iproute2 run per call (what a runtime without AF_NETLINK sockets would do).
    await t(IP_GET, i, () => execFileP('ip', ['-j', 'link', 'show', 'dev', a]));
    await t('delete veth', i, () => api.delete(a));
    await t('delete bridge', i, () => api.delete(br));
  }
  api.close();
  return res;
}

function runJson(file: string, args: readonly string[]): Promise<Samples> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: 600_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${file} ${args.slice(0, 4).join(' ')} failed: ${stderr || err.message}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as Samples);
      } catch (e) {
        reject(new Error(`unparseable output from ${file}: ${stdout.slice(0, 500)}`));
      }
    });
  });
}

export async function run(options: { quick: boolean }): Promise<BenchSection> {
  const n = options.quick ? 10 : 40;
  const warm = 3;
  if (!__filename.endsWith('.js')) throw new Error('the netlink bench runs from the built output (node apps/bench/dist/main.js netlink)');
  const ours = await createNetns({ agent: false });
  const theirs = await createNetns({ agent: false });
  let osvif: Samples;
  let python: Samples;
  const agentExists: number[] = [];
  try {
    // Sequentially, so the two sides do not compete for the 2 cores.
    osvif = await runJson('ip', ['netns', 'exec', ours.name, process.execPath, __filename, '--worker', String(n), String(warm)]);
    python = await runJson('ip', ['netns', 'exec', theirs.name, '/usr/bin/python3', '-c', PYTHON_DRIVER, String(n), String(warm)]);
    // The agent seam: one exists() round trip from this process to an agent in the namespace.
    const withAgent = await createNetns();
    try {
      await withAgent.links.createBridge('seam0');
      for (let i = 0; i < n + warm; i++) {
        const s = process.hrtime.bigint();
        await withAgent.links.exists('seam0');
        if (i >= warm) agentExists.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
    } finally {
      await withAgent.dispose();
    }
  } finally {
    await ours.dispose();
    await theirs.dispose();
  }
  const rows: BenchRow[] = OPS.map((op) => ({
    name: op,
    osvif: median(osvif[op]),
    osvifPython: median(python[op]),
    unit: 'ms',
  }));
  rows.push({
    name: 'get by running `ip -j link show` (execFile, no addon)',
    osvif: median(osvif[IP_GET]),
    unit: 'ms',
    note: 'the alternative to an AF_NETLINK addon (README: dependencies)',
  });
  rows.push({
    name: 'exists through the agent seam (JSON over stdio)',
    osvif: median(agentExists),
    unit: 'ms',
    note: 'no os-vif equivalent',
  });
  return {
    title: 'Host links: netlink operations (median per call)',
    rows,
    notes: [
      `${n} samples per operation after ${warm} warm-up rounds; each side runs in-process inside its own fresh network namespace, one after the other.`,
      `osvif: NetlinkLinkApi (one reused rtnetlink socket). os-vif 3.0.0: os_vif.internal.ip.api.ip (pyroute2, a new socket per call): ${OPS.map((o) => `${o} = ${PY_EQUIV[o]}`).join('; ')}.`,
      'Deletes are dominated by the kernel (RCU synchronisation in unregister_netdevice), so their ratio is close to 1 by nature.',
    ],
  };
}

if (require.main === module && process.argv[2] === '--worker') {
  worker(Number(process.argv[3]), Number(process.argv[4])).then(
    (res) => process.stdout.write(`${JSON.stringify(res)}\n`),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
}
