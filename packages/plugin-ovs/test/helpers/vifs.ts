// The ovs plugin's VIF and InstanceInfo defaults, built on the test kit's builders (datapath netdev: this
// kernel has no OVS module): a random VIF id per call, MAC TEST_MAC, profile_id 'prof'.
import { randomUUID } from 'node:crypto';
import {
  TEST_INSTANCE_UUID,
  TEST_INTERFACE_ID,
  TEST_MAC,
  testHostDeviceVif,
  testHybridVif,
  testInstanceInfo,
  testNetwork,
  testOvsPortProfile,
  testOvsVif,
  testRepresentorProfile,
  testVhostUserVif,
} from '@osvif/testkit';
import type {
  InstanceInfo,
  Network,
  VIFBridge,
  VIFHostDevice,
  VIFOpenVSwitch,
  VIFPortProfileOpenVSwitch,
  VIFPortProfileOVSRepresentor,
  VIFVHostUser,
} from '@osvif/objects';

export const INSTANCE_UUID = TEST_INSTANCE_UUID;
export const MAC = TEST_MAC;

export function instance(): InstanceInfo {
  return testInstanceInfo({ uuid: INSTANCE_UUID, name: 'vm1', project_id: 'p1' });
}

export function network(bridge = 'br-int', mtu?: number): Network {
  return testNetwork({ bridge, ...(mtu !== undefined ? { mtu } : {}) });
}

export interface ProfileOptions {
  readonly datapath_type?: string | null;
  readonly create_port?: boolean;
  readonly create_tap?: boolean;
  readonly multiqueue?: boolean;
}

export function ovsProfile(o: ProfileOptions = { datapath_type: 'netdev' }, interfaceId = TEST_INTERFACE_ID): VIFPortProfileOpenVSwitch {
  return testOvsPortProfile({ interface_id: interfaceId, profile_id: 'prof', ...o });
}

type VifOptions = { id?: string; bridge?: string; mtu?: number; profile?: VIFPortProfileOpenVSwitch };

export function hybridVif(o: VifOptions = {}): VIFBridge {
  return testHybridVif({ ...o, address: MAC, profile: o.profile ?? ovsProfile(), hasTrafficFiltering: true });
}

export function ovsVif(o: VifOptions = {}): VIFOpenVSwitch {
  return testOvsVif({ ...o, address: MAC, profile: o.profile ?? ovsProfile({ datapath_type: 'netdev', create_port: true }) });
}

/** The socket path keeps the whole id (`/var/run/openvswitch/vhu<id>`), unlike the 14-character vif_name. */
export function vhostUserVif(o: VifOptions & { mode?: 'client' | 'server' } = {}): VIFVHostUser {
  const id = o.id ?? randomUUID();
  return testVhostUserVif({
    ...o,
    id,
    address: MAC,
    mode: o.mode ?? 'server',
    path: `/var/run/openvswitch/vhu${id}`,
    profile: o.profile ?? ovsProfile({ datapath_type: 'netdev' }),
  });
}

export function hostDeviceVif(o: VifOptions & { pci: string }): VIFHostDevice {
  return testHostDeviceVif({ ...o, address: MAC, profile: o.profile ?? ovsProfile({ datapath_type: 'netdev' }) });
}

export function representorProfile(o: ProfileOptions = { datapath_type: 'netdev' }): VIFPortProfileOVSRepresentor {
  return testRepresentorProfile({ profile_id: 'prof', ...o });
}
