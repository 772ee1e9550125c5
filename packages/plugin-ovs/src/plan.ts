// Reading the VIF: everything a plug or unplug needs, read from the VIF, the instance and the config, and
// checked, before anything on the host changes. Pure (no I/O): a bad VIF fails here with a typed error and
// the handlers then act on the plan alone. This is os-vif's decision tree of OvsPlugin.plug/unplug, as data.
import { InvalidVifForPluginError } from '@osvif/sdk';
import type { InstanceInfo, VIFBase } from '@osvif/objects';
import { VIFBridge, VIFHostDevice, VIFOpenVSwitch, VIFVHostUser } from '@osvif/objects';
import type { OvsConfig } from './config';
import type { VifIdent } from './ownership/ident';
import { TapCreationNotSupportedError, VifFieldRequiredError } from './errors';
import {
  DATAPATH_NETDEV,
  DATAPATH_SYSTEM,
  dpdkRepresentorName,
  hybridNames,
  perPortBridgeNames,
  VHOSTUSER_CLIENT_TYPE,
  VHOSTUSER_TYPE,
  vhostUserPortName,
} from './naming';
import {
  checkMtuRequest,
  datapathGiven,
  getAddress,
  getBridge,
  getDatapathType,
  getDeviceName,
  getInstanceUuid,
  getMtu,
  getOptionalString,
  getProfile,
  getSocketPath,
  getString,
  profileFlag,
  vifId,
} from './vif-fields';

/** Interface external_ids of a VM port: iface-id, attached-mac, vm-uuid. */
export interface PortOwner {
  readonly ifaceId: string;
  readonly mac: string;
  readonly instanceUuid: string;
}

/** The tap a VIFOpenVSwitch profile asks the plugin to make (create_tap, upstream 4.3.0). */
export interface TapPlan {
  readonly mac: string;
  readonly multiqueue: boolean;
}

/** What every plan has: the VIF (its id for errors, its identity for ownership), its OVS bridge and that bridge's datapath. */
interface OnBridge {
  readonly vifId: string;
  readonly ident: VifIdent;
  readonly bridge: string;
  readonly datapath: string;
  /** The VIF named the datapath (else an existing bridge is used as it is: differences.md D56). */
  readonly datapathGiven: boolean;
}

/** The plug, as decided from the VIF alone. `path` says which one (see src/paths/). */
export type OvsPlugPlan =
  /** VIFOpenVSwitch without create_port: only the bridge; libvirt adds the port. */
  | (OnBridge & { readonly path: 'bridge-only' })
  /** VIFOpenVSwitch with create_port: the port vif_name on the bridge (and the tap, when asked). */
  | (OnBridge & { readonly path: 'direct'; readonly dev: string; readonly mtu: number; readonly owner: PortOwner; readonly tap?: TapPlan })
  /** VIFOpenVSwitch, per_port_bridge: the port on its own pb… bridge, patched to the VIF's bridge. */
  | (OnBridge & {
      readonly path: 'per-port-bridge';
      readonly dev: string;
      readonly mtu: number;
      readonly owner: PortOwner;
      readonly names: ReturnType<typeof perPortBridgeNames>;
      readonly tap?: TapPlan;
    })
  /** VIFBridge: Linux bridge qbr…, veth qvb…/qvo…, qvo… on the OVS bridge. */
  | (OnBridge & {
      readonly path: 'hybrid';
      readonly linuxBridge: string;
      readonly qvb: string;
      readonly qvo: string;
      readonly mtu: number;
      readonly owner: PortOwner;
    })
  /** VIFVHostUser: a DPDK vhost-user port vhu…, server or client side. */
  | (OnBridge & {
      readonly path: 'vhost-user';
      readonly dev: string;
      readonly mtu: number;
      readonly owner: PortOwner;
      readonly interfaceType: string;
      readonly options?: Readonly<Record<string, string>>;
    })
  /** VIFHostDevice: the VF's representor (found in sysfs when plugging) on the bridge. */
  | (OnBridge & {
      readonly path: 'host-device';
      readonly pciAddress: string;
      readonly mtu: number;
      readonly owner: PortOwner;
      /** netdev datapath: the DPDK representor port's name. */
      readonly dpdkDev: string;
    });

