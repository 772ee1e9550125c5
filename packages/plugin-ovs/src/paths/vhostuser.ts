// VIFVHostUser: a DPDK vhost-user port vhu…. QEMU in client mode means OVS is
// the server (dpdkvhostuser); otherwise OVS connects as client to vif.path.
// Bridge (netdev by default), port and mtu_request in one transaction.
import { rowMark } from '../ownership/ident';
import type { OvsPlugPlan, OvsUnplugPlan } from '../plan';
import type { PathContext } from './context';

export async function plugVhostUser(ctx: PathContext, plan: Extract<OvsPlugPlan, { path: 'vhost-user' }>): Promise<void> {
  await ctx.guard.claimPort(plan.ident, plan.dev);
  await ctx.ports.create({
    bridge: plan.bridge,
    dev: plan.dev,
    ids: plan.owner,
    mark: rowMark(plan.ident),
    mtu: plan.mtu,
    // QoS follows the datapath actually used (upstream checks the 'system' fallback even here).
    datapathType: plan.datapath,
    bridgeDatapathType: plan.datapath,
    keepExistingBridge: !plan.datapathGiven,
    interfaceType: plan.interfaceType,
    ...(plan.options ? { options: plan.options } : {}),
  });
}

export async function unplugVhostUser(ctx: PathContext, plan: Extract<OvsUnplugPlan, { path: 'vhost-user' }>): Promise<void> {
  await ctx.guard.claimPort(plan.ident, plan.dev);
  await ctx.ports.delete(plan.bridge, plan.dev);
  await ctx.ports.deleteBridgeIfTrunk(plan.bridge);
}
