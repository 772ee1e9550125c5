// The error model of the client, after libovsdb's ovsdb/error.go: one root, client-side failures
// (connection, timeout, protocol, invalid argument), and one class per error string an OVSDB server
// sends (RFC 7047 sections 4.1.3 and 5.2, plus those ovsdb-server adds). Callers branch on the class
// (`instanceof`) or on the stable `code`, never on the message or the server's error string.

// Two copies of this package in one process (a plugin with its own node_modules) would make `instanceof`
// fail across them: instances carry a global-symbol brand with their class lineage, by class name (the
// classes' codes are instance fields, set after the root constructor runs), and `instanceof` falls back to it.
const LINEAGE = Symbol.for('@osvif/ovsdb.OvsdbError.lineage');
const lineages = new WeakMap<object, readonly string[]>();

function lineageOf(cls: unknown): readonly string[] {
  const out: string[] = [];
  for (let c = cls; typeof c === 'function' && c !== OvsdbError; c = Object.getPrototypeOf(c)) out.push((c as { name: string }).name);
  return Object.freeze(out);
}

/**
 * Base of every error this package throws; `instanceof OvsdbError` catches them all. `code` is stable
 * UPPER_SNAKE_CASE (`OVSDB_...`), the same shape as osvif's own errors, so one describer handles both.
 * `instanceof` also matches the same class of another copy of this package (by class name).
 */
export class OvsdbError extends Error {
  /** Stable machine-readable code, e.g. `OVSDB_CONSTRAINT_VIOLATION`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    let lineage = lineages.get(new.target);
    if (!lineage) lineages.set(new.target, (lineage = lineageOf(new.target)));
    Object.defineProperty(this, LINEAGE, { value: lineage, enumerable: false });
  }

  /** Ordinary `instanceof`, or, for an error of another copy of this package, a match by class lineage. */
  static override [Symbol.hasInstance]<T>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const lineage = value !== null && typeof value === 'object' ? (value as Record<symbol, unknown>)[LINEAGE] : undefined;
    if (!Array.isArray(lineage)) return false;
    return (this as unknown) === OvsdbError || lineage.includes(this.name);
  }
}

/** The database could not be reached (connect refused, socket missing, connection lost mid-call). Code `OVSDB_CONNECTION_FAILED`. */
export class OvsdbConnectionError extends OvsdbError {
  /** Always `OVSDB_CONNECTION_FAILED`. */
  override readonly code = 'OVSDB_CONNECTION_FAILED';

  constructor(
    /** The endpoint as given (`unix:PATH`, `tcp:HOST:PORT`). */
    readonly endpoint: string,
    /** The underlying error (errno from the socket, or the last connect error), if any. */
    override readonly cause: unknown,
    detail?: string,
  ) {
    super('OVSDB_CONNECTION_FAILED', `OVSDB at ${endpoint} unreachable: ${detail ?? describeError(cause)}`, { cause });
  }
}

/**
 * No answer (or the condition waited for did not hold) within the configured timeout. Code `OVSDB_TIMEOUT`.
 * Not to be confused with {@link OvsdbWaitTimedOutError}, the server's answer to a failed `wait` operation.
 */
export class OvsdbTimeoutError extends OvsdbError {
  /** Always `OVSDB_TIMEOUT`. */
  override readonly code = 'OVSDB_TIMEOUT';

  constructor(
    /** What timed out (the method, or the caller's operation name). */
    readonly operation: string,
    /** The timeout that was exceeded. */
    readonly timeoutMs: number,
    /** The endpoint as given. */
    readonly endpoint: string,
  ) {
    super('OVSDB_TIMEOUT', `${operation} on ${endpoint} timed out after ${timeoutMs} ms`);
  }
}

/** The peer sent something that is not valid OVSDB JSON-RPC (malformed JSON, wrong shapes, oversize). Code `OVSDB_PROTOCOL_ERROR`. */
export class OvsdbProtocolError extends OvsdbError {
  /** Always `OVSDB_PROTOCOL_ERROR`. */
  override readonly code = 'OVSDB_PROTOCOL_ERROR';

