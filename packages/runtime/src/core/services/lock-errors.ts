// Typed errors of the inter-process LOCKS service.

/** Base class of every LOCKS error. */
export class LockError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A lock name that cannot safely become a file name in lock_path. */
export class InvalidLockNameError extends LockError {
  constructor(
    readonly lockName: string,
    readonly reason: string,
  ) {
    super(`invalid lock name ${JSON.stringify(lockName)}: ${reason}`);
  }
}

/** The lock stayed held by someone else (this or another process) for longer than the timeout. */
export class LockTimeoutError extends LockError {
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
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`lock path ${path}: ${reason}`, options);
  }
}
