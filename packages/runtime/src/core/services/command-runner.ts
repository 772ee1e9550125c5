// COMMAND_RUNNER: the one CommandRunner implementation, registered by the runtime and handed to every plugin
// (and, through it, to the OVS plugin's ovs-vsctl driver). Its contract:
//  - never a shell: child_process.execFile with the argument array as given (`shell: false`);
//  - standard input: `input` is written and stdin closed; without it stdin is closed at once (EOF), so a
//    program that reads its input never waits for a caller that has none; a program that exits without
//    reading it is not an error;
//  - exit status: any exit code resolves (the caller decides what a failure is); a program killed by a
//    signal resolves with 128 + the signal number, as a shell reports it (ovs-vsctl's own --timeout dies of
//    SIGALRM: 142), so callers can tell which signal;
//  - timeout (default 120 s; 0: none): the program is killed with SIGKILL and the call rejects at once with
//    CommandError `timeout`, even if a child it left behind still holds its output open;
//  - rejections are CommandError only: `not-found` (no such program), `spawn-failed` (could not start, e.g.
//    EACCES), `timeout`, `output-too-large` (more than 64 MiB on stdout or stderr; the program is killed).
import { execFile } from 'node:child_process';
import { constants } from 'node:os';
import { CommandError, CommandOptions, CommandResult, CommandRunner } from '@osvif/sdk';

/** Timeout of a command that gives none (ms). */
export const DEFAULT_COMMAND_TIMEOUT_MS = 120_000;
/** Output kept per stream; a program that writes more is killed (CommandError `output-too-large`). */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
/** Node timers fire at once past 2^31-1 ms: a longer timeout is no timeout. */
const MAX_TIMER_MS = 2 ** 31 - 1;

type ExecError = NodeJS.ErrnoException & { code?: number | string | null; signal?: NodeJS.Signals | null };

/** The CommandRunner behind COMMAND_RUNNER: execFile without a shell, stdin, timeouts and signal exit codes (see above). */
export class ExecFileCommandRunner implements CommandRunner {
  constructor(private readonly defaultTimeoutMs = DEFAULT_COMMAND_TIMEOUT_MS) {}

  run(file: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const settle = (f: () => void): void => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        f();
      };
      const child = execFile(
        file,
        [...args],
        { maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8', shell: false, killSignal: 'SIGKILL' },
        (error, stdout, stderr) =>
          settle(() => {
            if (!error) return resolve({ stdout, stderr, exitCode: 0 });
            const e = error as ExecError;
            if (e.code === 'ENOENT') return reject(new CommandError(file, args, 'not-found', `${file}: command not found`));
            if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
              return reject(new CommandError(file, args, 'output-too-large', `${file}: output over ${MAX_OUTPUT_BYTES} bytes; killed`));
            }
            if (typeof e.code === 'number') return resolve({ stdout, stderr, exitCode: e.code });
            if (e.signal) return resolve({ stdout, stderr, exitCode: 128 + (constants.signals[e.signal] ?? 0) });
            reject(new CommandError(file, args, 'spawn-failed', `${file}: ${e.message}`));
          }),
      );
      if (timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS) {
        timer = setTimeout(
          () =>
            settle(() => {
              child.kill('SIGKILL');
              reject(new CommandError(file, args, 'timeout', `${file} timed out after ${timeoutMs} ms`));
            }),
          timeoutMs,
        );
      }
      child.stdin?.on('error', () => undefined); // the program may exit before reading its input (EPIPE)
      child.stdin?.end(options.input);
    });
  }
}
