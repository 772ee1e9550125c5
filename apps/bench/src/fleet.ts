// Fleet scale: many simulated service hosts negotiating HostInfo at once with 1 and with 4 network-host
// workers, over AMQP (one private RabbitMQ, the workers competing consumers of one topic queue) and over
// HTTP (one port per worker, the hosts spread round-robin). No os-vif here: the "os-vif 3.0.0" column of
// this section holds the HTTP figure (or the 1-worker figure, for the scaling rows); see the notes.
//
// Service-host side: this process, one OsVifRuntime with the plugins discovery finds (the product's
// HostInfo), and per simulated host its own port id, host name and transport — for AMQP its own
// AmqpNegotiationTransport (own broker connection and reply queue, as each real host has), for HTTP its
// own HttpNegotiationTransport with its own keep-alive agent (one connection). Each negotiation is
// negotiateVif, the product's negotiator. Network-host side: fleet-worker.js, one child process per worker.
//
// Per configuration: every host negotiates once, 100 at a time (connections set up), then one round of all
// hosts at once (warm-up), then ROUNDS measured rounds of all hosts at once. Bounded: a deadline per round,
// the broker and the workers stopped in `finally` (and killed on exit), loopback only.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Logger } from '@osvif/objects';
import type { NegotiationTransport } from '@osvif/objects';
import { AmqpNegotiationTransport, HttpNegotiationTransport, negotiateVif, OsVifRuntime } from '@osvif/runtime';
import { startPrivateRabbitMq } from '@osvif/testkit';
import { BenchRow, BenchSection, median } from './types';

const TOPIC = 'osvif-fleet';
const ROUND_TIMEOUT_MS = 60_000;
const CONNECT_AT_ONCE = 100;
const ALONE = 50;

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

/** The workers' process groups, killed if this process exits without its `finally` blocks (the broker does so itself). */
const groups = new Set<number>();
process.on('exit', () => {
  for (const g of groups)
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      // gone
    }
});

/** Interrupted (Ctrl-C, kill): exit, which runs the handler above (the broker is in its own process group). */
const interrupted = (): void => process.exit(130);

/** CPU milliseconds (user + system) of a process so far, from /proc (ticks of 1/100 s). */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

interface Worker {
  readonly child: ChildProcess;
  readonly port: number | undefined;
}

/** One fleet-worker.js process; resolves once it serves. */
async function startWorker(args: string[]): Promise<Worker> {
  const child = spawn(process.execPath, [join(__dirname, 'fleet-worker.js'), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    detached: true,
  });
  if (child.pid !== undefined) groups.add(child.pid);
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('fleet-worker did not start within 60 s')), 60_000);
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('\n')) {
          clearTimeout(timer);
          resolve(out.split('\n')[0]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`fleet-worker exited (${code}) before serving`));
      });
    });
    return { child, port: (JSON.parse(line) as { port?: number }).port };
  } catch (e) {
    await stopWorker({ child, port: undefined });
    throw e;
  }
}

async function stopWorker(w: Worker): Promise<void> {
  w.child.stdin?.end(); // the worker's signal to close and exit
  const timer = setTimeout(() => w.child.kill('SIGKILL'), 10_000);
  await exited(w.child);
  clearTimeout(timer);
  if (w.child.pid !== undefined) groups.delete(w.child.pid);
}

interface Host {
  readonly binding: { port_id: string; host: string };
  readonly transport: NegotiationTransport;
  close(): Promise<void>;
}

/** Runs `f` over `items`, `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await f(items[next++]);
    }),
  );
}

interface Round {
  readonly ms: number;
  readonly latencies: number[];
}

/** Every host negotiates once, `limit` at a time (default: all at once); each negotiation timed. */
async function round(rt: OsVifRuntime, hosts: readonly Host[], limit = hosts.length): Promise<Round> {
  const signal = AbortSignal.timeout(ROUND_TIMEOUT_MS);
  setMaxListeners(hosts.length + 10, signal); // every negotiation in flight listens to the round's deadline
  const latencies: number[] = [];
  const t0 = performance.now();
  await pool(hosts, limit, async (h) => {
    const s = performance.now();
    const out = await negotiateVif(rt, h.transport, h.binding, { signal });
    latencies.push(performance.now() - s);
    if (out.vif.id !== h.binding.port_id || out.attempts.length !== 1)
      throw new Error(`unexpected outcome for ${h.binding.port_id}: ${out.vif.id}, ${out.attempts.length} attempts`);
  });
  return { ms: performance.now() - t0, latencies };
}

function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}

