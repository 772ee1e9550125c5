// pino's log methods take the fields first (`info(fields, msg)`); osvif's Logger takes the message first
// (`info(msg, fields)`). A pino logger still type-checks as a Logger (pino also accepts `info(msg, ...args)`),
// but would drop every field. Every osvif entry point that takes a Logger therefore passes it through toLogger,
// which wraps a pino logger (isPinoLogger); fromPino does the same for anyone else. Structural types only: no
// dependency on pino. Here, in the lowest package, so that the objects' negotiation hosts use it too.
import { describeError } from './describe-error';
import type { LogFields, Logger } from './logger';

/** The part of a pino logger osvif uses. */
export interface PinoLike {
  /** Writes a debug record: `fields` merged into it, then `msg`. */
  debug(fields: object, msg?: string): void;
  /** Writes a info record: `fields` merged into it, then `msg`. */
  info(fields: object, msg?: string): void;
  /** Writes a warn record: `fields` merged into it, then `msg`. */
  warn(fields: object, msg?: string): void;
  /** Writes a error record: `fields` merged into it, then `msg`. */
  error(fields: object, msg?: string): void;
  /** A logger that adds `bindings` to every record. */
  child(bindings: object): PinoLike;
}

/** True for a pino logger (it has pino's `bindings()` and `levels`), which fromPino must wrap. */
export function isPinoLogger(logger: unknown): logger is PinoLike {
  const l = logger as { bindings?: unknown; levels?: unknown } | null;
  return typeof l === 'object' && l !== null && typeof l.bindings === 'function' && typeof l.levels === 'object';
}

/** A pino logger as osvif's Logger: every record keeps its fields (pino's own time, level, pid, hostname too). */
export function fromPino(pino: PinoLike): Logger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (msg: string, fields: LogFields = {}): void =>
      pino[level](withErrorsDescribed(fields), msg);
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields: LogFields) => fromPino(pino.child({ ...fields })),
  };
}

/** pino writes an Error only under `err`; anywhere else it becomes `{}`: errors are described (describeError). */
function withErrorsDescribed(fields: LogFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = v instanceof Error ? describeError(v) : v;
  return out;
}

/**
 * The logger as osvif's Logger: a pino logger wrapped (fromPino), any other as given. Every constructor or
 * function of osvif that takes a Logger applies it, so a pino logger can be passed anywhere.
 */
export function toLogger<L extends Logger | undefined>(logger: L): L {
  return (logger !== undefined && isPinoLogger(logger) ? fromPino(logger) : logger) as L;
}
