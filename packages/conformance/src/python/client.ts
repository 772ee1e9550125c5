import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import {
  OsVifPythonError,
  PythonBridgeClosedError,
  PythonProtocolError,
  PythonRequestTimeoutError,
  PythonUnavailableError,
} from './errors';
import type {
  BridgeOutcome,
  BridgeReadyLine,
  BridgeRequest,
  BridgeResponseLine,
  BridgeVersion,
  GenerateOptions,
  OsVifPrimitive,
  PyClassDescription,
} from './protocol';

/** The Debian interpreter that has python3-os-vif (NOT the `python3` on PATH). */
export const DEFAULT_PYTHON = '/usr/bin/python3';

/** python/osvif_bridge.py; `../../python` resolves from both src/python and dist/python. */
export const BRIDGE_SCRIPT = path.join(__dirname, '../../python/osvif_bridge.py');

export interface PythonOsVifOptions {
  /** Interpreter; default $OSVIF_PYTHON or /usr/bin/python3. */
  readonly python?: string;
  /** Bridge script; default BRIDGE_SCRIPT. */
  readonly script?: string;
  /** Extra op modules passed as `--load FILE` (see docs/interop.md). */
  readonly load?: readonly string[];
  /** Per-request timeout (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** Time allowed for the interpreter to import os-vif and say ready (default 30 s). */
  readonly startTimeoutMs?: number;
  /** Extra environment for the interpreter. */
  readonly env?: Readonly<Record<string, string>>;
}

interface Pending {
  readonly op: string;
  readonly resolve: (line: BridgeResponseLine) => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

const STDERR_KEEP = 8192;

/**
 * Client of a long-running os-vif bridge process. Many requests may be in flight; responses are
 * matched by id. One process per test file is the intended use (start in beforeAll, close in
 * afterAll).
 */
export class PythonOsVif {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private stderrTail = '';
  private exit: { code: number | null; signal: string | null } | undefined;
  private closing = false;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly python: string,
    readonly requestTimeoutMs: number,
    /** The bridge's ready line: os-vif/OVO/Python versions and the op list. */
    readonly info: BridgeVersion,
    lines: readline.Interface,
    exited: Promise<void>,
  ) {
    this.exited = exited;
    lines.on('line', (line) => this.onLine(line));
  }

