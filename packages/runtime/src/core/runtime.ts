// The host runtime: os-vif's initialize / host_info / plug / unplug, with
// plugins discovered from node_modules, built through DI, and every VIF checked
// against the plugin's declarations before its code runs.
import { createHash } from 'node:crypto';
import {
  describePlugin,
  Discrepancy,
  findCheckHandler,
  findHandler,
  getPluginDefinition,
  LOCKS,
  LockService,
  Logger,
  PluginClass,
  PluginDefinition,
  VifOperation,
} from '@osvif/sdk';
import { describeError, fromPrimitive, HostInfo, toLogger, InstanceInfo, objectRegistry, VersionedObject, VIFBase } from '@osvif/objects';
import { Config } from '../config/config';
import { pluginGroup, RUNTIME_GROUP, RUNTIME_OPTIONS, RuntimeSettings } from '../config/settings';
import { PluginLoadError, PluginsRequiredError } from '../discovery/errors';
import { loadPluginModule } from '../discovery/load';
import type { SkippedPackage } from '../discovery/candidate';
import { PluginPackage, resolvePluginEntry, scanForPlugins, searchDirectories } from '../discovery/scan';
import { assertAccepted } from './acceptance';
import { createRootContainer, HostServices, instantiatePlugin, RootContainer } from './container';
import {
  HostStateNotSupportedError,
  InvalidVifInputError,
  LibraryNotInitializedError,
  PlugFailedError,
  PluginNotLoadedError,
  UnplugFailedError,
} from './errors';
import { FileLockService } from './services/file-locks';
import { defaultJournalPath, PendingJournal } from './host-state/journal';
import { PlugInFlight, PlugsInFlight } from './host-state/in-flight';
import {
  CheckReport,
  collectGarbage,
  collectLeftovers,
  GcReport,
  HostStateContext,
  hostStatus,
  ListedVif,
  listVifs,
  StatusReport,
} from './host-state/operations';
import { KeyedMutex } from './services/keyed-mutex';
import { LogFormat, logLevelOf, StreamLogger } from './services/logger';

/** The message of the warning logged for each plugin that failed to load (the CLI's `plugins` reports them itself). */
export const LOAD_FAILURE_LOG = 'plugin failed to load';

/** Where a loaded plugin came from. */
export interface PluginOrigin {
  readonly kind: 'package' | 'embedded';
  readonly packageName?: string;
  readonly version?: string;
  readonly dir?: string;
}

/** A plugin the runtime loaded: its definition, where it came from and its instance. */
export interface LoadedPlugin {
  readonly name: string;
  readonly definition: PluginDefinition;
  readonly origin: PluginOrigin;
  readonly instance: object;
}

/**
 * Where discovery looked and what it passed over (`osvif plugins`): the plugins it loaded are `loadedPlugins()`,
 * the packages that failed `failures()`.
 */
export interface DiscoveryReport {
  /**
   * The directories searched, in order: scanned for plugin packages, or, with `[osvif] plugins`, where the names
   * listed were looked up. Empty when the runtime was given plugin classes.
   */
  readonly scanned: readonly string[];
  /** Packages that look like plugins (named `osvif-plugin-*`, or depending on @osvif/sdk) but were not loaded, and why. */
  readonly skipped: readonly SkippedPackage[];
}

/** Options of OsVifRuntime: configuration, logger, plugin classes (instead of discovery) and host services. */
export interface RuntimeOptions {
  /** Effective configuration (files + env); default: nothing configured. */
  readonly config?: Config;
  /** Default: JSON lines on stderr at [osvif] log_level. */
  readonly logger?: Logger;
  /** Plugin classes to use instead of discovery (embedding, tests). */
  readonly pluginClasses?: readonly PluginClass[];
  /** Directory discovery starts its upward node_modules search from (default: this package). */
  readonly runtimeDir?: string;
  readonly services?: HostServices;
}

/**
 * The host runtime a compute service embeds: discovers and builds the plugins, reports host_info, and plugs
 * and unplugs VIFs after checking them against each plugin's declarations.
 */
