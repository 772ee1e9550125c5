// The two sides of a parity run. Each has its OWN network namespace and its
// OWN private userspace OVS (ovs-vswitchd inside that namespace), so the two
// implementations never see each other's links or rows:
//   - os-vif 3.0.0: osvif_runner.py under `ip netns exec`;
//   - osvif: the test kit's startTestRuntime in this process on that namespace and
//     OVS (LinkApi/Sysctl through the namespace's agent, commands inside it).
import type { PluginClass } from '@osvif/sdk';
import { describeError, type InstanceInfo, type VIFBase } from '@osvif/objects';
import type { HostServices, OsVifRuntime } from '@osvif/runtime';
import { createNetns, PrivateOvs, startPrivateOvs, startTestRuntime, TestNetns } from '@osvif/testkit';
import { OvsParityOptions, ParityConfig, renderNovaConf } from './config';
import { OS_VIF_3_0_0_MANIFEST, OsVifRunner } from './runner';
import { captureState, CaptureOptions, StateSnapshot } from './snapshot';

/** What one plug/unplug did: ok, or the error (os-vif: the Python exception; osvif: the JS error). */
export type SideOutcome =
  | { readonly ok: true; readonly durationMs: number }
  | {
      readonly ok: false;
      readonly durationMs: number;
      readonly error: {
        readonly type: string;
        readonly message: string;
        readonly cause?: { readonly type: string; readonly message: string };
      };
    };

export interface SideConfig extends Omit<ParityConfig, 'ovs'> {
  /** [os_vif_ovs] options; ovsdb_connection is filled in with the side's own private OVS. */
  readonly ovs?: Omit<OvsParityOptions, 'ovsdb_connection'>;
}

export interface ParitySideOptions {
  readonly config?: SideConfig;
  /** Start a private OVS in the namespace (default true). */
  readonly ovs?: boolean;
  /** What snapshot() captures besides links (and OVSDB when there is an OVS). */
  readonly snapshot?: Omit<CaptureOptions, 'netns' | 'ovsdb'>;
}

export interface ParitySide {
  /** 'os-vif 3.0.0' or 'osvif'. */
  readonly label: string;
  readonly netns: TestNetns;
  readonly ovs?: PrivateOvs;
  /** The nova.conf text this side was configured with. */
  readonly configText: string;
  plug(vif: VIFBase, instanceInfo: InstanceInfo): Promise<SideOutcome>;
  unplug(vif: VIFBase, instanceInfo: InstanceInfo): Promise<SideOutcome>;
  snapshot(): Promise<StateSnapshot>;
  /** Stops everything this side started and deletes its namespace. Idempotent, never throws. */
  dispose(): Promise<void>;
}

interface Base {
  netns: TestNetns;
  ovs?: PrivateOvs;
  configText: string;
  config: ParityConfig;
  snapshot(): Promise<StateSnapshot>;
  disposeBase(): Promise<void>;
}

async function prepare(options: ParitySideOptions, agent: boolean): Promise<Base> {
  const netns = await createNetns({ agent });
  let ovs: PrivateOvs | undefined;
  try {
    if (options.ovs !== false) ovs = await startPrivateOvs({ netns: netns.name });
  } catch (e) {
    await netns.dispose();
    throw e;
  }
  const { ovs: ovsOptions, ...rest } = options.config ?? {};
  const config: ParityConfig = {
    ...rest,
    // Without a private OVS: a socket that does not exist, never the default tcp:127.0.0.1:6640 (a system OVS).
    ovs: { ...ovsOptions, ovsdb_connection: ovs?.dbEndpoint ?? 'unix:/nonexistent/osvif-parity/no-ovsdb.sock' },
  };
  return {
    netns,
    ovs,
    config,
    configText: renderNovaConf(config),
    snapshot: () => captureState({ ...options.snapshot, netns: netns.name, ...(ovs ? { ovsdb: ovs.dbEndpoint } : {}) }),
    disposeBase: async () => {
      await ovs?.stop().catch(() => undefined);
      await netns.dispose().catch(() => undefined);
    },
  };
}

