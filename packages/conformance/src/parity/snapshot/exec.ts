// Runs the read-only inspection tools (ovs-vsctl, ip, iptables-save) the snapshot is built from, through the
// runtime's one CommandRunner (inside `netns` with the test kit's NetnsCommandRunner).
import { ExecFileCommandRunner } from '@osvif/runtime';
import type { CommandResult, CommandRunner } from '@osvif/sdk';
import { NetnsCommandRunner, TestkitCommandError } from '@osvif/testkit';

const TIMEOUT_MS = 30_000;
const hostRunner = new ExecFileCommandRunner(TIMEOUT_MS);
const runnerFor = (netns: string | undefined): CommandRunner => (netns ? new NetnsCommandRunner(netns, TIMEOUT_MS) : hostRunner);

export function runIn(netns: string | undefined, file: string, args: readonly string[]): Promise<CommandResult> {
  return runnerFor(netns).run(file, args);
}

/** Like runIn, but rejects with the test kit's TestkitCommandError unless the exit code is 0; resolves with stdout. */
export async function checkIn(netns: string | undefined, file: string, args: readonly string[]): Promise<string> {
  const r = await runIn(netns, file, args);
  if (r.exitCode !== 0) throw new TestkitCommandError(file, args, r);
  return r.stdout;
}