  constructor(
    /** The endpoint as given. */
    readonly endpoint: string,
    /** What was wrong with what the peer sent. */
    readonly reason: string,
  ) {
    super('OVSDB_PROTOCOL_ERROR', `OVSDB protocol error from ${endpoint}: ${reason}`);
  }
}

/** A caller passed a value that is refused before anything is sent (bad endpoint, bad name...). Code `OVSDB_INVALID_ARGUMENT`. */
export class OvsdbInvalidArgumentError extends OvsdbError {
  /** Always `OVSDB_INVALID_ARGUMENT`. */
  override readonly code = 'OVSDB_INVALID_ARGUMENT';

  constructor(
    /** Which argument (e.g. `connection`, `tag`, `externalIds.k`). */
    readonly argument: string,
    /** The value refused. */
    readonly value: unknown,
    /** Why it was refused. */
    readonly reason: string,
  ) {
    super('OVSDB_INVALID_ARGUMENT', `invalid ${argument} ${safeJson(value)}: ${reason}`);
  }
}

/**
 * The server refused a request or a transaction (or a precondition of a higher-level operation built
 * on this client failed); nothing was changed. Keeps what the server said: `error` (its error string,
 * e.g. "constraint violation"), `details`, `syntax` (the offending JSON, when ovsdb-server quotes it) and
 * `opIndex`, the index of the failing operation in the transaction (absent when the failure is not
 * tied to one operation, e.g. a request-level error). Every error string this package knows has its
 * own subclass; any other one is this class itself, with code `OVSDB_TRANSACTION_ERROR`.
 */
export class OvsdbTransactionError extends OvsdbError {
  constructor(
    /** The caller's name for what failed (e.g. `transact`, `addOrUpdatePort`). */
    readonly operation: string,
    /** The error string, as the server sent it. */
    readonly error: string,
    /** The server's free-text explanation ('' when none). */
    readonly details: string = '',
    /** Index of the failing operation in the transaction, when known. */
    readonly opIndex?: number,
    /** The offending part of the request, as ovsdb-server quotes it (syntax-type errors). */
    readonly syntax?: string,
  ) {
    super('OVSDB_TRANSACTION_ERROR', `${operation} failed: ${error}${details ? `: ${details}` : ''}`);
  }
}

/** RFC 7047 4.1.3 "referential integrity violation": a reference to a missing row, or a row still referenced. Code `OVSDB_REFERENTIAL_INTEGRITY_VIOLATION`. */
export class OvsdbReferentialIntegrityViolationError extends OvsdbTransactionError {
  /** Always `OVSDB_REFERENTIAL_INTEGRITY_VIOLATION`. */
  override readonly code = 'OVSDB_REFERENTIAL_INTEGRITY_VIOLATION';
  /** `details`, `opIndex` and `syntax` as the server sent them (see {@link OvsdbTransactionError}). */
  constructor(operation: string, details?: string, opIndex?: number, syntax?: string) {
    super(operation, 'referential integrity violation', details, opIndex, syntax);
  }
}

/** RFC 7047 4.1.3 "constraint violation": a value out of its column's range, or a unique index clash. Code `OVSDB_CONSTRAINT_VIOLATION`. */
export class OvsdbConstraintViolationError extends OvsdbTransactionError {
  /** Always `OVSDB_CONSTRAINT_VIOLATION`. */
  override readonly code = 'OVSDB_CONSTRAINT_VIOLATION';
  /** `details`, `opIndex` and `syntax` as the server sent them (see {@link OvsdbTransactionError}). */
  constructor(operation: string, details?: string, opIndex?: number, syntax?: string) {
    super(operation, 'constraint violation', details, opIndex, syntax);
  }
}

