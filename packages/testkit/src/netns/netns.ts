// Fresh network namespaces for tests. Each has a unique name
// (osvif-test-<pid>-<time>-<n>), an agent serving LinkApi/Sysctl inside it,
// and is always removed: by dispose(), by disposeAllNetns(), or at exit.
import type { CommandOptions, CommandResult, LinkApi, Sysctl } from '@osvif/sdk';
import { AgentClient, RemoteLinkApi, RemoteSysctl, startNetnsAgent } from '../agent/client';
import { TestkitCommandError } from '../commands';
import { TestkitSetupError } from '../errors';
import { NetnsCommandRunner } from './command-runner';
import { NETNS_DIR, NETNS_PREFIX, ipNetns } from './ip';
import { register, unregister } from './registry';
import { sweepStaleNetns } from './sweep';

/** The process serving a namespace's LinkApi and Sysctl (a node process started inside it). */
export interface NetnsAgent {
  /** Its process id (undefined if it could not be started). */
  readonly pid: number | undefined;
}

/** A throw-away network namespace (see createNetns). */
export interface TestNetns {
  /** Its name, as `ip netns` lists it: osvif-test-<pid>-<time>-<n>. */
  readonly name: string;
  /** /run/netns/<name>, for `nsenter --net=<path>`. */
  readonly path: string;
  /** Link operations performed inside the namespace (through the agent). */
  readonly links: LinkApi;
  /** Sysctls of the namespace (through the agent). */
  readonly sysctl: Sysctl;
  /** The agent process serving `links` and `sysctl`. */
  readonly agent: NetnsAgent;
  /** Runs a program inside the namespace (`ip netns exec`); resolves with any exit code. */
  exec(file: string, args: readonly string[], options?: CommandOptions): Promise<CommandResult>;
  /** Like exec, but rejects with TestkitCommandError unless the exit code is 0; resolves with stdout. */
  check(file: string, args: readonly string[]): Promise<string>;
  /** Reads a /sys/class/net file as the namespace sees it (sysfs is remounted by `ip netns exec`). */
  readSysfs(ifname: string, ...parts: string[]): Promise<string>;
  /** Stops the agent and deletes the namespace (and with it every link in it). Idempotent. */
  dispose(): Promise<void>;
}

/** Options of createNetns. */
export interface CreateNetnsOptions {
  /** Start the LinkApi/Sysctl agent (default true). */
  readonly agent?: boolean;
}

let counter = 0;
let swept = false;

/**
 * Creates a fresh network namespace with an agent serving LinkApi/Sysctl inside it. The first call also
 * removes namespaces left by earlier crashed runs (sweepStaleNetns). The namespace is removed by dispose(), by
 * disposeAllNetns() (the test kit calls it after each Jest test file), or at the latest when the process exits.
 */
export async function createNetns(options: CreateNetnsOptions = {}): Promise<TestNetns> {
  if (!swept) {
    swept = true;
    await sweepStaleNetns();
  }
  const name = `${NETNS_PREFIX}${process.pid}-${Date.now().toString(36)}-${counter++}`;
  await ipNetns(['add', name]);
  let client: AgentClient | undefined;
  let disposed: Promise<void> | undefined;
  const dispose = (): Promise<void> =>
    (disposed ??= (async () => {
      try {
        await client?.close(2000);
      } finally {
        await ipNetns(['del', name]).catch(() => undefined);
        unregister(name);
      }
    })());
  register({ name, dispose, killAgents: () => client && client.pid && killQuietly(client.pid) });
  const runner = new NetnsCommandRunner(name, 30_000);
  const exec = (file: string, args: readonly string[], o?: CommandOptions): Promise<CommandResult> => runner.run(file, args, o);
  const check = async (file: string, args: readonly string[]): Promise<string> => {
    const r = await exec(file, args);
    if (r.exitCode !== 0) throw new TestkitCommandError(file, args, r);
    return r.stdout;
  };
  try {
    let links: RemoteLinkApi | undefined;
    let sysctl: RemoteSysctl | undefined;
    if (options.agent !== false) ({ client, links, sysctl } = await startNetnsAgent(name));
    const noAgent = (): never => {
      throw new TestkitSetupError(`namespace ${name} was created without an agent (createNetns({ agent: false }))`);
    };
    return {
      name,
      path: `${NETNS_DIR}/${name}`,
      get links() {
        return links ?? noAgent();
      },
      get sysctl() {
        return sysctl ?? noAgent();
      },
      get agent() {
        return client ?? noAgent();
      },
      exec,
      check,
      readSysfs: async (ifname, ...parts) => (await check('cat', [`/sys/class/net/${ifname}/${parts.join('/')}`])).trim(),
      dispose,
    };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/** Runs fn with a fresh namespace and removes it afterwards, whatever happens. */
export async function withNetns<T>(fn: (ns: TestNetns) => Promise<T>, options: CreateNetnsOptions = {}): Promise<T> {
  const ns = await createNetns(options);
  try {
    return await fn(ns);
  } finally {
    await ns.dispose();
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