/** The unplug, as decided from the VIF alone. */
export type OvsUnplugPlan =
  /**
   * VIFOpenVSwitch, default mode: it may have been hybrid-plugged (a firewall driver change), which only the
   * host can tell (does qbr… exist?). `dev` (vif_name) is needed by the direct way only.
   */
  | (OnBridge & {
      readonly path: 'direct-or-hybrid';
      readonly dev?: string;
      readonly tap: boolean;
      readonly hybrid: ReturnType<typeof hybridNames>;
    })
  | (OnBridge & {
      readonly path: 'per-port-bridge';
      readonly dev: string;
      readonly tap: boolean;
      readonly names: ReturnType<typeof perPortBridgeNames>;
    })
  | (OnBridge & { readonly path: 'hybrid'; readonly linuxBridge: string; readonly qvb: string; readonly qvo: string })
  | (OnBridge & { readonly path: 'vhost-user'; readonly dev: string })
  /** VIFHostDevice: the system datapath's kernel representor (of the VF at `vfPciAddress`), or the DPDK one. */
  | (OnBridge & { readonly path: 'host-device'; readonly vfPciAddress?: string; readonly dpdkDev: string });

/** Reads and checks everything a plug of `vif` needs (the fields are read in os-vif's order, so errors match). */
export function planPlug(vif: VIFBase, info: InstanceInfo, config: OvsConfig): OvsPlugPlan {
  const id = requiredVifId(vif);
  const profile = getProfile(vif);
  const ident = identOf(vif, id, profile);
  const given = datapathGiven(vif);
  if (vif instanceof VIFOpenVSwitch) {
    const bridge = getBridge(vif);
    const datapath = getDatapathType(vif);
    if (config.per_port_bridge) {
      const dev = getDeviceName(vif, 'vif_name');
      const mtu = getMtu(vif, config.network_device_mtu);
      const owner = { ifaceId: profile.interface_id, mac: getAddress(vif), instanceUuid: getInstanceUuid(info, id) };
      return {
        path: 'per-port-bridge',
        vifId: id,
        ident,
        datapathGiven: given,
        bridge,
        datapath,
        dev,
        mtu,
        owner,
        names: perPortBridgeNames(vif.id),
        ...tapPlan(vif),
      };
    }
    if (!profileFlag(profile, 'create_port')) return { path: 'bridge-only', vifId: id, ident, datapathGiven: given, bridge, datapath };
    const dev = getDeviceName(vif, 'vif_name');
    const mtu = getMtu(vif, config.network_device_mtu);
    const owner = { ifaceId: profile.interface_id, mac: getAddress(vif), instanceUuid: getInstanceUuid(info, id) };
    return { path: 'direct', vifId: id, ident, datapathGiven: given, bridge, datapath, dev, mtu, owner, ...tapPlan(vif) };
  }
  // Every other kind: a tap cannot be made for it; refused before anything changes (upstream raised after adding the port).
  assertTapSupported(vif);
  if (vif instanceof VIFBridge) {
    const linuxBridge = getDeviceName(vif, 'bridge_name');
    const bridge = getBridge(vif);
    const datapath = getDatapathType(vif);
    const mtu = getMtu(vif, config.network_device_mtu);
    const owner = { ifaceId: profile.interface_id, mac: getAddress(vif), instanceUuid: getInstanceUuid(info, id) };
    const { qvb, qvo } = hybridNames(vif.id);
    return { path: 'hybrid', vifId: id, ident, datapathGiven: given, bridge, datapath, linuxBridge, qvb, qvo, mtu, owner };
  }
  if (vif instanceof VIFVHostUser) {
    const bridge = getBridge(vif);
    const datapath = getDatapathType(vif, DATAPATH_NETDEV);
    // QEMU in client mode means OVS is the server (dpdkvhostuser); otherwise OVS connects as client to vif.path.
    const client = getString(vif, 'mode') === 'client';
    const owner = { ifaceId: profile.interface_id, mac: getAddress(vif), instanceUuid: getInstanceUuid(info, id) };
    const mtu = checkMtuRequest(vif, getMtu(vif, config.network_device_mtu));
    return {
      path: 'vhost-user',
      vifId: id,
      ident,
      datapathGiven: given,
      bridge,
      datapath,
      dev: vhostUserPortName(vif.id),
      mtu,
      owner,
      interfaceType: client ? VHOSTUSER_TYPE : VHOSTUSER_CLIENT_TYPE,
      ...(client ? {} : { options: { 'vhost-server-path': getSocketPath(vif) } }),
    };
  }
  if (vif instanceof VIFHostDevice) {
    const bridge = getBridge(vif);
    const datapath = getDatapathType(vif);
    const pciAddress = getString(vif, 'dev_address');
    const owner = { ifaceId: profile.interface_id, mac: getAddress(vif), instanceUuid: getInstanceUuid(info, id) };
    const mtu = getMtu(vif, config.network_device_mtu);
    if (datapath === DATAPATH_NETDEV) checkMtuRequest(vif, mtu); // the DPDK representor's MTU is an mtu_request
    return {
      path: 'host-device',
      vifId: id,
      ident,
      datapathGiven: given,
      bridge,
      datapath,
      pciAddress,
      mtu,
      owner,
      dpdkDev: dpdkRepresentorName(vif.id),
    };
  }
  throw unconsumed(vif);
}

