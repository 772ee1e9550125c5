// VIFHostDevice (SR-IOV VF in switchdev mode): the VF's representor goes on the
// bridge. system datapath: the kernel representor netdev (found through sysfs),
// set up. netdev datapath: a DPDK port vfr… with dpdk-devargs=<PF PCI>,representor=[VF].
import type { InstanceInfo, VIFHostDevice } from '@osvif/objects';
import { DATAPATH_SYSTEM, dpdkRepresentorName, DPDK_TYPE } from '../naming';
import { getAddress, getBridge, getDatapathType, getMtu, getProfile, getString, vifId } from '../vif-fields';
import { instanceUuid, PathContext, withRollback } from './context';
import { wantsTap } from './tap';

export async function plugHostDevice(ctx: PathContext, vif: VIFHostDevice, info: InstanceInfo): Promise<void> {
  const profile = getProfile(vif);
  wantsTap(vif);
  const bridge = getBridge(vif);
  const datapath = getDatapathType(vif);
  const pci = getString(vif, 'dev_address');
  const ids = { ifaceId: profile.interface_id, mac: getAddress(vif), instanceUuid: instanceUuid(info, vifId(vif)) };
  const mtu = getMtu(vif, ctx.config.network_device_mtu);
  // sysfs first: a missing VF fails before anything changes.
  const vfNum = await ctx.sysfs.vfNumber(pci);
  if (datapath === DATAPATH_SYSTEM) {
    const representor = await ctx.sysfs.representor(await ctx.sysfs.pfSwitchdevIfname(pci), vfNum);
    await ctx.ovs().ensureBridge(bridge, datapath);
    await withRollback(ctx.log, async (undo) => {
      if (!(await ctx.linux.isUp(representor))) {
        await ctx.linux.setUp(representor, true);
        undo(`${representor} up`, () => ctx.linux.setUp(representor, false));
      }
      await ctx.ports.create({ bridge, dev: representor, ids, mtu, datapathType: datapath });
    });
  } else {
    const pfPci = await ctx.sysfs.pfPciAddress(pci);
    await ctx.ovs().ensureBridge(bridge, datapath);
    await ctx.ports.create({
      bridge,
      dev: dpdkRepresentorName(vif.id),
      ids,
      mtu, // as mtu_request: 3.0.0 tried the kernel and never set it (§9 #15)
      datapathType: datapath,
      interfaceType: DPDK_TYPE,
      options: { 'dpdk-devargs': `${pfPci},representor=[${vfNum}]` },
    });
  }
}

/** The representor stays (it is bound to the VF): off the bridge, and down (system). */
export async function unplugHostDevice(ctx: PathContext, vif: VIFHostDevice): Promise<void> {
  const bridge = getBridge(vif);
  const datapath = getDatapathType(vif);
  if (datapath === DATAPATH_SYSTEM) {
    const pci = getString(vif, 'dev_address');
    const representor = await ctx.sysfs.representor(await ctx.sysfs.pfSwitchdevIfname(pci), await ctx.sysfs.vfNumber(pci));
    await ctx.ports.delete(bridge, representor, { deleteNetdev: false });
    await ctx.linux.setUp(representor, false);
  } else {
    await ctx.ports.delete(bridge, dpdkRepresentorName(vif.id), { deleteNetdev: false });
  }
  await ctx.ports.deleteBridgeIfTrunk(bridge);
}