/** RFC 7047 4.1.3 "resources exhausted": the server ran out of memory or another resource. Code `OVSDB_RESOURCES_EXHAUSTED`. */
export class OvsdbResourcesExhaustedError extends OvsdbTransactionError {
  /** Always `OVSDB_RESOURCES_EXHAUSTED`. */
  override readonly code = 'OVSDB_RESOURCES_EXHAUSTED';
  /** `details`, `opIndex` and `syntax` as the server sent them (see {@link OvsdbTransactionError}). */
  constructor(operation: string, details?: string, opIndex?: number, syntax?: string) {
    super(operation, 'resources exhausted', details, opIndex, syntax);
  }
}

/** RFC 7047 4.1.3 "I/O error": the server could not write the database to disk. Code `OVSDB_IO_ERROR`. */
export class OvsdbIoError extends OvsdbTransactionError {
  /** Always `OVSDB_IO_ERROR`. */
  override readonly code = 'OVSDB_IO_ERROR';
  /** `details`, `opIndex` and `syntax` as the server sent them (see {@link OvsdbTransactionError}). */
  constructor(operation: string, details?: string, opIndex?: number, syntax?: string) {
    super(operation, 'I/O error', details, opIndex, syntax);
  }
}

/** RFC 7047 5.2.1 "duplicate uuid-name": two inserts of one transaction use the same `uuid-name`. Code `OVSDB_DUPLICATE_UUID_NAME`. */
export class OvsdbDuplicateUuidNameError extends OvsdbTransactionError {
  /** Always `OVSDB_DUPLICATE_UUID_NAME`. */
  override readonly code = 'OVSDB_DUPLICATE_UUID_NAME';
  /** `details`, `opIndex` and `syntax` as the server sent them (see {@link OvsdbTransactionError}). */
  constructor(operation: string, details?: string, opIndex?: number, syntax?: string) {
    super(operation, 'duplicate uuid-name', details, opIndex, syntax);
  }
}

/** RFC 7047 5.2.4 "domain error": a mutation is not mathematically defined (e.g. division by zero). Code `OVSDB_DOMAIN_ERROR`. */
export class OvsdbDomainError extends OvsdbTransactionError {
  /** Always `OVSDB_DOMAIN_ERROR`. */
  override readonly code = 'OVSDB_DOMAIN_ERROR';
  /** `details`, `opIndex` and `syntax` as the server sent them (see {@link OvsdbTransactionError}). */
  constructor(operation: string, details?: string, opIndex?: number, syntax?: string) {
    super(operation, 'domain error', details, opIndex, syntax);
  }
}

/** RFC 7047 5.2.4 "range error": a mutation's result is out of range for its type (integer overflow). Code `OVSDB_RANGE_ERROR`. */
export class OvsdbRangeError extends OvsdbTransactionError {
  /** Always `OVSDB_RANGE_ERROR`. */
  override readonly code = 'OVSDB_RANGE_ERROR';
  /** `details`, `opIndex` and `syntax` as the server sent them (see {@link OvsdbTransactionError}). */
  constructor(operation: string, details?: string, opIndex?: number, syntax?: string) {
    super(operation, 'range error', details, opIndex, syntax);
  }
}

/**
 * RFC 7047 5.2.6 "timed out": a `wait` operation's condition did not hold within its `timeout`; the
 * transaction was aborted. Code `OVSDB_WAIT_TIMED_OUT`. (The client's own timeout is {@link OvsdbTimeoutError}.)
 */
export class OvsdbWaitTimedOutError extends OvsdbTransactionError {
  /** Always `OVSDB_WAIT_TIMED_OUT`. */
  override readonly code = 'OVSDB_WAIT_TIMED_OUT';
  /** `details`, `opIndex` and `syntax` as the server sent them (see {@link OvsdbTransactionError}). */
  constructor(operation: string, details?: string, opIndex?: number, syntax?: string) {
    super(operation, 'timed out', details, opIndex, syntax);
  }
}

