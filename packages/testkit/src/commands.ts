// Every program the test kit runs goes through the runtime's one CommandRunner: no shell, 128 + n for a program
// killed by signal n, typed timeouts. Programs that need the private OVS's environment get it through env(1).
import { OsvifError } from '@osvif/objects';
import { ExecFileCommandRunner } from '@osvif/runtime';
import type { CommandOptions, CommandResult } from '@osvif/sdk';

/** A set-up command of the test kit (`ip netns`, ovsdb-tool, ovs-vsctl, ...) exited non-zero. */
export class TestkitCommandError extends OsvifError {
  static readonly code = 'TESTKIT_COMMAND_FAILED';
  constructor(
    /** The program. */
    readonly file: string,
    /** Its arguments. */
    readonly args: readonly string[],
    /** What it printed and its exit code. */
    readonly result: CommandResult,
  ) {
    super(TestkitCommandError.code, `${file} ${args.join(' ')} failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
  }
}

const hostRunner = new ExecFileCommandRunner(30_000);

/** Options of runCommand: those of the CommandRunner, plus variables added to the environment. */
export interface RunOptions extends CommandOptions {
  readonly env?: Readonly<Record<string, string>>;
}

/** Runs a program on the host (argument array, no shell); resolves with any exit code. */
export function runCommand(file: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const { env, ...rest } = options;
  if (!env) return hostRunner.run(file, args, rest);
  const assignments = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  return hostRunner.run('env', [...assignments, file, ...args], rest);
}

/** Like runCommand, but rejects with TestkitCommandError unless the exit code is 0; resolves with stdout. */
export async function checkCommand(file: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const r = await runCommand(file, args, options);
  if (r.exitCode !== 0) throw new TestkitCommandError(file, args, r);
  return r.stdout;
}
