// Hybrid plug (VIFBridge): a per-VIF Linux bridge qbr… for iptables firewalling,
// a veth pair qvb…/qvo…, qvb… enslaved to the qbr, qvo… as the OVS port.
import type { InstanceInfo, VIFBase, VIFBridge } from '@osvif/sdk';
import { hybridNames } from '../naming';
import { getAddress, getBridge, getDatapathType, getMtu, getProfile, getDeviceName, getString, vifId } from '../vif-fields';
import { instanceUuid, PathContext, withRollback } from './context';
import { wantsTap } from './tap';

export async function plugHybrid(ctx: PathContext, vif: VIFBridge, info: InstanceInfo): Promise<void> {
  const profile = getProfile(vif);
  wantsTap(vif); // throws TapCreationNotSupported before anything is made
  const linuxBridge = getDeviceName(vif, 'bridge_name');
  const bridge = getBridge(vif);
  const datapath = getDatapathType(vif);
  const mtu = getMtu(vif, ctx.config.network_device_mtu);
  const ids = { ifaceId: profile.interface_id, mac: getAddress(vif), instanceUuid: instanceUuid(info, vifId(vif)) };
  const { qvb, qvo } = hybridNames(vif.id);

  await withRollback(ctx.log, async (undo) => {
    await ctx.linux.ensureBridge(linuxBridge, () => undo(`bridge ${linuxBridge}`, () => ctx.linux.deleteNetDev(linuxBridge)));
    if (!(await ctx.linux.exists(qvo))) {
      await ctx.linux.createVethPair(qvb, qvo, mtu, () => undo(`veth ${qvb}/${qvo}`, () => ctx.linux.deleteNetDev(qvo)));
    } else {
      // Re-plug (e.g. compute restart): converge instead of only updating the MTU (3.0.0, §9 #15).
      await ctx.linux.updateVethPair(qvb, qvo, mtu);
    }
    await ctx.linux.addBridgePort(linuxBridge, qvb);
    await ctx.ovs().ensureBridge(bridge, datapath);
    const created = await ctx.ports.create({ bridge, dev: qvo, ids, mtu, datapathType: datapath });
    if (created) undo(`OVS port ${qvo}`, () => ctx.ports.delete(bridge, qvo, { deleteNetdev: false }));
  });
}

/** Unhooks and removes everything: the Linux bridge, the OVS port and with it the veth pair. */
export async function unplugHybrid(ctx: PathContext, vif: VIFBase, linuxBridge: string): Promise<void> {
  const bridge = getBridge(vif);
  const { qvb, qvo } = hybridNames(vif.id);
  await ctx.linux.deleteBridge(linuxBridge, qvb);
  await ctx.ports.delete(bridge, qvo);
  await ctx.ports.deleteBridgeIfTrunk(bridge);
}