export class OsVifRuntime {
  readonly config: Config;
  readonly settings: RuntimeSettings;
  readonly logger: Logger;
  private readonly options: RuntimeOptions;
  private plugins: Map<string, LoadedPlugin> | undefined;
  private loadFailures: PluginLoadError[] = [];
  private discovered: DiscoveryReport = { scanned: [], skipped: [] };
  private root: RootContainer | undefined;
  private loading: Promise<void> | undefined;
  /** Operations on one VIF id run one after another; different ids run concurrently. */
  private readonly vifQueue = new KeyedMutex();
  /** Plugs in flight, on disk: what a killed plug left is found again (host-state/journal.ts, in-flight.ts). */
  private readonly journal: PendingJournal;
  /** This runtime's plugs in flight: their records precede any link its plugins create. */
  private readonly inFlight = new PlugsInFlight();

  constructor(options: RuntimeOptions = {}) {
    this.options = options;
    this.config = options.config ?? new Config();
    this.settings = this.config.values(RUNTIME_GROUP, RUNTIME_OPTIONS) as RuntimeSettings;
    this.journal = new PendingJournal(this.settings.journal_path ?? defaultJournalPath());
    // A pino logger type-checks as a Logger but takes its fields first: wrapped, it keeps them (objects pino.ts).
    const given = toLogger(options.logger);
    this.logger =
      given ??
      new StreamLogger({
        level: logLevelOf(this.settings.log_level as string) ?? 'info',
        json: true,
        format: this.settings.log_format as LogFormat,
      });
  }

  get initialized(): boolean {
    return this.plugins !== undefined;
  }

  /** Discovers, configures and instantiates the plugins. Idempotent unless `reset`. */
  async initialize(reset = false): Promise<void> {
    if (this.plugins && !reset) return;
    // Concurrent first calls share one load.
    if (this.loading && !reset) return this.loading;
    this.loading = this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    if (this.plugins) await this.close();
    const root = createRootContainer(this.logger, this.inFlight, this.options.services, {
      lockPath: this.settings.lock_path,
      timeoutMs: this.settings.lock_timeout * 1000,
    });
    const failures: PluginLoadError[] = [];
    this.discovered = { scanned: [], skipped: [] };
    const candidates: Array<{ definition: PluginDefinition; origin: PluginOrigin }> = [];

    if (this.options.pluginClasses) {
      for (const cls of this.options.pluginClasses) {
        const definition = getDefinitionOrThrow(cls);
        candidates.push({ definition, origin: { kind: 'embedded' } });
      }
    } else {
      for (const pkg of this.findPackages(failures)) {
        try {
          const mod = loadPluginModule(pkg);
          for (const c of mod.foreignCopies) {
            this.logger.warn(`plugin package ${pkg.packageName} loads its own copy of ${c.name}`, {
              package: pkg.packageName,
              shared: c.name,
              pluginCopy: c.pluginPath,
              runtimeCopy: c.runtimePath,
              fix: `make ${c.name} a peerDependency of ${pkg.packageName} (not a dependency), then dedupe the install (npm dedupe; install the plugin from a packed tarball rather than a symlink)`,
            });
          }
          for (const definition of mod.definitions) {
            candidates.push({ definition, origin: { kind: 'package', packageName: pkg.packageName, version: pkg.version, dir: pkg.dir } });
          }
        } catch (e) {
          if (e instanceof PluginLoadError) failures.push(e);
          else throw e;
        }
      }
    }

    const plugins = new Map<string, LoadedPlugin>();
    for (const { definition, origin } of candidates) {
      const where = origin.packageName ?? definition.pluginClass.name;
      const other = plugins.get(definition.name);
      if (other) {
        failures.push(
          new PluginLoadError(
            where,
            origin.dir ?? '',
            `plugin name ${definition.name} is already provided by ${other.origin.packageName ?? other.definition.pluginClass.name}`,
          ),
        );
        continue;
      }
      // A bad config value is the operator's error: fatal, not a skipped plugin.
      const config = this.config.values(pluginGroup(definition.name), definition.options);
      try {
        const instance = instantiatePlugin(root.container, definition, config, this.logger);
        plugins.set(definition.name, { name: definition.name, definition, origin, instance });
      } catch (e) {
        failures.push(
          new PluginLoadError(
            where,
            origin.dir ?? '',
            `creating plugin ${definition.name} failed: ${e instanceof Error ? e.message : String(e)}`,
            { cause: e },
          ),
        );
      }
    }

    for (const f of failures) this.logger.warn(LOAD_FAILURE_LOG, { package: f.packageName, location: f.location, reason: f.reason });
    if (failures.length && this.settings.plugins_required) {
      await root.close();
      throw new PluginsRequiredError(failures);
    }
    this.root = root;
    this.loadFailures = failures;
    this.plugins = plugins;
    this.logger.info('Loaded VIF plugins', { plugins: [...plugins.keys()] });
  }

