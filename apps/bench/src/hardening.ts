// Benchmark: the HTTP network host under hostile clients (issue 17). A valid negotiation request's latency, alone
// and while 8 clients keep sending 1 MB bodies of nested arrays, with the handler's nesting limit (the default, 64)
// and without it (the limit set beyond any body: JSON.parse reads each one, as before the limit existed). The
// network host runs in its own process on 127.0.0.1, so its event loop is what the valid request waits for.
//
// This file is both the bench module (run) and the network host (`node hardening.js --serve DEPTH`).
import { fork, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from '@osvif/objects';
import { BenchRow, BenchSection, median } from './types';

const HOSTILE_CLIENTS = 8;
const HOSTILE_BYTES = 1_000_000;
const PORT_ID = '3e1a7f0c-5b2d-4c6e-9f80-1a2b3c4d5e6f';
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

/** The network host: HostInfoResponder behind createHostInfoHttpHandler, 2 MB bodies allowed, the given depth. */
async function serve(depth: number): Promise<void> {
  const { HostInfoResponder } = await import('@osvif/objects');
  const { createHostInfoHttpHandler } = await import('@osvif/runtime');
  const { vhostUserPort } = await import('@osvif/conformance');
  const handler = createHostInfoHttpHandler(new HostInfoResponder({ bind: () => vhostUserPort() }), {
    maxBodyBytes: 2 * 1024 * 1024,
    maxJsonDepth: depth,
  });
  const server = http.createServer(handler);
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as { port: number }).port }));
  process.on('disconnect', () => process.exit(0));
}

function startHost(depth: number): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(__filename, ['--serve', String(depth)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the network host did not start in 20 s')), 20_000);
    child.once('message', (m: { port: number }) => {
      clearTimeout(timer);
      resolve({ child, port: m.port });
    });
    child.once('exit', (code) => reject(new Error(`the network host exited (${code})`)));
  });
}

function post(agent: http.Agent, port: number, body: Buffer | string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/v1/host-info', method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const p99 = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))];

/** Latencies (ms) of `n` valid requests in a row, with `hostile` clients sending nested bodies all along. */
async function measure(
  port: number,
  valid: string,
  n: number,
  hostile: number,
  budgetMs = 30_000,
): Promise<{ ms: number[]; hostileSent: number }> {
  let stop = false;
  let hostileSent = 0;
  const bomb = Buffer.alloc(HOSTILE_BYTES, '[');
  const attackers = Array.from({ length: hostile }, async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    while (!stop) {
      await post(agent, port, bomb).catch(() => 0);
      hostileSent++;
    }
    agent.destroy();
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  await post(agent, port, valid); // connection up
  if (hostile > 0) await new Promise((r) => setTimeout(r, 200)); // the attack under way
  const ms: number[] = [];
  const until = performance.now() + budgetMs; // bounded: without the limit each request may wait seconds
  for (let i = 0; i < n && (i < 10 || performance.now() < until); i++) {
    const t0 = performance.now();
    const status = await post(agent, port, valid);
    ms.push(performance.now() - t0);
    if (status !== 200) throw new Error(`a valid request was answered ${status}`);
  }
  stop = true;
  await Promise.all(attackers);
  agent.destroy();
  return { ms, hostileSent };
}

export async function run({ quick }: { quick: boolean }): Promise<BenchSection> {
  const n = quick ? 40 : 200;
  const { OsVifRuntime } = await import('@osvif/runtime');
  const rt = new OsVifRuntime({ logger: silent }); // the plugins found in node_modules, as the CLI
  await rt.initialize();
  const valid = JSON.stringify({ host_info: rt.hostInfo().toPrimitive(), binding: { port_id: PORT_ID } });
  await rt.close();

  const hosts: ChildProcess[] = [];
  try {
    const limited = await startHost(64);
    hosts.push(limited.child);
    const unlimited = await startHost(1e9);
    hosts.push(unlimited.child);
    const alone = await measure(limited.port, valid, n, 0);
    const withLimit = await measure(limited.port, valid, n, HOSTILE_CLIENTS);
    const withoutLimit = await measure(unlimited.port, valid, n, HOSTILE_CLIENTS);
    const row = (name: string, ours: number[], theirs: number[] | undefined, note: string): BenchRow => ({
      name,
      osvif: median(ours),
      ...(theirs ? { osvifPython: median(theirs) } : {}),
      unit: 'ms',
      note,
    });
    return {
      title: 'HTTP network host under hostile clients (a valid negotiation request while 8 clients send 1 MB nested bodies)',
      rows: [
        row('valid request alone, median', alone.ms, undefined, `${n} in a row; p99 ${p99(alone.ms).toFixed(2)} ms`),
        row(
          'valid request with 8 hostile clients, median (the "os-vif" column: without the nesting limit)',
          withLimit.ms,
          withoutLimit.ms,
          `limit 64: ${withLimit.ms.length} requests, ${withLimit.hostileSent} hostile bodies refused meanwhile; no limit: ${withoutLimit.ms.length} requests (30 s budget), ${withoutLimit.hostileSent} bodies parsed`,
        ),
        {
          name: 'valid request with 8 hostile clients, p99 (the "os-vif" column: without the nesting limit)',
          osvif: p99(withLimit.ms),
          osvifPython: p99(withoutLimit.ms),
          unit: 'ms',
        },
      ],
      notes: [
        `No os-vif here: the second column is the same handler with maxJsonDepth beyond any body (each 1 MB body goes to JSON.parse, as before the limit), the ratio is its latency over the limited one's. The network host runs in its own process (createHostInfoHttpHandler + HostInfoResponder, maxBodyBytes 2 MiB, 127.0.0.1); the valid request is a real HostInfo (the plugins found in node_modules) and binding, ${valid.length} bytes, on a keep-alive connection; each hostile client posts ${HOSTILE_BYTES} bytes of "[" in a loop on its own connection, from 200 ms before the first timed request to the last.`,
      ],
    };
  } finally {
    for (const h of hosts) h.kill();
  }
}

if (process.argv[2] === '--serve')
  serve(Number(process.argv[3])).catch((e: unknown) => {
    process.stderr.write(`hardening network host: ${String(e)}\n`);
    process.exit(1);
  });