/** What one configuration measured. */
interface Result {
  readonly label: string;
  /** Negotiations per second of each measured round. */
  readonly rates: number[];
  /** Latencies of every measured negotiation (ms). */
  readonly latencies: number[];
  /** The first pass (connections set up, CONNECT_AT_ONCE at a time) and the warm-up round, ms. */
  readonly connectMs: number;
  readonly warmMs: number;
  /** Median latency of ALONE negotiations by one host, one after the other (ms). */
  readonly aloneMs: number;
  /** CPU ms per measured negotiation: this process (service hosts), the workers, the broker. */
  readonly cpu: { hosts: number; workers: number; broker: number };
}

async function measure(
  label: string,
  rt: OsVifRuntime,
  hosts: readonly Host[],
  rounds: number,
  workers: readonly Worker[],
  brokerPid: number | undefined,
  connect: boolean,
): Promise<Result> {
  process.stderr.write(`bench fleet: ${label}...\n`);
  const connectMs = connect ? (await round(rt, hosts, CONNECT_AT_ONCE)).ms : NaN;
  const warmMs = (await round(rt, hosts)).ms;
  const workerCpu = (): number => workers.reduce((sum, w) => sum + cpuMs(w.child.pid), 0);
  const c0 = { hosts: process.cpuUsage(), workers: workerCpu(), broker: cpuMs(brokerPid) };
  const rates: number[] = [];
  const latencies: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const r = await round(rt, hosts);
    rates.push((hosts.length * 1000) / r.ms);
    latencies.push(...r.latencies);
  }
  const n = hosts.length * rounds;
  const own = process.cpuUsage(c0.hosts);
  // One host alone, one negotiation after the other: the exchange's own latency, no queueing.
  const alone: number[] = [];
  for (let i = 0; i < ALONE; i++) alone.push((await round(rt, hosts.slice(0, 1))).latencies[0]);
  const result: Result = {
    label,
    rates,
    latencies,
    connectMs,
    warmMs,
    aloneMs: median(alone),
    cpu: {
      hosts: (own.user + own.system) / 1000 / n,
      workers: (workerCpu() - c0.workers) / n,
      broker: brokerPid === undefined ? NaN : (cpuMs(brokerPid) - c0.broker) / n,
    },
  };
  process.stderr.write(
    `bench fleet: ${label}: ${rates.map((r) => r.toFixed(0)).join(', ')} negotiations/s, p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms\n`,
  );
  return result;
}

function portId(i: number): string {
  return `${randomUUID().slice(0, 24)}${i.toString(16).padStart(12, '0')}`;
}

async function amqpRuns(rt: OsVifRuntime, n: number, rounds: number): Promise<[Result, Result]> {
  // A private broker (@osvif/testkit, as the transport's tests), its backlog raised for a fleet connecting at once.
  const broker = await startPrivateRabbitMq({ listenBacklog: 4096 });
  const workers: Worker[] = [];
  const hosts: Host[] = [];
  try {
    const url = `${broker.url}?topic=${TOPIC}`;
    workers.push(await startWorker(['amqp', url, 'nh-0']));
    for (let i = 0; i < n; i++) {
      const transport = new AmqpNegotiationTransport({ url, timeoutMs: ROUND_TIMEOUT_MS, logger: silent });
      hosts.push({ binding: { port_id: portId(i), host: `compute-${i}` }, transport, close: () => transport.close() });
    }
    const one = await measure('AMQP, 1 worker', rt, hosts, rounds, workers, broker.brokerPid(), true);
    for (let k = 1; k < 4; k++) workers.push(await startWorker(['amqp', url, `nh-${k}`]));
    const four = await measure('AMQP, 4 workers', rt, hosts, rounds, workers, broker.brokerPid(), false);
    return [one, four];
  } finally {
    await pool(hosts, 100, (h) => h.close().catch(() => undefined));
    for (const w of workers) await stopWorker(w);
    await broker.stop();
  }
}

async function httpRun(rt: OsVifRuntime, n: number, rounds: number, count: number): Promise<Result> {
  const workers: Worker[] = [];
  const hosts: Host[] = [];
  try {
    for (let k = 0; k < count; k++) workers.push(await startWorker(['http']));
    for (let i = 0; i < n; i++) {
      // One connection per simulated host, kept for its next negotiation (as AMQP keeps its connection).
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const transport = new HttpNegotiationTransport({
        url: `http://127.0.0.1:${workers[i % count].port}`,
        timeoutMs: ROUND_TIMEOUT_MS,
        agent,
      });
      hosts.push({
        binding: { port_id: portId(i), host: `compute-${i}` },
        transport,
        close: async () => agent.destroy(),
      });
    }
    return await measure(`HTTP, ${count} worker${count > 1 ? 's' : ''}`, rt, hosts, rounds, workers, undefined, true);
  } finally {
    await Promise.all(hosts.map((h) => h.close()));
    for (const w of workers) await stopWorker(w);
  }
}