/** Reads and checks everything an unplug of `vif` needs. */
export function planUnplug(vif: VIFBase, config: OvsConfig): OvsUnplugPlan {
  const id = requiredVifId(vif);
  const profile = getProfile(vif);
  const ident = identOf(vif, id, profile);
  const given = datapathGiven(vif);
  if (vif instanceof VIFOpenVSwitch) {
    const bridge = getBridge(vif);
    const tap = profileFlag(profile, 'create_tap');
    if (config.per_port_bridge) {
      const dev = getString(vif, 'vif_name');
      return {
        path: 'per-port-bridge',
        vifId: id,
        ident,
        datapathGiven: given,
        bridge,
        datapath: getDatapathType(vif),
        dev,
        tap,
        names: perPortBridgeNames(vif.id),
      };
    }
    const dev = getOptionalString(vif, 'vif_name');
    return {
      path: 'direct-or-hybrid',
      vifId: id,
      ident,
      datapathGiven: given,
      bridge,
      datapath: getDatapathType(vif),
      tap,
      hybrid: hybridNames(vif.id),
      ...(dev ? { dev } : {}),
    };
  }
  if (vif instanceof VIFBridge) {
    const linuxBridge = getDeviceName(vif, 'bridge_name');
    const bridge = getBridge(vif);
    const { qvb, qvo } = hybridNames(vif.id);
    return { path: 'hybrid', vifId: id, ident, datapathGiven: given, bridge, datapath: getDatapathType(vif), linuxBridge, qvb, qvo };
  }
  if (vif instanceof VIFVHostUser) {
    const bridge = getBridge(vif);
    return {
      path: 'vhost-user',
      vifId: id,
      ident,
      datapathGiven: given,
      bridge,
      datapath: getDatapathType(vif, DATAPATH_NETDEV),
      dev: vhostUserPortName(vif.id),
    };
  }
  if (vif instanceof VIFHostDevice) {
    const bridge = getBridge(vif);
    const datapath = getDatapathType(vif);
    // The kernel representor is looked up again from the VF's PCI address; the DPDK port has a derived name.
    const vf = datapath === DATAPATH_SYSTEM ? { vfPciAddress: getString(vif, 'dev_address') } : {};
    return { path: 'host-device', vifId: id, ident, datapathGiven: given, bridge, datapath, dpdkDev: dpdkRepresentorName(vif.id), ...vf };
  }
  throw unconsumed(vif);
}

/** The VIF's id: every resource is marked with it, so a VIF without one is refused before any change. */
function requiredVifId(vif: VIFBase): string {
  const id = vifId(vif);
  if (!id) throw new VifFieldRequiredError(undefined, 'id');
  return id;
}

/** Who the plan acts for (ownership/ident.ts): the marks' id and class, os-vif's iface-id and MAC. */
function identOf(vif: VIFBase, id: string, profile: ReturnType<typeof getProfile>): VifIdent {
  return { vifId: id, vifClass: vif.objName, ifaceId: profile.interface_id, mac: getOptionalAddress(vif) };
}

/** vif.address when set (unplug does not need it; it identifies os-vif's rows). */
function getOptionalAddress(vif: VIFBase): string | undefined {
  return vif.getIfSet('address') ?? undefined;
}

/** TapCreationNotSupportedError when the profile asks for a tap on a VIF kind other than VIFOpenVSwitch. */
export function assertTapSupported(vif: VIFBase): void {
  if (!(vif instanceof VIFOpenVSwitch) && profileFlag(getProfile(vif), 'create_tap')) throw new TapCreationNotSupportedError(vif.objName);
}

/** The tap a VIFOpenVSwitch's profile asks for (create_tap, with multiqueue), as an optional plan field. */
function tapPlan(vif: VIFOpenVSwitch): { tap?: TapPlan } {
  const profile = getProfile(vif);
  if (!profileFlag(profile, 'create_tap')) return {};
  return { tap: { mac: getAddress(vif), multiqueue: profileFlag(profile, 'multiqueue') } };
}

/** A VIF class the plugin does not consume: the runtime never dispatches one here. */
function unconsumed(vif: VIFBase): InvalidVifForPluginError {
  return new InvalidVifForPluginError(vifId(vif), `the ovs plugin has no plan for ${vif.objName}`);
}
