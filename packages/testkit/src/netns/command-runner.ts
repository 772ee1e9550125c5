// The host's command runner, moved into a test namespace: every program runs under `ip netns exec NS`, so
// iptables, ip and ovs-vsctl calls of a plugin act on the namespace, never on the host.
import type { CommandOptions, CommandResult, CommandRunner } from '@osvif/sdk';
import { ExecFileCommandRunner } from '@osvif/runtime';

/**
 * A CommandRunner that runs every program inside a network namespace (`ip netns exec NS file args...`), with
 * the runtime's own runner (same exit codes, timeouts and stdin handling as on a host).
 */
export class NetnsCommandRunner implements CommandRunner {
  private readonly inner: CommandRunner;

  constructor(
    /** The namespace's name (as `ip netns` lists it). */
    readonly netns: string,
    /** Per-call timeout in ms when a call gives none (default: the runtime's). */
    timeoutMs?: number,
  ) {
    this.inner = timeoutMs === undefined ? new ExecFileCommandRunner() : new ExecFileCommandRunner(timeoutMs);
  }

  run(file: string, args: readonly string[], options?: CommandOptions): Promise<CommandResult> {
    return this.inner.run('ip', ['netns', 'exec', this.netns, file, ...args], options);
  }
}
