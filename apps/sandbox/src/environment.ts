// The sandbox: the test kit's startTestRuntime with the INSTALLED plugins
// (discovered like any deployment): a fresh network namespace, a private
// userspace OVS whose ovs-vswitchd runs inside it, and an OsVifRuntime whose
// kernel work happens in the namespace: links and sysctls through the
// namespace's agent, commands (iptables, ip, ovs-vsctl) under `ip netns exec`.
import type { OsVifRuntime } from '@osvif/runtime';
import { startTestRuntime } from '@osvif/testkit';
import type { PrivateOvs, TestNetns } from '@osvif/testkit';

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
  const t = await startTestRuntime({
    netns: true,
    ovs: true,
    config: {
      os_vif_ovs: { ovsdb_interface: 'native', ovs_vsctl_timeout: 30 },
      os_vif_linux_bridge: { iptables_drop_action: 'DROP' },
    },
    configName: 'sandbox.conf',
    logLevel: options.logLevel ?? 'error',
    logSink: options.logSink ?? ((l: string) => void process.stderr.write(l)),
  });
  try {
    await t.netns.links.createVeth(UPLINK, `${UPLINK}-p`);
    await t.netns.links.set(UPLINK, { up: true });
    await t.netns.links.set(`${UPLINK}-p`, { up: true });
    return { ns: t.netns, ovs: t.ovs, runtime: t.runtime, configText: t.configText, dispose: t.dispose };
  } catch (e) {
    await t.dispose();
    throw e;
  }
}
