// VIFHostDevice (SR-IOV VF in switchdev mode): the VF's representor goes on the
// bridge. system datapath: the kernel representor netdev (found through sysfs),
// set up. netdev datapath: a DPDK port vfr… with dpdk-devargs=<PF PCI>,representor=[VF].
import { withUndo } from '@osvif/sdk';
import { DATAPATH_SYSTEM, DPDK_TYPE } from '../naming';
import { rowMark } from '../ownership/ident';
import type { OvsPlugPlan, OvsUnplugPlan } from '../plan';
import { ensureVifBridge, PathContext } from './context';

export async function plugHostDevice(ctx: PathContext, plan: Extract<OvsPlugPlan, { path: 'host-device' }>): Promise<void> {
  const { bridge, datapath, pciAddress: pci, owner: ids, mtu } = plan;
  // sysfs first: a missing VF fails before anything changes.
  const vfNum = await ctx.sysfs.vfNumber(pci);
  if (datapath === DATAPATH_SYSTEM) {
    const representor = await ctx.sysfs.representor(await ctx.sysfs.pfSwitchdevIfname(pci), vfNum);
    // The representor is the VF's (sysfs says so); its OVS port must not be another VIF's.
    await ctx.guard.claimPort(plan.ident, representor);
    await ensureVifBridge(ctx, plan);
    await withUndo(ctx.log, async (undo) => {
      if (!(await ctx.linux.isUp(representor))) {
        await ctx.linux.setUp(representor, true);
        undo.push(`${representor} up`, () => ctx.linux.setUp(representor, false));
      }
      await ctx.ports.create({ bridge, dev: representor, ids, mark: rowMark(plan.ident), mtu, datapathType: datapath });
    });
  } else {
    const pfPci = await ctx.sysfs.pfPciAddress(pci);
    await ctx.guard.claimPort(plan.ident, plan.dpdkDev);
    await ensureVifBridge(ctx, plan);
    await ctx.ports.create({
      bridge,
      dev: plan.dpdkDev,
      ids,
      mark: rowMark(plan.ident),
      mtu, // as mtu_request: 3.0.0 tried the kernel and never set it (differences.md D15)
      datapathType: datapath,
      interfaceType: DPDK_TYPE,
      options: { 'dpdk-devargs': `${pfPci},representor=[${vfNum}]` },
    });
  }
}

/** The representor stays (it is bound to the VF): off the bridge, and down (system). */
export async function unplugHostDevice(ctx: PathContext, plan: Extract<OvsUnplugPlan, { path: 'host-device' }>): Promise<void> {
  const { bridge, vfPciAddress: pci } = plan;
  if (pci !== undefined) {
    const representor = await ctx.sysfs.representor(await ctx.sysfs.pfSwitchdevIfname(pci), await ctx.sysfs.vfNumber(pci));
    await ctx.guard.claimPort(plan.ident, representor);
    await ctx.ports.delete(bridge, representor, { deleteNetdev: false });
    await ctx.linux.setUp(representor, false);
  } else {
    await ctx.guard.claimPort(plan.ident, plan.dpdkDev);
    await ctx.ports.delete(bridge, plan.dpdkDev, { deleteNetdev: false });
  }
  await ctx.ports.deleteBridgeIfTrunk(bridge);
}
