// VIFVHostUser: a DPDK vhost-user port vhu…. QEMU in client mode means OVS is
// the server (dpdkvhostuser); otherwise OVS connects as client to vif.path.
// Bridge (netdev by default), port and mtu_request in one transaction.
import type { InstanceInfo, VIFVHostUser } from '@osvif/objects';
import { DATAPATH_NETDEV, vhostUserPortName, VHOSTUSER_CLIENT_TYPE, VHOSTUSER_TYPE } from '../naming';
import { getAddress, getBridge, getDatapathType, getMtu, getProfile, getString, vifId } from '../vif-fields';
import { instanceUuid, PathContext } from './context';
import { wantsTap } from './tap';

export async function plugVhostUser(ctx: PathContext, vif: VIFVHostUser, info: InstanceInfo): Promise<void> {
  const profile = getProfile(vif);
  wantsTap(vif);
  const bridge = getBridge(vif);
  const datapath = getDatapathType(vif, DATAPATH_NETDEV);
  const dev = vhostUserPortName(vif.id);
  const client = getString(vif, 'mode') === 'client';
  await ctx.ports.create({
    bridge,
    dev,
    ids: { ifaceId: profile.interface_id, mac: getAddress(vif), instanceUuid: instanceUuid(info, vifId(vif)) },
    mtu: getMtu(vif, ctx.config.network_device_mtu),
    // QoS follows the datapath actually used (upstream checks the 'system' fallback even here).
    datapathType: datapath,
    bridgeDatapathType: datapath,
    interfaceType: client ? VHOSTUSER_TYPE : VHOSTUSER_CLIENT_TYPE,
    ...(client ? {} : { options: { 'vhost-server-path': getString(vif, 'path') } }),
  });
}

export async function unplugVhostUser(ctx: PathContext, vif: VIFVHostUser): Promise<void> {
  const bridge = getBridge(vif);
  await ctx.ports.delete(bridge, vhostUserPortName(vif.id));
  await ctx.ports.deleteBridgeIfTrunk(bridge);
}
