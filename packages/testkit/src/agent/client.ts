// Client side of the agent seam: starts the agent (optionally behind a
// prefix such as `ip netns exec NS` or `nsenter --net=PATH`) and exposes it as
// LinkApi and Sysctl. Errors thrown in the agent are rebuilt as the same classes.
import { spawn, ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { BridgeOptions, LinkApi, LinkChanges, LinkInfo, Sysctl } from '@osvif/sdk';
import { AgentError, AgentResponse, deserializeError, Target } from './protocol';
import { agentNodeCommand } from './launch';

export interface AgentClientOptions {
  /** Command prepended to `node agent`, e.g. ['ip', 'netns', 'exec', 'ns1']. */
  readonly prefix?: readonly string[];
  /** Per-request limit in ms (default 30000). */
  readonly requestTimeoutMs?: number;
  /** Limit for the agent to report ready (default 20000: cold start from source transpiles). */
  readonly startTimeoutMs?: number;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

export class AgentClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private exited: AgentError | undefined;
  private stderrTail = '';
  private readonly exitPromise: Promise<void>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly requestTimeoutMs: number,
  ) {
    // A write racing the agent's death gets EPIPE; 'close' below reports the death itself.
    child.stdin.on('error', () => undefined);
    child.on('error', () => undefined);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      this.stderrTail = (this.stderrTail + d).slice(-2000);
    });
    this.exitPromise = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        this.exited = new AgentError(
          'exited',
          `agent exited (${signal ?? `code ${code}`})${this.stderrTail ? `: ${this.stderrTail.trim()}` : ''}`,
        );
        for (const p of this.pending.values()) {
          clearTimeout(p.timer);
          p.reject(this.exited);
        }
        this.pending.clear();
        resolve();
      });
    });
  }

  /** Starts the agent and waits for its ready line. */
  static async start(options: AgentClientOptions = {}): Promise<AgentClient> {
    const node = agentNodeCommand();
    const [file, ...args] = [...(options.prefix ?? []), node.file, ...node.args];
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new AgentClient(child, options.requestTimeoutMs ?? 30_000);
    await client.waitReady(options.startTimeoutMs ?? 20_000, [file, ...args.slice(0, 3)].join(' '));
    return client;
  }

  private waitReady(timeoutMs: number, what: string): Promise<void> {
    const lines = createInterface({ input: this.child.stdout, crlfDelay: Infinity });
    return new Promise((resolve, reject) => {
      let ready = false;
      const fail = (e: AgentError): void => {
        if (ready) return;
        ready = true;
        this.child.kill('SIGKILL');
        reject(e);
      };
      const timer = setTimeout(() => fail(new AgentError('start-failed', `agent (${what}) not ready after ${timeoutMs} ms`)), timeoutMs);
      this.child.on('error', (e) => fail(new AgentError('start-failed', `cannot start agent (${what}): ${e.message}`)));
      void this.exitPromise.then(() => {
        clearTimeout(timer);
        fail(new AgentError('start-failed', `agent (${what}) exited before ready: ${this.stderrTail.trim()}`));
      });
      lines.on('line', (line) => {
        if (!ready) {
          ready = true;
          clearTimeout(timer);
          resolve();
          return;
        }
        this.onLine(line);
      });
    });
  }

  private onLine(line: string): void {
    let r: AgentResponse;
    try {
      r = JSON.parse(line) as AgentResponse;
    } catch {
      return; // not ours: the agent only writes JSON lines
    }
    if (r.id === null) return;
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    clearTimeout(p.timer);
    if (r.ok) p.resolve(r.result);
    else p.reject(deserializeError(r.error));
  }

  call(target: Target, method: string, args: readonly unknown[]): Promise<unknown> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    // Trailing undefined arguments are dropped; inner ones become null ("not given").
    const trimmed = [...args];
    while (trimmed.length && trimmed[trimmed.length - 1] === undefined) trimmed.pop();
    const line = `${JSON.stringify({ id, target, method, args: trimmed.map((a) => (a === undefined ? null : a)) })}\n`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new AgentError('timeout', `${target}.${method} got no answer in ${this.requestTimeoutMs} ms`));
      }, this.requestTimeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.child.stdin.write(line);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Ends the agent's input (it finishes pending requests and exits); kills it after `graceMs`. */
  async close(graceMs = 5_000): Promise<void> {
    if (this.exited) return;
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exitPromise;
    clearTimeout(timer);
  }
}

export class RemoteLinkApi implements LinkApi {
  constructor(private readonly client: AgentClient) {}
  private call<T>(method: string, ...args: unknown[]): Promise<T> {
    return this.client.call('link', method, args) as Promise<T>;
  }
  exists(name: string): Promise<boolean> {
    return this.call('exists', name);
  }
  async get(name: string): Promise<LinkInfo | undefined> {
    return (await this.call<LinkInfo | null | undefined>('get', name)) ?? undefined;
  }
  list(): Promise<LinkInfo[]> {
    return this.call('list');
  }
  createBridge(name: string, options?: BridgeOptions): Promise<void> {
    return this.call('createBridge', name, options);
  }
  createVeth(name: string, peerName: string): Promise<void> {
    return this.call('createVeth', name, peerName);
  }
  createVlan(name: string, parent: string, vlanId: number): Promise<void> {
    return this.call('createVlan', name, parent, vlanId);
  }
  createTap(name: string, options?: { readonly multiqueue?: boolean }): Promise<void> {
    return this.call('createTap', name, options);
  }
  delete(name: string): Promise<void> {
    return this.call('delete', name);
  }
  deleteIfExists(name: string): Promise<boolean> {
    return this.call('deleteIfExists', name);
  }
  set(name: string, changes: LinkChanges): Promise<void> {
    return this.call('set', name, changes);
  }
}

export class RemoteSysctl implements Sysctl {
  constructor(private readonly client: AgentClient) {}
  write(path: readonly string[], value: string | number): Promise<boolean> {
    return this.client.call('sysctl', 'write', [path, value]) as Promise<boolean>;
  }
  read(path: readonly string[]): Promise<string | undefined> {
    return (this.client.call('sysctl', 'read', [path]) as Promise<string | undefined>).then((v) => v ?? undefined);
  }
}

/** An agent in the namespace `netns` (as `ip netns exec` names it), with its LinkApi and Sysctl. */
export async function startNetnsAgent(
  netns: string,
  options: Omit<AgentClientOptions, 'prefix'> = {},
): Promise<{ client: AgentClient; links: RemoteLinkApi; sysctl: RemoteSysctl }> {
  if (!/^[A-Za-z0-9_.-]+$/.test(netns) || netns === '.' || netns === '..')
    throw new AgentError('start-failed', `invalid namespace name ${JSON.stringify(netns)}`);
  const client = await AgentClient.start({ ...options, prefix: ['ip', 'netns', 'exec', netns] });
  return { client, links: new RemoteLinkApi(client), sysctl: new RemoteSysctl(client) };
}
