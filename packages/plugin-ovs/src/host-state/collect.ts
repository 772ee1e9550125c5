// @Collect: removes what one VIF owns (gc). Marked OVS ports (with their QoS rows) and bridges go first, then
// marked links; for a killed plug (target.leftoverOf) also the unmarked devices with its derived names, made
// before the plug could mark them, unless an OVS row says they are another VIF's. Each link's mark is read again just
// before it is deleted: a device re-marked meanwhile is left alone.
import { OVS_MARK_KEYS, readLinkMark } from '@osvif/sdk';
import type { CollectOptions, CollectTarget, OwnedResource } from '@osvif/sdk';
import { VIFOpenVSwitch } from '@osvif/objects';
import type { VIFBase } from '@osvif/objects';
import { hybridNames, portName } from '../naming';
import { getProfile, profileFlag } from '../vif-fields';
import type { PathContext } from '../paths/context';
import { listOwned } from './list';

export async function collectVif(ctx: PathContext, target: CollectTarget, options: CollectOptions): Promise<OwnedResource[]> {
  const marked = target.leftoversOnly ? [] : ((await listOwned(ctx)).find((v) => v.vifId === target.vifId)?.resources ?? []);
  const leftovers = target.leftoverOf ? await findLeftovers(ctx, target.vifId, target.leftoverOf) : [];
  const all = [...marked, ...leftovers.filter((l) => !marked.some((m) => m.kind === l.kind && m.name === l.name))];
  if (options.dryRun) return all;
  const ovs = ctx.ovs();
  for (const port of all.filter((r) => r.kind === 'ovs-port')) await ovs.deletePort(port.bridge, port.name);
  if (!target.leftoversOnly) await ovs.destroyQos({ [OVS_MARK_KEYS.vifId]: target.vifId });
  // The VIF's own bridges (per-port pb…) go after their ports, with whatever else is on them (their patch ports).
  for (const bridge of all.filter((r) => r.kind === 'ovs-bridge')) await ovs.deleteBridge(bridge.name);
  // Bridges first: deleting a qbr releases its qvb, then the veth goes in one delete.
  const links = all.filter((r) => r.kind === 'link');
  const rank = async (r: OwnedResource): Promise<number> => ((await ctx.linux.get(r.name))?.kind === 'bridge' ? 0 : 1);
  const ranked = await Promise.all(links.map(async (r) => ({ r, rank: await rank(r) })));
  for (const { r } of ranked.sort((a, b) => a.rank - b.rank)) {
    const link = await ctx.linux.get(r.name);
    if (!link) continue; // gone with its peer
    const mark = readLinkMark(link.alias);
    const stillOurs = r.via === 'leftover' ? mark === undefined : mark?.vifId === target.vifId;
    if (stillOurs) await ctx.linux.deleteNetDev(r.name);
  }
  return all;
}

/**
 * The unmarked devices a killed plug of `vif` may have made, under the names os-vif derives from the id only (a
 * recorded bridge_name or vif_name may name anything): qbr/qvb/qvo, and tap… when the profile asked osvif to
 * create the tap (otherwise an unmarked tap… is the hypervisor's). Not when an OVS row says they are another VIF's.
 */
async function findLeftovers(ctx: PathContext, vifId: string, vif: VIFBase): Promise<OwnedResource[]> {
  const { qbr, qvb, qvo } = hybridNames(vifId);
  const names = new Set([qbr, qvb, qvo]);
  const tap = portName('tap', vifId);
  if (vif instanceof VIFOpenVSwitch && vif.getIfSet('vif_name') === tap && profileFlag(getProfile(vif), 'create_tap')) names.add(tap);
  // The qvo row of another VIF (os-vif's, unmarked, other iface-id) means the derived names are that VIF's.
  const qvoRow = await ctx.ovs().getInterface(qvo);
  if (qvoRow && qvoRow.externalIds[OVS_MARK_KEYS.vifId] !== vifId) return [];
  const out: OwnedResource[] = [];
  for (const name of names) {
    const link = await ctx.linux.get(name);
    if (!link || link.alias !== undefined) continue;
    const row = await ctx.ovs().getInterface(name);
    if (row && row.externalIds[OVS_MARK_KEYS.vifId] !== vifId) continue;
    out.push({ kind: 'link', name, via: 'leftover' });
  }
  return out;
}
