// per_port_bridge (experimental upstream): the VIF port on its own bridge pb…,
// joined to the integration bridge by the patch pair pbp… <-> ibp….
import { withUndo } from '@osvif/sdk';
import { DEAD_VLAN } from '../naming';
import { claimAll } from '../ownership/guard';
import { rowMark } from '../ownership/ident';
import type { OvsPlugPlan, OvsUnplugPlan } from '../plan';
import { ensureVifBridge, PathContext } from './context';
import { createTapIfRequested, deleteTapIfCreated } from './tap';

export async function plugPerPortBridge(ctx: PathContext, plan: Extract<OvsPlugPlan, { path: 'per-port-bridge' }>): Promise<void> {
  const { bridge: intBridge, datapath, dev, mtu, names, owner, ident } = plan;
  const ovs = ctx.ovs();
  await claimPerPortBridge(ctx, plan);

  await withUndo(ctx.log, async (undo) => {
    await ensureVifBridge(ctx, plan);
    if (!(await ovs.bridgeExists(names.bridge))) {
      undo.push(`bridge ${names.bridge}`, async () => {
        await ctx.ports.delete(names.bridge, dev, { deleteNetdev: false }); // with its QoS row
        await ovs.deleteBridge(names.bridge);
      });
    }
    // The VIF's own bridge carries its mark, so gc finds it even once its ports are gone.
    await ovs.ensureBridge(names.bridge, datapath, { keepExisting: !plan.datapathGiven, newBridgeExternalIds: rowMark(ident) });
    // The VM port carries no external_ids: the ibp… patch port represents the VIF on the integration bridge.
    await ctx.ports.create({ bridge: names.bridge, dev, mark: rowMark(ident), mtu, datapathType: datapath });
    const ibpIsNew = !(await ovs.portExists(names.intPatch, intBridge));
    if (ibpIsNew) undo.push(`patch port ${names.intPatch}`, () => ovs.deletePort(intBridge, names.intPatch));
    await ovs.createPatchPortPair({
      bridge: intBridge,
      port: names.intPatch,
      peerBridge: names.bridge,
      peerPort: names.bridgePatch,
      // Dead VLAN only for a new patch port (upstream _isolate_vif); tag only, as upstream.
      ...(ctx.config.isolate_vif && ibpIsNew ? { tag: DEAD_VLAN } : {}),
      // iface-id is the port profile's interface_id as on every other path (3.0.0 used vif.id: differences.md D14).
      externalIds: {
        'iface-id': owner.ifaceId,
        'iface-status': 'active',
        'attached-mac': owner.mac,
        'vm-uuid': owner.instanceUuid,
        ...rowMark(ident),
      },
      portExternalIds: rowMark(ident),
    });
    await createTapIfRequested(ctx, dev, mtu, plan.tap, ident);
  });
}

export async function unplugPerPortBridge(ctx: PathContext, plan: Extract<OvsUnplugPlan, { path: 'per-port-bridge' }>): Promise<void> {
  const { bridge: intBridge, dev, names } = plan;
  await claimPerPortBridge(ctx, plan);
  await deleteTapIfCreated(ctx, dev, plan.tap);
  const ovs = ctx.ovs();
  // Patch ports have no netdev (and names longer than IFNAMSIZ): OVS rows only.
  await ovs.deletePort(intBridge, names.intPatch);
  await ovs.deletePort(names.bridge, names.bridgePatch);
  await ctx.ports.delete(names.bridge, dev);
  await ovs.deleteBridge(names.bridge);
  await ctx.ports.deleteBridgeIfTrunk(intBridge);
}

/**
 * The VM device and port, the ibp… patch port (os-vif puts the VIF's iface-id on it) and the pb… bridge must be
 * this VIF's: a VIF whose id shares the first 12 characters has the same pb… name.
 */
async function claimPerPortBridge(
  ctx: PathContext,
  plan: Extract<OvsPlugPlan | OvsUnplugPlan, { path: 'per-port-bridge' }>,
): Promise<void> {
  const { ident, dev, names } = plan;
  await claimAll([
    ctx.guard.claimLink(ident, dev, { hypervisorTap: true, legacyPort: names.intPatch }),
    ctx.guard.claimPort(ident, dev, names.intPatch),
    ctx.guard.claimPort(ident, names.intPatch),
    ctx.guard.claimBridge(ident, names.bridge, names.intPatch),
  ]);
}
