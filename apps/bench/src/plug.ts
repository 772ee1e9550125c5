// Benchmark: plugging and unplugging whole VIFs, osvif beside os-vif 3.0.0
// (ovsdb_interface=native) in the same run, each in its own namespace with its
// own private userspace OVS, each running IN that namespace, in-process:
//   - os-vif: python/parity/osvif_runner.py (privsep in-process), timed in Python;
//   - osvif: this file as a worker (`ip netns exec NS node plug.js --worker`),
//     OsVifRuntime with the installed plugins (discovery), timed in Node.
// Also measures, in the osvif namespace, the floor the kernel sets: deleting a
// Linux bridge and a veth pair (what every hybrid unplug must do), one sample
// after each serial hybrid unplug.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { InstanceInfo, VIFBase } from '@osvif/objects';
import { createNetns, TestNetns } from '@osvif/testkit';
import { startPrivateOvs, PrivateOvs } from '@osvif/testkit';
import { hybridVif, instanceInfo, ovsVif } from '@osvif/conformance';
import { renderNovaConf } from '@osvif/conformance';
import { OsVifRunner, OS_VIF_3_0_0_MANIFEST } from '@osvif/conformance';
import { runWorkerIn, workerMain } from './ns-worker';
import { BenchRow, BenchSection, inLanes, median } from './types';

type Kind = 'generic' | 'hybrid';
const KINDS: readonly Kind[] = ['generic', 'hybrid'];
const IN_FLIGHT = 50;

/** Distinct VIFs per kind and phase (tag = first two hex digits of the id). */
function makeVif(kind: Kind, n: number, tag: string): VIFBase {
  return kind === 'generic' ? ovsVif({ n, idPrefix: tag, createPort: true }) : hybridVif({ n, idPrefix: tag });
}

const TAGS = { warm: 'a0', serialGeneric: 'a1', serialHybrid: 'a2', concGeneric: 'a3', concHybrid: 'a4', atOnce: 'a5' } as const;
const serialTag = (k: Kind): string => (k === 'generic' ? TAGS.serialGeneric : TAGS.serialHybrid);
const concTag = (k: Kind): string => (k === 'generic' ? TAGS.concGeneric : TAGS.concHybrid);

interface Serial {
  plug: number[];
  unplug: number[];
}

interface WorkerRequest {
  readonly configText: string;
  readonly n: number;
  readonly warmup: number;
  /** VIFs per kind for the timed throughput runs (after an untimed run of a tenth as many). */
  readonly concurrent: Record<Kind, number>;
  /** The private OVS's directory (pid files: CPU time of ovsdb-server and ovs-vswitchd). */
  readonly ovsDir: string;
  /** VIFs per kind plugged all at once (every plug in flight together), then unplugged all at once. */
  readonly atOnce: Record<Kind, number>;
}

/** CPU milliseconds spent during a run, per process, and what the OVSDB writes looked like. */
interface RunCost {
  /** VIFs (or add+del pairs) plugged and unplugged while measuring. */
  readonly vifs: number;
  readonly nodeMs: number;
  readonly ovsdbServerMs: number;
  readonly vswitchdMs: number;
  readonly transactions: number;
  readonly writes: number;
}

interface WorkerResult {
  readonly serial: Record<Kind, Serial>;
  /** Seconds to plug AND unplug `concurrent[kind]` VIFs with IN_FLIGHT operations in flight. */
  readonly concurrent: Record<Kind, number>;
  readonly concurrentCost: Record<Kind, RunCost>;
  readonly floor: { deleteBridge: number[]; deleteVeth: number[]; deleteGroup: number[] };
  /** Hybrid VIFs' links (bridge + veth as a hybrid plug leaves them) created and group-deleted, IN_FLIGHT at a time: VIF/s per round. */
  readonly batchedFloor: number[];
  /** Event-loop delay (ms) of the osvif process during the hybrid throughput run: p99 and max. */
  readonly hybridLag: { p99: number; max: number };
  /** Seconds to plug `atOnce[kind]` VIFs all at once, then to unplug them all at once. */
  readonly atOnce: Record<Kind, { plug: number; unplug: number }>;
  /** The OVSDB floor/ceiling: osvif's native driver alone (add-port / del-port applied by ovs-vswitchd). */
  readonly ovsdb: { add: number[]; del: number[]; pairsPerSecond50: number; cost: RunCost };
  /** Where a serial plug/unplug spends its time: LinkApi and OvsDriver calls, per kind and operation. */
  readonly profile: Record<string, ProfileEntry[]>;
}

