import { execFile } from 'node:child_process';
import { constants } from 'node:os';
import { CommandError, CommandOptions, CommandResult, CommandRunner } from '@osvif/sdk';

/**
 * Default CommandRunner: execFile, never a shell. A program killed by a
 * signal reports exit code 128 + signo (as a shell would), so callers can
 * tell ovs-vsctl's own --timeout (SIGALRM) apart.
 */
export class ExecFileRunner implements CommandRunner {
  run(file: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        file,
        [...args],
        { timeout: options.timeoutMs ?? 0, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
        (err, stdout, stderr) => {
          if (!err) return resolve({ stdout, stderr, exitCode: 0 });
          const e = err as NodeJS.ErrnoException & { code?: number | string; signal?: NodeJS.Signals | null; killed?: boolean };
          if (e.code === 'ENOENT') return reject(new CommandError(file, args, 'not-found', `${file}: not found`));
          if (e.killed && options.timeoutMs)
            return reject(new CommandError(file, args, 'timeout', `${file} timed out after ${options.timeoutMs} ms`));
          if (typeof e.code === 'number') return resolve({ stdout, stderr, exitCode: e.code });
          if (e.signal) return resolve({ stdout, stderr, exitCode: 128 + (constants.signals[e.signal] ?? 0) });
          reject(new CommandError(file, args, 'spawn-failed', e.message));
        },
      );
      if (options.input !== undefined) child.stdin?.end(options.input);
    });
  }
}
