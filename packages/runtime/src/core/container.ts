// The DI container: host services registered once on a root container, and a
// child container per plugin holding its own PLUGIN_CONFIG and child LOGGER.
import { container as globalContainer, DependencyContainer, injectable } from 'tsyringe';
import {
  CLOCK,
  COMMAND_RUNNER,
  Clock,
  CommandRunner,
  LINK_API,
  LinkApi,
  LOCKS,
  LockService,
  LOGGER,
  Logger,
  PLUGIN_CONFIG,
  PluginDefinition,
  SYSCTL,
  Sysctl,
  SYSFS_ROOT,
} from '@osvif/sdk';
import { SystemClock } from './services/clock';
import { ExecFileCommandRunner } from './services/command-runner';
import { FileLockOptions, FileLockService } from './services/file-locks';
import { PlugsInFlight, recordingLinkApi } from './host-state/in-flight';
import { lazy } from './services/lazy';

/** Replacements for the real host services (tests, embedding). */
export interface HostServices {
  readonly linkApi?: LinkApi;
  readonly sysctl?: Sysctl;
  readonly locks?: LockService;
  readonly clock?: Clock;
  readonly commandRunner?: CommandRunner;
  /** Where sysfs is mounted (default `/sys`); a test gives a fake tree here (e.g. SR-IOV VFs on a host without any). */
  readonly sysfsRoot?: string;
  /**
   * Where the runtime's own LinkApi (when `linkApi` is not given) sends its kernel requests (NetlinkLinkApiOptions
   * `thread`): `'split'` (the default) sends link deletes, and whatever is asked while one is outstanding, from a
   * worker thread, so a slow kernel call never blocks the event loop; `'caller'` sends everything from the event
   * loop's thread, which saves starting the worker (~60-90 ms here) in a process that handles one operation and
   * exits (the CLI's one-shot commands).
   */
  readonly netlinkThread?: 'split' | 'worker' | 'caller';
}

export interface RootContainer {
  readonly container: DependencyContainer;
  /** Closes the host services that were actually created (the netlink socket, the lock files kept open). */
  close(): Promise<void>;
}

export function createRootContainer(
  logger: Logger,
  inFlight: PlugsInFlight,
  services: HostServices = {},
  locking: FileLockOptions = {},
): RootContainer {
  const root = globalContainer.createChildContainer();
  root.register(LOGGER, { useValue: logger });
  const fileLocks = services.locks ? undefined : new FileLockService({ logger: logger.child({ component: 'locks' }), ...locking });
  root.register(LOCKS, { useValue: services.locks ?? fileLocks });
  root.register(CLOCK, { useValue: services.clock ?? new SystemClock() });
  root.register(COMMAND_RUNNER, { useValue: services.commandRunner ?? new ExecFileCommandRunner() });
  root.register(SYSFS_ROOT, { useValue: services.sysfsRoot ?? '/sys' });
  // Lazy: the netlink module is required, and its socket opened, on the first call only.
  const links = lazy<LinkApi>(() => {
    const { NetlinkLinkApi } = require('../host/netlink/link-api') as typeof import('../host/netlink/link-api');
    return new NetlinkLinkApi({ logger: logger.child({ component: 'netlink' }), thread: services.netlinkThread ?? 'split' });
  });
  const sysctl = lazy<Sysctl>(() => {
    const { ProcSysctl } = require('../host/sysctl/proc-sysctl') as typeof import('../host/sysctl/proc-sysctl');
    return new ProcSysctl();
  });
  // Every link a plug creates is preceded by the plug's record of being in flight (host-state/in-flight.ts).
  root.register(LINK_API, { useValue: recordingLinkApi(services.linkApi ?? links.proxy, inFlight) });
  root.register(SYSCTL, { useValue: services.sysctl ?? sysctl.proxy });
  return {
    container: root,
    async close() {
      await links.close();
      await sysctl.close();
      await fileLocks?.close();
      await root.dispose();
    },
  };
}

/** Instantiates a plugin in its own child container, with its config group and logger. */
export function instantiatePlugin(
  root: DependencyContainer,
  definition: PluginDefinition,
  config: Readonly<Record<string, unknown>>,
  logger: Logger,
): object {
  const child = root.createChildContainer();
  child.register(PLUGIN_CONFIG, { useValue: config });
  child.register(LOGGER, { useValue: logger.child({ plugin: definition.name }) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tsyringe's constructor type wants any[] params
  const cls = definition.pluginClass as unknown as new (...args: any[]) => object;
  // Our own tsyringe copy must know the class (the plugin's @VifPlugin used its copy).
  injectable()(cls);
  return child.resolve(cls);
}
