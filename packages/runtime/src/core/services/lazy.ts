// A service created on first use. LINK_API and SYSCTL are registered this way
// so that loading the runtime (and `osvif host-info`) opens no netlink socket
// and loads no native module until a plugin actually calls them.

export interface LazyService<T extends object> {
  /** Stands for the service; the first method call creates it. */
  readonly proxy: T;
  /** Whether the real service exists yet. */
  created(): boolean;
  /** Calls `close()` on the real service if it was created (never creates it). */
  close(): Promise<void>;
}

export function lazy<T extends object>(create: () => T): LazyService<T> {
  let real: T | undefined;
  const get = (): T => (real ??= create());
  const proxy = new Proxy({} as T, {
    get(_target, prop) {
      // Symbols (inspection) and `then` (await checks) must not trigger creation.
      if (typeof prop === 'symbol' || prop === 'then') return undefined;
      const target = get() as Record<string | symbol, unknown>;
      const value = target[prop];
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    proxy,
    created: () => real !== undefined,
    async close() {
      const c = (real as { close?: () => unknown } | undefined)?.close;
      if (real && typeof c === 'function') await c.call(real);
    },
  };
}

/** Just the proxy, for callers that never need to close the service. */
export function lazyService<T extends object>(create: () => T): T {
  return lazy(create).proxy;
}
