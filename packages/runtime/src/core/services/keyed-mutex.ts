// Named in-process mutexes. Callers queue per name in arrival order; different
// names never wait on each other. The runtime uses one to serialise operations
// per VIF id, and FileLockService uses one in front of its lock files (cheap
// ordering inside the process before the kernel lock between processes).
import type { LockService } from '@osvif/sdk';

/** An in-process LockService: one queue per name (for a single process, and tests). */
export class KeyedMutex implements LockService {
  /** name -> tail of that name's queue (settles when the last holder finishes). */
  private readonly tails = new Map<string, Promise<void>>();

  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(name) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => mine);
    this.tails.set(name, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      // Forget the name once nobody is queued behind us (keeps the map small).
      if (this.tails.get(name) === tail) this.tails.delete(name);
    }
  }

  /** Names with a holder or waiters (for tests and diagnostics). */
  busy(): string[] {
    return [...this.tails.keys()];
  }
}
