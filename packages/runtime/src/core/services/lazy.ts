// A service created on first use. LINK_API and SYSCTL are registered this way
// so that loading the runtime (and `osvif host-info`) opens no netlink socket
// and loads no native module until a plugin actually calls them.

/** An object whose methods forward to `create()`'s result, created on the first call. */
export function lazyService<T extends object>(create: () => T): T {
  let real: T | undefined;
  const get = (): T => (real ??= create());
  return new Proxy({} as T, {
    get(_target, prop) {
      // Symbols (inspection) and `then` (await checks) must not trigger creation.
      if (typeof prop === 'symbol' || prop === 'then') return undefined;
      const target = get() as Record<string | symbol, unknown>;
      const value = target[prop];
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
