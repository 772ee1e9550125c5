// A CommandRunner that records every call and answers from a script: a plugin's command-line work tested
// without running anything (or, with `inner`, recorded on its way to a real runner).
import { OsvifError } from '@osvif/objects';
import type { CommandOptions, CommandResult, CommandRunner } from '@osvif/sdk';

/** One call a RecordingCommandRunner received. */
export interface RecordedCommand {
  readonly file: string;
  readonly args: readonly string[];
  readonly options?: CommandOptions;
}

/**
 * Which calls a scripted answer is for: a string matches the whole command line (`file arg1 arg2`) or, when it
 * has no space, the program name alone; a RegExp is tested against the command line; a function sees the call.
 */
export type CommandMatcher = string | RegExp | ((call: RecordedCommand) => boolean);

/**
 * A scripted answer: a (partial) result (stdout/stderr default to '', exitCode to 0), an Error to reject with,
 * or a function computing either from the call.
 */
export type CommandAnswer =
  Partial<CommandResult> | Error | ((call: RecordedCommand) => Partial<CommandResult> | Error | Promise<Partial<CommandResult> | Error>);

/** Options of a RecordingCommandRunner. */
export interface RecordingCommandRunnerOptions {
  /** Runner for calls no scripted answer matches (e.g. a NetnsCommandRunner); without it they reject. */
  readonly inner?: CommandRunner;
  /** The array to record into (default a new one): several runners can share one record. */
  readonly calls?: RecordedCommand[];
}

/** A call reached a RecordingCommandRunner that has neither a scripted answer nor an inner runner for it. */
export class UnexpectedCommandError extends OsvifError {
  static readonly code = 'TESTKIT_UNEXPECTED_COMMAND';
  constructor(
    /** The call that had no answer. */
    readonly call: RecordedCommand,
  ) {
    super(UnexpectedCommandError.code, `no scripted answer for: ${commandLine(call)}`);
  }
}

interface Rule {
  readonly matcher: CommandMatcher;
  readonly answer: CommandAnswer;
  remaining: number;
}

function commandLine(call: { readonly file: string; readonly args: readonly string[] }): string {
  return [call.file, ...call.args].join(' ');
}

function matches(matcher: CommandMatcher, call: RecordedCommand): boolean {
  if (typeof matcher === 'function') return matcher(call);
  const text = commandLine(call);
  if (matcher instanceof RegExp) return matcher.test(text);
  return matcher.includes(' ') ? text === matcher : call.file === matcher;
}

/**
 * A recording, scriptable CommandRunner. Every call is appended to `calls`; the first scripted answer whose
 * matcher fits (in the order they were added, each used `times` times) answers it; otherwise the inner runner
 * runs it, or the call rejects with UnexpectedCommandError.
 *
 * @example
 * const runner = new RecordingCommandRunner()
 *   .on('iptables-save', { stdout: '*filter\nCOMMIT\n' })
 *   .on(/^iptables-restore /, { exitCode: 1, stderr: 'locked' }, { times: 1 });
 */
export class RecordingCommandRunner implements CommandRunner {
  /** Every call, in order. */
  readonly calls: RecordedCommand[];
  private readonly rules: Rule[] = [];
  private readonly inner?: CommandRunner;

  constructor(options: RecordingCommandRunnerOptions = {}) {
    this.inner = options.inner;
    this.calls = options.calls ?? [];
  }

  /** Adds a scripted answer for matching calls (every matching call, or the next `times`). */
  on(matcher: CommandMatcher, answer: CommandAnswer, options: { readonly times?: number } = {}): this {
    this.rules.push({ matcher, answer, remaining: options.times ?? Infinity });
    return this;
  }

  /** Makes matching calls reject with `error` (every one, or the next `times`). */
  fail(matcher: CommandMatcher, error: Error, options: { readonly times?: number } = {}): this {
    return this.on(matcher, error, options);
  }

  /** The calls as command lines (`file arg1 arg2`). */
  get commandLines(): string[] {
    return this.calls.map(commandLine);
  }

  /** The program names called, in order. */
  get files(): string[] {
    return this.calls.map((c) => c.file);
  }

  /** Forgets the recorded calls (the script stays). */
  clear(): void {
    this.calls.length = 0;
  }

  async run(file: string, args: readonly string[], options?: CommandOptions): Promise<CommandResult> {
    const call: RecordedCommand = { file, args: [...args], ...(options !== undefined ? { options } : {}) };
    this.calls.push(call);
    const rule = this.rules.find((r) => r.remaining > 0 && matches(r.matcher, call));
    if (!rule) {
      if (this.inner) return this.inner.run(file, args, options);
      throw new UnexpectedCommandError(call);
    }
    rule.remaining--;
    const answer = typeof rule.answer === 'function' ? await rule.answer(call) : rule.answer;
    if (answer instanceof Error) throw answer;
    return { stdout: answer.stdout ?? '', stderr: answer.stderr ?? '', exitCode: answer.exitCode ?? 0 };
  }
}
