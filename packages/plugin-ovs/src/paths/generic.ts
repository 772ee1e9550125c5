// VIFOpenVSwitch, default mode: the integration bridge exists with the VIF's
// datapath; the port itself only when the profile asks (create_port), since
// libvirt adds it otherwise; the tap too when asked (create_tap, multiqueue).
import type { InstanceInfo, VIFOpenVSwitch } from '@osvif/objects';
import { getAddress, getBridge, getDatapathType, getMtu, getProfile, getDeviceName, getString, profileFlag, vifId } from '../vif-fields';
import { instanceUuid, PathContext, withRollback } from './context';
import { createTapIfRequested, deleteTapIfCreated } from './tap';

export async function plugGeneric(ctx: PathContext, vif: VIFOpenVSwitch, info: InstanceInfo): Promise<void> {
  const profile = getProfile(vif);
  const bridge = getBridge(vif);
  const datapath = getDatapathType(vif);
  if (!profileFlag(profile, 'create_port')) {
    await ctx.ovs().ensureBridge(bridge, datapath);
    return;
  }
  // Everything read and validated before the first change.
  const dev = getDeviceName(vif, 'vif_name');
  const mtu = getMtu(vif, ctx.config.network_device_mtu);
  const ids = { ifaceId: profile.interface_id, mac: getAddress(vif), instanceUuid: instanceUuid(info, vifId(vif)) };
  await ctx.ovs().ensureBridge(bridge, datapath);
  await withRollback(ctx.log, async (undo) => {
    const created = await ctx.ports.create({ bridge, dev, ids, mtu, datapathType: datapath });
    if (created) undo(`OVS port ${dev}`, () => ctx.ports.delete(bridge, dev, { deleteNetdev: false }));
    await createTapIfRequested(ctx, vif, dev, mtu);
  });
}

export async function unplugGeneric(ctx: PathContext, vif: VIFOpenVSwitch): Promise<void> {
  const bridge = getBridge(vif);
  const dev = getString(vif, 'vif_name');
  await deleteTapIfCreated(ctx, vif, dev);
  await ctx.ports.delete(bridge, dev);
  await ctx.ports.deleteBridgeIfTrunk(bridge);
}
