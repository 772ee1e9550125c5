// Benchmark: a generic VIF's plug+unplug through the daemon (`osvif serve`, OsVifClient over its Unix socket)
// against the same VIF in-process (OsVifRuntime) and through the cold CLI (`osvif plug`, then `osvif unplug`, each
// a new process), all against one private userspace OVS in one throw-away namespace, with one configuration file;
// os-vif 3.0.0 in-process on the same OVS for reference. Each osvif way runs in a worker process of its own inside
// the namespace (`ip netns exec NS node daemon.js --worker`), one after the other.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { VIFBase } from '@osvif/objects';
import { createNetns, startPrivateOvs } from '@osvif/testkit';
import { instanceInfo, ovsVif, renderNovaConf, OsVifRunner, OS_VIF_3_0_0_MANIFEST } from '@osvif/conformance';
import { runWorkerIn, workerMain } from './ns-worker';
import { BenchRow, BenchSection, inLanes, median } from './types';

const REPO = join(__dirname, '../../..');
const OSVIF_BIN = join(REPO, 'packages/runtime/bin/osvif.js');
const IN_FLIGHT = 50;

/** VIF id prefixes (two hex digits) per phase, so that no two phases share a VIF. */
const TAGS = { warm: 'b0', runtime: 'b1', client: 'b2', cli: 'b3', osVif: 'b4', concurrent: 'b5' } as const;

const vif = (n: number, tag: string): VIFBase => ovsVif({ n, idPrefix: tag, createPort: true });

type Mode = 'runtime' | 'client' | 'cli';

interface WorkerRequest {
  readonly mode: Mode;
  readonly configText: string;
  readonly configFile: string;
  readonly socket: string;
  readonly dir: string;
  readonly n: number;
  readonly warmup: number;
  /** VIFs plugged then unplugged, IN_FLIGHT at a time, per timed run (after one untimed run of as many). */
  readonly concurrent: number;
  readonly concurrentRuns: number;
}

interface WorkerResult {
  readonly plug: number[];
  readonly unplug: number[];
  /** Seconds per timed concurrent run (empty for the CLI). */
  readonly concurrentSeconds: number[];
  /** Client only: ms per OsVifClient.hostInfo (an answer from memory: the socket, HTTP and the daemon's request handling). */
  readonly roundTrip: number[];
}

/** What plug and unplug go through: the runtime in this process, or the daemon. */
interface Api {
  plug(v: VIFBase, i: ReturnType<typeof instanceInfo>): Promise<void>;
  unplug(v: VIFBase, i: ReturnType<typeof instanceInfo>): Promise<void>;
  close(): Promise<void>;
}

// ------------------------------------------------------------------ worker (inside the namespace)

async function openApi(req: WorkerRequest): Promise<Api> {
  // Required lazily: the orchestrator side of this module must not load the runtime.
  const { Config, OsVifRuntime, OsVifClient, StreamLogger } = require('@osvif/runtime') as typeof import('@osvif/runtime');
  if (req.mode === 'client') return new OsVifClient({ socketPath: req.socket, timeoutMs: 60_000 });
  // The daemon's logging (info, JSON lines on stderr), so that both write the same records per operation.
  const runtime = new OsVifRuntime({
    config: Config.fromText(req.configText, req.configFile),
    logger: new StreamLogger({ level: 'info', json: true, sink: { write: (l: string) => void process.stderr.write(l) } }),
  });
  await runtime.initialize();
  return runtime;
}

