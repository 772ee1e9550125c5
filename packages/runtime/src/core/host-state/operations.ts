// list, check, gc and status over the loaded plugins' host-state handlers (@ListOwned, @Check, @Collect,
// @Status), CNI's CHECK and GC for osvif: what the marks say is whose, whether one VIF is as plug makes it,
// removing what belongs to VIFs no longer wanted, and whether every plugin can serve.
import { describeError, fromPrimitive } from '@osvif/objects';
import type { ErrorDescription } from '@osvif/objects';
import type { VIFBase } from '@osvif/objects';
import type { CollectTarget, Discrepancy, Logger, OwnedResource, OwnedVif, StatusCheck } from '@osvif/sdk';
import type { LoadedPlugin } from '../runtime';
import type { PendingJournal, PendingPlug } from './journal';

/** A VIF found on the host, with the plugin whose marks name it. */
export interface ListedVif extends OwnedVif {
  readonly plugin: string;
}

/** The outcome of check: `ok` when there is no discrepancy. */
export interface CheckReport {
  readonly vifId: string;
  readonly plugin: string;
  readonly ok: boolean;
  readonly discrepancies: readonly Discrepancy[];
}

/** What gc removed (or, with dryRun, would remove), per VIF and plugin. */
export interface GcReport {
  readonly dryRun: boolean;
  readonly removed: ReadonlyArray<{
    readonly vifId: string;
    readonly plugin: string;
    /** A plug of this VIF had been killed (its record was left): unmarked leftovers were looked for too. */
    readonly killedPlug: boolean;
    readonly resources: readonly OwnedResource[];
  }>;
  /** VIFs that could not be collected (gc went on with the others), with why; their records are kept. */
  readonly failed: ReadonlyArray<{ readonly vifId: string; readonly plugin: string; readonly error: ErrorDescription }>;
  /** VIFs of the valid set found on the host (kept). */
  readonly kept: readonly string[];
  /** Plugins without @ListOwned/@Collect: what they own cannot be collected. */
  readonly unsupported: readonly string[];
}

/** The outcome of status: `ok` when every plugin loaded and every check passed. */
export interface StatusReport {
  readonly ok: boolean;
  readonly plugins: ReadonlyArray<{ readonly plugin: string; readonly ok: boolean; readonly checks: readonly StatusCheck[] }>;
  /** Plugins that failed to load, with why. */
  readonly failures: ReadonlyArray<{ readonly package: string; readonly reason: string }>;
}

/** What the operations need of the runtime. */
export interface HostStateContext {
  readonly logger: Logger;
  readonly journal: PendingJournal;
  plugins(): LoadedPlugin[];
  loadFailures(): ReadonlyArray<{ readonly packageName: string; readonly reason: string }>;
  withVifLock<T>(vifId: string, fn: () => Promise<T>): Promise<T>;
}

function call<T>(plugin: LoadedPlugin, method: string | symbol, ...args: unknown[]): Promise<T> {
  const fn = (plugin.instance as Record<string | symbol, unknown>)[method] as (...a: unknown[]) => Promise<T>;
  return Promise.resolve(fn.apply(plugin.instance, args));
}

/** Every VIF the plugins find by their marks, sorted by VIF id then plugin. */
export async function listVifs(ctx: HostStateContext): Promise<ListedVif[]> {
  const lists = await Promise.all(
    ctx.plugins().map(async (p) => {
      const method = p.definition.hostState.list;
      return method === undefined ? [] : (await call<OwnedVif[]>(p, method)).map((v) => ({ ...v, plugin: p.name }));
    }),
  );
  return lists.flat().sort((a, b) => (a.vifId < b.vifId ? -1 : a.vifId > b.vifId ? 1 : a.plugin < b.plugin ? -1 : 1));
}

/**
 * Removes everything the plugins own that belongs to a VIF outside `valid`, and the leftovers of killed plugs
 * of such VIFs; nothing else. Each VIF is collected holding its lock, so a plug in flight finishes first.
 */
