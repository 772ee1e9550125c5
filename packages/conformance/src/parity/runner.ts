// Client of python/parity/osvif_runner.py: the real os-vif 3.0.0 plugging VIFs
// INSIDE a network namespace (`ip netns exec NS /usr/bin/python3 ...`), with
// privsep in-process and a nova.conf written to a temp dir.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { OsvifError } from '@osvif/objects';
import { ParityConfig, renderNovaConf } from './config';

export const RUNNER_SCRIPT = path.join(__dirname, '../../python/parity/osvif_runner.py');
export const OSVIF_PYTHON = '/usr/bin/python3';

/**
 * Versions os-vif 3.0.0 knows where upstream (and osvif) moved on: pass as the
 * manifest of `toPrimitive(undefined, OS_VIF_3_0_0_MANIFEST)`.
 */
export const OS_VIF_3_0_0_MANIFEST: Readonly<Record<string, string>> = Object.freeze({
  VIFPortProfileOpenVSwitch: '1.3',
  VIFPortProfileFPOpenVSwitch: '1.3',
  VIFPortProfileOVSRepresentor: '1.3',
});

/** A Python exception as the runner reports it (`cause`: what os-vif wrapped in PlugException). */
export interface PythonErrorInfo {
  readonly type: string;
  readonly module: string;
  readonly message: string;
  readonly cause?: PythonErrorInfo;
}

export type RunnerOutcome =
  { readonly ok: true; readonly durationMs: number } | { readonly ok: false; readonly durationMs: number; readonly error: PythonErrorInfo };

/** The os-vif runner process could not be started, died, timed out or broke its protocol (`reason`). */
export class OsVifRunnerError extends OsvifError {
  static readonly code = 'OS_VIF_RUNNER_FAILED';
  constructor(
    readonly reason: 'start-failed' | 'exited' | 'timeout' | 'protocol',
    message: string,
    readonly stderr: string,
  ) {
    super(OsVifRunnerError.code, `os-vif runner ${reason}: ${message}${stderr ? `\n--- runner stderr (tail) ---\n${stderr}` : ''}`);
  }
}

export interface OsVifRunnerOptions {
  /** Network namespace to run in (name under /run/netns). Omit to run in the caller's namespace. */
  readonly netns?: string;
  readonly config: ParityConfig;
  /** Python logging level for os-vif's logs on the runner's stderr (default WARNING). */
  readonly logLevel?: string;
  /** Chain prefix for vif_plug_linux_bridge's iptables manager (default: the script name, 'osvif_runner.py'). */
  readonly iptablesBinaryName?: string;
  readonly requestTimeoutMs?: number;
  readonly startTimeoutMs?: number;
  readonly python?: string;
}

interface Pending {
  resolve(v: RunnerOutcome & { result?: unknown }): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

interface ResponseLine {
  id?: unknown;
  ok?: boolean;
  duration_ms?: number;
  result?: unknown;
  error?: PythonErrorInfo;
  ready?: boolean;
  os_vif?: string;
  plugins?: string[];
}

const STDERR_KEEP = 16384;

/** One long-running os-vif process; requests are served one at a time, in order. */
export class OsVifRunner {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private stderrTail = '';
  private exitInfo: string | undefined;
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly dir: string,
    private readonly requestTimeoutMs: number,
    /** os-vif version reported by the runner ('3.0.0'). */
    readonly osVifVersion: string,
    /** Plugins os-vif loaded (entry-point names). */
    readonly plugins: readonly string[],
  ) {}