/** RFC 7047 5.2.7 "not supported": the server cannot honour the request (e.g. a durable commit it cannot make). Code `OVSDB_NOT_SUPPORTED`. */
export class OvsdbNotSupportedError extends OvsdbTransactionError {
  /** Always `OVSDB_NOT_SUPPORTED`. */
  override readonly code = 'OVSDB_NOT_SUPPORTED';
  /** `details`, `opIndex` and `syntax` as the server sent them (see {@link OvsdbTransactionError}). */
  constructor(operation: string, details?: string, opIndex?: number, syntax?: string) {
    super(operation, 'not supported', details, opIndex, syntax);
  }
}

/** RFC 7047 5.2.8 "aborted": the transaction contained an `abort` operation. Code `OVSDB_ABORTED`. */
export class OvsdbAbortedError extends OvsdbTransactionError {
  /** Always `OVSDB_ABORTED`. */
  override readonly code = 'OVSDB_ABORTED';
  /** `details`, `opIndex` and `syntax` as the server sent them (see {@link OvsdbTransactionError}). */
  constructor(operation: string, details?: string, opIndex?: number, syntax?: string) {
    super(operation, 'aborted', details, opIndex, syntax);
  }
}

/** RFC 7047 5.2.9 "not owner": an `assert` names a lock this session does not hold. Code `OVSDB_NOT_OWNER`. */
export class OvsdbNotOwnerError extends OvsdbTransactionError {
  /** Always `OVSDB_NOT_OWNER`. */
  override readonly code = 'OVSDB_NOT_OWNER';
  /** `details`, `opIndex` and `syntax` as the server sent them (see {@link OvsdbTransactionError}). */
  constructor(operation: string, details?: string, opIndex?: number, syntax?: string) {
    super(operation, 'not owner', details, opIndex, syntax);
  }
}

/** RFC 7047 4.1.2/4.1.3 "unknown database": the request names a database the server does not have. Code `OVSDB_UNKNOWN_DATABASE`. */
export class OvsdbUnknownDatabaseError extends OvsdbTransactionError {
  /** Always `OVSDB_UNKNOWN_DATABASE`. */
  override readonly code = 'OVSDB_UNKNOWN_DATABASE';
  /** `details`, `opIndex` and `syntax` as the server sent them (see {@link OvsdbTransactionError}). */
  constructor(operation: string, details?: string, opIndex?: number, syntax?: string) {
    super(operation, 'unknown database', details, opIndex, syntax);
  }
}

/** "object too large": the request or its result exceeds a size the server accepts. Code `OVSDB_OBJECT_TOO_LARGE`. */
export class OvsdbObjectTooLargeError extends OvsdbTransactionError {
  /** Always `OVSDB_OBJECT_TOO_LARGE`. */
  override readonly code = 'OVSDB_OBJECT_TOO_LARGE';
  /** `details`, `opIndex` and `syntax` as the server sent them (see {@link OvsdbTransactionError}). */
  constructor(operation: string, details?: string, opIndex?: number, syntax?: string) {
    super(operation, 'object too large', details, opIndex, syntax);
  }
}

/** "syntax error": the server could not parse the request (e.g. an unknown table or operation); `syntax` quotes it. Code `OVSDB_SYNTAX_ERROR`. */
export class OvsdbSyntaxError extends OvsdbTransactionError {
  /** Always `OVSDB_SYNTAX_ERROR`. */
  override readonly code = 'OVSDB_SYNTAX_ERROR';
  /** `details`, `opIndex` and `syntax` as the server sent them (see {@link OvsdbTransactionError}). */
  constructor(operation: string, details?: string, opIndex?: number, syntax?: string) {
    super(operation, 'syntax error', details, opIndex, syntax);
  }
}

/** "unknown column" (ovsdb-server): a row or condition names a column its table does not have. Code `OVSDB_UNKNOWN_COLUMN`. */
export class OvsdbUnknownColumnError extends OvsdbTransactionError {
  /** Always `OVSDB_UNKNOWN_COLUMN`. */
  override readonly code = 'OVSDB_UNKNOWN_COLUMN';
  /** `details`, `opIndex` and `syntax` as the server sent them (see {@link OvsdbTransactionError}). */
  constructor(operation: string, details?: string, opIndex?: number, syntax?: string) {
    super(operation, 'unknown column', details, opIndex, syntax);
  }
}

