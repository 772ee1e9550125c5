// Inter-process LOCKS: one lock file per name in lock_path, locked with an
// open-file-description lock (fcntl F_OFD_SETLK, via fs-native-extensions).
// Why this kind of lock:
// - the kernel drops it when the holder's file is closed, so also when the
//   holder exits or is SIGKILLed: no stale lock files, no stale period;
// - it conflicts with the POSIX lockf() locks oslo.concurrency takes, so with
//   the same lock_path we are serialised with os-vif / nova themselves
//   (file names are the same: `<lock_path>/nova-lock_bridge`).
// Lock files are never deleted (as oslo): unlinking a lock file another
// process has open would let two holders lock two different inodes. Locks as
// many as VIFs (withKeyedLock) are bytes of one shared file instead, so nothing
// accumulates in lock_path.
import { createHash } from 'node:crypto';
import { constants, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LockService, Logger } from '@osvif/sdk';
import { toLogger } from '@osvif/objects';
import { KeyedMutex } from './keyed-mutex';
import { InvalidLockNameError, LockPathError, LockTimeoutError } from './lock-errors';

export const MAX_LOCK_NAME_LENGTH = 128;
/** Default wait for a lock (os-vif waits forever; we would rather fail loudly). */
export const DEFAULT_LOCK_TIMEOUT_MS = 300_000;
/** A wait for another process's lock longer than this is reported (warn), and again every this long. */
const PROGRESS_EVERY_MS = 3_000;
/** Polling backoff while another process holds the lock (as fasteners: 10 ms steps, at most 100 ms). */
const FIRST_POLL_MS = 2;
const MAX_POLL_MS = 50;

const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.@:+-]*$/;

/** Throws InvalidLockNameError unless `name` is safe as a file name directly inside lock_path. */
export function validateLockName(name: unknown): string {
  if (typeof name !== 'string') throw new InvalidLockNameError(String(name), `must be a string, got ${typeof name}`);
  if (name.length === 0) throw new InvalidLockNameError(name, 'must not be empty');
  if (name.length > MAX_LOCK_NAME_LENGTH) throw new InvalidLockNameError(name, `longer than ${MAX_LOCK_NAME_LENGTH} characters`);
  if (name.includes('/')) throw new InvalidLockNameError(name, "must not contain '/'");
  if (name.includes('..')) throw new InvalidLockNameError(name, "must not contain '..'");
  if (!SAFE_NAME.test(name)) {
    throw new InvalidLockNameError(name, 'only letters, digits and _ . @ : + - are allowed, and it must not start with . @ : + -');
  }
  return name;
}

/**
 * Where lock files go when neither [osvif] nor [oslo_concurrency] lock_path is set:
 * /run/osvif/locks for root (tmpfs, cleared at boot like the locks), else a
 * private directory of this user under the temp dir.
 */
export function defaultLockPath(): string {
  const uid = process.getuid?.() ?? -1;
  return uid === 0 ? '/run/osvif/locks' : join(tmpdir(), `osvif-locks-${uid}`);
}

