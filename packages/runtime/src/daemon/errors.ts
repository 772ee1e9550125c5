// Errors of the daemon's API (docs/daemon.md), each with its stable code and the HTTP status it is answered
// with. The client (OsVifClient) rebuilds every answered error (errorFromDescription) with the same code, name,
// message, causes and class lineage, so the CLI prints the same line and exits with the same status as in-process.
import { OsvifError } from '@osvif/objects';

/** Base of the daemon's own errors: refused or malformed requests, start-up failures, an unreachable daemon. */
export class DaemonError extends OsvifError {
  static readonly code: string = 'DAEMON_ERROR';
  /** HTTP status the API answers this error with. */
  readonly status: number;
  constructor(message: string, status = 500, options?: { cause?: unknown }) {
    super(new.target.code, message, options);
    this.status = status;
  }
}

/** The caller's uid and groups are not in `[osvif] api_allowed_uids` / `api_allowed_gids` (403; nothing was read). */
export class ApiCallerNotAllowedError extends DaemonError {
  static override readonly code = 'API_CALLER_NOT_ALLOWED';
  constructor(
    readonly uid: number,
    readonly gid: number,
  ) {
    super(`uid ${uid} (gid ${gid}) is not allowed to call the osvif API ([osvif] api_allowed_uids / api_allowed_gids)`, 403);
  }
}

/** The request is not one the API understands: unknown path (404), wrong method (405), bad JSON or fields (400). */
export class ApiBadRequestError extends DaemonError {
  static override readonly code = 'API_BAD_REQUEST';
  constructor(message: string, status = 400) {
    super(message, status);
  }
}

/** The request body is larger than `[osvif] api_max_body_bytes` (413; the rest is not read). */
export class ApiPayloadTooLargeError extends DaemonError {
  static override readonly code = 'API_PAYLOAD_TOO_LARGE';
  constructor(readonly limitBytes: number) {
    super(`request body larger than ${limitBytes} bytes ([osvif] api_max_body_bytes)`, 413);
  }
}

/** `[osvif] api_max_concurrency` operations are already in flight (503; try again). */
export class ApiBusyError extends DaemonError {
  static override readonly code = 'API_BUSY';
  constructor(readonly limit: number) {
    super(`${limit} operations already in flight ([osvif] api_max_concurrency); try again`, 503);
  }
}

/** The daemon is stopping (SIGTERM): it finishes what it started and takes nothing new (503; try again). */
export class ApiShuttingDownError extends DaemonError {
  static override readonly code = 'API_SHUTTING_DOWN';
  constructor() {
    super('the osvif daemon is shutting down; nothing was done', 503);
  }
}

/** Another daemon serves (or is starting on) the socket: this one does not start. */
export class DaemonAlreadyRunningError extends DaemonError {
  static override readonly code = 'DAEMON_ALREADY_RUNNING';
  constructor(readonly socketPath: string) {
    super(`another osvif daemon is serving ${socketPath}`);
  }
}

/** The socket path cannot be served: not a socket, an unusable directory, a bad metrics address... */
export class DaemonSetupError extends DaemonError {
  static override readonly code = 'DAEMON_SETUP';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 500, options);
  }
}

/** The client could not reach the daemon, or the daemon's answer was not one of the API's. */
export class DaemonUnreachableError extends DaemonError {
  static override readonly code = 'DAEMON_UNREACHABLE';
  constructor(
    readonly socketPath: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`osvif daemon at ${socketPath}: ${reason}`, 500, options);
  }
}
