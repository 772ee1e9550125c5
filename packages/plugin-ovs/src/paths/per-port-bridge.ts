// per_port_bridge (experimental upstream): the VIF port on its own bridge pb…,
// joined to the integration bridge by the patch pair pbp… <-> ibp….
import type { InstanceInfo, VIFOpenVSwitch } from '@osvif/objects';
import { DEAD_VLAN, perPortBridgeNames } from '../naming';
import { getAddress, getBridge, getDatapathType, getMtu, getProfile, getDeviceName, getString, vifId } from '../vif-fields';
import { instanceUuid, PathContext, withRollback } from './context';
import { createTapIfRequested, deleteTapIfCreated } from './tap';

export async function plugPerPortBridge(ctx: PathContext, vif: VIFOpenVSwitch, info: InstanceInfo): Promise<void> {
  const profile = getProfile(vif);
  const intBridge = getBridge(vif);
  const datapath = getDatapathType(vif);
  const dev = getDeviceName(vif, 'vif_name');
  const mtu = getMtu(vif, ctx.config.network_device_mtu);
  const mac = getAddress(vif);
  const vm = instanceUuid(info, vifId(vif));
  const names = perPortBridgeNames(vif.id);
  const ovs = ctx.ovs();

  await withRollback(ctx.log, async (undo) => {
    await ovs.ensureBridge(intBridge, datapath);
    if (!(await ovs.bridgeExists(names.bridge))) {
      undo(`bridge ${names.bridge}`, async () => {
        await ctx.ports.delete(names.bridge, dev, { deleteNetdev: false }); // with its QoS row
        await ovs.deleteBridge(names.bridge);
      });
    }
    await ovs.ensureBridge(names.bridge, datapath);
    // The VM port carries no external_ids: the ibp… patch port represents the VIF on the integration bridge.
    await ctx.ports.create({ bridge: names.bridge, dev, mtu, datapathType: datapath });
    const ibpIsNew = !(await ovs.portExists(names.intPatch, intBridge));
    if (ibpIsNew) undo(`patch port ${names.intPatch}`, () => ovs.deletePort(intBridge, names.intPatch));
    await ovs.createPatchPortPair({
      bridge: intBridge,
      port: names.intPatch,
      peerBridge: names.bridge,
      peerPort: names.bridgePatch,
      // Dead VLAN only for a new patch port (upstream _isolate_vif); tag only, as upstream.
      ...(ctx.config.isolate_vif && ibpIsNew ? { tag: DEAD_VLAN } : {}),
      // iface-id is the port profile's interface_id as on every other path (3.0.0 used vif.id, §9 #14).
      externalIds: { 'iface-id': profile.interface_id, 'iface-status': 'active', 'attached-mac': mac, 'vm-uuid': vm },
    });
    await createTapIfRequested(ctx, vif, dev, mtu);
  });
}

export async function unplugPerPortBridge(ctx: PathContext, vif: VIFOpenVSwitch): Promise<void> {
  const intBridge = getBridge(vif);
  const dev = getString(vif, 'vif_name');
  const names = perPortBridgeNames(vif.id);
  await deleteTapIfCreated(ctx, vif, dev);
  const ovs = ctx.ovs();
  // Patch ports have no netdev (and names longer than IFNAMSIZ): OVS rows only.
  await ovs.deletePort(intBridge, names.intPatch);
  await ovs.deletePort(names.bridge, names.bridgePatch);
  await ctx.ports.delete(names.bridge, dev);
  await ovs.deleteBridge(names.bridge);
  await ctx.ports.deleteBridgeIfTrunk(intBridge);
}
