// Kernel part of a snapshot, read inside the namespace with `ip -j -d link`,
// `grep` on /proc/sys and `iptables-save` (never with the code under test).
import { checkIn, runIn } from './exec';

export interface LinkState {
  /** rtnetlink kind: bridge, veth, tun, vlan, ... ('' for lo/physical). */
  readonly kind: string;
  readonly mtu: number;
  readonly master: string | null;
  /** IFF_UP set (administrative state). */
  readonly up: boolean;
  /** User-set IFF_PROMISC (what os-vif's `promisc` touches). */
  readonly promisc: boolean;
  /** veth: the peer's name. */
  readonly peer?: string;
  /** bridge: the attributes os-vif sets on creation. */
  readonly bridge?: {
    readonly forward_delay: number;
    readonly stp_state: number;
    readonly ageing_time: number;
    readonly mcast_snooping: number;
  };
  /** tun: 'tap'/'tun' and the multiqueue flag. */
  readonly tun?: { readonly type: string; readonly multi_queue: boolean };
  /** vlan: id and lower device. */
  readonly vlan?: { readonly id: number; readonly link: string | null };
}

interface IpLink {
  ifname: string;
  flags?: string[];
  mtu: number;
  master?: string;
  link?: string | null;
  linkinfo?: { info_kind?: string; info_data?: Record<string, unknown> };
}

export async function captureLinks(netns: string): Promise<Record<string, LinkState>> {
  const list = JSON.parse(await checkIn(netns, 'ip', ['-j', '-d', 'link', 'show'])) as IpLink[];
  const out: Record<string, LinkState> = {};
  for (const l of [...list].sort((a, b) => (a.ifname < b.ifname ? -1 : 1))) {
    const kind = l.linkinfo?.info_kind ?? '';
    const data = l.linkinfo?.info_data ?? {};
    const flags = l.flags ?? [];
    out[l.ifname] = {
      kind,
      mtu: l.mtu,
      master: l.master ?? null,
      up: flags.includes('UP'),
      promisc: flags.includes('PROMISC'),
      ...(kind === 'veth' ? { peer: l.link ?? '' } : {}),
      ...(kind === 'bridge'
        ? {
            bridge: {
              forward_delay: Number(data.forward_delay),
              stp_state: Number(data.stp_state),
              ageing_time: Number(data.ageing_time),
              mcast_snooping: Number(data.mcast_snooping),
            },
          }
        : {}),
      ...(kind === 'tun' ? { tun: { type: String(data.type), multi_queue: data.multi_queue === true } } : {}),
      ...(kind === 'vlan' ? { vlan: { id: Number(data.id), link: l.link ?? null } } : {}),
    };
  }
  return out;
}

/** The sysctls os-vif writes on the bridges it makes. */
export const BRIDGE_SYSCTLS = ['net/ipv6/conf/*/disable_ipv6', 'net/ipv4/conf/*/arp_ignore', 'net/ipv4/conf/*/arp_announce'] as const;

/** `{ 'qbrX': { 'net/ipv4/conf/qbrX/arp_ignore': '1', ... } }` for the given links (absent keys omitted). */
export async function captureSysctls(
  netns: string,
  links: readonly string[],
  keys: readonly string[] = BRIDGE_SYSCTLS,
): Promise<Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, string>> = {};
  if (links.length === 0) return out;
  const files = links.flatMap((l) => keys.map((k) => `/proc/sys/${k.replace('*', l)}`));
  // grep -H '' prints "file:value" for every readable file; missing ones only go to stderr.
  const r = await runIn(netns, 'grep', ['-H', '', ...files]);
  for (const l of links) out[l] = {};
  for (const line of r.stdout.split('\n')) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const file = line.slice(0, i).replace('/proc/sys/', '');
    const link = links.find((l) => keys.some((k) => k.replace('*', l) === file));
    if (link !== undefined) out[link][file] = line.slice(i + 1).trim();
  }
  return out;
}

/**
 * `iptables-save` (or ip6tables-save) of the namespace, per table, without
 * comments and counters, so two namespaces compare line by line.
 */
export async function captureIptables(netns: string, family: 4 | 6): Promise<Record<string, string[]>> {
  const text = await checkIn(netns, family === 4 ? 'iptables-save' : 'ip6tables-save', []);
  return normaliseIptablesSave(text);
}

export function normaliseIptablesSave(text: string): Record<string, string[]> {
  const tables: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('*')) {
      current = tables[line.slice(1)] = [];
      continue;
    }
    if (line === 'COMMIT') {
      current = undefined;
      continue;
    }
    // ":CHAIN POLICY [pkts:bytes]" -> ":CHAIN POLICY"; "[pkts:bytes] -A ..." -> "-A ..."
    current?.push(line.replace(/\s*\[\d+:\d+\]$/, '').replace(/^\[\d+:\d+\]\s*/, ''));
  }
  return tables;
}
