// @Check: is the VIF's host state what plug makes? Reads only. Each difference is named: the resource and
// what is wrong with it (missing, detached, wrong MTU, another VIF's port...).
import { readLinkMark } from '@osvif/sdk';
import type { Discrepancy, LinkInfo } from '@osvif/sdk';
import type { PathContext } from '../paths/context';
import type { OvsPlugPlan, PortOwner } from '../plan';
import { sameDatapath } from '../ovsdb/validate';

export async function checkVif(ctx: PathContext, plan: OvsPlugPlan): Promise<Discrepancy[]> {
  const out: Discrepancy[] = [];
  const problem = (resource: string, text: string): void => void out.push({ resource, problem: text });
  const ovs = ctx.ovs();

  const bridge = await ovs.getBridge(plan.bridge);
  if (!bridge) problem(`ovs-bridge ${plan.bridge}`, 'missing');
  else if (plan.datapathGiven && !sameDatapath(bridge.datapathType, plan.datapath))
    problem(`ovs-bridge ${plan.bridge}`, `datapath_type ${JSON.stringify(bridge.datapathType)}, expected ${plan.datapath}`);

  /** The port on `onBridge` with the VIF's external_ids (when `owner`), and the interface type/options/MTU asked. */
  const port = async (
    name: string,
    onBridge: string,
    owner?: PortOwner,
    iface: { type?: string; options?: Readonly<Record<string, string>>; mtuRequest?: number } = {},
  ): Promise<void> => {
    const [row, info] = await Promise.all([ovs.getPort(name), ovs.getInterface(name)]);
    const what = `ovs-port ${name}`;
    if (!row || !info) return problem(what, 'missing');
    if (row.bridge !== onBridge) problem(what, `on bridge ${row.bridge ?? '(none)'}, expected ${onBridge}`);
    if (owner) {
      const ids = info.externalIds;
      if (ids['iface-id'] !== owner.ifaceId) problem(what, `iface-id ${ids['iface-id'] ?? '(unset)'}, expected ${owner.ifaceId}`);
      if (ids['attached-mac'] !== owner.mac) problem(what, `attached-mac ${ids['attached-mac'] ?? '(unset)'}, expected ${owner.mac}`);
      if (ids['vm-uuid'] !== owner.instanceUuid) problem(what, `vm-uuid ${ids['vm-uuid'] ?? '(unset)'}, expected ${owner.instanceUuid}`);
    }
    if (iface.type !== undefined && info.type !== iface.type)
      problem(what, `interface type ${info.type || 'system'}, expected ${iface.type}`);
    for (const [k, v] of Object.entries(iface.options ?? {}))
      if (info.options[k] !== v) problem(what, `options:${k} ${info.options[k] ?? '(unset)'}, expected ${v}`);
    if (iface.mtuRequest && info.mtuRequest !== iface.mtuRequest)
      problem(what, `mtu_request ${info.mtuRequest ?? '(unset)'}, expected ${iface.mtuRequest}`);
  };

  /** The device exists, of `kind`, up, at the MTU, enslaved to `master`, and not marked for another VIF. */
  const link = async (name: string, want: { kind?: string; mtu?: number; master?: string }): Promise<LinkInfo | undefined> => {
    const l = await ctx.linux.get(name);
    const what = `link ${name}`;
    if (!l) return void problem(what, 'missing');
    const mark = readLinkMark(l.alias);
    if (mark && mark.vifId !== plan.vifId) problem(what, `marked for VIF ${mark.vifId}`);
    if (want.kind !== undefined && l.kind !== want.kind) problem(what, `a ${l.kind ?? 'plain device'}, expected a ${want.kind}`);
    if (!l.up) problem(what, 'down');
    if (want.mtu && l.mtu !== want.mtu) problem(what, `MTU ${l.mtu}, expected ${want.mtu}`);
    if (want.master !== undefined && l.master !== want.master)
      problem(what, l.master ? `enslaved to ${l.master}, expected ${want.master}` : `detached, expected on ${want.master}`);
    return l;
  };

  switch (plan.path) {
    case 'bridge-only':
      break;
    case 'direct':
      await port(plan.dev, plan.bridge, plan.owner);
      if (plan.tap) await link(plan.dev, { kind: 'tun', mtu: plan.mtu });
      break;
    case 'per-port-bridge':
      await port(plan.dev, plan.names.bridge);
      await port(plan.names.intPatch, plan.bridge, plan.owner, { type: 'patch', options: { peer: plan.names.bridgePatch } });
      if (plan.tap) await link(plan.dev, { kind: 'tun', mtu: plan.mtu });
      break;
    case 'hybrid':
      await link(plan.linuxBridge, { kind: 'bridge' });
      await link(plan.qvb, { kind: 'veth', mtu: plan.mtu, master: plan.linuxBridge });
      await link(plan.qvo, { kind: 'veth', mtu: plan.mtu });
      await port(plan.qvo, plan.bridge, plan.owner);
      break;
    case 'vhost-user':
      await port(plan.dev, plan.bridge, plan.owner, {
        type: plan.interfaceType,
        ...(plan.options ? { options: plan.options } : {}),
        mtuRequest: plan.mtu,
      });
      break;
    case 'host-device':
      if (plan.datapath === 'netdev') await port(plan.dpdkDev, plan.bridge, plan.owner, { type: 'dpdk' });
      else {
        const vf = await ctx.sysfs.vfNumber(plan.pciAddress);
        const representor = await ctx.sysfs.representor(await ctx.sysfs.pfSwitchdevIfname(plan.pciAddress), vf);
        await port(representor, plan.bridge, plan.owner);
        await link(representor, {});
      }
      break;
  }
  return out;
}
