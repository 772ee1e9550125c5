// COMMAND_RUNNER: child_process.execFile with an argument array (never a
// shell), a timeout, and stdin. Non-zero exits resolve; only "could not run"
// and timeouts reject, with CommandError.
import { execFile } from 'node:child_process';
import { CommandError, CommandOptions, CommandResult, CommandRunner } from '@osvif/sdk';

export const DEFAULT_COMMAND_TIMEOUT_MS = 120_000;

export class ExecFileCommandRunner implements CommandRunner {
  constructor(private readonly defaultTimeoutMs = DEFAULT_COMMAND_TIMEOUT_MS) {}

  run(file: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    const timeout = options.timeoutMs ?? this.defaultTimeoutMs;
    return new Promise((resolve, reject) => {
      const child = execFile(
        file,
        [...args],
        { timeout, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', shell: false },
        (error, stdout, stderr) => {
          if (!error) return resolve({ stdout, stderr, exitCode: 0 });
          const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: unknown; signal?: string | null };
          if (e.code === 'ENOENT') return reject(new CommandError(file, args, 'not-found', `${file}: command not found`));
          if (e.killed && e.signal === 'SIGKILL') {
            return reject(new CommandError(file, args, 'timeout', `${file} timed out after ${timeout} ms`));
          }
          if (typeof e.code === 'number') return resolve({ stdout, stderr, exitCode: e.code });
          if (e.signal) return resolve({ stdout, stderr, exitCode: 128 });
          reject(new CommandError(file, args, 'spawn-failed', `${file}: ${e.message}`));
        },
      );
      child.stdin?.on('error', () => undefined); // the program may exit before reading its input
      if (options.input !== undefined) child.stdin?.end(options.input);
      else child.stdin?.end();
    });
  }
}
