// VIF, Network and InstanceInfo builders for plugin tests: the objects Nova would pass, with defaults that
// plug in a test namespace (datapath netdev: a userspace OVS needs no kernel module) and every field
// overridable. With `n`, ids, MACs and device names are deterministic (index-based), so two runs (or two
// implementations side by side) derive the same tap…/qvo…/qbr… names; without, each VIF gets a random id.
import { randomUUID } from 'node:crypto';
import {
  InstanceInfo,
  Network,
  VIFBridge,
  VIFHostDevice,
  VIFOpenVSwitch,
  VIFPortProfileOpenVSwitch,
  VIFPortProfileOVSRepresentor,
  VIFVHostUser,
} from '@osvif/objects';
import type { ObjectInit, VIFPortProfileBase } from '@osvif/objects';

/** InstanceInfo.uuid of testInstanceInfo(). */
export const TEST_INSTANCE_UUID = 'f0000000-0000-4000-8000-000000000001';
/** Network.id of testNetwork(). */
export const TEST_NETWORK_ID = '437c6db5-4e6f-4b43-b64b-ed6a11ee5ba7';
/** The MAC of a VIF built without `n` or `address`. */
export const TEST_MAC = 'ca:fe:de:ad:be:ef';
/** The port profile interface_id (neutron port id) of a VIF built without `n`. */
export const TEST_INTERFACE_ID = 'e65867e0-9340-4a7f-a256-09af6eb7a3aa';
/** os-vif's NIC_NAME_LEN: device names derived from a VIF id are cut to 14 characters. */
export const NIC_NAME_LEN = 14;

/**
 * A deterministic VIF id: `<tag><n as 6 hex>-ca89-4ee0-a8be-6db1409b69ea`. Device names keep only the first
 * 11 characters of the id (NIC_NAME_LEN minus the prefix), so n goes first; `tag` (2 hex digits) separates
 * users of one namespace.
 */
export function testVifId(n: number, tag = 'b6'): string {
  if (!/^[0-9a-f]{2}$/.test(tag) || !Number.isInteger(n) || n < 0 || n > 0xffffff)
    throw new RangeError(`testVifId(${n}, ${tag}): n must be 0..0xffffff, tag 2 hex digits`);
  return `${tag}${n.toString(16).padStart(6, '0')}-ca89-4ee0-a8be-6db1409b69ea`;
}

/** A deterministic port profile interface_id (neutron port id) for VIF n. */
export function testInterfaceId(n: number): string {
  return `e65867e0-9340-4a7f-a256-${n.toString(16).padStart(12, '0')}`;
}

/** A deterministic MAC for VIF n (fa:16:3e:…, Neutron's prefix). */
export function testMac(n: number): string {
  const h = n.toString(16).padStart(6, '0');
  return `fa:16:3e:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}`;
}

/** A device name os-vif derives from a VIF id: prefix + id, cut to NIC_NAME_LEN. */
export function deviceName(prefix: string, vifId: string): string {
  return (prefix + vifId).slice(0, NIC_NAME_LEN);
}

/** The device and port names os-vif derives from a VIF id (tap, qbr/qvb/qvo of hybrid plugging, vhu, per-port bridge). */
export function derivedNames(vifId: string): {
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
    tap: deviceName('tap', vifId),
    qbr: deviceName('qbr', vifId),
    qvb: deviceName('qvb', vifId),
    qvo: deviceName('qvo', vifId),
    vhu: deviceName('vhu', vifId),
    pb: deviceName('pb', vifId),
    pbp: ('pbp' + vifId).slice(0, 64),
    ibp: ('ibp' + vifId).slice(0, 64),
  };
}

/** An InstanceInfo: uuid TEST_INSTANCE_UUID, name 'vm1', then `fields`. */
export function testInstanceInfo(fields: ObjectInit<InstanceInfo> = {}): InstanceInfo {
  return new InstanceInfo({ uuid: TEST_INSTANCE_UUID, name: 'vm1', ...fields });
}

