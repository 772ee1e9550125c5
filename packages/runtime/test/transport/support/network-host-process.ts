// Starts the conformance package's network host (packages/conformance/src/negotiation/network-host.ts, run from
// its build: the test command builds before Jest) in a SEPARATE node process, and collects the exchanges it
// reports. Loopback only (127.0.0.1).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';

export const REPO = path.join(__dirname, '../../../../..');
const SCRIPT = path.join(REPO, 'packages/conformance/dist/negotiation/network-host.js');

/** Runs in the child with `node -e`: main(config) of the built network host. */
const BOOTSTRAP = `require('reflect-metadata'); require(process.argv[1]).main(JSON.parse(process.argv[2]));`;

export interface Exchange {
  /** Which of the process's network hosts. */
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** Raw bodies as they crossed the wire. */
  readonly request: string;
  readonly reply: string;
}

export interface NetworkHostProcess {
  readonly pid: number;
  /** Base URL of each network host by name. */
  url(name: string): string;
  /** Exchanges of one host, in order. */
  exchanges(name: string): Exchange[];
  /** Waits until host `name` reported `n` exchanges (the report follows the reply by a few ms). */
  waitForExchanges(name: string, n: number, timeoutMs?: number): Promise<Exchange[]>;
  stop(): Promise<void>;
}

/** `hosts`: name -> NetworkHostConfig (packages/conformance/src/negotiation/network-host.ts). */
export async function startNetworkHosts(
  hosts: Record<string, Record<string, unknown>>,
  startTimeoutMs = 60_000,
): Promise<NetworkHostProcess> {
  if (!existsSync(SCRIPT)) throw new Error(`${SCRIPT} is missing: run \`npm run build\` first (npm test does)`);
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['-e', BOOTSTRAP, SCRIPT, JSON.stringify(hosts)], {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test' },
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-8192)));
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  const exchanges: Exchange[] = [];
  const waiters: (() => void)[] = [];
  const lines = readline.createInterface({ input: child.stdout });
  const ports = new Map<string, number>();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`network host did not start within ${startTimeoutMs} ms\n${stderr}`)), startTimeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`network host exited (${code}) before listening\n${stderr}`));
    });
    lines.on('line', (line) => {
      const msg = JSON.parse(line) as { event: string; port?: number } & Exchange;
      if (msg.event === 'listening') ports.set(msg.name, msg.port!);
      else if (msg.event === 'ready') {
        clearTimeout(timer);
        resolve();
      } else if (msg.event === 'exchange') {
        exchanges.push({ name: msg.name, method: msg.method, path: msg.path, status: msg.status, request: msg.request, reply: msg.reply });
        waiters.splice(0).forEach((w) => w());
      }
    });
  });
  const of = (name: string): Exchange[] => exchanges.filter((e) => e.name === name);
  return {
    pid: child.pid!,
    url(name) {
      const port = ports.get(name);
      if (port === undefined) throw new Error(`no network host named ${name}`);
      return `http://127.0.0.1:${port}`;
    },
    exchanges: of,
    async waitForExchanges(name, n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (of(name).length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} exchanges with ${name}, got ${of(name).length}\n${stderr}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
      return of(name);
    },
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
