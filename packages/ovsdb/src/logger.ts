/**
 * The logger the client writes to: any structured logger with these methods fits (osvif's `Logger` does).
 * Declared here so this package depends on no other osvif package.
 */
export interface OvsdbLogger {
  /** Connects, closes we asked for, retries. */
  debug(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  /** Not used by the client today; part of the usual logger shape. */
  info(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  /** A session lost. */
  warn(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  /** A malformed update (the cache is resynced). */
  error(msg: string, fields?: Readonly<Record<string, unknown>>): void;
}