/** A Network: id TEST_NETWORK_ID, bridge 'br-int', then `fields` (a field given as undefined is left unset). */
export function testNetwork(fields: ObjectInit<Network> = {}): Network {
  return new Network(withoutUndefined({ id: TEST_NETWORK_ID, bridge: 'br-int', ...fields }));
}

/** An OVS port profile: interface_id TEST_INTERFACE_ID, profile_id '', then `fields` (datapath_type is not defaulted). */
export function testOvsPortProfile(fields: ObjectInit<VIFPortProfileOpenVSwitch> = {}): VIFPortProfileOpenVSwitch {
  return new VIFPortProfileOpenVSwitch({ interface_id: TEST_INTERFACE_ID, profile_id: '', ...fields });
}

/** An OVS representor port profile: as testOvsPortProfile, representor_name 'rep0', then `fields`. */
export function testRepresentorProfile(fields: ObjectInit<VIFPortProfileOVSRepresentor> = {}): VIFPortProfileOVSRepresentor {
  return new VIFPortProfileOVSRepresentor({ interface_id: TEST_INTERFACE_ID, profile_id: '', representor_name: 'rep0', ...fields });
}

/** What every VIF builder takes. */
export interface TestVifOptions {
  /** Index making id, MAC, interface id and device names deterministic (see testVifId). */
  readonly n?: number;
  /** First two hex digits of the id when `n` is given (see testVifId). */
  readonly idPrefix?: string;
  /** The VIF id; default testVifId(n) with `n`, else a random UUID. */
  readonly id?: string;
  /** The MAC; default testMac(n) with `n`, else TEST_MAC. */
  readonly address?: string;
  /** The plugin name; default: the one os-vif uses for that VIF kind. */
  readonly plugin?: string;
  /** network.bridge (and, for OVS VIFs, the integration bridge); default 'br-int'. */
  readonly bridge?: string;
  /** network.mtu; unset by default (the plugin's network_device_mtu applies). */
  readonly mtu?: number;
  /** The whole network, instead of one built from `bridge` and `mtu`. */
  readonly network?: Network;
  /** The port profile, instead of the default OVS one; null: no port profile. */
  readonly profile?: VIFPortProfileBase | null;
  /** The device name, instead of the one derived from the id (tap…, vhu…). */
  readonly vifName?: string;
  /** Profile datapath_type of the default profile: default 'netdev'; null leaves it unset. */
  readonly datapathType?: string | null;
}

interface Resolved {
  readonly id: string;
  readonly address: string;
  readonly network: Network;
  /** `{ port_profile }`, or nothing when the options say `profile: null`. */
  readonly profile: (extra?: ObjectInit<VIFPortProfileOpenVSwitch>) => { port_profile?: VIFPortProfileBase };
}

function resolve(o: TestVifOptions): Resolved {
  const id = o.id ?? (o.n !== undefined ? testVifId(o.n, o.idPrefix) : randomUUID());
  const dp = o.datapathType === undefined ? 'netdev' : o.datapathType;
  return {
    id,
    address: o.address ?? (o.n !== undefined ? testMac(o.n) : TEST_MAC),
    network: o.network ?? testNetwork({ bridge: o.bridge ?? 'br-int', ...(o.mtu !== undefined ? { mtu: o.mtu } : {}) }),
    profile: (extra = {}) => {
      if (o.profile === null) return {};
      return {
        port_profile:
          o.profile ??
          testOvsPortProfile({
            interface_id: o.n !== undefined ? testInterfaceId(o.n) : TEST_INTERFACE_ID,
            ...(dp !== null ? { datapath_type: dp } : {}),
            ...extra,
          }),
      };
    },
  };
}

/**
 * A VIFOpenVSwitch (plugin 'ovs'): tap… on the integration bridge. `createPort`/`createTap` set the default
 * profile's create_port/create_tap (profile 1.1+/1.4).
 */