  /** Spawn the bridge and wait until os-vif is imported. Throws PythonUnavailableError. */
  static async start(options: PythonOsVifOptions = {}): Promise<PythonOsVif> {
    const python = options.python ?? process.env.OSVIF_PYTHON ?? DEFAULT_PYTHON;
    const script = options.script ?? BRIDGE_SCRIPT;
    const args = ['-u', script, ...(options.load ?? []).flatMap((file) => ['--load', file])];
    const child = spawn(python, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...options.env },
    });
    let stderr = '';
    const onStderr = (chunk: Buffer): void => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
    };
    child.stderr.on('data', onStderr);
    // Without this, a write to a dead bridge would be an unhandled 'error' event (EPIPE).
    child.stdin.on('error', () => undefined);
    const lines = readline.createInterface({ input: child.stdout, crlfDelay: Infinity });
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));

    const ready = await new Promise<BridgeReadyLine>((resolve, reject) => {
      const fail = (reason: string): void => {
        clearTimeout(timer);
        lines.removeAllListeners('line');
        child.kill('SIGKILL');
        reject(new PythonUnavailableError(python, reason, stderr.trim()));
      };
      const timer = setTimeout(() => fail(`no ready line within ${options.startTimeoutMs ?? 30000} ms`), options.startTimeoutMs ?? 30000);
      child.once('error', (err: NodeJS.ErrnoException) =>
        fail(err.code === 'ENOENT' ? 'interpreter not found' : `cannot spawn: ${err.message}`),
      );
      // 'close' (not 'exit'): by then stderr is fully read, so the reason includes it.
      const onEarlyClose = (code: number | null, signal: string | null): void => fail(`exited before ready (exit ${code ?? signal})`);
      child.once('close', onEarlyClose);
      lines.once('line', (line) => {
        let parsed: BridgeReadyLine;
        try {
          parsed = JSON.parse(line) as BridgeReadyLine;
        } catch {
          fail(`not a bridge (first line: ${line.slice(0, 200)})`);
          return;
        }
        if (!parsed.ready) {
          const e = parsed.error;
          fail(e ? `cannot load os-vif: ${e.type}: ${e.message}` : 'bridge not ready');
          return;
        }
        clearTimeout(timer);
        child.off('close', onEarlyClose);
        resolve(parsed);
      });
    });

    const info: BridgeVersion = {
      os_vif: ready.os_vif ?? '',
      'oslo.versionedobjects': ready['oslo.versionedobjects'] ?? '',
      python: ready.python ?? '',
      ops: ready.ops ?? [],
    };
    const client = new PythonOsVif(child, python, options.requestTimeoutMs ?? 30000, info, lines, exited);
    child.stderr.off('data', onStderr);
    client.stderrTail = stderr;
    child.stderr.on('data', (chunk: Buffer) => {
      client.stderrTail = (client.stderrTail + chunk.toString('utf8')).slice(-STDERR_KEEP);
    });
    child.once('exit', (code, signal) => client.onExit(code, signal));
    return client;
  }

  /** Process id of the bridge (to signal it in tests; never kill by name). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Last stderr output of the bridge (Python logging, tracebacks). */
  get stderr(): string {
    return this.stderrTail;
  }

  /** Send one request; resolves with the raw response line (result or error). */
  private send(req: BridgeRequest, timeoutMs = this.requestTimeoutMs): Promise<BridgeResponseLine> {
    if (this.exit || this.closing) {
      return Promise.reject(
        new PythonBridgeClosedError(req.op, this.exit?.code ?? null, this.exit?.signal ?? null, this.stderrTail.trim()),
      );
    }
    const id = this.nextId++;
    let line: string;
    try {
      line = JSON.stringify({ id, op: req.op, params: req.params ?? {} });
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<BridgeResponseLine>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new PythonRequestTimeoutError(req.op, timeoutMs));
      }, timeoutMs);
      this.pending.set(id, { op: req.op, resolve, reject, timer });
      this.child.stdin.write(line + '\n');
    });
  }

  /** Run an op; Python exceptions reject with OsVifPythonError. */
  async request<T = unknown>(op: string, params: Record<string, unknown> = {}, opts: { timeoutMs?: number } = {}): Promise<T> {
    const resp = await this.send({ op, params }, opts.timeoutMs);
    if (resp.error) throw new OsVifPythonError(op, resp.error.type, resp.error.module, resp.error.message);
    return resp.result as T;
  }

  /** Run an op; Python exceptions come back as values (for comparing failures with ours). */
  async settle<T = unknown>(
    op: string,
    params: Record<string, unknown> = {},
    opts: { timeoutMs?: number } = {},
  ): Promise<BridgeOutcome<T>> {
    return toOutcome<T>(await this.send({ op, params }, opts.timeoutMs));
  }

  /** Many requests in ONE line (Python serves them in order); one outcome per request. */
  async batch<T = unknown>(requests: readonly BridgeRequest[], opts: { timeoutMs?: number } = {}): Promise<BridgeOutcome<T>[]> {
    const result = await this.request<BridgeResponseLine[]>(
      'batch',
      {
        requests: requests.map((r) => ({ op: r.op, params: r.params ?? {} })),
      },
      opts,
    );
    return result.map((r) => toOutcome<T>(r));
  }

  // ---- typed ops --------------------------------------------------------------------------

  version(): Promise<BridgeVersion> {
    return this.request('version');
  }

  /** Every registered os_vif class with its version. */
  classes(): Promise<{ name: string; version: string }[]> {
    return this.request('classes');
  }

  describeClass(name: string): Promise<PyClassDescription> {
    return this.request('describe_class', { name });
  }

  /** obj_from_primitive, then obj_to_primitive at the instance version. */
  hydrate(primitive: unknown): Promise<OsVifPrimitive> {
    return this.request('hydrate', { primitive });
  }

  /** Hydrate, then obj_to_primitive(targetVersion, manifest). */
  toPrimitive(primitive: unknown, targetVersion?: string, manifest?: Record<string, string>): Promise<OsVifPrimitive> {
    return this.request('to_primitive', { primitive, target_version: targetVersion, manifest });
  }

  /** N random valid objects built by os-vif (seeded), as primitives at the class version. */
  generate(options: GenerateOptions): Promise<OsVifPrimitive[]> {
    return this.request('generate', { ...options });
  }

  /** os_vif.initialize(); host_info(permitted).obj_to_primitive(). */
  hostInfo(permitted?: readonly string[]): Promise<OsVifPrimitive> {
    return this.request('host_info', permitted ? { permitted: [...permitted] } : {});
  }

  /** ObjectVersionChecker hashes of every os_vif class: { name: 'X.Y-md5' }. */
  fingerprints(): Promise<Record<string, string>> {
    return this.request('fingerprints');
  }

  /** Close stdin and wait for the bridge to exit (SIGKILL after `graceMs`). Idempotent. */
  async close(graceMs = 2000): Promise<void> {
    this.closing = true;
    if (!this.exit) {
      this.child.stdin.end();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    this.failPending(null, null);
  }

  private onLine(line: string): void {
    let resp: BridgeResponseLine;
    try {
      resp = JSON.parse(line) as BridgeResponseLine;
    } catch {
      this.failAll(new PythonProtocolError(line, 'not JSON'));
      return;
    }
    const id = typeof resp.id === 'number' ? resp.id : undefined;
    const waiter = id === undefined ? undefined : this.pending.get(id);
    if (!waiter) return; // a timed-out request's late answer, or an id-less malformed-line error
    this.pending.delete(id as number);
    clearTimeout(waiter.timer);
    waiter.resolve(resp);
  }

  private onExit(code: number | null, signal: string | null): void {
    this.exit = { code, signal };
    this.failPending(code, signal);
  }

  private failPending(code: number | null, signal: string | null): void {
    for (const [id, waiter] of this.pending) {
      this.pending.delete(id);
      clearTimeout(waiter.timer);
      waiter.reject(new PythonBridgeClosedError(waiter.op, code, signal, this.stderrTail.trim()));
    }
  }

  private failAll(err: Error): void {
    for (const [id, waiter] of this.pending) {
      this.pending.delete(id);
      clearTimeout(waiter.timer);
      waiter.reject(err);
    }
  }
}

function toOutcome<T>(resp: BridgeResponseLine): BridgeOutcome<T> {
  const warnings = resp.warnings?.length ? { warnings: resp.warnings } : {};
  return resp.error ? { ok: false, error: resp.error, ...warnings } : { ok: true, value: resp.result as T, ...warnings };
}
