// The Python oslo.messaging peers of the AMQP tests (Debian's python3-oslo.messaging and python3-os-vif,
// run with /usr/bin/python3): a network host (oslo_network_host.py) in a child process whose stdout
// lines record every call it served, and a one-shot service host (oslo_client.py).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const PYTHON = '/usr/bin/python3';

/** A record line of oslo_network_host.py. */
export interface OsloCall {
  readonly event: 'call';
  readonly ctxt: Record<string, unknown>;
  readonly host_info: Record<string, unknown>;
  readonly binding: Record<string, unknown>;
  readonly reply?: Record<string, unknown>;
  readonly raised?: { class: string; kwargs: Record<string, unknown> };
}

/** A running Python oslo.messaging network host. */
export interface OsloNetworkHost {
  readonly calls: OsloCall[];
  stop(): Promise<void>;
}

/** Starts oslo_network_host.py and resolves once its RPC server has started (60 s at most). */
export function startOsloNetworkHost(
  url: string,
  topic: string,
  mode: 'current' | 'old-failure' | 'old-manifest',
  /** Every answer takes this long. */
  delayMs = 0,
): Promise<OsloNetworkHost> {
  const args = [join(__dirname, 'oslo_network_host.py'), '--url', url, '--topic', topic, '--mode', mode, '--delay-ms', String(delayMs)];
  const child: ChildProcess = spawn(PYTHON, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const calls: OsloCall[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`oslo network host not ready within 60 s:\n${stderr}`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`oslo network host exited (${code}):\n${stderr}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const ev = JSON.parse(line) as { event: string };
      if (ev.event === 'ready') {
        clearTimeout(timer);
        resolve({ calls, stop });
      } else if (ev.event === 'call') calls.push(ev as OsloCall);
    });
  });
}

/** What oslo_client.py reports: each call's result or the exception oslo.messaging raised. */
export interface OsloClientReport {
  readonly sent: Record<string, unknown>;
  readonly negotiate: { result?: Record<string, unknown>; raised?: string; read_back?: Record<string, unknown> };
  readonly no_such_method: { raised?: string; exc_type?: string };
  readonly bad_version: { raised?: string; exc_type?: string };
  /** With `monitored`: the one call made with call_monitor_timeout=2, and how long it took (s). */
  readonly monitored?: { result?: Record<string, unknown>; raised?: string; seconds: number };
  /** How long each call and the transport's cleanup took (s). */
  readonly seconds: { calls: number[]; cleanup: number };
}

/** Runs oslo_client.py against `topic` (90 s at most). */
export function runOsloClient(url: string, topic: string, monitored = false): Promise<OsloClientReport> {
  return new Promise((resolve, reject) => {
    execFile(
      PYTHON,
      [join(__dirname, 'oslo_client.py'), '--url', url, '--topic', topic, '--timeout', '10', ...(monitored ? ['--monitored'] : [])],
      { timeout: 90_000, maxBuffer: 4 << 20 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`oslo client failed: ${err.message}\n${stderr.slice(-4000)}`));
        else resolve(JSON.parse(stdout) as OsloClientReport);
      },
    );
  });
}
