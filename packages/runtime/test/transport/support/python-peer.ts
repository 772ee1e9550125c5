// The real os-vif as a negotiation peer, in separate /usr/bin/python3 processes (or OSVIF_PYTHON):
// a network host built on os-vif's objects (osvif_network_host.py, HTTP on 127.0.0.1) and a service
// host built on os_vif.host_info() (osvif_service_client.py, one shot). Both scripts live in
// packages/conformance/src/negotiation.
import { execFile, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';

const DIR = path.join(__dirname, '../../../../conformance/src/negotiation');
const PYTHON = process.env.OSVIF_PYTHON ?? '/usr/bin/python3';

export interface PyExchange {
  readonly status: number;
  readonly request: string;
  readonly reply: string;
}

export interface PythonNetworkHost {
  readonly url: string;
  /** What the pinned os-vif registry holds: name -> version. */
  readonly registry: Readonly<Record<string, string>>;
  readonly exchanges: PyExchange[];
  /** Waits until `n` exchanges were reported (the report follows the reply). */
  waitForExchanges(n: number, timeoutMs?: number): Promise<PyExchange[]>;
  stop(): Promise<void>;
}

export interface PythonNetworkHostConfig {
  /** Classes pinned lower: an older os-vif registry. */
  readonly pins?: Readonly<Record<string, string>>;
  /** Send the registry as a manifest in version errors (osvif extension); default false, as os-vif. */
  readonly manifest?: boolean;
  /** Port ids answered with BindingRejected. */
  readonly reject_ports?: readonly string[];
}

export async function startPythonNetworkHost(config: PythonNetworkHostConfig, startTimeoutMs = 30_000): Promise<PythonNetworkHost> {
  const child = spawn(PYTHON, ['-u', path.join(DIR, 'osvif_network_host.py'), JSON.stringify(config)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', PYTHONDONTWRITEBYTECODE: '1' },
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-8192)));
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  const exchanges: PyExchange[] = [];
  const lines = readline.createInterface({ input: child.stdout });
  const started = await new Promise<{ port: number; manifest: Record<string, string> }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`os-vif network host did not start in ${startTimeoutMs} ms\n${stderr}`)),
      startTimeoutMs,
    );
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`os-vif network host exited (${code}) before listening\n${stderr}`));
    });
    lines.on('line', (line) => {
      const msg = JSON.parse(line) as { event: string; port: number; manifest: Record<string, string> } & PyExchange;
      if (msg.event === 'listening') {
        clearTimeout(timer);
        resolve(msg);
      } else if (msg.event === 'exchange') exchanges.push({ status: msg.status, request: msg.request, reply: msg.reply });
    });
  });
  return {
    url: `http://127.0.0.1:${started.port}`,
    registry: started.manifest,
    exchanges,
    async waitForExchanges(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (exchanges.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} exchanges, got ${exchanges.length}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return exchanges;
    },
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface PyClientResult {
  readonly ok: boolean;
  readonly attempts: { status: number; sent_version: string; reply: Record<string, unknown> }[];
  readonly vif?: Record<string, unknown>;
  readonly vif_class?: string;
  readonly plugin?: string;
  readonly error?: Record<string, unknown>;
}

/** Runs os-vif's service host once against `url`. */
export function runPythonServiceClient(url: string, portId: string, permitted?: readonly string[]): Promise<PyClientResult> {
  const args = ['-u', path.join(DIR, 'osvif_service_client.py'), url, portId, ...(permitted ? [permitted.join(',')] : [])];
  return new Promise((resolve, reject) => {
    execFile(PYTHON, args, { timeout: 30_000, env: { PATH: process.env.PATH ?? '' } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`os-vif service client failed: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as PyClientResult);
    });
  });
}