interface ProfileEntry {
  readonly call: string;
  readonly perVif: number;
  readonly medianMs: number;
  readonly totalMsPerVif: number;
}

// ------------------------------------------------------------------ profiling (wraps the plugin's services)

type Calls = Map<string, number[]>;

/** A proxy timing every method call (sync or async) of `target` into `calls` under `prefix.method`. */
function timed<T extends object>(target: T, prefix: string, calls: { current?: Calls }): T {
  return new Proxy(target, {
    get(t, p, receiver) {
      const v = Reflect.get(t, p, receiver) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        const t0 = performance.now();
        const record = (): void => {
          const c = calls.current;
          if (c) c.set(`${prefix}.${String(p)}`, [...(c.get(`${prefix}.${String(p)}`) ?? []), performance.now() - t0]);
        };
        const r = (v as (...a: unknown[]) => unknown).apply(t, args);
        if (r instanceof Promise) return r.finally(record);
        record();
        return r;
      };
    },
  });
}

function summarise(calls: Calls, vifs: number): ProfileEntry[] {
  const whole = calls.get('(whole operation)');
  const head: ProfileEntry[] = whole
    ? [{ call: '(whole operation)', perVif: 1, medianMs: median(whole), totalMsPerVif: whole.reduce((a, b) => a + b, 0) / vifs }]
    : [];
  return [
    ...head,
    ...[...calls.entries()]
      .filter(([c]) => c !== '(whole operation)')
      .map(([call, xs]) => ({ call, perVif: xs.length / vifs, medianMs: median(xs), totalMsPerVif: xs.reduce((a, b) => a + b, 0) / vifs }))
      .sort((a, b) => b.totalMsPerVif - a.totalMsPerVif),
  ];
}

/** Serial plug/unplug of `n` VIFs per kind with every LinkApi / OvsDriver call timed (after the real measurements). */
async function profileRuns(configText: string, n: number): Promise<Record<string, ProfileEntry[]>> {
  const { Config, OsVifRuntime, NetlinkLinkApi, ProcSysctl, StreamLogger } = require('@osvif/runtime') as typeof import('@osvif/runtime');
  const calls: { current?: Calls } = {};
  const links = new NetlinkLinkApi();
  const runtime = new OsVifRuntime({
    config: Config.fromText(configText, 'bench.conf'),
    logger: new StreamLogger({ level: 'error', json: true, sink: { write: (l: string) => void process.stderr.write(l) } }),
    services: { linkApi: timed(links, 'link', calls), sysctl: timed(new ProcSysctl(), 'sysctl', calls) },
  });
  await runtime.initialize();
  // The OVS plugin creates its driver itself: wrap what its ovs() getter returns.
  const ovsPlugin = runtime.loadedPlugins().find((p) => p.name === 'ovs')?.instance as { ovs?: () => object } | undefined;
  if (ovsPlugin?.ovs) {
    const original = ovsPlugin.ovs.bind(ovsPlugin);
    const wrapped = new WeakMap<object, object>();
    ovsPlugin.ovs = () => {
      const d = original();
      if (!wrapped.has(d)) wrapped.set(d, timed(d, 'ovsdb', calls));
      return wrapped.get(d)!;
    };
  }
  const info = instanceInfo();
  const out: Record<string, ProfileEntry[]> = {};
  try {
    for (const k of KINDS) {
      const w = makeVif(k, 0x7000, TAGS.warm);
      await runtime.plug(w, info);
      await runtime.unplug(w, info);
      const plugCalls: Calls = new Map();
      const unplugCalls: Calls = new Map();
      const plugTimes: number[] = [];
      const unplugTimes: number[] = [];
      for (let i = 0; i < n; i++) {
        const v = makeVif(k, 0x6000 + i, serialTag(k));
        calls.current = plugCalls;
        let t0 = performance.now();
        await runtime.plug(v, info);
        plugTimes.push(performance.now() - t0);
        calls.current = unplugCalls;
        t0 = performance.now();
        await runtime.unplug(v, info);
        unplugTimes.push(performance.now() - t0);
        calls.current = undefined;
      }
      // The whole operation, measured in the same profiled run, as the first entry.
      plugCalls.set('(whole operation)', plugTimes);
      unplugCalls.set('(whole operation)', unplugTimes);
      out[`${k} plug`] = summarise(plugCalls, n);
      out[`${k} unplug`] = summarise(unplugCalls, n);
    }
  } finally {
    await runtime.close();
    await links.close();
  }
  return out;
}

