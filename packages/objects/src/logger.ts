/** Structured fields attached to a log record. Values must be JSON-serialisable. */
export type LogFields = Readonly<Record<string, unknown>>;

/** Structured logger: a message plus fields, never pre-formatted strings. */
export interface Logger {
  /** A debug record: `msg` with `fields`. */
  debug(msg: string, fields?: LogFields): void;
  /** An info record: `msg` with `fields`. */
  info(msg: string, fields?: LogFields): void;
  /** A warning record: `msg` with `fields`. */
  warn(msg: string, fields?: LogFields): void;
  /** An error record: `msg` with `fields`. */
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every record. */
  child(fields: LogFields): Logger;
}
