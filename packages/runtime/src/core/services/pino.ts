// pino's log methods take the fields first (`info(fields, msg)`); osvif's Logger takes the message first
// (`info(msg, fields)`). A pino logger still type-checks as a Logger (pino also accepts `info(msg, ...args)`),
// but would drop every field. The runtime therefore wraps a pino logger it is given (isPinoLogger), and
// fromPino does the same for anyone else. Structural types only: no dependency on pino.
import type { LogFields, Logger } from '@osvif/sdk';

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
      pino[level]({ ...fields }, msg);
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields: LogFields) => fromPino(pino.child({ ...fields })),
  };
}
