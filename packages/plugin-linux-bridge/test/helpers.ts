// Shared fixtures, built on the test kit: VIFs like Nova builds them for this plugin, a runtime whose host
// services act inside a test namespace (startTestRuntime), and a snapshot of what the plugin touches there.
import { InstanceInfo, VIFBridge } from '@osvif/objects';
import type { HostServices, OsVifRuntime } from '@osvif/runtime';
import {
  NetnsCommandRunner,
  RecordedCommand,
  RecordingCommandRunner,
  startTestRuntime,
  TEST_MAC,
  TEST_NETWORK_ID,
  testInstanceInfo,
  testLinuxBridgeVif,
  testNetwork,
} from '@osvif/testkit';
import type { TestNetns } from '@osvif/testkit';
import { LinuxBridgePlugin } from '@osvif/plugin-linux-bridge';

export const INSTANCE: InstanceInfo = testInstanceInfo({ uuid: 'd5b1090c-9e00-4fa4-9504-4b1494857970', name: 'vm1' });
export const VIF_ID = 'b679325f-ca89-4ee0-a8be-6db1409b69ea';
export const NET_ID = TEST_NETWORK_ID;

export interface VifSpec {
  bridge?: string;
  bridgeInterface?: string | null;
  mtu?: number | null;
  vlan?: number | null;
  multiHost?: boolean;
  provideBridge?: boolean;
  provideVlan?: boolean;
  /** undefined: left unset (os-vif then crashes, differences.md D9). */
  filtering?: boolean;
  id?: string;
}

/** A linux_bridge VIF (tap1 on `bridge`, default brq1); unlike the test kit's default, network.mtu is null unless given. */
export function bridgeVif(s: VifSpec = {}): VIFBridge {
  const bridge = s.bridge ?? 'brq1';
  return testLinuxBridgeVif({
    id: s.id ?? VIF_ID,
    address: TEST_MAC,
    vifName: 'tap1',
    bridge,
    hasTrafficFiltering: s.filtering ?? null,
    network: testNetwork({
      id: NET_ID,
      bridge,
      multi_host: s.multiHost ?? false,
      should_provide_bridge: s.provideBridge ?? true,
      should_provide_vlan: s.provideVlan ?? false,
      ...(s.bridgeInterface !== undefined ? { bridge_interface: s.bridgeInterface } : {}),
      ...(s.mtu !== undefined ? { mtu: s.mtu } : { mtu: null }),
      ...(s.vlan !== undefined ? { vlan: s.vlan } : {}),
    }),
  });
}

/** A runtime with only the linux_bridge plugin, acting inside `ns` (closed by the test, or by the test kit after the file). */
export async function runtimeIn(
  ns: TestNetns,
  options: Record<string, string | number | boolean | string[]> = {},
  extra: { commands?: RecordedCommand[]; logLines?: string[]; services?: HostServices } = {},
): Promise<OsVifRuntime> {
  const t = await startTestRuntime({
    plugins: [LinuxBridgePlugin],
    netns: ns,
    config: { os_vif_linux_bridge: options },
    logSink: (l) => void extra.logLines?.push(l),
    services: {
      commandRunner: new RecordingCommandRunner({ inner: new NetnsCommandRunner(ns.name), calls: extra.commands }),
      ...extra.services,
    },
  });
  return t.runtime;
}

/** A veth pair (the "physical" interface and its peer), up, with an address and a via route. */
export async function physicalInterface(
  ns: TestNetns,
  name = 'eth9',
  opts: { address?: boolean; secondary?: boolean } = {},
): Promise<void> {
  await ns.check('ip', ['link', 'add', name, 'type', 'veth', 'peer', 'name', `${name}p`]);
  await ns.check('ip', ['link', 'set', name, 'up']);
  await ns.check('ip', ['link', 'set', `${name}p`, 'up']);
  if (opts.address !== false) {
    await ns.check('ip', ['addr', 'add', '10.0.0.5/24', 'brd', '10.0.0.255', 'dev', name]);
    if (opts.secondary) await ns.check('ip', ['addr', 'add', '10.0.0.6/24', 'dev', name]);
    await ns.check('ip', ['route', 'add', '192.168.5.0/24', 'via', '10.0.0.1', 'dev', name]);
    await ns.check('ip', ['route', 'add', 'default', 'via', '10.0.0.1', 'metric', '50']);
  }
}

export interface LinkState {
  name: string;
  kind?: string;
  mtu: number;
  master?: string;
  up: boolean;
  bridge?: { forward_delay: number; stp_state: number; mcast_snooping: number };
}

/** Links (without lo and without kernel-chosen details such as MACs and indexes). */
export async function linkState(ns: TestNetns): Promise<LinkState[]> {
  const raw = JSON.parse(await ns.check('ip', ['-d', '-j', 'link', 'show'])) as Array<Record<string, unknown>>;
  return raw
    .filter((l) => l.ifname !== 'lo')
    .map((l) => {
      const info = l.linkinfo as { info_kind?: string; info_data?: Record<string, number> } | undefined;
      const s: LinkState = { name: String(l.ifname), mtu: Number(l.mtu), up: (l.flags as string[]).includes('UP') };
      if (info?.info_kind) s.kind = info.info_kind;
      if (typeof l.master === 'string') s.master = l.master;
      if (info?.info_kind === 'bridge' && info.info_data) {
        s.bridge = {
          forward_delay: info.info_data.forward_delay!,
          stp_state: info.info_data.stp_state!,
          mcast_snooping: info.info_data.mcast_snooping!,
        };
      }
      return s;
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** iptables-save without comments and counters. */
export async function iptablesRules(ns: TestNetns, tool: 'iptables-save' | 'ip6tables-save' = 'iptables-save'): Promise<string[]> {
  const out = await ns.check(tool, []);
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.replace(/\[\d+:\d+\]/g, '[0:0]'));
}

export async function addresses(ns: TestNetns, dev: string): Promise<string[]> {
  const [link] = JSON.parse(await ns.check('ip', ['-4', '-j', 'addr', 'show', 'dev', dev])) as Array<{
    addr_info: Array<{ local: string; prefixlen: number; secondary?: boolean }>;
  }>;
  return (link?.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen}${a.secondary ? ' secondary' : ''}`);
}

export async function routes(ns: TestNetns): Promise<string[]> {
  return (await ns.check('ip', ['-4', 'route', 'show']))
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Everything the plugin may touch: links, bridge sysctls, addresses, routes, iptables (v4 and v6). */
export async function hostState(ns: TestNetns): Promise<Record<string, unknown>> {
  const links = await linkState(ns);
  const sysctls: Record<string, string | undefined> = {};
  for (const l of links) {
    for (const p of [
      ['net', 'ipv6', 'conf', l.name, 'disable_ipv6'],
      ['net', 'ipv4', 'conf', l.name, 'arp_ignore'],
      ['net', 'ipv4', 'conf', l.name, 'arp_announce'],
    ]) {
      sysctls[p.join('.')] = await ns.sysctl.read(p);
    }
  }
  const addrs: Record<string, string[]> = {};
  for (const l of links) addrs[l.name] = await addresses(ns, l.name);
  return {
    links,
    sysctls,
    addrs,
    routes: await routes(ns),
    iptables: await iptablesRules(ns),
    ip6tables: await iptablesRules(ns, 'ip6tables-save'),
  };
}