/** Wall-clock ms of `osvif --config-file F <op> --vif V --instance I` as a new process (run in this namespace). */
function cliRun(req: WorkerRequest, op: 'plug' | 'unplug', vifFile: string, infoFile: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [OSVIF_BIN, '--config-file', req.configFile, op, '--vif', vifFile, '--instance', infoFile], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`osvif ${op} failed (status ${r.status}): ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
  return ms;
}

async function worker(req: WorkerRequest): Promise<WorkerResult> {
  const info = instanceInfo();
  const out: WorkerResult = { plug: [], unplug: [], concurrentSeconds: [], roundTrip: [] };
  if (req.mode === 'cli') {
    const infoFile = join(req.dir, 'info.json');
    writeFileSync(infoFile, JSON.stringify(info.toPrimitive()));
    for (let i = -req.warmup; i < req.n; i++) {
      const v = vif(i < 0 ? 0x7000 - i : i, i < 0 ? TAGS.warm : TAGS.cli);
      const vifFile = join(req.dir, `vif-${i}.json`);
      writeFileSync(vifFile, JSON.stringify(v.toPrimitive()));
      const plug = cliRun(req, 'plug', vifFile, infoFile);
      const unplug = cliRun(req, 'unplug', vifFile, infoFile);
      if (i < 0) continue;
      out.plug.push(plug);
      out.unplug.push(unplug);
    }
    return out;
  }
  const api = await openApi(req);
  try {
    // IN_FLIGHT lanes, each plugging then unplugging one VIF after another.
    const lanes = (vifs: VIFBase[]): Promise<void> =>
      inLanes(vifs, IN_FLIGHT, async (v) => {
        await api.plug(v, info);
        await api.unplug(v, info);
      });
    // Warm-up, the steady state of a long-running service for both ways: OVSDB connection, br-int, then an
    // untimed run of as many VIFs as the throughput runs (JIT, heap and caches of the daemon and the client;
    // with a few VIFs only, the serial samples timed code not yet optimised).
    for (let i = 0; i < req.warmup; i++) {
      const v = vif(0x7000 + i, TAGS.warm);
      await api.plug(v, info);
      await api.unplug(v, info);
    }
    await lanes(Array.from({ length: req.concurrent }, (_, i) => vif(0x100000 + i, TAGS.warm)));
    if (req.mode === 'client') {
      const { OsVifClient } = require('@osvif/runtime') as typeof import('@osvif/runtime');
      const probe = new OsVifClient({ socketPath: req.socket, timeoutMs: 60_000 });
      for (let i = -10; i < req.n; i++) {
        const t0 = performance.now();
        await probe.hostInfo();
        if (i >= 0) out.roundTrip.push(performance.now() - t0);
      }
    }
    for (let i = 0; i < req.n; i++) {
      const v = vif(i, req.mode === 'client' ? TAGS.client : TAGS.runtime);
      const t0 = performance.now();
      await api.plug(v, info);
      const t1 = performance.now();
      await api.unplug(v, info);
      out.plug.push(t1 - t0);
      out.unplug.push(performance.now() - t1);
    }
    const vifs = Array.from({ length: req.concurrent }, (_, i) => vif(i, TAGS.concurrent));
    for (let r = 0; r < req.concurrentRuns; r++) {
      const t0 = performance.now();
      await lanes(vifs);
      out.concurrentSeconds.push((performance.now() - t0) / 1000);
    }
    return out;
  } finally {
    await api.close();
  }
}

workerMain(module, 'daemon bench', worker);

/** Runs a worker in the namespace; its stderr (the runtime's info log) is dropped but for the tail on failure. */
function runWorker(ns: string, req: WorkerRequest): Promise<WorkerResult> {
  return runWorkerIn(ns, __filename, req, `daemon bench ${req.mode}`, { maxBuffer: 256 << 20, timeout: 180_000 });
}

// ------------------------------------------------------------------ the daemon (in the namespace, as root)

interface Daemon {
  readonly child: ChildProcess;
  /** duration_ms of the daemon's "API request" records for plug and unplug, in the order they were answered. */
  readonly served: number[];
  /** duration_ms of the runtime's own "plug succeeded" / "unplug succeeded" records inside the daemon, in order. */
  readonly operated: number[];
  stop(): Promise<void>;
}

async function startDaemon(ns: string, configFile: string): Promise<Daemon> {
  let tail = '';
  let partial = '';
  let ready = false;
  const served: number[] = [];
  const operated: number[] = [];
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, OSVIF_BIN, '--config-file', configFile, 'serve'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Its log (one info record per request and operation) is read and dropped: only the tail is kept.
  child.stderr!.on('data', (d: Buffer) => {
    tail = (tail + d.toString()).slice(-8000);
    if (!ready && tail.includes('osvif daemon ready')) ready = true;
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const api = line.includes('"msg":"API request"');
      if (!api && !/"msg":"(un)?plug succeeded"/.test(line)) continue;
      const r = JSON.parse(line) as { operation?: string; duration_ms?: number };
      if (typeof r.duration_ms !== 'number') continue;
      if (!api) operated.push(r.duration_ms);
      else if (r.operation === 'plug' || r.operation === 'unplug') served.push(r.duration_ms);
    }
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 30_000;
  while (!ready) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the daemon did not start: ${tail}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, served, operated, stop };
}

// ------------------------------------------------------------------ os-vif 3.0.0 (in the same namespace, same OVS)

async function osVifSerial(runner: OsVifRunner, n: number, warmup: number): Promise<number[]> {
  const info = instanceInfo().toPrimitive();
  const call = async (op: 'plug' | 'unplug', v: VIFBase): Promise<number> => {
    const r = await runner[op](v.toPrimitive(undefined, OS_VIF_3_0_0_MANIFEST), info);
    if (!r.ok) throw new Error(`os-vif ${op} failed: ${r.error.type}: ${r.error.message}`);
    return r.durationMs;
  };
  const out: number[] = [];
  for (let i = -warmup; i < n; i++) {
    const v = vif(i < 0 ? 0x7100 - i : i, i < 0 ? TAGS.warm : TAGS.osVif);
    const ms = (await call('plug', v)) + (await call('unplug', v));
    if (i >= 0) out.push(ms);
  }
  return out;
}

// ------------------------------------------------------------------ the bench module

const sum = (a: readonly number[], b: readonly number[]): number[] => a.map((x, i) => x + b[i]);
const range = (xs: readonly number[]): string => `${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)}`;

export async function run({ quick }: { quick: boolean }): Promise<BenchSection> {
  if (!existsSync(join(REPO, 'packages/runtime/dist/daemon/server.js'))) throw new Error('build first: npx tsc -b tsconfig.build.json');
  const n = quick ? 10 : 40;
  const warmup = quick ? 2 : 5;
  const cliN = quick ? 4 : 10;
  const concurrent = quick ? 300 : 1000;
  const concurrentRuns = quick ? 1 : 3;
  const dir = mkdtempSync(join(tmpdir(), 'osvif-bench-daemon-'));
  chmodSync(dir, 0o755);
  const ns = await createNetns({ agent: false });
  let ovs: Awaited<ReturnType<typeof startPrivateOvs>> | undefined;
  let runner: OsVifRunner | undefined;
  let daemon: Daemon | undefined;
  try {
    ovs = await startPrivateOvs({ netns: ns.name });
    const socket = join(dir, 'run', 'osvif.sock');
    const configFile = join(dir, 'osvif.conf');
    // One configuration for the three ways: the OVS plugin's native driver on the private OVS, plugins found in
    // node_modules (as deployed), locks and journal in the scratch directory.
    const configText = renderNovaConf({
      ovs: { ovsdb_connection: ovs.dbEndpoint, ovsdb_interface: 'native' },
      extra: { osvif: { api_socket: socket, lock_path: join(dir, 'locks'), journal_path: join(dir, 'state') } },
    });
    writeFileSync(configFile, configText, { mode: 0o644 });
    const base = { configText, configFile, socket, dir, n, warmup, concurrent, concurrentRuns };

    // 1. os-vif 3.0.0 in-process (privsep in-process), the same VIF kind on the same OVS.
    runner = await OsVifRunner.start({ netns: ns.name, config: { ovs: { ovsdb_connection: ovs.dbEndpoint, ovsdb_interface: 'native' } } });
    const py = await osVifSerial(runner, n, warmup);
    await runner.close();
    runner = undefined;
    // 2. osvif in-process, 3. through the daemon, 4. cold CLI: one after the other, each alone.
    const inProcess = await runWorker(ns.name, { ...base, mode: 'runtime' });
    daemon = await startDaemon(ns.name, configFile);
    const client = await runWorker(ns.name, { ...base, mode: 'client' });
    await daemon.stop();
    // The serial samples' records come after those of the warm-up (serial, then the untimed lanes).
    const before = 2 * (warmup + concurrent);
    const served = daemon.served.slice(before, before + 2 * n);
    const operated = daemon.operated.slice(before, before + 2 * n);
    daemon = undefined;
    const cli = await runWorker(ns.name, { ...base, mode: 'cli', n: cliN, warmup: 1 });

    const m = median;
    const rt = { plug: m(inProcess.plug), unplug: m(inProcess.unplug), both: m(sum(inProcess.plug, inProcess.unplug)) };
    const dm = { plug: m(client.plug), unplug: m(client.unplug), both: m(sum(client.plug, client.unplug)) };
    const cl = { plug: m(cli.plug), unplug: m(cli.unplug), both: m(sum(cli.plug, cli.unplug)) };
    const overhead = { plug: dm.plug - rt.plug, unplug: dm.unplug - rt.unplug };
    const perCall = (dm.both - rt.both) / 2;
    const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
    const rate = (r: WorkerResult): number => concurrent / m(r.concurrentSeconds);
    const runs = (r: WorkerResult): string => r.concurrentSeconds.map((s) => (concurrent / s).toFixed(0)).join('/');
    const rows: BenchRow[] = [
      {
        name: 'serial generic plug+unplug, in-process (OsVifRuntime) vs os-vif in-process',
        osvif: rt.both,
        osvifPython: m(py),
        unit: 'ms',
        note: `median of ${n}; plug ${rt.plug.toFixed(2)} + unplug ${rt.unplug.toFixed(2)} ms`,
      },
      {
        name: 'serial generic plug+unplug, through the daemon (OsVifClient) vs in-process',
        osvif: dm.both,
        osvifPython: rt.both,
        unit: 'ms',
        note: `median of ${n}; plug ${dm.plug.toFixed(2)} + unplug ${dm.unplug.toFixed(2)} ms`,
      },
      {
        name: 'daemon overhead per call (plug+unplug median, daemon minus in-process, / 2)',
        osvif: perCall,
        unit: 'ms',
        note: `goal ≤ 1 ms: ${met(perCall <= 1)}; per plug ${overhead.plug.toFixed(2)} ms, per unplug ${overhead.unplug.toFixed(2)} ms`,
      },
      {
        name: 'daemon round trip without plugin work (OsVifClient.hostInfo: POST /v1/host-info, answered from memory)',
        osvif: m(client.roundTrip),
        unit: 'ms',
        note: `median of ${client.roundTrip.length}, range ${range(client.roundTrip)} ms: the floor under the overhead`,
      },
      {
        name: 'daemon-side time per serial call (its "API request" duration_ms: body read to answer sent) vs in-process per call',
        osvif: m(served),
        osvifPython: rt.both / 2,
        unit: 'ms',
        note: `median of ${served.length} plug and unplug records; the rest of the client's time is the socket, HTTP and scheduling between the two processes: ${(dm.both / 2 - m(served)).toFixed(2)} ms per call`,
      },
      {
        name: 'runtime operation inside the daemon per serial call (its "plug/unplug succeeded" duration_ms) vs in-process per call',
        osvif: m(operated),
        osvifPython: rt.both / 2,
        unit: 'ms',
        note: `median of ${operated.length} records; the daemon's request handling around it: ${(m(served) - m(operated)).toFixed(2)} ms per call`,
      },
      {
        name: 'serial generic plug+unplug, through the daemon vs cold CLI (two processes)',
        osvif: dm.both,
        osvifPython: cl.both,
        unit: 'ms',
        goalRatio: 10,
        note: `CLI median of ${cliN}; plug ${cl.plug.toFixed(0)} + unplug ${cl.unplug.toFixed(0)} ms`,
      },
      {
        name: `generic plug+unplug throughput, ${IN_FLIGHT} in flight, through the daemon vs in-process`,
        osvif: rate(client),
        osvifPython: rate(inProcess),
        unit: 'VIF/s',
        higherIsBetter: true,
        note: `${concurrent} VIFs, median of ${concurrentRuns} run(s)`,
      },
    ];
    return {
      title: 'Through the daemon: plug+unplug via OsVifClient, in-process and cold CLI (generic VIF, userspace OVS)',
      rows,
      notes: [
        'Columns here: "osvif" is the first way named in the row; "os-vif 3.0.0" is the way it is compared with (os-vif itself only in the first row; in-process osvif or the cold CLI in the others); "ratio" is second / first for times, first / second for throughput.',
        `One namespace, one private OVS (netdev datapath), one configuration file (native OVSDB driver, plugins found in node_modules, locks and journal in a scratch directory); the ways run one after the other, each alone: os-vif 3.0.0 (privsep in-process, timed inside Python), then osvif in-process (OsVifRuntime in a worker process in the namespace, logging info JSON lines as the daemon does), then \`osvif serve\` (root, in the namespace) driven by OsVifClient from a worker process (one HTTP request per call on the Unix socket), then the cold CLI (\`node packages/runtime/bin/osvif.js --config-file F plug|unplug --vif V --instance I\`, each a new process spawned in the namespace, wall clock). Every sample is a new VIFOpenVSwitch (create_port=true): plug, then unplug. ${warmup} uncounted warm-up VIFs per way, then an untimed run of ${concurrent} with ${IN_FLIGHT} in flight (steady state: the JIT, heap and caches of a long-running service; 1 warm-up VIF for the CLI); medians.`,
        `Ranges (ms per plug+unplug): in-process ${range(sum(inProcess.plug, inProcess.unplug))}, daemon ${range(sum(client.plug, client.unplug))}, cold CLI ${range(sum(cli.plug, cli.unplug))}, os-vif ${range(py)}. Goals: daemon overhead ≤ 1 ms per call (${met(perCall <= 1)}); ≥ 10× the cold CLI per plug+unplug (${met(cl.both / dm.both >= 10)}, ${(cl.both / dm.both).toFixed(1)}×).`,
        `Throughput: ${concurrent} VIFs plugged then unplugged with ${IN_FLIGHT} calls in flight (${IN_FLIGHT} OsVifClient calls at once against the daemon; ${IN_FLIGHT} runtime.plug/unplug at once in-process), median of ${concurrentRuns} timed run(s) after an untimed run of as many; runs in-process ${runs(inProcess)} VIF/s, daemon ${runs(client)} VIF/s.`,
      ],
    };
  } finally {
    await daemon?.stop();
    await runner?.close();
    await ovs?.stop();
    await ns.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