/** os-vif 3.0.0 in its own namespace + private OVS. */
export async function createOsVifSide(
  options: ParitySideOptions & { logLevel?: string; iptablesBinaryName?: string } = {},
): Promise<ParitySide & { readonly runner: OsVifRunner }> {
  const base = await prepare(options, false);
  let runner: OsVifRunner;
  try {
    runner = await OsVifRunner.start({
      netns: base.netns.name,
      config: base.config,
      logLevel: options.logLevel,
      iptablesBinaryName: options.iptablesBinaryName,
    });
  } catch (e) {
    await base.disposeBase();
    throw e;
  }
  const call = async (op: 'plug' | 'unplug', vif: VIFBase, info: InstanceInfo): Promise<SideOutcome> =>
    runner[op](vif.toPrimitive(undefined, OS_VIF_3_0_0_MANIFEST), info.toPrimitive(undefined, OS_VIF_3_0_0_MANIFEST));
  let disposed: Promise<void> | undefined;
  return {
    label: 'os-vif 3.0.0',
    netns: base.netns,
    ovs: base.ovs,
    configText: base.configText,
    runner,
    plug: (vif, info) => call('plug', vif, info),
    unplug: (vif, info) => call('unplug', vif, info),
    snapshot: base.snapshot,
    dispose: () =>
      (disposed ??= runner
        .close()
        .catch(() => undefined)
        .then(base.disposeBase)),
  };
}

/** Log lines of an osvif side, kept in memory (shown when a test fails). */
export interface LogCapture {
  readonly lines: string[];
}

/** osvif (OsVifRuntime with the given plugin classes) in its own namespace + private OVS. */
export async function createOsvifSide(
  options: ParitySideOptions & {
    pluginClasses: readonly PluginClass[];
    services?: HostServices;
    logLevel?: 'debug' | 'info' | 'warning' | 'error';
  },
): Promise<ParitySide & { readonly runtime: OsVifRuntime; readonly logs: LogCapture }> {
  const base = await prepare(options, true);
  const logs: LogCapture = { lines: [] };
  let runtime: OsVifRuntime;
  try {
    ({ runtime } = await startTestRuntime({
      plugins: options.pluginClasses,
      netns: base.netns,
      ...(base.ovs ? { ovs: base.ovs } : {}),
      config: base.configText,
      configName: 'parity.conf',
      logLevel: options.logLevel ?? 'warning',
      logSink: (l) => void logs.lines.push(l),
      ...(options.services ? { services: options.services } : {}),
    }));
  } catch (e) {
    await base.disposeBase();
    throw e;
  }
  const call = async (op: 'plug' | 'unplug', vif: VIFBase, info: InstanceInfo): Promise<SideOutcome> => {
    const t0 = performance.now();
    try {
      await runtime[op](vif, info);
      return { ok: true, durationMs: performance.now() - t0 };
    } catch (e) {
      return { ok: false, durationMs: performance.now() - t0, error: describeJsError(e) };
    }
  };
  let disposed: Promise<void> | undefined;
  return {
    label: 'osvif',
    netns: base.netns,
    ovs: base.ovs,
    configText: base.configText,
    runtime,
    logs,
    plug: (vif, info) => call('plug', vif, info),
    unplug: (vif, info) => call('unplug', vif, info),
    snapshot: base.snapshot,
    dispose: () =>
      (disposed ??= runtime
        .close()
        .catch(() => undefined)
        .then(base.disposeBase)),
  };
}

/** describeError's name and message, under the keys the parity report compares with os-vif's (`type`). */
function describeJsError(e: unknown): { type: string; message: string; cause?: { type: string; message: string } } {
  const { name, message, cause } = describeError(e);
  const withCause = cause && e instanceof Error && e.cause instanceof Error ? { cause: { type: cause.name, message: cause.message } } : {};
  return { type: name, message, ...withCause };
}
