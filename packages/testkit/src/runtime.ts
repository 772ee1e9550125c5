// startTestRuntime: one call for what a plugin test needs, cleaned up however the test ends. Starts (as asked)
// a throw-away network namespace, a private Open vSwitch whose ovs-vswitchd runs in it (its endpoint written
// into [os_vif_ovs] ovsdb_connection), and an OsVifRuntime whose host services act in that namespace: links
// and sysctls through the namespace's agent, commands under `ip netns exec`. Without a namespace the host
// services are recording fakes, so nothing can touch the host.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InstanceInfo, VIFBase } from '@osvif/objects';
import type { CommandRunner, LinkApi, PluginClass, Sysctl } from '@osvif/sdk';
import { Config, OsVifRuntime, StreamLogger } from '@osvif/runtime';
import type { HostServices, LogLevel } from '@osvif/runtime';
import { track } from './cleanup';
import { mergeConfig, renderConfig } from './config';
import type { TestConfig } from './config';
import { RecordingCommandRunner } from './fakes/command-runner';
import { RecordingLinkApi } from './fakes/link-api';
import { RecordingSysctl } from './fakes/sysctl';
import { NetnsCommandRunner } from './netns/command-runner';
import { createNetns } from './netns/netns';
import type { TestNetns } from './netns/netns';
import { startPrivateOvs } from './ovs/private-ovs';
import type { PrivateOvs, PrivateOvsOptions } from './ovs/private-ovs';

/** What startTestRuntime starts. */
export interface TestRuntimeOptions {
  /** Plugin classes to load; default: discovery, as a deployment does (the installed osvif plugins). */
  readonly plugins?: readonly PluginClass[];
  /**
   * The configuration: option groups (rendered with renderConfig) or nova.conf text. With `ovs`, the private
   * OVS endpoint is [os_vif_ovs] ovsdb_connection unless the configuration sets one.
   */
  readonly config?: TestConfig | string;
  /** A name for the configuration in error messages (default 'test.conf'). */
  readonly configName?: string;
  /**
   * The network namespace the host services act in: true (default) creates one (disposed with the runtime),
   * a TestNetns uses that one (left to its owner), false uses none: the host services are then recording
   * fakes (RecordingLinkApi, RecordingSysctl, and a RecordingCommandRunner that rejects unscripted calls).
   */
  readonly netns?: boolean | TestNetns;
  /**
   * A private Open vSwitch: true starts one in the namespace (stopped with the runtime), options start one with
   * them, a PrivateOvs uses that one (left to its owner). Default: none. Needs a namespace.
   */
  readonly ovs?: boolean | Omit<PrivateOvsOptions, 'netns'> | PrivateOvs;
  /** Host services to use instead of the namespace's (or the fakes), e.g. `sysfsRoot` or a LockService. */
  readonly services?: HostServices;
  /** Log level of the runtime's logger (default 'debug'). */
  readonly logLevel?: LogLevel;
  /** JSON log lines (default true). */
  readonly logJson?: boolean;
  /** Also called with every log line (the lines are kept in `logs` either way). */
  readonly logSink?: (line: string) => void;
  /** Call initialize() before returning (default true). */
  readonly initialize?: boolean;
}

/** A running test runtime and what was started for it. */
export interface TestRuntime {
  readonly runtime: OsVifRuntime;
  /** The namespace the host services act in (throws when started with `netns: false`). */
  readonly netns: TestNetns;
  /** The private OVS (throws when started without `ovs`). */
  readonly ovs: PrivateOvs;
  /** The host services handed to the runtime. */
  readonly services: HostServices & { readonly linkApi: LinkApi; readonly sysctl: Sysctl; readonly commandRunner: CommandRunner };
  /**
   * Every command the plugins ran, recorded on its way to the namespace (or answered by the script, without a
   * namespace). Replaced by `services.commandRunner` when one is given.
   */
  readonly commands: RecordingCommandRunner;
  /** The configuration text the runtime read. */
  readonly configText: string;
  /** The runtime's log lines, in order. */
  readonly logs: string[];
  /** runtime.plug: a VIF object or its wire primitive, an InstanceInfo or its primitive. */
  plug(vif: VIFBase | unknown, instanceInfo: InstanceInfo | unknown): Promise<void>;
  /** runtime.unplug: a VIF object or its wire primitive, an InstanceInfo or its primitive. */
  unplug(vif: VIFBase | unknown, instanceInfo: InstanceInfo | unknown): Promise<void>;
  /** Closes the runtime, then stops the OVS and deletes the namespace this call started. Idempotent; never throws. */
  dispose(): Promise<void>;
}

function isNetns(v: unknown): v is TestNetns {
  return typeof v === 'object' && v !== null && typeof (v as TestNetns).exec === 'function' && typeof (v as TestNetns).name === 'string';
}

