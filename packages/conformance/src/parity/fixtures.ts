// VIF builders shared by the parity suites, the concurrency test, the plug
// bench and the sandbox. Ids are deterministic (index-based) so names derived
// from them (tap…, qvb…, qvo…, qbr…, vhu…) are the same on both sides.
import { InstanceInfo, Network, VIFBridge, VIFOpenVSwitch, VIFPortProfileOpenVSwitch, VIFVHostUser } from '@osvif/objects';

export const INSTANCE_UUID = 'f0000000-0000-4000-8000-000000000001';
export const NETWORK_ID = '437c6db5-4e6f-4b43-b64b-ed6a11ee5ba7';

/**
 * `<tag><n as 6 hex>-ca89-4ee0-a8be-6db1409b69ea`. Device names keep only the
 * first 11 characters of the id (NIC_NAME_LEN 14 minus the prefix), so n goes
 * first; `tag` (2 hex digits) separates users of one namespace.
 */
export function vifId(n: number, tag = 'b6'): string {
  if (!/^[0-9a-f]{2}$/.test(tag) || !Number.isInteger(n) || n < 0 || n > 0xffffff)
    throw new RangeError(`vifId(${n}, ${tag}): n must be 0..0xffffff, tag 2 hex digits`);
  return `${tag}${n.toString(16).padStart(6, '0')}-ca89-4ee0-a8be-6db1409b69ea`;
}

/** Interface (neutron port) id for VIF n. */
export function interfaceId(n: number): string {
  return `e65867e0-9340-4a7f-a256-${n.toString(16).padStart(12, '0')}`;
}

export function macFor(n: number): string {
  const h = n.toString(16).padStart(6, '0');
  return `fa:16:3e:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}`;
}

export function instanceInfo(name = 'parity-vm'): InstanceInfo {
  return new InstanceInfo({ uuid: INSTANCE_UUID, name });
}

export interface VifOptions {
  /** Index making id, MAC, interface id and device names unique. */
  readonly n: number;
  /** First two hex digits of the VIF id (see vifId). */
  readonly idPrefix?: string;
  /** OVS integration bridge (network.bridge), default 'br-int'. */
  readonly bridge?: string;
  /** Network MTU (unset = the plugin's network_device_mtu). */
  readonly mtu?: number;
  /** Profile datapath_type, default 'netdev' (this kernel has no OVS module). null = unset. */
  readonly datapathType?: string | null;
}

function network(o: VifOptions): Network {
  return new Network({ id: NETWORK_ID, bridge: o.bridge ?? 'br-int', ...(o.mtu !== undefined ? { mtu: o.mtu } : {}) });
}

function profile(o: VifOptions, extra: { create_port?: boolean; create_tap?: boolean } = {}): VIFPortProfileOpenVSwitch {
  const dp = o.datapathType === undefined ? 'netdev' : o.datapathType;
  return new VIFPortProfileOpenVSwitch({
    interface_id: interfaceId(o.n),
    profile_id: '',
    ...(dp !== null ? { datapath_type: dp } : {}),
    ...extra,
  });
}

const short = (prefix: string, id: string): string => (prefix + id).slice(0, 14);

/**
 * Generic OVS VIF (tap…); `createPort` sets the profile's create_port,
 * `createTap` its create_tap (profile 1.4, upstream only: not for os-vif 3.0.0).
 */
export function ovsVif(o: VifOptions & { createPort?: boolean; createTap?: boolean }): VIFOpenVSwitch {
  const id = vifId(o.n, o.idPrefix);
  return new VIFOpenVSwitch({
    id,
    address: macFor(o.n),
    plugin: 'ovs',
    vif_name: short('tap', id),
    bridge_name: o.bridge ?? 'br-int',
    network: network(o),
    port_profile: profile(o, {
      ...(o.createPort === undefined ? {} : { create_port: o.createPort }),
      ...(o.createTap === undefined ? {} : { create_tap: o.createTap }),
    }),
  });
}

/** Hybrid VIF: Linux bridge qbr… + veth qvb…/qvo…, qvo… on the OVS bridge. */
export function hybridVif(o: VifOptions): VIFBridge {
  const id = vifId(o.n, o.idPrefix);
  return new VIFBridge({
    id,
    address: macFor(o.n),
    plugin: 'ovs',
    vif_name: short('tap', id),
    bridge_name: short('qbr', id),
    network: network(o),
    port_profile: profile(o),
  });
}

/** vhost-user VIF (vhu…); `mode` is QEMU's side: 'client' => OVS dpdkvhostuser, 'server' => dpdkvhostuserclient. */
export function vhostUserVif(o: VifOptions & { mode: 'client' | 'server'; socketDir?: string }): VIFVHostUser {
  const id = vifId(o.n, o.idPrefix);
  const name = short('vhu', id);
  return new VIFVHostUser({
    id,
    address: macFor(o.n),
    plugin: 'ovs',
    vif_name: name,
    mode: o.mode,
    path: `${o.socketDir ?? '/var/run/openvswitch'}/${name}`,
    network: network(o),
    port_profile: profile(o),
  });
}

/**
 * Linux bridge plugin VIF (plugin 'linux_bridge'): tap… on the Linux bridge
 * `bridge` (network.bridge = vif.bridge_name), flat unless `vlan` is given.
 */
export function linuxBridgeVif(o: {
  readonly n: number;
  readonly idPrefix?: string;
  readonly bridge: string;
  readonly bridgeInterface?: string;
  readonly mtu?: number;
  readonly vlan?: number;
  readonly hasTrafficFiltering?: boolean;
  readonly multiHost?: boolean;
}): VIFBridge {
  const id = vifId(o.n, o.idPrefix);
  return new VIFBridge({
    id,
    address: macFor(o.n),
    plugin: 'linux_bridge',
    vif_name: short('tap', id),
    bridge_name: o.bridge,
    has_traffic_filtering: o.hasTrafficFiltering ?? false,
    network: new Network({
      id: NETWORK_ID,
      bridge: o.bridge,
      multi_host: o.multiHost ?? false,
      should_provide_bridge: true,
      should_provide_vlan: o.vlan !== undefined,
      ...(o.vlan !== undefined ? { vlan: o.vlan } : {}),
      ...(o.bridgeInterface !== undefined ? { bridge_interface: o.bridgeInterface } : {}),
      ...(o.mtu !== undefined ? { mtu: o.mtu } : {}),
    }),
  });
}

/** Device names os-vif derives from a VIF id (NIC_NAME_LEN 14). */
export function derivedNames(id: string): {
  tap: string;
  qbr: string;
  qvb: string;
  qvo: string;
  vhu: string;
  pb: string;
  pbp: string;
  ibp: string;
} {
  return {
    tap: short('tap', id),
    qbr: short('qbr', id),
    qvb: short('qvb', id),
    qvo: short('qvo', id),
    vhu: short('vhu', id),
    pb: short('pb', id),
    pbp: ('pbp' + id).slice(0, 64),
    ibp: ('ibp' + id).slice(0, 64),
  };
}