  private findPackages(failures: PluginLoadError[]): PluginPackage[] {
    const dirs = searchDirectories(this.settings.plugin_path, this.options.runtimeDir ?? __dirname);
    this.discovered = { scanned: dirs, skipped: [] };
    if (this.settings.plugins.length > 0) {
      const out: PluginPackage[] = [];
      for (const spec of this.settings.plugins) {
        try {
          out.push(resolvePluginEntry(spec, dirs));
        } catch (e) {
          if (e instanceof PluginLoadError) failures.push(e);
          else throw e;
        }
      }
      return out;
    }
    const scan = scanForPlugins(dirs);
    failures.push(...scan.failures);
    this.discovered = { scanned: dirs, skipped: scan.skipped };
    return scan.packages;
  }

  private loaded(): Map<string, LoadedPlugin> {
    if (!this.plugins) throw new LibraryNotInitializedError();
    return this.plugins;
  }

  /** Loaded plugins sorted by name. */
  loadedPlugins(): LoadedPlugin[] {
    return [...this.loaded().values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Plugins that failed to load (reported, not fatal unless plugins_required). */
  failures(): readonly PluginLoadError[] {
    this.loaded();
    return this.loadFailures;
  }

  /** Where discovery looked and which plugin-like packages it skipped, from the last initialize(). */
  discovery(): DiscoveryReport {
    this.loaded();
    return this.discovered;
  }

  /**
   * HostInfo of every loaded plugin, sorted by name (os-vif host_info). With
   * `permittedVifTypes`, filtered by HostInfo.filterVifTypes ([] keeps nothing).
   */
  hostInfo(permittedVifTypes?: readonly string[]): HostInfo {
    const info = new HostInfo({ plugin_info: this.loadedPlugins().map((p) => describePlugin(p.definition)) });
    if (permittedVifTypes !== undefined) info.filterVifTypes([...permittedVifTypes]);
    return info;
  }

  /**
   * Plugs the VIF for the instance with the plugin named in `vif.plugin`. Objects or their primitives; both are
   * read and checked against that plugin's declarations before it runs.
   */
  plug(vif: VIFBase | unknown, instanceInfo: InstanceInfo | unknown): Promise<void> {
    return this.run('plug', vif, instanceInfo);
  }

  /** Unplugs the VIF, as {@link OsVifRuntime.plug} plugs it (same input checks). */
  unplug(vif: VIFBase | unknown, instanceInfo: InstanceInfo | unknown): Promise<void> {
    return this.run('unplug', vif, instanceInfo);
  }

  /** The VIF and instance read and checked against the plugin's declarations, with the plugin. */
  private prepare(vifInput: unknown, infoInput: unknown): { vif: VIFBase; info: InstanceInfo; plugin: LoadedPlugin } {
    const plugins = this.loaded();
    const vif = toObject(vifInput, 'vif', 'VIFBase') as VIFBase;
    const info = toObject(infoInput, 'instance_info', 'InstanceInfo') as InstanceInfo;
    const pluginName = vif.getIfSet('plugin') ?? undefined;
    if (pluginName === undefined) throw new InvalidVifInputError('vif', 'the "plugin" field is not set');
    const plugin = plugins.get(pluginName);
    if (!plugin) throw new PluginNotLoadedError(pluginName, [...plugins.keys()].sort());
    // Fatal, before any host change: the VIF must be what the plugin declared.
    assertAccepted(plugin.definition, vif);
    return { vif, info, plugin };
  }

  private async run(operation: VifOperation, vifInput: unknown, infoInput: unknown): Promise<void> {
    let vif: VIFBase | undefined;
    let pluginName: string | undefined;
    let prepared: { plugin: LoadedPlugin; method: string | symbol; info: InstanceInfo };
    try {
      vif = toObject(vifInput, 'vif', 'VIFBase') as VIFBase;
      pluginName = vif.getIfSet('plugin') ?? undefined;
      const { info, plugin } = this.prepare(vif, infoInput);
      const method = findHandler(plugin.definition, operation, vif);
      if (method === undefined) throw new InvalidVifInputError('vif', `plugin ${pluginName} has no ${operation} handler for it`);
      prepared = { plugin, method, info };
    } catch (err) {
      const vif_id = vif?.getIfSet('id') ?? undefined;
      this.logger.error(`${operation} rejected`, {
        vif_id,
        plugin: pluginName,
        operation,
        duration_ms: 0,
        outcome: 'rejected',
        error: describeError(err),
      });
      throw err;
    }
    const { plugin, method, info } = prepared;
    const vifId = vif.getIfSet('id') ?? undefined;

    return this.vifQueue.withLock(vifId ?? '', () =>
      this.withVifLock(vifId, async () => {
        const started = performance.now();
        const fields = { vif_id: vifId, plugin: pluginName, operation };
        this.logger.debug(`${operation} started`, fields);
        // The plug's record is written before its first link is created (in-flight.ts), and removed at its end.
        const inFlight =
          vifId !== undefined && operation === 'plug'
            ? new PlugInFlight(this.journal, vifId, () => ({
                vif_id: vifId,
                plugin: plugin.name,
                pid: process.pid,
                started: new Date().toISOString(),
                vif: vif!.toPrimitive(),
              }))
            : undefined;
        let succeeded = false;
        try {
          // A record left by an unfinished plug of this VIF (killed, or failed): its unmarked leftovers go first
          // (plug; the record with them, so a plug that creates no link does not leave it) or after (unplug).
          const killed = vifId === undefined ? undefined : await this.journal.get(vifId);
          if (killed && operation === 'plug' && (await collectLeftovers(this.hostStateContext(), plugin, killed)))
            await this.journal.end(vifId!);
          const handler = (plugin.instance as Record<string | symbol, unknown>)[method] as (v: VIFBase, i: InstanceInfo) => unknown;
          const call = async (): Promise<void> => void (await handler.call(plugin.instance, vif!, info));
          await (inFlight ? this.inFlight.run(inFlight, call) : call());
          if (killed && operation === 'unplug' && (await collectLeftovers(this.hostStateContext(), plugin, killed)))
            await this.journal.end(vifId!);
          succeeded = true;
        } catch (err) {
          const duration_ms = Math.round((performance.now() - started) * 1000) / 1000;
          this.logger.error(`${operation} failed`, { ...fields, duration_ms, outcome: 'error', error: describeError(err) });
          if (err instanceof PlugFailedError || err instanceof UnplugFailedError) throw err; // never double-wrap
          throw operation === 'plug' ? new PlugFailedError(vifId, plugin.name, err) : new UnplugFailedError(vifId, plugin.name, err);
        } finally {
          // A plug that succeeded leaves nothing unmarked; a failed one keeps its record (in-flight.ts).
          await inFlight?.finish(succeeded);
        }
        const duration_ms = Math.round((performance.now() - started) * 1000) / 1000;
        this.logger.info(`${operation} succeeded`, { ...fields, duration_ms, outcome: 'ok' });
      }),
    );
  }

  /** The VIFs the plugins find on this host by their ownership marks (docs/ownership.md). */
  list(): Promise<ListedVif[]> {
    this.loaded();
    return listVifs(this.hostStateContext());
  }

  /** Compares the VIF's host state with what plug makes (reads only); HostStateNotSupportedError without `@Check`. */
  async check(vifInput: VIFBase | unknown, infoInput: InstanceInfo | unknown): Promise<CheckReport> {
    const { vif, info, plugin } = this.prepare(vifInput, infoInput);
    const method = findCheckHandler(plugin.definition, vif);
    if (method === undefined) throw new HostStateNotSupportedError(plugin.name, 'check');
    const handler = (plugin.instance as Record<string | symbol, unknown>)[method] as (
      v: VIFBase,
      i: InstanceInfo,
    ) => Promise<Discrepancy[]>;
    const discrepancies = await handler.call(plugin.instance, vif, info);
    return { vifId: vif.getIfSet('id') ?? '', plugin: plugin.name, ok: discrepancies.length === 0, discrepancies };
  }

  /**
   * Removes everything osvif owns on this host that belongs to a VIF not in `validVifIds`, including what
   * killed plugs left, and nothing else; `dryRun` only reports what would go.
   */
  gc(validVifIds: Iterable<string>, options: { readonly dryRun?: boolean } = {}): Promise<GcReport> {
    this.loaded();
    return collectGarbage(this.hostStateContext(), new Set(validVifIds), options.dryRun === true);
  }

  /** Whether every plugin loaded and can serve (its `@Status` checks: OVSDB reachable, netlink usable...). */
  status(): Promise<StatusReport> {
    this.loaded();
    return hostStatus(this.hostStateContext());
  }

  private hostStateContext(): HostStateContext {
    return {
      logger: this.logger,
      journal: this.journal,
      plugins: () => this.loadedPlugins(),
      loadFailures: () => this.loadFailures,
      withVifLock: (vifId, fn) => this.vifQueue.withLock(vifId, () => this.withVifLock(vifId, fn)),
    };
  }

  /**
   * Runs fn holding the VIF's lock, so operations on one VIF never overlap across processes either (another
   * osvif CLI, a daemon). With the runtime's own LOCKS, one byte per VIF of `<lock_path>/osvif-vifs.lock`;
   * with a LockService of the embedder's, its lock `osvif-vif-<id>`. Waiting longer than lock_timeout is a
   * LockTimeoutError, before any host change.
   */
  private async withVifLock<T>(vifId: string | undefined, fn: () => Promise<T>): Promise<T> {
    if (vifId === undefined) return fn();
    const locks = this.root!.container.resolve<LockService>(LOCKS);
    if (locks instanceof FileLockService) return locks.withKeyedLock(VIF_LOCK_FILE, vifId, fn);
    return locks.withLock(vifLockName(vifId), fn);
  }

  /** Releases plugin resources (plugins may define `dispose()`), e.g. OVSDB connections. */
  async close(): Promise<void> {
    if (!this.plugins) return;
    for (const p of this.plugins.values()) {
      const dispose = (p.instance as { dispose?: () => unknown }).dispose;
      if (typeof dispose === 'function') {
        try {
          await dispose.call(p.instance);
        } catch (e) {
          this.logger.warn('plugin dispose failed', { plugin: p.name, error: describeError(e) });
        }
      }
    }
    await this.root?.close();
    this.root = undefined;
    this.plugins = undefined;
  }
}

function getDefinitionOrThrow(cls: PluginClass): PluginDefinition {
  const d = getPluginDefinition(cls);
  if (!d) throw new PluginLoadError(cls.name, '', 'class is not decorated with @VifPlugin');
  return d;
}

/** Accepts an object or its primitive; checks it is of the expected kind. */
function toObject(input: unknown, what: 'vif' | 'instance_info', base: string): VersionedObject {
  if (input === null || typeof input !== 'object')
    throw new InvalidVifInputError(what, `expected an object or its primitive, got ${input === null ? 'null' : typeof input}`);
  const obj = input instanceof VersionedObject ? input : fromPrimitive(input);
  if (!objectRegistry.isA(obj as never, base)) {
    throw new InvalidVifInputError(what, `expected a ${base}, got ${obj.objName}`);
  }
  return obj;
}

/** The file in lock_path whose bytes are the VIFs' locks (FileLockService.withKeyedLock). */
export const VIF_LOCK_FILE = 'osvif-vifs.lock';

/** A VIF's lock name in an embedder's LockService: `osvif-vif-<id>`, or a digest of the id when it is not a plain name. */
export function vifLockName(vifId: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(vifId)) return `osvif-vif-${vifId}`;
  return `osvif-vif-sha256-${createHash('sha256').update(vifId).digest('hex').slice(0, 32)}`;
}