function isOvs(v: unknown): v is PrivateOvs {
  return (
    typeof v === 'object' && v !== null && typeof (v as PrivateOvs).vsctl === 'function' && typeof (v as PrivateOvs).dbEndpoint === 'string'
  );
}

/** The configuration text, with the private OVS endpoint as [os_vif_ovs] ovsdb_connection unless set. */
function configTextFor(config: TestConfig | string | undefined, ovs: PrivateOvs | undefined): string {
  if (typeof config === 'string') {
    // Options of a group merge across sections and the last assignment wins: put ours first.
    if (!ovs || /^\s*ovsdb_connection\s*=/m.test(config)) return config;
    return `${renderConfig({ os_vif_ovs: { ovsdb_connection: ovs.dbEndpoint } })}\n${config}`;
  }
  const given = config ?? {};
  if (!ovs || given.os_vif_ovs?.ovsdb_connection !== undefined) return renderConfig(given);
  return renderConfig(mergeConfig({ os_vif_ovs: { ovsdb_connection: ovs.dbEndpoint } }, given));
}

/**
 * Starts what a plugin test asks for and an OsVifRuntime over it, in one call. Everything started here is
 * stopped by `dispose()`, which also runs at the end of the test file when the test never reached it (a
 * failed assertion, a timeout), and at the latest when the process exits.
 *
 * @example
 * const t = await startTestRuntime({ plugins: [MyPlugin], config: { my_plugin: { mtu: 1400 } } });
 * try {
 *   await t.plug(testOvsVif(), testInstanceInfo());
 *   expect(await t.netns.links.exists('tap…')).toBe(true);
 * } finally {
 *   await t.dispose();
 * }
 */
export async function startTestRuntime(options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const cleanups: Array<() => Promise<void>> = [];
  let runtime: OsVifRuntime | undefined;
  let disposed: Promise<void> | undefined;
  let untrack: () => void = () => undefined;
  const dispose = (): Promise<void> =>
    (disposed ??= (async () => {
      untrack();
      await runtime?.close().catch(() => undefined);
      for (const c of cleanups.reverse()) await c().catch(() => undefined);
    })());
  untrack = track({ dispose });
  try {
    const wantNetns = options.netns ?? true;
    let netns: TestNetns | undefined;
    if (isNetns(wantNetns)) netns = wantNetns;
    else if (wantNetns) {
      const own = await createNetns();
      cleanups.push(() => own.dispose());
      netns = own;
    }
    let ovs: PrivateOvs | undefined;
    if (isOvs(options.ovs)) ovs = options.ovs;
    else if (options.ovs) {
      if (!netns) throw new TypeError('startTestRuntime: a private OVS needs a namespace (netns: false was given)');
      const own = await startPrivateOvs({ ...(options.ovs === true ? {} : options.ovs), netns: netns.name });
      cleanups.push(() => own.stop());
      ovs = own;
    }
    const given = options.services ?? {};
    const commands = new RecordingCommandRunner(netns ? { inner: new NetnsCommandRunner(netns.name) } : {});
    const services = {
      ...given,
      linkApi: given.linkApi ?? netns?.links ?? new RecordingLinkApi(),
      sysctl: given.sysctl ?? netns?.sysctl ?? new RecordingSysctl(),
      commandRunner: given.commandRunner ?? commands,
    };
    // The record of plugs in flight goes to a directory of this test (not the host's /run/osvif), unless the
    // config names one.
    const journal = mkdtempSync(join(tmpdir(), 'osvif-test-journal-'));
    cleanups.push(async () => rmSync(journal, { recursive: true, force: true }));
    const baseText = configTextFor(options.config, ovs);
    const configText = /^\s*journal_path\s*=/m.test(baseText) ? baseText : `${baseText}\n[osvif]\njournal_path = ${journal}\n`;
    const logs: string[] = [];
    const sink = options.logSink;
    runtime = new OsVifRuntime({
      config: Config.fromText(configText, options.configName ?? 'test.conf'),
      ...(options.plugins ? { pluginClasses: options.plugins } : {}),
      logger: new StreamLogger({
        level: options.logLevel ?? 'debug',
        json: options.logJson ?? true,
        sink: {
          write: (line: string) => {
            logs.push(line);
            sink?.(line);
          },
        },
      }),
      services,
    });
    if (options.initialize !== false) await runtime.initialize();
    const rt = runtime;
    const missing = (what: string): never => {
      throw new TypeError(`this test runtime was started without ${what}`);
    };
    return {
      runtime: rt,
      get netns() {
        return netns ?? missing('a namespace');
      },
      get ovs() {
        return ovs ?? missing('a private OVS');
      },
      services,
      commands,
      configText,
      logs,
      plug: (vif, info) => rt.plug(vif, info),
      unplug: (vif, info) => rt.unplug(vif, info),
      dispose,
    };
  } catch (e) {
    await dispose();
    throw e;
  }
}
