import { randomUUID } from 'node:crypto';
// VIF and InstanceInfo builders for the tests (datapath netdev: this kernel has no OVS module).
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

export const INSTANCE_UUID = 'f0000000-0000-4000-8000-000000000001';
export const MAC = 'ca:fe:de:ad:be:ef';

/** A fresh VIF id per call: names (qbr…, qvo…) come from its first 11 characters. */
export function newId(): string {
  return randomUUID();
}

export function instance(): InstanceInfo {
  return new InstanceInfo({ uuid: INSTANCE_UUID, name: 'vm1', project_id: 'p1' });
}

export function network(bridge = 'br-int', mtu?: number): Network {
  return new Network({ id: '437c6db5-4e6f-4b43-b64b-ed6a11ee5ba7', bridge, ...(mtu !== undefined ? { mtu } : {}) });
}

export interface ProfileOptions {
  readonly datapath_type?: string | null;
  readonly create_port?: boolean;
  readonly create_tap?: boolean;
  readonly multiqueue?: boolean;
}

export function ovsProfile(
  o: ProfileOptions = { datapath_type: 'netdev' },
  interfaceId = 'e65867e0-9340-4a7f-a256-09af6eb7a3aa',
): VIFPortProfileOpenVSwitch {
  return new VIFPortProfileOpenVSwitch({ interface_id: interfaceId, profile_id: 'prof', ...o });
}

export function hybridVif(o: { id?: string; bridge?: string; mtu?: number; profile?: VIFPortProfileOpenVSwitch } = {}): VIFBridge {
  const id = o.id ?? newId();
  return new VIFBridge({
    id,
    address: MAC,
    plugin: 'ovs',
    vif_name: `tap${id}`.slice(0, 14),
    bridge_name: `qbr${id}`.slice(0, 14),
    network: network(o.bridge, o.mtu),
    port_profile: o.profile ?? ovsProfile(),
    has_traffic_filtering: true,
  });
}

export function ovsVif(o: { id?: string; bridge?: string; mtu?: number; profile?: VIFPortProfileOpenVSwitch } = {}): VIFOpenVSwitch {
  const id = o.id ?? newId();
  return new VIFOpenVSwitch({
    id,
    address: MAC,
    plugin: 'ovs',
    vif_name: `tap${id}`.slice(0, 14),
    bridge_name: o.bridge ?? 'br-int',
    network: network(o.bridge, o.mtu),
    port_profile: o.profile ?? ovsProfile({ datapath_type: 'netdev', create_port: true }),
  });
}

export function vhostUserVif(
  o: { id?: string; bridge?: string; mtu?: number; mode?: 'client' | 'server'; profile?: VIFPortProfileOpenVSwitch } = {},
): VIFVHostUser {
  const id = o.id ?? newId();
  return new VIFVHostUser({
    id,
    address: MAC,
    plugin: 'ovs',
    vif_name: `vhu${id}`.slice(0, 14),
    path: `/var/run/openvswitch/vhu${id}`,
    mode: o.mode ?? 'server',
    network: network(o.bridge, o.mtu),
    port_profile: o.profile ?? ovsProfile({ datapath_type: 'netdev' }),
  });
}

export function hostDeviceVif(o: {
  id?: string;
  bridge?: string;
  mtu?: number;
  pci: string;
  profile?: VIFPortProfileOpenVSwitch;
}): VIFHostDevice {
  return new VIFHostDevice({
    id: o.id ?? newId(),
    address: MAC,
    plugin: 'ovs',
    dev_type: 'ethernet',
    dev_address: o.pci,
    network: network(o.bridge, o.mtu),
    port_profile: o.profile ?? ovsProfile({ datapath_type: 'netdev' }),
  });
}

export function representorProfile(o: ProfileOptions = { datapath_type: 'netdev' }): VIFPortProfileOVSRepresentor {
  return new VIFPortProfileOVSRepresentor({
    interface_id: 'e65867e0-9340-4a7f-a256-09af6eb7a3aa',
    profile_id: 'prof',
    representor_name: 'rep0',
    ...o,
  });
}
