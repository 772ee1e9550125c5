/** Named in-process mutexes, as os-vif's external locks (`nova-lock_bridge`, ...). */
export interface LockService {
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
}
