// Independent views of a namespace's links (iproute2 and sysfs, not our code).
import type { TestNetns } from '@osvif/testkit';

export interface IpLink {
  ifname: string;
  ifindex: number;
  mtu: number;
  flags: string[];
  master?: string;
  address?: string;
  promiscuity?: number;
  linkinfo?: { info_kind?: string; info_data?: Record<string, unknown>; info_slave_kind?: string };
}

/** `ip -d -j link show NAME` inside the namespace, or undefined when absent. */
export async function ipLink(ns: TestNetns, name: string): Promise<IpLink | undefined> {
  const r = await ns.exec('ip', ['-d', '-j', 'link', 'show', 'dev', name]);
  if (r.exitCode !== 0) {
    if (/does not exist/.test(r.stderr)) return undefined;
    throw new Error(`ip link show ${name}: ${r.stderr}`);
  }
  return (JSON.parse(r.stdout) as IpLink[])[0];
}

export async function ipLinkNames(ns: TestNetns): Promise<string[]> {
  return (JSON.parse(await ns.check('ip', ['-j', 'link', 'show'])) as IpLink[]).map((l) => l.ifname).sort();
}
