// Device and port names, exactly as os-vif derives them from vif.id.

/** Linux IFNAMSIZ-1 minus a margin os-vif keeps: names are cut to 14 characters. */
export const NIC_NAME_LEN = 14;
export const DEAD_VLAN = 4095;
export const TRUNK_BRIDGE_PREFIX = 'tbr-';
export const DATAPATH_SYSTEM = 'system';
export const DATAPATH_NETDEV = 'netdev';
export const VHOSTUSER_TYPE = 'dpdkvhostuser';
export const VHOSTUSER_CLIENT_TYPE = 'dpdkvhostuserclient';
export const DPDK_TYPE = 'dpdk';

/** os-vif gen_port_name: (prefix + id) cut to maxLength. */
export function portName(prefix: string, vifId: string, maxLength = NIC_NAME_LEN): string {
  return `${prefix}${vifId}`.slice(0, maxLength);
}

/** Hybrid plug: the Linux bridge, and the veth ends on the bridge side (qvb) and OVS side (qvo). */
export function hybridNames(vifId: string): { qbr: string; qvb: string; qvo: string } {
  return { qbr: portName('qbr', vifId), qvb: portName('qvb', vifId), qvo: portName('qvo', vifId) };
}

/** Per-port bridge pb…, its patch port pbp… and the integration-bridge patch port ibp… (64 chars: OVS-only names). */
export function perPortBridgeNames(vifId: string): { bridge: string; bridgePatch: string; intPatch: string } {
  return { bridge: portName('pb', vifId), bridgePatch: portName('pbp', vifId, 64), intPatch: portName('ibp', vifId, 64) };
}

/** The OVS port name of a vhost-user VIF (`vhu` + the VIF id, truncated as os-vif does). */
export function vhostUserPortName(vifId: string): string {
  return portName('vhu', vifId);
}

/** The OVS port name of a DPDK representor VIF (`vfr` + the VIF id, truncated). */
export function dpdkRepresentorName(vifId: string): string {
  return portName('vfr', vifId);
}

export function isTrunkBridge(bridge: string): boolean {
  return bridge.startsWith(TRUNK_BRIDGE_PREFIX);
}