/** Options of FileLockService: the lock directory, how long to wait, and the logger. */
export interface FileLockOptions {
  /** Directory of the lock files (created on first use). Default: defaultLockPath(). */
  readonly lockPath?: string;
  /** How long withLock waits (in-process queue + other processes) before LockTimeoutError. */
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

interface FsNative {
  tryLock(fd: number, offset?: number, length?: number): boolean;
  unlock(fd: number, offset?: number, length?: number): void;
}
let native: FsNative | undefined;
/** Required on first lock only: keeps `osvif host-info` cold start free of the addon. */
function fsNative(): FsNative {
  return (native ??= require('fs-native-extensions') as FsNative);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Whole ms on a monotonic clock: wall-clock jumps must not shorten or stretch a wait. */
const monotonicMs = () => Math.round(performance.now());

/**
 * The LockService the runtime gives plugins: named locks across processes (lock files, as oslo.concurrency's
 * external locks).
 */
export class FileLockService implements LockService {
  readonly lockPath: string;
  readonly timeoutMs: number;
  private readonly mutex = new KeyedMutex();
  private readonly log: Logger | undefined;
  private dirReady: Promise<void> | undefined;
  /** Files withKeyedLock keeps open, by path. */
  private readonly shared = new Map<string, Promise<FileHandle>>();
  /**
   * Lock files withLock holds. Node closes a FileHandle nothing references when it is garbage-collected, which
   * would drop its lock: a holder whose fn awaits a promise nothing else references is itself unreachable.
   */
  private readonly held = new Set<FileHandle>();

  constructor(options: FileLockOptions = {}) {
    this.lockPath = options.lockPath || defaultLockPath();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    if (!(this.timeoutMs > 0)) throw new RangeError(`lock timeout must be > 0 ms, got ${this.timeoutMs}`);
    this.log = toLogger(options.logger);
  }

  /** The lock file of `name` (validated). */
  pathOf(name: string): string {
    return join(this.lockPath, validateLockName(name));
  }

  withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    let path: string;
    try {
      path = this.pathOf(name);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.locked(name, name, path, fn, async (started, deadline) => {
      const file = await this.acquireFile(name, path, started, deadline);
      this.held.add(file);
      return () => {
        this.held.delete(file);
        return this.releaseFile(name, path, file);
      };
    });
  }

  /**
   * Runs fn holding the lock of `key` among many that share the one file `fileName` in lock_path: a one-byte OFD
   * lock at an offset derived from the key. Made for locks as many as VIFs: no file per key (nothing accumulates
   * in lock_path), one file kept open for all, two fcntl calls per lock. Same queueing, timeout and progress
   * reports as withLock; two keys whose offsets collide (1 in 2^48) would only wait for each other.
   */
  withKeyedLock<T>(fileName: string, key: string, fn: () => Promise<T>): Promise<T> {
    let path: string;
    try {
      path = this.pathOf(fileName);
    } catch (e) {
      return Promise.reject(e);
    }
    const offset = keyOffset(key);
    const name = `${fileName}[${key}]`;
    return this.locked(name, name, path, fn, async (started, deadline) => {
      const fd = await this.sharedFile(path);
      await this.poll(() => fsNative().tryLock(fd, offset, 1), name, path, started, deadline);
      return async () => fsNative().unlock(fd, offset, 1);
    });
  }

  /** Closes the files withKeyedLock keeps open (their locks go with them). */
  async close(): Promise<void> {
    const files = [...this.shared.values()];
    this.shared.clear();
    for (const f of files) await (await f.catch(() => undefined))?.close().catch(() => undefined);
  }

  /**
   * The in-process queue per `queueKey`, the timeout around queue + acquire, then acquire, fn, release.
   * `acquire` resolves with the release of what it took.
   */
  private locked<T>(
    queueKey: string,
    name: string,
    path: string,
    fn: () => Promise<T>,
    acquire: (started: number, deadline: number) => Promise<() => Promise<void>>,
  ): Promise<T> {
    const started = monotonicMs();
    const deadline = started + this.timeoutMs;
    return new Promise<T>((resolve, reject) => {
      let entered = false;
      let abandoned = false;
      // Covers the wait in the in-process queue; acquire honours the same deadline.
      const timer = setTimeout(() => {
        if (entered) return;
        abandoned = true;
        reject(new LockTimeoutError(name, path, monotonicMs() - started));
      }, this.timeoutMs);
      this.mutex
        .withLock(queueKey, async () => {
          if (abandoned) return; // our turn came after we gave up: pass it on
          entered = true;
          clearTimeout(timer);
          const release = await acquire(started, deadline);
          let result: { value: T } | { error: unknown };
          try {
            result = { value: await fn() };
          } catch (error) {
            result = { error };
          }
          await release();
          if ('value' in result) resolve(result.value);
          else reject(result.error);
        })
        .catch((e: unknown) => {
          clearTimeout(timer);
          reject(e);
        });
    });
  }

  private async acquireFile(name: string, path: string, started: number, deadline: number): Promise<FileHandle> {
    const file = await this.openLockFile(path);
    try {
      await this.poll(() => fsNative().tryLock(file.fd), name, path, started, deadline);
      return file;
    } catch (e) {
      await file.close().catch(() => undefined);
      throw e;
    }
  }

  private async openLockFile(path: string): Promise<FileHandle> {
    await this.ensureDir();
    try {
      // O_NOFOLLOW: a planted symlink must not make us create/lock some other file.
      return await fsp.open(path, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
    } catch (e) {
      throw new LockPathError(path, `cannot open lock file: ${errCode(e)}`, { cause: e });
    }
  }

  /** The file withKeyedLock locks ranges of, opened once. */
  private async sharedFile(path: string): Promise<number> {
    let file = this.shared.get(path);
    if (!file) {
      file = this.openLockFile(path);
      this.shared.set(path, file);
      file.catch(() => this.shared.delete(path)); // retried on the next lock
    }
    return (await file).fd;
  }

  /** Tries tryOnce until it succeeds, backing off; LockTimeoutError at the deadline; a progress warning every few seconds. */
  private async poll(tryOnce: () => boolean, name: string, path: string, started: number, deadline: number): Promise<void> {
    let delay = FIRST_POLL_MS;
    let waiting = false;
    let reported = started;
    for (;;) {
      let got: boolean;
      try {
        got = tryOnce();
      } catch (e) {
        throw new LockPathError(path, `cannot lock file: ${errCode(e)}`, { cause: e });
      }
      const now = monotonicMs();
      if (got) {
        if (waiting) this.log?.debug('lock acquired after waiting for another process', { lock: name, path, waited_ms: now - started });
        return;
      }
      if (now >= deadline) throw new LockTimeoutError(name, path, now - started);
      if (!waiting) this.log?.debug('lock held by another process, waiting', { lock: name, path });
      waiting = true;
      // A wait of more than a few seconds says so (what for, how long, until when), and again every few seconds.
      if (now - reported >= PROGRESS_EVERY_MS) {
        reported = now;
        this.log?.warn('still waiting for a lock held by another process', {
          lock: name,
          path,
          waited_ms: now - started,
          gives_up_in_ms: deadline - now,
          progress: true,
        });
      }
      await sleep(Math.min(delay, deadline - now));
      delay = Math.min(delay * 2, MAX_POLL_MS);
    }
  }

  private async releaseFile(name: string, path: string, file: FileHandle): Promise<void> {
    try {
      fsNative().unlock(file.fd);
    } catch (e) {
      // Closing below drops the lock anyway.
      this.log?.warn('unlocking lock file failed', { lock: name, path, error: errCode(e) });
    }
    try {
      await file.close();
    } catch (e) {
      this.log?.warn('closing lock file failed', { lock: name, path, error: errCode(e) });
    }
  }

  /** Creates lock_path once; a failure is retried on the next lock. */
  private ensureDir(): Promise<void> {
    this.dirReady ??= this.makeDir().catch((e: unknown) => {
      this.dirReady = undefined;
      throw e;
    });
    return this.dirReady;
  }

  private async makeDir(): Promise<void> {
    const dir = this.lockPath;
    const isPrivateDefault = dir === defaultLockPath() && !dir.startsWith('/run/');
    try {
      await fsp.mkdir(dir, { recursive: true, mode: isPrivateDefault ? 0o700 : 0o755 });
    } catch (e) {
      throw new LockPathError(dir, `cannot create lock directory: ${errCode(e)}`, { cause: e });
    }
    // In a shared temp dir someone else may have made our default path first.
    const st = await (isPrivateDefault ? fsp.lstat(dir) : fsp.stat(dir)).catch((e: unknown) => {
      throw new LockPathError(dir, `cannot stat lock directory: ${errCode(e)}`, { cause: e });
    });
    if (!st.isDirectory()) throw new LockPathError(dir, 'not a directory');
    if (isPrivateDefault && st.uid !== process.getuid?.()) throw new LockPathError(dir, `owned by uid ${st.uid}, not by us`);
  }
}

function errCode(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err?.code ?? (err instanceof Error ? err.message : String(e));
}

/** The byte of a keyed lock: 48 bits of the key's SHA-256 (an offset any 64-bit file system takes). */
function keyOffset(key: string): number {
  return createHash('sha256').update(key).digest().readUIntBE(0, 6);
}