export async function run({ quick }: { quick: boolean }): Promise<BenchSection> {
  const n = quick ? 200 : 1000;
  const rounds = quick ? 2 : 3;
  const load0 = loadavg();
  const rt = new OsVifRuntime({ logger: silent });
  await rt.initialize();
  const plugins = rt.loadedPlugins().map((x) => x.name);
  let results: Result[];
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    const [amqp1, amqp4] = await amqpRuns(rt, n, rounds);
    const http1 = await httpRun(rt, n, rounds, 1);
    const http4 = await httpRun(rt, n, rounds, 4);
    results = [amqp1, amqp4, http1, http4];
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    await rt.close();
  }
  const load1 = loadavg();
  const [amqp1, amqp4, http1, http4] = results;
  const rate = (r: Result): number => median(r.rates);
  const p = (r: Result, q: number): number => quantile(r.latencies, q);
  const rows: BenchRow[] = [];
  for (const [w, a, h] of [
    ['1 worker', amqp1, http1],
    ['4 workers', amqp4, http4],
  ] as const) {
    rows.push({
      name: `${n} hosts at once, ${w}: negotiations/s, AMQP (HTTP)`,
      osvif: rate(a),
      osvifPython: rate(h),
      unit: '/s',
      higherIsBetter: true,
    });
    rows.push({ name: `${n} hosts at once, ${w}: p50 latency, AMQP (HTTP)`, osvif: p(a, 0.5), osvifPython: p(h, 0.5), unit: 'ms' });
    rows.push({ name: `${n} hosts at once, ${w}: p99 latency, AMQP (HTTP)`, osvif: p(a, 0.99), osvifPython: p(h, 0.99), unit: 'ms' });
  }
  rows.push({
    name: `one host alone, 1 worker: negotiation latency (median of ${ALONE} in a row), AMQP (HTTP)`,
    osvif: amqp1.aloneMs,
    osvifPython: http1.aloneMs,
    unit: 'ms',
  });
  rows.push({
    name: 'AMQP: negotiations/s with 4 workers (1 worker)',
    osvif: rate(amqp4),
    osvifPython: rate(amqp1),
    unit: '/s',
    higherIsBetter: true,
  });
  rows.push({
    name: 'HTTP: negotiations/s with 4 workers (1 worker)',
    osvif: rate(http4),
    osvifPython: rate(http1),
    unit: '/s',
    higherIsBetter: true,
  });
  const detail = (r: Result): string =>
    `${r.label}: rounds ${r.rates.map((x) => x.toFixed(0)).join(', ')}/s; p50 ${p(r, 0.5).toFixed(1)}, p99 ${p(r, 0.99).toFixed(1)}, max ${p(r, 1).toFixed(1)} ms; ` +
    `${Number.isNaN(r.connectMs) ? '' : `first pass (connections set up, ${CONNECT_AT_ONCE} at a time) ${(r.connectMs / 1000).toFixed(2)} s, `}warm-up round ${(r.warmMs / 1000).toFixed(2)} s; ` +
    `CPU per negotiation: service hosts ${r.cpu.hosts.toFixed(2)} ms, workers ${r.cpu.workers.toFixed(2)} ms${Number.isNaN(r.cpu.broker) ? '' : `, broker ${r.cpu.broker.toFixed(2)} ms`}.`;
  return {
    title: `Fleet scale: ${n} service hosts negotiating at once, AMQP (one broker) and HTTP, 1 and 4 network-host workers`,
    rows,
    notes: [
      'No os-vif in this section. In the first seven rows the "osvif" column is AMQP and the "os-vif 3.0.0" column is HTTP, same worker count, same run; the ratio is AMQP against HTTP (rate: AMQP/HTTP; latency: HTTP/AMQP; above 1× AMQP is better). In the last two rows "osvif" is 4 workers and "os-vif 3.0.0" 1 worker, so the ratio is the scaling from 1 to 4 workers.',
      `Service hosts: ${n} simulated hosts in the bench process (one event loop), each with its own port id and host name, negotiating with negotiateVif through one OsVifRuntime with the discovered plugins (${plugins.join(', ')}). AMQP: each host its own AmqpNegotiationTransport (its own broker connection and reply queue: ${n} connections); the workers are competing consumers of one topic queue (startAmqpNegotiationServer, default prefetch 16). HTTP: each host its own keep-alive connection to worker (i mod count); each worker its own port. Workers: fleet-worker.js, one process each, HostInfoResponder binding an OVS port.`,
      `Each configuration: one pass with connections set up (not measured), one warm-up round, then ${rounds} measured rounds of all ${n} hosts at once; negotiations/s is the median round (${n} / its wall time), p50/p99 over every measured negotiation. Connections are already up in the measured rounds, for both transports.`,
      ...results.map(detail),
      `Load average before ${load0.map((x) => x.toFixed(2)).join(' ')}, after ${load1.map((x) => x.toFixed(2)).join(' ')}; the machine has 2 cores shared by the bench process, the broker and the workers, so 4 workers cannot give 4×.`,
    ],
  };
}