  static async start(options: OsVifRunnerOptions): Promise<OsVifRunner> {
    const dir = mkdtempSync(path.join(tmpdir(), 'osvif-runner-'));
    const config: ParityConfig = {
      ...options.config,
      // Never os-vif's default (tcp:127.0.0.1:6640, a system OVS): without a private OVS, a socket that does not exist.
      ovs: options.config.ovs ?? { ovsdb_connection: `unix:${path.join(dir, 'no-ovsdb.sock')}` },
      lockPath: options.config.lockPath ?? path.join(dir, 'locks'),
    };
    const confFile = path.join(dir, 'nova.conf');
    writeFileSync(confFile, renderNovaConf(config));
    const pyArgs = ['-u', RUNNER_SCRIPT, '--config-file', confFile, '--log-level', options.logLevel ?? 'WARNING'];
    if (options.iptablesBinaryName) pyArgs.push('--iptables-binary-name', options.iptablesBinaryName);
    const python = options.python ?? OSVIF_PYTHON;
    const [file, args] = options.netns ? ['ip', ['netns', 'exec', options.netns, python, ...pyArgs]] : [python, pyArgs];
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    child.stdin.on('error', () => undefined);
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-STDERR_KEEP)));
    const lines = readline.createInterface({ input: child.stdout, crlfDelay: Infinity });
    const startTimeout = options.startTimeoutMs ?? 60000;
    let ready: ResponseLine;
    try {
      ready = await new Promise<ResponseLine>((resolve, reject) => {
        const fail = (msg: string): void => {
          clearTimeout(timer);
          child.kill('SIGKILL');
          reject(new OsVifRunnerError('start-failed', msg, stderr.trim()));
        };
        const timer = setTimeout(() => fail(`no ready line within ${startTimeout} ms`), startTimeout);
        child.once('error', (e) => fail(e.message));
        child.once('close', (code, signal) => fail(`exited before ready (${code ?? signal})`));
        lines.once('line', (l) => {
          let parsed: ResponseLine;
          try {
            parsed = JSON.parse(l) as ResponseLine;
          } catch {
            return fail(`bad first line: ${l.slice(0, 200)}`);
          }
          if (!parsed.ready) return fail(`os-vif did not load: ${parsed.error?.type}: ${parsed.error?.message}`);
          clearTimeout(timer);
          child.removeAllListeners('close');
          resolve(parsed);
        });
      });
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    const runner = new OsVifRunner(child, dir, options.requestTimeoutMs ?? 120000, ready.os_vif ?? '', ready.plugins ?? []);
    runner.stderrTail = stderr;
    child.stderr.removeAllListeners('data');
    child.stderr.on('data', (c: Buffer) => (runner.stderrTail = (runner.stderrTail + c.toString('utf8')).slice(-STDERR_KEEP)));
    lines.on('line', (l) => runner.onLine(l));
    child.once('close', (code, signal) => runner.onExit(`exit ${code ?? signal}`));
    return runner;
  }

  /** The runner's recent stderr (os-vif's logs). */
  get stderr(): string {
    return this.stderrTail;
  }

  private onLine(text: string): void {
    let msg: ResponseLine;
    try {
      msg = JSON.parse(text) as ResponseLine;
    } catch {
      return; // not ours; stdout is reserved for responses, but never crash on noise
    }
    const p = typeof msg.id === 'number' ? this.pending.get(msg.id) : undefined;
    if (!p) return;
    this.pending.delete(msg.id as number);
    clearTimeout(p.timer);
    const durationMs = msg.duration_ms ?? 0;
    if (msg.ok) p.resolve({ ok: true, durationMs, result: msg.result });
    else p.resolve({ ok: false, durationMs, error: msg.error ?? { type: 'Unknown', module: '', message: 'no error given' } });
  }

  private onExit(info: string): void {
    this.exitInfo = info;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new OsVifRunnerError('exited', `${info} with request ${id} in flight`, this.stderrTail.trim()));
    }
    this.pending.clear();
  }

  private request(body: Record<string, unknown>): Promise<RunnerOutcome & { result?: unknown }> {
    if (this.exitInfo !== undefined) return Promise.reject(new OsVifRunnerError('exited', this.exitInfo, this.stderrTail.trim()));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new OsVifRunnerError('timeout', `no answer to ${String(body.op)} within ${this.requestTimeoutMs} ms`, this.stderrTail.trim()),
        );
      }, this.requestTimeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.child.stdin.write(`${JSON.stringify({ id, ...body })}\n`);
    });
  }

  /** os_vif.plug(vif, instance_info) with primitives (3.0.0 versions: see OS_VIF_3_0_0_MANIFEST). */
  plug(vif: unknown, instanceInfo: unknown): Promise<RunnerOutcome> {
    return this.request({ op: 'plug', vif, instance_info: instanceInfo });
  }

  unplug(vif: unknown, instanceInfo: unknown): Promise<RunnerOutcome> {
    return this.request({ op: 'unplug', vif, instance_info: instanceInfo });
  }

  /** os_vif.host_info() primitive. */
  async hostInfo(): Promise<unknown> {
    const r = await this.request({ op: 'host_info' });
    if (!r.ok) throw new OsVifRunnerError('protocol', `host_info failed: ${r.error.type}: ${r.error.message}`, this.stderrTail.trim());
    return r.result;
  }

  /** Ends the process (end of stdin, then SIGKILL after 3 s) and removes its temp dir. Idempotent. */
  close(): Promise<void> {
    return (this.closed ??= (async () => {
      if (this.exitInfo === undefined) {
        const done = new Promise<void>((r) => this.child.once('close', () => r()));
        this.child.stdin.end();
        const t = setTimeout(() => this.child.kill('SIGKILL'), 3000);
        await done;
        clearTimeout(t);
      }
      rmSync(this.dir, { recursive: true, force: true });
    })());
  }
}

/** Throws when an outcome is a failure (message names the Python exception and its cause). */
export function assertOk(outcome: RunnerOutcome, what: string): void {
  if (!outcome.ok) {
    const c = outcome.error.cause;
    throw new Error(
      `${what} failed in os-vif: ${outcome.error.type}: ${outcome.error.message}${c ? ` (cause ${c.type}: ${c.message})` : ''}`,
    );
  }
}
