/** Named in-process mutexes, as os-vif's external locks (`nova-lock_bridge`, ...). */
export interface LockService {
  /** Runs `fn` while holding the lock `name` (waiting for it first) and releases it when `fn` settles. */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
}