export function testOvsVif(o: TestVifOptions & { readonly createPort?: boolean; readonly createTap?: boolean } = {}): VIFOpenVSwitch {
  const r = resolve(o);
  return new VIFOpenVSwitch({
    id: r.id,
    address: r.address,
    plugin: o.plugin ?? 'ovs',
    vif_name: o.vifName ?? deviceName('tap', r.id),
    bridge_name: o.bridge ?? 'br-int',
    network: r.network,
    ...r.profile({
      ...(o.createPort === undefined ? {} : { create_port: o.createPort }),
      ...(o.createTap === undefined ? {} : { create_tap: o.createTap }),
    }),
  });
}

/** A hybrid VIFBridge of the ovs plugin: Linux bridge qbr… + veth qvb…/qvo…, qvo… on the integration bridge. */
export function testHybridVif(o: TestVifOptions & { readonly hasTrafficFiltering?: boolean } = {}): VIFBridge {
  const r = resolve(o);
  return new VIFBridge({
    id: r.id,
    address: r.address,
    plugin: o.plugin ?? 'ovs',
    vif_name: o.vifName ?? deviceName('tap', r.id),
    bridge_name: deviceName('qbr', r.id),
    network: r.network,
    ...r.profile(),
    ...(o.hasTrafficFiltering !== undefined ? { has_traffic_filtering: o.hasTrafficFiltering } : {}),
  });
}

/**
 * A VIFVHostUser (vhu…) of the ovs plugin; `mode` is QEMU's side ('client' => OVS dpdkvhostuser, 'server' =>
 * dpdkvhostuserclient); the socket is `<socketDir>/vhu…` (default /var/run/openvswitch).
 */
export function testVhostUserVif(
  o: TestVifOptions & { readonly mode?: 'client' | 'server'; readonly socketDir?: string; readonly path?: string } = {},
): VIFVHostUser {
  const r = resolve(o);
  const name = o.vifName ?? deviceName('vhu', r.id);
  return new VIFVHostUser({
    id: r.id,
    address: r.address,
    plugin: o.plugin ?? 'ovs',
    vif_name: name,
    mode: o.mode ?? 'server',
    path: o.path ?? `${o.socketDir ?? '/var/run/openvswitch'}/${name}`,
    network: r.network,
    ...r.profile(),
  });
}

/** A VIFHostDevice (an SR-IOV VF at PCI address `pci`, dev_type ethernet) of the ovs plugin. */
export function testHostDeviceVif(o: TestVifOptions & { readonly pci: string }): VIFHostDevice {
  const r = resolve(o);
  return new VIFHostDevice({
    id: r.id,
    address: r.address,
    plugin: o.plugin ?? 'ovs',
    dev_type: 'ethernet',
    dev_address: o.pci,
    network: r.network,
    ...r.profile(),
  });
}

/**
 * A VIFBridge of the linux_bridge plugin: tap… (or `vifName`) on the Linux bridge `bridge` (network.bridge =
 * bridge_name), flat unless `vlan` is given; no port profile. has_traffic_filtering defaults to false (null
 * leaves it unset, which os-vif cannot plug).
 */
export function testLinuxBridgeVif(
  o: Omit<TestVifOptions, 'profile' | 'datapathType'> & {
    readonly bridge: string;
    readonly bridgeInterface?: string;
    readonly vlan?: number;
    readonly multiHost?: boolean;
    readonly hasTrafficFiltering?: boolean | null;
  },
): VIFBridge {
  const r = resolve(o);
  const filtering = o.hasTrafficFiltering === undefined ? false : o.hasTrafficFiltering;
  return new VIFBridge({
    id: r.id,
    address: r.address,
    plugin: o.plugin ?? 'linux_bridge',
    vif_name: o.vifName ?? deviceName('tap', r.id),
    bridge_name: o.bridge,
    ...(filtering !== null ? { has_traffic_filtering: filtering } : {}),
    network:
      o.network ??
      testNetwork({
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

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
