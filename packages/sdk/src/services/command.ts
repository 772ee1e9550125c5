/** Result of a finished command. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export interface CommandOptions {
  /** Written to the command's standard input. */
  readonly input?: string;
  readonly timeoutMs?: number;
}

/**
 * Runs a program with an argument array (execFile semantics: never a shell).
 * Resolves with any exit code; rejects with CommandError only when the program
 * could not be started or timed out.
 */
export interface CommandRunner {
  run(file: string, args: readonly string[], options?: CommandOptions): Promise<CommandResult>;
}

export class CommandError extends Error {
  constructor(
    readonly file: string,
    readonly args: readonly string[],
    readonly reason: 'not-found' | 'timeout' | 'spawn-failed',
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}
