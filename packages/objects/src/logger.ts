/** Structured fields attached to a log record. Values must be JSON-serialisable. */
export type LogFields = Readonly<Record<string, unknown>>;

/** Structured logger: a message plus fields, never pre-formatted strings. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every record. */
  child(fields: LogFields): Logger;
}
