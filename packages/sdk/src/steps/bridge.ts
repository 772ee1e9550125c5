// Steps on Linux bridges that more than one plugin takes: the kind check before using a device, and the
// hardening os-vif applies to every bridge it makes.
import { PluginError } from '../plugin/errors';
import type { LinkApi, LinkInfo } from '../services/links';
import type { Sysctl } from '../services/sysctl';
import { settleAll } from './settle';

/**
 * A device of the name a plugin needs exists but is of another kind (e.g. a veth named like the bridge).
 * Thrown before any change; the device is left alone: neither used nor deleted.
 */
export class LinkKindMismatchError extends PluginError {
  static override readonly code = 'LINK_KIND_MISMATCH';
  constructor(
    readonly ifname: string,
    /** The IFLA_INFO_KIND the plugin needs, e.g. 'bridge' or 'vlan'. */
    readonly expected: string,
    /** The kind found; undefined for a plain device. */
    readonly actual: string | undefined,
  ) {
    super(`${ifname} exists but is ${actual ? `a ${actual}` : 'a plain device'}, not a ${expected}; refusing to use or delete it`);
  }
}

/**
 * The link `name` if it exists and is of `kind`; undefined when there is none of that name;
 * LinkKindMismatchError when the name is taken by another kind of device.
 */
export async function findLinkOfKind(links: LinkApi, name: string, kind: string): Promise<LinkInfo | undefined> {
  const existing = await links.get(name);
  if (existing && existing.kind !== kind) throw new LinkKindMismatchError(name, kind, existing.kind);
  return existing;
}

/**
 * The sysctls os-vif writes on every Linux bridge it creates, before the bridge comes up: IPv6 off, so the
 * bridge gets no autoconfigured or link-local address (bug 1302080); `arp_ignore=1` (answer ARP only for
 * addresses of the incoming interface) and `arp_announce=2` (announce the best local address). The three
 * files are independent and written concurrently; every write settles before a failure is thrown.
 */
export async function hardenBridge(sysctl: Sysctl, bridge: string): Promise<void> {
  await settleAll([
    sysctl.write(['net', 'ipv6', 'conf', bridge, 'disable_ipv6'], 1),
    sysctl.write(['net', 'ipv4', 'conf', bridge, 'arp_ignore'], 1),
    sysctl.write(['net', 'ipv4', 'conf', bridge, 'arp_announce'], 2),
  ]);
}
