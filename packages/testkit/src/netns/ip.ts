import { execFile } from 'node:child_process';
import { OsvifError } from '@osvif/objects';
import type { CommandResult } from '@osvif/sdk';

/** Where `ip netns` keeps its namespaces. */
export const NETNS_DIR = '/run/netns';
/** The prefix of every test namespace's name (osvif-test-<pid>-...): the leak sweep and the host guard know it. */
export const NETNS_PREFIX = 'osvif-test-';

/** An `ip netns` command of the test kit failed. */
export class NetnsCommandError extends OsvifError {
  static readonly code = 'NETNS_COMMAND_FAILED';
  constructor(
    readonly args: readonly string[],
    readonly result: CommandResult,
  ) {
    super(NetnsCommandError.code, `ip netns ${args.join(' ')} failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
  }
}

/** Runs a program (argument array, no shell) and resolves with any exit code. */
export function run(file: string, args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, [...args], { timeout: options.timeoutMs ?? 30_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err && typeof (err as NodeJS.ErrnoException).code === 'string') return reject(err); // could not start (ENOENT...)
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ stdout: String(stdout), stderr: String(stderr), exitCode: code });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export async function ipNetns(args: readonly string[]): Promise<CommandResult> {
  const r = await run('ip', ['netns', ...args]);
  if (r.exitCode !== 0) throw new NetnsCommandError(args, r);
  return r;
}
