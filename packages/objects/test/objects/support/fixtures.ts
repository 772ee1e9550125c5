// Objects shared by the tests (and mirrored as Python expressions for parity).
import {
  DatapathOffloadRepresentor,
  FixedIP,
  FixedIPList,
  HostInfo,
  HostPluginInfo,
  HostPortProfileInfo,
  HostVIFInfo,
  Network,
  Route,
  RouteList,
  Subnet,
  SubnetList,
  VIFOpenVSwitch,
  VIFPortProfileOpenVSwitch,
} from '@osvif/objects';

export const VIF_ID = 'b679325f-ca89-4ee0-a8be-6db1409b69ea';
export const NET_ID = '437c6db5-4e6f-4b43-b64b-ed6a11ee5ba7';

export function network(): Network {
  return new Network({
    id: NET_ID,
    bridge: 'br-int',
    label: 'private',
    mtu: 1450,
    vlan: null,
    subnets: new SubnetList({
      objects: [
        new Subnet({
          cidr: '10.0.0.0/24',
          dns: ['8.8.8.8', '2001:db8::1'],
          gateway: '10.0.0.1',
          dhcp_server: '10.0.0.2',
          ips: new FixedIPList({ objects: [new FixedIP({ address: '10.0.0.5', floating_ips: ['1.2.3.4'] })] }),
          routes: new RouteList({ objects: [new Route({ cidr: '0.0.0.0/0', gateway: '10.0.0.1', interface: 'eth0' })] }),
        }),
      ],
    }),
  });
}
export const NETWORK_PY =
  `Network(id='${NET_ID}', bridge='br-int', label='private', mtu=1450, vlan=None, subnets=SubnetList(objects=[Subnet(` +
  `cidr='10.0.0.0/24', dns=['8.8.8.8','2001:db8::1'], gateway='10.0.0.1', dhcp_server='10.0.0.2', ` +
  `ips=FixedIPList(objects=[FixedIP(address='10.0.0.5', floating_ips=['1.2.3.4'])]), ` +
  `routes=RouteList(objects=[Route(cidr='0.0.0.0/0', gateway='10.0.0.1', interface='eth0')]))]))`;

export function ovsProfile(): VIFPortProfileOpenVSwitch {
  return new VIFPortProfileOpenVSwitch({
    interface_id: VIF_ID,
    profile_id: 'prof',
    datapath_type: 'netdev',
    create_port: true,
    datapath_offload: new DatapathOffloadRepresentor({ representor_name: 'rep0', representor_address: '0000:81:00.1' }),
  });
}

export function vifOVS(): VIFOpenVSwitch {
  return new VIFOpenVSwitch({
    id: VIF_ID,
    address: 'ca:fe:de:ad:be:ef',
    network: network(),
    plugin: 'ovs',
    active: true,
    preserve_on_delete: false,
    has_traffic_filtering: true,
    vif_name: 'tap0',
    bridge_name: 'br-int',
    port_profile: ovsProfile(),
  });
}

/** os-vif's own host_info() shape (linux_bridge, noop, ovs as describe() returns them). */
export function hostInfo(): HostInfo {
  const vif = (name: string, profiles: string[] = []) =>
    new HostVIFInfo({
      vif_object_name: name,
      min_version: '1.0',
      max_version: '1.0',
      supported_port_profiles: profiles.map(
        (p) => new HostPortProfileInfo({ profile_object_name: p, min_version: '1.0', max_version: '1.0' }),
      ),
    });
  const ovs = ['VIFPortProfileOpenVSwitch'];
  const ovsRep = ['VIFPortProfileOpenVSwitch', 'VIFPortProfileOVSRepresentor'];
  return new HostInfo({
    plugin_info: [
      new HostPluginInfo({ plugin_name: 'linux_bridge', vif_info: [vif('VIFBridge')] }),
      new HostPluginInfo({ plugin_name: 'noop', vif_info: [vif('VIFVHostUser')] }),
      new HostPluginInfo({
        plugin_name: 'ovs',
        vif_info: [vif('VIFBridge', ovs), vif('VIFOpenVSwitch', ovs), vif('VIFVHostUser', ovsRep), vif('VIFHostDevice', ovsRep)],
      }),
    ],
  });
}
