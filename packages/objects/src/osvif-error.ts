/**
 * The root of every error osvif throws. `code` is stable: callers and tools branch on it, never on the
 * message or the class name, and a released code never changes meaning. Codes are UPPER_SNAKE_CASE and
 * listed in docs/errors.md.
 */
export class OsvifError extends Error {
  /** Stable machine-readable code, e.g. `VIF_CLASS_NOT_ACCEPTED`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
