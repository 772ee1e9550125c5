/** Base of every error this package throws; `instanceof OvsdbError` catches them all. */
export class OvsdbError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The database could not be reached (connect refused, socket missing, connection lost mid-call). */
export class OvsdbConnectionError extends OvsdbError {
  constructor(
    readonly endpoint: string,
    override readonly cause: unknown,
    detail?: string,
  ) {
    super(`OVSDB at ${endpoint} unreachable: ${detail ?? describe(cause)}`);
  }
}

/** No answer (or ovs-vswitchd did not apply the change) within the configured timeout. */
export class OvsdbTimeoutError extends OvsdbError {
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
    readonly endpoint: string,
  ) {
    super(`${operation} on ${endpoint} timed out after ${timeoutMs} ms`);
  }
}

/**
 * The database refused a transaction (or a precondition of a high-level
 * operation failed); nothing was changed. `error` is the OVSDB error tag
 * (e.g. "constraint violation") or one of this package's tags:
 * "no such bridge", "port on other bridge", "name in use", "local port",
 * "command failed" (an ovs-vsctl failure we could not classify).
 */
export class OvsdbTransactionError extends OvsdbError {
  constructor(
    readonly operation: string,
    readonly error: string,
    readonly details: string,
    /** Index of the failing operation in the transaction, when known. */
    readonly opIndex?: number,
  ) {
    super(`${operation} failed: ${error}${details ? `: ${details}` : ''}`);
  }
}

/** The peer sent something that is not valid OVSDB JSON-RPC (malformed JSON, wrong shapes, oversize). */
export class OvsdbProtocolError extends OvsdbError {
  constructor(
    readonly endpoint: string,
    readonly reason: string,
  ) {
    super(`OVSDB protocol error from ${endpoint}: ${reason}`);
  }
}

/** A caller passed a value the driver refuses to write (bad name, out-of-range tag, bad endpoint...). */
export class OvsdbInvalidArgumentError extends OvsdbError {
  constructor(
    readonly argument: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`invalid ${argument} ${safeJson(value)}: ${reason}`);
  }
}

export function describe(e: unknown): string {
  if (e instanceof Error) return `${(e as NodeJS.ErrnoException).code ? `${(e as NodeJS.ErrnoException).code} ` : ''}${e.message}`;
  return String(e);
}

function safeJson(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 200 ? `${s.slice(0, 200)}...` : s;
  } catch {
    return String(v);
  }
}
