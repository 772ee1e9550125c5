// Typed errors of the inter-process LOCKS service.
import { OsvifError } from '@osvif/objects';

/** Base class of every LOCKS error. Each subclass declares its stable `static readonly code` (docs/errors.md). */
export class LockError extends OsvifError {
  static readonly code: string = 'LOCK_ERROR';
  constructor(message: string, options?: { cause?: unknown }) {
    super(new.target.code, message, options);
  }
}

/** A lock name that cannot safely become a file name in lock_path. */
export class InvalidLockNameError extends LockError {
  static override readonly code = 'INVALID_LOCK_NAME';
  constructor(
    readonly lockName: string,
    readonly reason: string,
  ) {
    super(`invalid lock name ${JSON.stringify(lockName)}: ${reason}`);
  }
}

/** The lock stayed held by someone else (this or another process) for longer than the timeout. */
export class LockTimeoutError extends LockError {
  static override readonly code = 'LOCK_TIMEOUT';
  constructor(
    readonly lockName: string,
    readonly path: string,
    readonly waitedMs: number,
  ) {
    super(`timed out after ${waitedMs} ms waiting for lock ${lockName} (${path})`);
  }
}

/** lock_path or a lock file in it cannot be created, opened or locked. */
export class LockPathError extends LockError {
  static override readonly code = 'LOCK_PATH';
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`lock path ${path}: ${reason}`, options);
  }
}
