// VIFOpenVSwitch, default mode: the integration bridge exists with the VIF's
// datapath; the port itself only when the profile asks (create_port), since
// libvirt adds it otherwise; the tap too when asked (create_tap, multiqueue).
import { withUndo } from '@osvif/sdk';
import type { OvsPlugPlan, OvsUnplugPlan } from '../plan';
import { VifFieldRequiredError } from '../errors';
import { claimAll } from '../ownership/guard';
import { rowMark } from '../ownership/ident';
import { ensureVifBridge, PathContext } from './context';
import { unplugHybrid } from './hybrid';
import { createTapIfRequested, deleteTapIfCreated } from './tap';

type BridgeOnlyPlan = Extract<OvsPlugPlan, { path: 'bridge-only' }>;
type DirectPlan = Extract<OvsPlugPlan, { path: 'direct' }>;

/** create_port false: only the bridge, with the VIF's datapath. */
export async function plugBridgeOnly(ctx: PathContext, plan: BridgeOnlyPlan): Promise<void> {
  await ensureVifBridge(ctx, plan);
}

export async function plugDirect(ctx: PathContext, plan: DirectPlan): Promise<void> {
  const { bridge, dev, mtu, ident } = plan;
  // vif_name may be the hypervisor's tap; any other device, or a port of another VIF, is refused.
  const [device] = await claimAll([
    ctx.guard.claimLink(ident, dev, { hypervisorTap: true, legacyPort: dev }),
    ctx.guard.claimPort(ident, dev),
  ]);
  await ensureVifBridge(ctx, plan);
  await withUndo(ctx.log, async (undo) => {
    // No device (libvirt makes the tap later, or create_tap makes it below with its MTU): no MTU to set (D61).
    const setKernelMtu = device !== 'absent';
    const spec = { bridge, dev, ids: plan.owner, mark: rowMark(ident), mtu, datapathType: plan.datapath, setKernelMtu };
    const created = await ctx.ports.create(spec);
    if (created) undo.push(`OVS port ${dev}`, () => ctx.ports.delete(bridge, dev, { deleteNetdev: false }));
    await createTapIfRequested(ctx, dev, mtu, plan.tap, ident);
  });
}

/** A VIFOpenVSwitch may have been hybrid-plugged (e.g. after a firewall driver change): the qbr tells. */
export async function unplugDirectOrHybrid(ctx: PathContext, plan: Extract<OvsUnplugPlan, { path: 'direct-or-hybrid' }>): Promise<void> {
  const { qbr, qvb, qvo } = plan.hybrid;
  if (await ctx.linux.exists(qbr)) return unplugHybrid(ctx, { ...plan, path: 'hybrid', linuxBridge: qbr, qvb, qvo });
  if (plan.dev === undefined) throw new VifFieldRequiredError(plan.vifId, 'vif_name');
  const { bridge, dev, ident } = plan;
  await claimAll([ctx.guard.claimLink(ident, dev, { hypervisorTap: true, legacyPort: dev }), ctx.guard.claimPort(ident, dev)]);
  await deleteTapIfCreated(ctx, dev, plan.tap);
  await ctx.ports.delete(bridge, dev);
  await ctx.ports.deleteBridgeIfTrunk(bridge);
}
