// The sandbox: a fresh network namespace, a private userspace OVS whose
// ovs-vswitchd runs inside it, and an OsVifRuntime with the INSTALLED plugins
// (discovered like any deployment) whose kernel work happens in the namespace:
// links and sysctls through the namespace's agent, commands (iptables, ip,
// ovs-vsctl) under `ip netns exec`.
import { Config, OsVifRuntime, StreamLogger } from '@osvif/runtime';
import { createNetns, TestNetns } from '@osvif/testkit';
import { PrivateOvs, startPrivateOvs } from '@osvif/testkit';
import { renderNovaConf } from '@osvif/conformance';
import { NetnsCommandRunner } from '@osvif/conformance';

export interface Sandbox {
  readonly ns: TestNetns;
  readonly ovs: PrivateOvs;
  readonly runtime: OsVifRuntime;
  readonly configText: string;
  /** Removes everything (runtime, OVS, namespace). Idempotent, never throws. */
  dispose(): Promise<void>;
}

/** A Linux bridge flat network needs an uplink: a veth end standing in for the NIC. */
export const UPLINK = 'sbx-uplink';

export async function createSandbox(
  options: { logLevel?: 'debug' | 'info' | 'warning' | 'error'; logSink?: (line: string) => void } = {},
): Promise<Sandbox> {
  const ns = await createNetns();
  let ovs: PrivateOvs | undefined;
  let runtime: OsVifRuntime | undefined;
  let disposed: Promise<void> | undefined;
  const dispose = (): Promise<void> =>
    (disposed ??= (async () => {
      await runtime?.close().catch(() => undefined);
      await ovs?.stop().catch(() => undefined);
      await ns.dispose().catch(() => undefined);
    })());
  try {
    ovs = await startPrivateOvs({ netns: ns.name });
    await ns.links.createVeth(UPLINK, `${UPLINK}-p`);
    await ns.links.set(UPLINK, { up: true });
    await ns.links.set(`${UPLINK}-p`, { up: true });
    const configText = renderNovaConf({
      ovs: { ovsdb_connection: ovs.dbEndpoint, ovsdb_interface: 'native', ovs_vsctl_timeout: 30 },
      linux_bridge: { iptables_drop_action: 'DROP' },
    });
    const sink = options.logSink ?? ((l: string) => void process.stderr.write(l));
    runtime = new OsVifRuntime({
      config: Config.fromText(configText, 'sandbox.conf'),
      logger: new StreamLogger({ level: options.logLevel ?? 'error', json: true, sink: { write: sink } }),
      services: { linkApi: ns.links, sysctl: ns.sysctl, commandRunner: new NetnsCommandRunner(ns.name) },
    });
    await runtime.initialize();
    return { ns, ovs, runtime, configText, dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}