/** "unknown method" (JSON-RPC): the server does not implement the method called. Code `OVSDB_UNKNOWN_METHOD`. */
export class OvsdbUnknownMethodError extends OvsdbTransactionError {
  /** Always `OVSDB_UNKNOWN_METHOD`. */
  override readonly code = 'OVSDB_UNKNOWN_METHOD';
  /** `details`, `opIndex` and `syntax` as the server sent them (see {@link OvsdbTransactionError}). */
  constructor(operation: string, details?: string, opIndex?: number, syntax?: string) {
    super(operation, 'unknown method', details, opIndex, syntax);
  }
}

/** "permission error" (ovsdb-server role-based access control): this client may not make the change. Code `OVSDB_PERMISSION_ERROR`. */
export class OvsdbPermissionError extends OvsdbTransactionError {
  /** Always `OVSDB_PERMISSION_ERROR`. */
  override readonly code = 'OVSDB_PERMISSION_ERROR';
  /** `details`, `opIndex` and `syntax` as the server sent them (see {@link OvsdbTransactionError}). */
  constructor(operation: string, details?: string, opIndex?: number, syntax?: string) {
    super(operation, 'permission error', details, opIndex, syntax);
  }
}

type ServerErrorClass = new (operation: string, details?: string, opIndex?: number, syntax?: string) => OvsdbTransactionError;

const SERVER_ERRORS: ReadonlyMap<string, ServerErrorClass> = new Map<string, ServerErrorClass>([
  ['referential integrity violation', OvsdbReferentialIntegrityViolationError],
  ['constraint violation', OvsdbConstraintViolationError],
  ['resources exhausted', OvsdbResourcesExhaustedError],
  ['I/O error', OvsdbIoError],
  ['duplicate uuid-name', OvsdbDuplicateUuidNameError],
  ['domain error', OvsdbDomainError],
  ['range error', OvsdbRangeError],
  ['timed out', OvsdbWaitTimedOutError],
  ['not supported', OvsdbNotSupportedError],
  ['aborted', OvsdbAbortedError],
  ['not owner', OvsdbNotOwnerError],
  ['unknown database', OvsdbUnknownDatabaseError],
  ['object too large', OvsdbObjectTooLargeError],
  ['syntax error', OvsdbSyntaxError],
  ['unknown column', OvsdbUnknownColumnError],
  ['unknown method', OvsdbUnknownMethodError],
  ['permission error', OvsdbPermissionError],
]);

/** An RFC 7047 `<error>` object as a server sends it (fields may be missing or of the wrong type). */
export interface OvsdbErrorReply {
  /** The error string (a non-string is kept as its JSON text). */
  readonly error?: unknown;
  /** Free-text explanation. */
  readonly details?: unknown;
  /** The offending part of the request (ovsdb-server). */
  readonly syntax?: unknown;
}

/**
 * The typed error for an `<error>` a server sent: the subclass of {@link OvsdbTransactionError} for its
 * error string, or that class itself for a string it does not know. For code that reads server errors
 * from elsewhere too (e.g. an `ovs-vsctl` "transaction error" line), so both paths give the same class.
 */
export function transactionErrorFromReply(operation: string, reply: OvsdbErrorReply, opIndex?: number): OvsdbTransactionError {
  const error = typeof reply.error === 'string' ? reply.error : JSON.stringify(reply.error ?? null);
  const details = reply.details === undefined || reply.details === null ? '' : String(reply.details);
  const syntax = reply.syntax === undefined || reply.syntax === null ? undefined : String(reply.syntax);
  const Known = SERVER_ERRORS.get(error);
  return Known ? new Known(operation, details, opIndex, syntax) : new OvsdbTransactionError(operation, error, details, opIndex, syntax);
}

/** One line for logs and messages: errno code (if any) and message. Internal. */
export function describeError(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return `${code ? `${code} ` : ''}${e.message}`;
  }
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
