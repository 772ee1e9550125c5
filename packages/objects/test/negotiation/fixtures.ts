// Plugins and objects shared by the negotiation tests: a HostInfo derived from
// real plugin declarations (describePlugin), as the runtime builds it.
import { Consumes, describePlugin, getPluginDefinition, Plug, PluginClass, Unplug, VifPlugin } from '@osvif/sdk';
import {
  FixedIP,
  FixedIPList,
  HostInfo,
  Network,
  Subnet,
  SubnetList,
  VIFBase,
  VIFBridge,
  VIFOpenVSwitch,
  VIFPortProfileOpenVSwitch,
  VIFPortProfileOVSRepresentor,
  VIFVHostUser,
} from '@osvif/objects';

export const PORT_ID = '3e1a7f0c-5b2d-4c6e-9f80-1a2b3c4d5e6f';
export const NET_ID = '437c6db5-4e6f-4b43-b64b-ed6a11ee5ba7';

/** Like os-vif 3.0.0's ovs plugin: VIFVHostUser 1.0 only, profiles up to 1.3 for VIFOpenVSwitch. */
@VifPlugin({ name: 'ovs' })
@Consumes(VIFBridge, '1.0', { profiles: [[VIFPortProfileOpenVSwitch, '1.0 - 1.4']] })
@Consumes(VIFOpenVSwitch, '1.0', { profiles: [[VIFPortProfileOpenVSwitch, '1.0 - 1.3']] })
@Consumes(VIFVHostUser, '1.0', {
  profiles: [
    [VIFPortProfileOpenVSwitch, '1.0 - 1.4'],
    [VIFPortProfileOVSRepresentor, '1.0 - 1.4'],
  ],
})
export class OvsLikePlugin {
  @Plug(VIFBridge, VIFOpenVSwitch, VIFVHostUser)
  async plug(_vif: VIFBase): Promise<void> {}
  @Unplug(VIFBridge, VIFOpenVSwitch, VIFVHostUser)
  async unplug(_vif: VIFBase): Promise<void> {}
}

@VifPlugin({ name: 'noop' })
@Consumes(VIFVHostUser, '1.0 - 1.1')
export class NoopLikePlugin {
  @Plug(VIFVHostUser)
  async plug(_vif: VIFBase): Promise<void> {}
  @Unplug(VIFVHostUser)
  async unplug(_vif: VIFBase): Promise<void> {}
}

@VifPlugin({ name: 'linux_bridge' })
@Consumes(VIFBridge, '1.0')
export class LinuxBridgeLikePlugin {
  @Plug(VIFBridge)
  async plug(_vif: VIFBase): Promise<void> {}
  @Unplug(VIFBridge)
  async unplug(_vif: VIFBase): Promise<void> {}
}

/** HostInfo as the runtime builds it (plugins sorted by name). */
export function hostInfoOf(...plugins: PluginClass[]): HostInfo {
  return new HostInfo({ plugin_info: plugins.map((p) => describePlugin(getPluginDefinition(p)!)) });
}

export const fullHostInfo = (): HostInfo => hostInfoOf(LinuxBridgeLikePlugin, NoopLikePlugin, OvsLikePlugin);

export function network(): Network {
  return new Network({
    id: NET_ID,
    bridge: 'br-int',
    mtu: 1450,
    subnets: new SubnetList({
      objects: [
        new Subnet({ cidr: '10.0.0.0/24', gateway: '10.0.0.1', ips: new FixedIPList({ objects: [new FixedIP({ address: '10.0.0.5' })] }) }),
      ],
    }),
  });
}

export function ovsVif(extra: Partial<ConstructorParameters<typeof VIFOpenVSwitch>[0]> = {}): VIFOpenVSwitch {
  return new VIFOpenVSwitch({
    id: PORT_ID,
    address: 'fa:16:3e:11:22:33',
    vif_name: 'tap3e1a7f0c-5b',
    bridge_name: 'br-int',
    network: network(),
    port_profile: new VIFPortProfileOpenVSwitch({ interface_id: PORT_ID, profile_id: 'prof', datapath_type: 'netdev', create_port: true }),
    ...extra,
  });
}

export function vhostUserVif(withProfile = false): VIFVHostUser {
  return new VIFVHostUser({
    id: PORT_ID,
    vif_name: 'vhu3e1a7f0c-5b',
    path: '/var/run/openvswitch/vhu3e1a7f0c-5b',
    mode: 'server',
    ...(withProfile ? { port_profile: new VIFPortProfileOpenVSwitch({ interface_id: PORT_ID, profile_id: 'p' }) } : {}),
  });
}

/** What an os-vif 3.0.0-era network host knows of the HostInfo family (HostVIFInfo 1.0). */
export const OLD_HOST_INFO_FAMILY = { HostInfo: '1.0', HostPluginInfo: '1.0', HostVIFInfo: '1.0', HostPortProfileInfo: '1.0' } as const;

export const env = (p: unknown) => p as Record<string, unknown>;