export async function collectGarbage(ctx: HostStateContext, valid: ReadonlySet<string>, dryRun: boolean): Promise<GcReport> {
  const plugins = ctx.plugins();
  const byName = new Map(plugins.map((p) => [p.name, p]));
  const unsupported = plugins.filter((p) => p.definition.hostState.collect === undefined).map((p) => p.name);
  const [listed, pending] = await Promise.all([listVifs(ctx), ctx.journal.all()]);
  const targets = new Map<string, Map<string, PendingPlug | undefined>>();
  const add = (vifId: string, plugin: string, record?: PendingPlug): void => {
    const perPlugin = targets.get(vifId) ?? new Map<string, PendingPlug | undefined>();
    perPlugin.set(plugin, record ?? perPlugin.get(plugin));
    targets.set(vifId, perPlugin);
  };
  for (const v of listed) if (!valid.has(v.vifId)) add(v.vifId, v.plugin);
  for (const r of pending) if (!valid.has(r.vif_id) && byName.has(r.plugin)) add(r.vif_id, r.plugin, r);

  const removed: Array<GcReport['removed'][number]> = [];
  const failed: Array<GcReport['failed'][number]> = [];
  for (const [vifId, perPlugin] of [...targets.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await ctx.withVifLock(vifId, async () => {
      let complete = true;
      for (const [pluginName, record] of perPlugin) {
        const plugin = byName.get(pluginName)!;
        const method = plugin.definition.hostState.collect;
        if (method === undefined) continue;
        const target: CollectTarget = { vifId, ...(record ? { leftoverOf: pendingVif(record) } : {}) };
        try {
          const resources = await call<OwnedResource[]>(plugin, method, target, { dryRun });
          removed.push({ vifId, plugin: pluginName, killedPlug: record !== undefined, resources });
          if (!dryRun) ctx.logger.info('gc removed a VIF', { vif_id: vifId, plugin: pluginName, resources: resources.map((r) => r.name) });
        } catch (e) {
          // One VIF that cannot be collected (e.g. a device busy) must not keep gc from the others.
          complete = false;
          const error = describeError(e);
          failed.push({ vifId, plugin: pluginName, error });
          ctx.logger.error('gc could not remove a VIF', { vif_id: vifId, plugin: pluginName, error });
        }
      }
      if (!dryRun && complete) await ctx.journal.end(vifId);
    });
  }
  if (!dryRun) await ctx.journal.sweepTemporaries();
  const kept = [...new Set(listed.filter((v) => valid.has(v.vifId)).map((v) => v.vifId))].sort();
  return { dryRun, removed, failed, kept, unsupported };
}

/**
 * Before a plug or after an unplug of a VIF whose earlier plug did not finish: its unmarked leftovers go (the
 * plug then makes and marks its devices afresh). Holding the VIF's lock; failures are logged, not thrown
 * (false: the record stays for gc).
 */
export async function collectLeftovers(ctx: HostStateContext, plugin: LoadedPlugin, record: PendingPlug): Promise<boolean> {
  const method = plugin.definition.hostState.collect;
  try {
    if (method !== undefined) {
      const target: CollectTarget = { vifId: record.vif_id, leftoverOf: pendingVif(record), leftoversOnly: true };
      const resources = await call<OwnedResource[]>(plugin, method, target, { dryRun: false });
      if (resources.length > 0)
        ctx.logger.warn('an earlier plug of this VIF did not finish; its leftovers were removed', {
          vif_id: record.vif_id,
          plugin: plugin.name,
          pid: record.pid,
          resources: resources.map((r) => r.name),
        });
    }
    return true;
  } catch (e) {
    ctx.logger.warn('leftovers of an unfinished plug could not be removed; gc will retry', {
      vif_id: record.vif_id,
      error: describeError(e),
    });
    return false;
  }
}

/** Runs each plugin's @Status (a plugin without one is ready once loaded). */
export async function hostStatus(ctx: HostStateContext): Promise<StatusReport> {
  const plugins = await Promise.all(
    ctx.plugins().map(async (p) => {
      const method = p.definition.hostState.status;
      let checks: StatusCheck[];
      try {
        checks = method === undefined ? [{ name: 'loaded', ok: true }] : await call<StatusCheck[]>(p, method);
      } catch (e) {
        checks = [{ name: 'status', ok: false, detail: describeError(e).message }];
      }
      return { plugin: p.name, ok: checks.every((c) => c.ok), checks };
    }),
  );
  const failures = ctx.loadFailures().map((f) => ({ package: f.packageName, reason: f.reason }));
  return { ok: failures.length === 0 && plugins.every((p) => p.ok), plugins, failures };
}

function pendingVif(record: PendingPlug): VIFBase | undefined {
  try {
    return fromPrimitive(record.vif as never) as VIFBase;
  } catch {
    return undefined;
  }
}
