/**
 * The logger the client writes to: any structured logger with these methods fits (osvif's `Logger` does).
 * Declared here so this package depends on no other osvif package.
 */
export interface OvsdbLogger {
  debug(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  info(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  error(msg: string, fields?: Readonly<Record<string, unknown>>): void;
}
