// Shared fixtures: VIFs like Nova builds them, a runtime whose host services
// act inside a test namespace, and a snapshot of what the plugin touches there.
import { CommandRunner, Logger } from '@osvif/sdk';
import { InstanceInfo, Network, VIFBridge } from '@osvif/objects';
import { Config, OsVifRuntime, StreamLogger } from '@osvif/runtime';
import type { TestNetns } from '@osvif/testkit';
import { LinuxBridgePlugin } from '@osvif/plugin-linux-bridge';

export const INSTANCE = new InstanceInfo({ uuid: 'd5b1090c-9e00-4fa4-9504-4b1494857970', name: 'vm1' });
export const VIF_ID = 'b679325f-ca89-4ee0-a8be-6db1409b69ea';
export const NET_ID = '437c6db5-4e6f-4b43-b64b-ed6a11ee5ba7';

export interface VifSpec {
  bridge?: string;
  bridgeInterface?: string | null;
  mtu?: number | null;
  vlan?: number | null;
  multiHost?: boolean;
  provideBridge?: boolean;
  provideVlan?: boolean;
  /** undefined: left unset (os-vif then crashes, §9 #9). */
  filtering?: boolean;
  id?: string;
}

export function bridgeVif(s: VifSpec = {}): VIFBridge {
  const bridge = s.bridge ?? 'brq1';
  const network = new Network({
    id: NET_ID,
    bridge,
    multi_host: s.multiHost ?? false,
    should_provide_bridge: s.provideBridge ?? true,
    should_provide_vlan: s.provideVlan ?? false,
    ...(s.bridgeInterface !== undefined ? { bridge_interface: s.bridgeInterface } : {}),
    ...(s.mtu !== undefined ? { mtu: s.mtu } : { mtu: null }),
    ...(s.vlan !== undefined ? { vlan: s.vlan } : {}),
  });
  return new VIFBridge({
    id: s.id ?? VIF_ID,
    address: 'ca:fe:de:ad:be:ef',
    plugin: 'linux_bridge',
    vif_name: 'tap1',
    bridge_name: bridge,
    network,
    ...(s.filtering !== undefined ? { has_traffic_filtering: s.filtering } : {}),
  });
}

/** Runs commands inside the namespace (`ip netns exec`), as the CommandRunner would on a host. */
export function netnsRunner(ns: TestNetns, record?: Array<{ file: string; args: readonly string[] }>): CommandRunner {
  return {
    run: (file, args, options) => {
      record?.push({ file, args: [...args] });
      return ns.exec(file, args, options);
    },
  };
}

export function quietLogger(lines?: string[]): Logger {
  return new StreamLogger({ level: 'debug', sink: { write: (l: string) => void lines?.push(l) } });
}

export function configText(options: Record<string, string | number | boolean | string[]> = {}): string {
  const lines = ['[os_vif_linux_bridge]'];
  for (const [k, v] of Object.entries(options)) {
    for (const one of Array.isArray(v) ? v : [v]) lines.push(`${k} = ${String(one)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A runtime with only the linux_bridge plugin, acting inside `ns`. */
export async function runtimeIn(
  ns: TestNetns,
  options: Record<string, string | number | boolean | string[]> = {},
  extra: { commands?: Array<{ file: string; args: readonly string[] }>; logLines?: string[]; services?: Record<string, unknown> } = {},
): Promise<OsVifRuntime> {
  const rt = new OsVifRuntime({
    pluginClasses: [LinuxBridgePlugin],
    config: Config.fromText(configText(options)),
    logger: quietLogger(extra.logLines),
    services: { linkApi: ns.links, sysctl: ns.sysctl, commandRunner: netnsRunner(ns, extra.commands), ...extra.services },
  });
  await rt.initialize();
  return rt;
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