// ------------------------------------------------------------------ worker (inside the namespace)

/** CPU seconds (user + system) of a process, from /proc (clock ticks of 1/100 s). */
function processCpuMs(pidFile: string): number {
  try {
    const pid = readFileSync(pidFile, 'utf8').trim();
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Starts measuring CPU time of this process and of the private OVS daemons; call the result to stop. */
function startCost(ovsDir: string, driverStats: () => { transactions: number; writes: number }, vifs: number): () => RunCost {
  const node0 = process.cpuUsage();
  const db0 = processCpuMs(`${ovsDir}/ovsdb-server.pid`);
  const vs0 = processCpuMs(`${ovsDir}/ovs-vswitchd.pid`);
  const s0 = driverStats();
  return () => {
    const node = process.cpuUsage(node0);
    const s1 = driverStats();
    return {
      vifs,
      nodeMs: (node.user + node.system) / 1000,
      ovsdbServerMs: processCpuMs(`${ovsDir}/ovsdb-server.pid`) - db0,
      vswitchdMs: processCpuMs(`${ovsDir}/ovs-vswitchd.pid`) - vs0,
      transactions: s1.transactions - s0.transactions,
      writes: s1.writes - s0.writes,
    };
  };
}

async function worker(req: WorkerRequest): Promise<WorkerResult> {
  // Required lazily: the orchestrator side of this module must not load the runtime.
  const { Config, OsVifRuntime, NetlinkLinkApi, StreamLogger } = require('@osvif/runtime') as typeof import('@osvif/runtime');
  // OSVIF_BENCH_NETLINK_THREAD=caller|worker|split compares the transports (default: the runtime's, split).
  const thread = process.env.OSVIF_BENCH_NETLINK_THREAD as 'split' | 'worker' | 'caller' | undefined;
  const runtime = new OsVifRuntime({
    config: Config.fromText(req.configText, 'bench.conf'),
    logger: new StreamLogger({ level: 'error', json: true, sink: { write: (l: string) => void process.stderr.write(l) } }),
    ...(thread ? { services: { netlinkThread: thread } } : {}),
  });
  await runtime.initialize();
  const info = instanceInfo();
  try {
    // Warm-up: connects OVSDB, creates br-int, JITs the paths.
    for (let i = 0; i < req.warmup; i++) {
      for (const k of KINDS) {
        const v = makeVif(k, i + (k === 'hybrid' ? 0x8000 : 0), TAGS.warm);
        await runtime.plug(v, info);
        await runtime.unplug(v, info);
      }
    }
    const serial = {} as Record<Kind, Serial>;
    const links = new NetlinkLinkApi();
    const floor = { deleteBridge: [] as number[], deleteVeth: [] as number[], deleteGroup: [] as number[] };
    try {
      for (const k of KINDS) {
        serial[k] = { plug: [], unplug: [] };
        for (let i = 0; i < req.n; i++) {
          const v = makeVif(k, i, serialTag(k));
          const t0 = performance.now();
          await runtime.plug(v, info);
          const t1 = performance.now();
          await runtime.unplug(v, info);
          serial[k].plug.push(t1 - t0);
          serial[k].unplug.push(performance.now() - t1);
          if (k === 'hybrid') await floorSample(links, i, floor);
        }
      }
    } finally {
      await links.close();
    }
    const concurrent = {} as Record<Kind, number>;
    const concurrentCost = {} as Record<Kind, RunCost>;
    let hybridLag = { p99: NaN, max: NaN };
    const driverStats = (): { transactions: number; writes: number } => {
      const plugin = runtime.loadedPlugins().find((p) => p.name === 'ovs')?.instance as
        { ovs?: () => { batcher?: { stats: { transactions: number; writes: number } } } } | undefined;
      const stats = plugin?.ovs?.().batcher?.stats;
      return { transactions: stats?.transactions ?? 0, writes: stats?.writes ?? 0 };
    };
    for (const k of KINDS) {
      // IN_FLIGHT lanes, each plugging then unplugging one VIF after another.
      const lanes = (vifs: VIFBase[]): Promise<void> =>
        inLanes(vifs, IN_FLIGHT, async (v) => {
          await runtime.plug(v, info);
          await runtime.unplug(v, info);
        });
      const total = req.concurrent[k];
      // Steady state, as a long-running service sees it: an untimed run first
      // (JIT, heap and caches: the first thousands of generic VIFs cost twice
      // the CPU of later ones), then the median of timed runs. Hybrid is
      // bound by the kernel, not by warm-up.
      const { warm, runs } = k === 'generic' ? { warm: total, runs: 3 } : { warm: Math.ceil(total / 10), runs: 1 };
      await lanes(Array.from({ length: warm }, (_, i) => makeVif(k, 0x100000 + i, TAGS.warm)));
      const vifs = Array.from({ length: total }, (_, i) => makeVif(k, i, concTag(k)));
      const cost = startCost(req.ovsDir, driverStats, total * runs);
      const seconds: number[] = [];
      const lag = monitorEventLoopDelay({ resolution: 1 });
      lag.enable();
      for (let r = 0; r < runs; r++) {
        const t0 = performance.now();
        await lanes(vifs);
        seconds.push((performance.now() - t0) / 1000);
      }
      lag.disable();
      if (k === 'hybrid') hybridLag = { p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 };
      concurrent[k] = median(seconds);
      concurrentCost[k] = cost();
    }
    // Everything at once: every plug in flight together (a host booting its instances), then every unplug.
    const atOnce = {} as Record<Kind, { plug: number; unplug: number }>;
    for (const k of KINDS) {
      const vifs = Array.from({ length: req.atOnce[k] }, (_, i) => makeVif(k, i, TAGS.atOnce));
      const t0 = performance.now();
      await Promise.all(vifs.map((v) => runtime.plug(v, info)));
      const t1 = performance.now();
      await Promise.all(vifs.map((v) => runtime.unplug(v, info)));
      atOnce[k] = { plug: (t1 - t0) / 1000, unplug: (performance.now() - t1) / 1000 };
    }
    // The batched kernel floor, in the same process and namespace right after the hybrid run.
    const batchedFloor: number[] = [];
    const floorLinks = new NetlinkLinkApi();
    try {
      for (let r = 0; r < (req.n >= 40 ? 5 : 2); r++) batchedFloor.push(await batchedFloorRound(floorLinks));
    } finally {
      floorLinks.close();
    }
    // The OVSDB floor: the same port write a generic plug makes, by the driver alone.
    const { createOvsDriver } = require('@osvif/plugin-ovs') as typeof import('@osvif/plugin-ovs');
    const config = Config.fromText(req.configText);
    const connection = String(config.values('os_vif_ovs', { ovsdb_connection: { type: 'str', help: 'x' } }).ovsdb_connection);
    const driver = createOvsDriver({ connection, interface: 'native', timeoutSeconds: 60 });
    const ovsdb = { add: [] as number[], del: [] as number[], pairsPerSecond50: 0, cost: undefined as RunCost | undefined };
    try {
      const ids = (i: number): Record<string, string> => ({
        'iface-id': `e65867e0-9340-4a7f-a256-${String(i).padStart(12, '0')}`,
        'iface-status': 'active',
        'attached-mac': 'fa:16:3e:00:00:01',
        'vm-uuid': info.uuid,
      });
      for (let i = 0; i < req.n + req.warmup; i++) {
        const name = `rawp${i}`;
        const t0 = performance.now();
        await driver.addOrUpdatePort({ bridge: 'br-int', name, externalIds: ids(i) });
        const t1 = performance.now();
        await driver.deletePort('br-int', name);
        const t2 = performance.now();
        if (i >= req.warmup) {
          ovsdb.add.push(t1 - t0);
          ovsdb.del.push(t2 - t1);
        }
      }
      const pairs = async (from: number, count: number): Promise<void> => {
        let next = from;
        await Promise.all(
          Array.from({ length: IN_FLIGHT }, async () => {
            while (next < from + count) {
              const i = next++;
              await driver.addOrUpdatePort({ bridge: 'br-int', name: `rawc${i}`, externalIds: ids(i) });
              await driver.deletePort('br-int', `rawc${i}`);
            }
          }),
        );
      };
      const count = req.concurrent.generic;
      await pairs(100_000, count); // untimed warm-up
      const batcher = (driver as { batcher?: { stats: { transactions: number; writes: number } } }).batcher;
      const cost = startCost(
        req.ovsDir,
        () => ({ transactions: batcher?.stats.transactions ?? 0, writes: batcher?.stats.writes ?? 0 }),
        count,
      );
      const t0 = performance.now();
      await pairs(0, count);
      ovsdb.pairsPerSecond50 = count / ((performance.now() - t0) / 1000);
      ovsdb.cost = cost();
    } finally {
      await driver.close();
    }
    await runtime.close();
    const profile = await profileRuns(req.configText, Math.max(5, Math.floor(req.n / 4)));
    return { serial, concurrent, concurrentCost, floor, batchedFloor, hybridLag, atOnce, ovsdb: { ...ovsdb, cost: ovsdb.cost! }, profile };
  } finally {
    await runtime.close();
  }
}

/**
 * The kernel's own floor, sampled right after each serial hybrid unplug so
 * that both see the machine in the same state: deleting a Linux bridge with
 * one port, then a veth pair, configured as a hybrid plug leaves them (ends
 * up and promiscuous, one enslaved), by bare netlink calls.
 */
async function floorSample(
  links: import('@osvif/runtime').NetlinkLinkApi,
  i: number,
  floor: { deleteBridge: number[]; deleteVeth: number[]; deleteGroup: number[] },
): Promise<void> {
  const [br, a, b] = [`fbr${i}`, `fva${i}`, `fvb${i}`];
  await hybridLinks(links, br, a, b, `osvif:ovs:floor-${i}`);
  const t0 = performance.now();
  await links.delete(br);
  const t1 = performance.now();
  await links.delete(b);
  floor.deleteBridge.push(t1 - t0);
  floor.deleteVeth.push(performance.now() - t1);
  // The same links again, deleted together as a hybrid unplug now does: one group delete.
  await hybridLinks(links, br, a, b, `osvif:ovs:floor-${i}`);
  const t2 = performance.now();
  await Promise.all([links.deleteIfExists(br), links.deleteIfExists(b)]);
  floor.deleteGroup.push(performance.now() - t2);
}

/** A bridge with one veth end enslaved, ends up and promiscuous, marked: what a hybrid plug leaves. */
async function hybridLinks(links: import('@osvif/runtime').NetlinkLinkApi, br: string, a: string, b: string, alias: string): Promise<void> {
  await Promise.all([
    links.createBridge(br, { forwardDelay: 0, stp: false, multicastSnooping: false, ageingTime: 0 }),
    links.createVeth(a, b),
  ]);
  await Promise.all([
    links.set(a, { up: true, promisc: true, master: br, alias }),
    links.set(b, { up: true, promisc: true, alias }),
    links.set(br, { up: true, alias }),
  ]);
}

/**
 * One round of the batched kernel floor: IN_FLIGHT hybrid VIFs' links created and configured together, then
 * deleted as one group (bridge + veth of each); VIF/s of the whole round.
 */
async function batchedFloorRound(links: import('@osvif/runtime').NetlinkLinkApi): Promise<number> {
  const ids = Array.from({ length: IN_FLIGHT }, (_, i) => i);
  const t0 = performance.now();
  await Promise.all(ids.map((i) => hybridLinks(links, `kbr${i}`, `kva${i}`, `kvb${i}`, `osvif:ovs:kfloor-${i}`)));
  await Promise.all(ids.flatMap((i) => [links.deleteIfExists(`kbr${i}`), links.deleteIfExists(`kvb${i}`)]));
  return IN_FLIGHT / ((performance.now() - t0) / 1000);
}

workerMain(module, 'plug bench', worker);

function runWorker(ns: TestNetns, req: WorkerRequest): Promise<WorkerResult> {
  return runWorkerIn(ns.name, __filename, req, 'osvif plug', { maxBuffer: 64 << 20, timeout: 900_000 });
}

// ------------------------------------------------------------------ os-vif 3.0.0 (inside its namespace)

async function osVifSerial(runner: OsVifRunner, n: number, warmup: number): Promise<Record<Kind, Serial>> {
  const info = instanceInfo().toPrimitive();
  const call = async (op: 'plug' | 'unplug', v: VIFBase, i: InstanceInfo | unknown): Promise<number> => {
    const r = await runner[op](v.toPrimitive(undefined, OS_VIF_3_0_0_MANIFEST), i);
    if (!r.ok)
      throw new Error(`os-vif ${op} failed: ${r.error.type}: ${r.error.message}${r.error.cause ? ` (${r.error.cause.message})` : ''}`);
    return r.durationMs;
  };
  for (let i = 0; i < warmup; i++) {
    for (const k of KINDS) {
      const v = makeVif(k, i + (k === 'hybrid' ? 0x8000 : 0), TAGS.warm);
      await call('plug', v, info);
      await call('unplug', v, info);
    }
  }
  const out = {} as Record<Kind, Serial>;
  for (const k of KINDS) {
    out[k] = { plug: [], unplug: [] };
    for (let i = 0; i < n; i++) {
      const v = makeVif(k, i, serialTag(k));
      out[k].plug.push(await call('plug', v, info));
      out[k].unplug.push(await call('unplug', v, info));
    }
  }
  return out;
}

// ------------------------------------------------------------------ the bench module

/** Where the CPU of a throughput run went, and the rate that CPU allows on this machine's cores. */
function costNote(what: string, c: RunCost): string {
  const per = (ms: number): number => ms / c.vifs;
  const total = per(c.nodeMs) + per(c.ovsdbServerMs) + per(c.vswitchdMs);
  const cores = cpus().length;
  return (
    `CPU per VIF, ${what}: osvif (node) ${per(c.nodeMs).toFixed(3)} ms + ovsdb-server ${per(c.ovsdbServerMs).toFixed(3)} ms + ovs-vswitchd ${per(c.vswitchdMs).toFixed(3)} ms = ${total.toFixed(3)} ms, ` +
    `so ${cores} cores allow at most ~${((cores * 1000) / total).toFixed(0)} VIF/s; ${c.writes} OVSDB writes in ${c.transactions} transactions (${(c.writes / Math.max(1, c.transactions)).toFixed(1)} per transaction).`
  );
}

async function environment(): Promise<{ ns: TestNetns; ovs: PrivateOvs; dispose(): Promise<void> }> {
  const ns = await createNetns({ agent: false });
  try {
    const ovs = await startPrivateOvs({ netns: ns.name });
    return { ns, ovs, dispose: async () => (await ovs.stop(), await ns.dispose()) };
  } catch (e) {
    await ns.dispose();
    throw e;
  }
}

export async function run({ quick }: { quick: boolean }): Promise<BenchSection> {
  const n = quick ? 10 : 40;
  const warmup = quick ? 2 : 5;
  const concurrent: Record<Kind, number> = quick ? { generic: 600, hybrid: 100 } : { generic: 3000, hybrid: 300 };
  const atOnce: Record<Kind, number> = quick ? { generic: 200, hybrid: 50 } : { generic: 1000, hybrid: 200 };
  const ref = await environment();
  let ours: Awaited<ReturnType<typeof environment>> | undefined;
  let runner: OsVifRunner | undefined;
  try {
    ours = await environment();
    // 1. os-vif 3.0.0, alone on the machine.
    runner = await OsVifRunner.start({
      netns: ref.ns.name,
      config: { ovs: { ovsdb_connection: ref.ovs.dbEndpoint, ovsdb_interface: 'native' } },
    });
    const py = await osVifSerial(runner, n, warmup);
    await runner.close();
    runner = undefined;
    // 2. osvif, alone on the machine, same kind of OVS, same VIFs.
    const configText = renderNovaConf({ ovs: { ovsdb_connection: ours.ovs.dbEndpoint, ovsdb_interface: 'native' } });
    const js = await runWorker(ours.ns, { configText, n, warmup, concurrent, ovsDir: ours.ovs.dir, atOnce });

    const m = median;
    const floorHybrid = m(js.floor.deleteBridge) + m(js.floor.deleteVeth);
    const floorGroup = m(js.floor.deleteGroup);
    const batchedFloor = m(js.batchedFloor);
    const rows: BenchRow[] = [];
    for (const k of KINDS) {
      rows.push({
        name: `serial ${k} plug`,
        osvif: m(js.serial[k].plug),
        osvifPython: m(py[k].plug),
        unit: 'ms',
        goalRatio: k === 'generic' ? 2 : 3,
      });
      rows.push({
        name: `serial ${k} unplug`,
        osvif: m(js.serial[k].unplug),
        osvifPython: m(py[k].unplug),
        unit: 'ms',
        ...(k === 'hybrid' ? { goalRatio: 1.3 } : {}),
      });
    }
    rows.push({
      name: 'OVSDB floor: add-port applied by ovs-vswitchd',
      osvif: m(js.ovsdb.add),
      unit: 'ms',
      note: 'osvif native driver alone, same OVS',
    });
    rows.push({ name: 'OVSDB floor: del-port applied by ovs-vswitchd', osvif: m(js.ovsdb.del), unit: 'ms' });
    rows.push({
      name: 'kernel floor: delete Linux bridge',
      osvif: m(js.floor.deleteBridge),
      unit: 'ms',
      note: 'netlink RTM_DELLINK, same namespace, after each serial hybrid unplug',
    });
    rows.push({ name: 'kernel floor: delete veth pair', osvif: m(js.floor.deleteVeth), unit: 'ms' });
    rows.push({
      name: 'kernel floor: delete bridge + veth pair as one group',
      osvif: floorGroup,
      unit: 'ms',
      note: 'what a hybrid unplug now asks for; same links, same moment',
    });
    const unplugVsFloor = m(js.serial.hybrid.unplug) / floorHybrid;
    rows.push({
      name: 'serial hybrid unplug / kernel floor (bridge + veth delete)',
      osvif: unplugVsFloor,
      unit: '×',
      note: `goal ≤ 1.10: ${unplugVsFloor <= 1.1 ? 'met' : 'NOT met'}`,
    });
    const unplugVsGroup = m(js.serial.hybrid.unplug) / floorGroup;
    rows.push({
      name: 'serial hybrid unplug / kernel floor (bridge + veth as one group delete)',
      osvif: unplugVsGroup,
      unit: '×',
    });
    for (const k of KINDS) {
      const ours50 = concurrent[k] / js.concurrent[k];
      const pySerialRate = 1000 / (m(py[k].plug) + m(py[k].unplug));
      rows.push({
        name: `${k} plug+unplug throughput, osvif ${IN_FLIGHT} in flight vs os-vif serial`,
        osvif: ours50,
        osvifPython: pySerialRate,
        unit: 'VIF/s',
        higherIsBetter: true,
        ...(k === 'generic' ? { goalRatio: 20 } : {}),
      });
    }
    const hybridRate = concurrent.hybrid / js.concurrent.hybrid;
    const pyHybridSerial = 1000 / (m(py.hybrid.plug) + m(py.hybrid.unplug));
    rows.push({
      name: `kernel floor: hybrid links created and group-deleted, ${IN_FLIGHT} at a time`,
      osvif: batchedFloor,
      unit: 'VIF/s',
      note: `no plugin, no OVS; ${(batchedFloor / pyHybridSerial).toFixed(1)}× os-vif's serial rate`,
    });
    rows.push({
      name: `hybrid plug+unplug throughput / batched kernel floor`,
      osvif: batchedFloor / hybridRate,
      unit: '×',
      note: `goal ≤ 1.3: ${batchedFloor / hybridRate <= 1.3 ? 'met' : 'NOT met'}; throughput ${(hybridRate / pyHybridSerial).toFixed(1)}× os-vif serial (goal ≥ 3: ${hybridRate / pyHybridSerial >= 3 ? 'met' : 'NOT met'})`,
    });
    rows.push({
      name: `event-loop delay p99, hybrid plug+unplug, ${IN_FLIGHT} in flight`,
      osvif: js.hybridLag.p99,
      unit: 'ms',
      note: `perf_hooks.monitorEventLoopDelay of the osvif process, max ${js.hybridLag.max.toFixed(0)} ms; goal ≤ 20: ${js.hybridLag.p99 <= 20 ? 'met' : 'NOT met'}`,
    });
    for (const k of KINDS) {
      const { plug, unplug } = js.atOnce[k];
      const count = atOnce[k];
      rows.push({
        name: `${count} ${k} VIFs plugged at once (os-vif: serial, median × count)`,
        osvif: plug * 1000,
        osvifPython: m(py[k].plug) * count,
        unit: 'ms',
        note:
          `empty bridge; then unplugged at once in ${(unplug * 1000).toFixed(0)} ms (os-vif ${(m(py[k].unplug) * count).toFixed(0)} ms)` +
          (k === 'generic' ? `; goal ≤ 1 s: ${plug <= 1 ? 'met' : 'NOT met'}` : ''),
      });
    }
    rows.push({
      name: `OVSDB ceiling: add+del port pairs, ${IN_FLIGHT} in flight`,
      osvif: js.ovsdb.pairsPerSecond50,
      unit: 'VIF/s',
      note: 'driver alone: no plugin can exceed it',
    });
    const hybridCeiling = 1000 / floorHybrid;
    return {
      title: 'Plug / unplug whole VIFs (OVS plugin, userspace OVS, netdev datapath)',
      rows,
      notes: [
        `Each side in its own network namespace with its own private OVS (ovsdb-server + ovs-vswitchd), run one after the other; ${n} VIFs per serial row after ${warmup} warm-up rounds per kind; medians. Every sample is a new VIF (plug, then unplug). The kernel floor is sampled right after each serial hybrid unplug: a bridge with one enslaved port, then a veth pair, ends up and promiscuous as a hybrid plug leaves them, by bare netlink calls.`,
        'generic = VIFOpenVSwitch, profile create_port=true, datapath_type=netdev (an OVS port, no tap). hybrid = VIFBridge: Linux bridge qbr…, veth qvb…/qvo…, qvo… on OVS.',
        'os-vif 3.0.0: ovsdb_interface=native, privsep in-process (no daemon round trips), timed around os_vif.plug/unplug inside Python. osvif: OsVifRuntime with the installed plugins, native OVSDB driver, rtnetlink in the namespace, timed around runtime.plug/unplug.',
        `Throughput: ${concurrent.generic} generic VIFs (median of 3 runs, after an untimed run of as many) / ${concurrent.hybrid} hybrid VIFs (one run, after an untimed tenth), each plugged then unplugged, ${IN_FLIGHT} operations in flight; os-vif has no concurrency (one VIF at a time), its rate is 1 / (median plug + median unplug).`,
        costNote('generic plug+unplug, 50 in flight', js.concurrentCost.generic),
        costNote('OVSDB ceiling (driver alone)', js.ovsdb.cost),
        'Floors and ceilings (no ratio): what the machine allows whoever asks. A generic plug is one OVSDB transaction that returns once ovs-vswitchd applied it (cur_cfg), for os-vif as for osvif: the "OVSDB floor" rows bound both sides.',
        ...Object.entries(js.profile).map(([what, entries]) => {
          const [whole, ...parts] = entries;
          const inCalls = parts.reduce((a, e) => a + e.totalMsPerVif, 0);
          return (
            `Profile, osvif ${what} (separate run with every LinkApi/Sysctl/OvsDriver call timed; mean ms per VIF): whole operation ${whole.totalMsPerVif.toFixed(2)} = ` +
            parts.map((e) => `${e.call} ×${e.perVif.toFixed(1)} ${e.totalMsPerVif.toFixed(2)}`).join(' + ') +
            ` + ${(whole.totalMsPerVif - inCalls).toFixed(2)} outside those calls (plugin/runtime code, scheduling).`
          );
        }),
        `The kernel serialises link creation/deletion (rtnl lock, RCU grace periods per delete). Asked one link at a time, a hybrid unplug cannot go below ~${floorHybrid.toFixed(0)} ms, nor hybrid throughput above ~${hybridCeiling.toFixed(0)} VIF/s; deleted as one group (one unregister_netdevice_many), a VIF's bridge and veth take ~${floorGroup.toFixed(0)} ms, and ${IN_FLIGHT} VIFs' links created and group-deleted together run at ~${batchedFloor.toFixed(0)} VIF/s (the batched floors, no plugin; median of ${js.batchedFloor.length} rounds after the throughput runs).`,
      ],
    };
  } finally {
    await runner?.close();
    await ours?.dispose();
    await ref.dispose();
  }
}
