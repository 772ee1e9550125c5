// Runs the read-only inspection tools (ovs-vsctl, ip, iptables-save) the snapshot is built from, through the
// runtime's one CommandRunner (inside `netns` with the test kit's NetnsCommandRunner).
import { OsvifError } from '@osvif/objects';
import { ExecFileCommandRunner } from '@osvif/runtime';
import type { CommandResult, CommandRunner } from '@osvif/sdk';
import { NetnsCommandRunner } from '@osvif/testkit';

export class SnapshotCommandError extends OsvifError {
  static readonly code = 'SNAPSHOT_COMMAND_FAILED';
  constructor(
    readonly file: string,
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(SnapshotCommandError.code, `${file} ${args.join(' ')} failed (exit ${exitCode}): ${stderr.trim()}`);
  }
}

const TIMEOUT_MS = 30_000;
const hostRunner = new ExecFileCommandRunner(TIMEOUT_MS);
const runnerFor = (netns: string | undefined): CommandRunner => (netns ? new NetnsCommandRunner(netns, TIMEOUT_MS) : hostRunner);

export function runIn(netns: string | undefined, file: string, args: readonly string[]): Promise<CommandResult> {
  return runnerFor(netns).run(file, args);
}

export async function checkIn(netns: string | undefined, file: string, args: readonly string[]): Promise<string> {
  const r = await runIn(netns, file, args);
  if (r.exitCode !== 0) throw new SnapshotCommandError(file, args, r.exitCode, r.stderr);
  return r.stdout;
}
