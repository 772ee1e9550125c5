import { OsvifError } from '@osvif/objects';

/** Result of a finished command. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Options of one CommandRunner call: standard input and timeout. */
export interface CommandOptions {
  /** Written to the command's standard input, which is then closed (without it the program reads EOF at once). */
  readonly input?: string;
  /** Kill (SIGKILL) the program after this many ms and reject with CommandError `timeout`; 0 means no limit. */
  readonly timeoutMs?: number;
}

/**
 * Runs a program with an argument array (execFile semantics: never a shell).
 * Resolves with any exit code; a program killed by a signal resolves with 128 + the
 * signal number, as a shell reports it (e.g. 142 for SIGALRM, 143 for SIGTERM). Rejects
 * with CommandError only when the program could not be started, timed out, or wrote
 * more output than the runner keeps.
 */
export interface CommandRunner {
  /** Runs `file` with `args`; see the interface for what resolves and what rejects. */
  run(file: string, args: readonly string[], options?: CommandOptions): Promise<CommandResult>;
}

/**
 * The program could not be started (`not-found`, `spawn-failed`), or was killed by the runner: at its
 * timeout (`timeout`) or because its output passed the runner's limit (`output-too-large`).
 */
export class CommandError extends OsvifError {
  static readonly code = 'COMMAND_NOT_RUN';
  constructor(
    readonly file: string,
    readonly args: readonly string[],
    readonly reason: 'not-found' | 'timeout' | 'spawn-failed' | 'output-too-large',
    message: string,
  ) {
    super(CommandError.code, message);
  }
}
