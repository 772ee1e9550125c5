// Checked accessors (upstream 5dbcb9d / 0ac130c): read what a path needs from
// the VIF, with typed errors for what is missing, and version-aware reads of
// profile flags (a 1.2 profile has no create_port, a 1.3 profile no create_tap).
import { validateLinkName, versionInRange } from '@osvif/sdk';
import { InstanceInfo, Network, VIFBase, VIFPortProfileOpenVSwitch } from '@osvif/objects';
import { DATAPATH_SYSTEM } from './naming';
import { MissingPortProfileError, VifFieldRequiredError, WrongPortProfileError } from './errors';

/** The fields every handled VIF kind has beyond VIFBase (read through getIfSet). */
type AnyVif = VIFBase & { getIfSet(field: string): unknown };

export function vifId(vif: VIFBase): string | undefined {
  return vif.getIfSet('id');
}

export function getProfile(vif: VIFBase): VIFPortProfileOpenVSwitch {
  const profile = vif.getIfSet('port_profile');
  if (profile === undefined || profile === null) throw new MissingPortProfileError(vifId(vif));
  if (!(profile instanceof VIFPortProfileOpenVSwitch)) {
    throw new WrongPortProfileError(vifId(vif), profile.objName);
  }
  return profile;
}

export function getNetwork(vif: VIFBase): Network {
  const network = vif.getIfSet('network');
  if (network === undefined || network === null) throw new VifFieldRequiredError(vifId(vif), 'network');
  return network;
}

/** network.bridge: the OVS bridge the port goes on. */
export function getBridge(vif: VIFBase): string {
  const bridge = getNetwork(vif).getIfSet('bridge');
  if (!bridge) throw new VifFieldRequiredError(vifId(vif), 'network.bridge');
  return bridge;
}

export function getAddress(vif: VIFBase): string {
  const address = vif.getIfSet('address');
  if (address === undefined || address === null) throw new VifFieldRequiredError(vifId(vif), 'address');
  return address;
}

/** A string field of the concrete VIF kind (vif_name, bridge_name, path, dev_address...). */
export function getString(vif: VIFBase, field: string): string {
  const v = (vif as AnyVif).getIfSet(field);
  if (typeof v !== 'string' || v === '') throw new VifFieldRequiredError(vifId(vif), field);
  return v;
}

/** A string field when set and non-empty, else undefined (for a field only one way of doing the step needs). */
export function getOptionalString(vif: VIFBase, field: string): string | undefined {
  const v = (vif as AnyVif).getIfSet(field);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** instance_info.uuid: the vm-uuid external_id of the port. */
export function getInstanceUuid(info: InstanceInfo, vifId: string | undefined): string {
  const uuid = info.getIfSet('uuid');
  if (!uuid) throw new VifFieldRequiredError(vifId, 'instance_info.uuid');
  return uuid;
}

/** A string field naming a kernel device: validated up front, so a bad name fails before any change. */
export function getDeviceName(vif: VIFBase, field: string): string {
  const name = getString(vif, field);
  validateLinkName(name);
  return name;
}

/** network.mtu when set and non-zero, else [os_vif_ovs] network_device_mtu. */
export function getMtu(vif: VIFBase, configured: number): number {
  const network = vif.getIfSet('network');
  const mtu = network ? network.getIfSet('mtu') : undefined;
  return typeof mtu === 'number' && mtu > 0 ? mtu : configured;
}

/** profile.datapath_type when set and non-empty, else the path's default (system, netdev for vhost-user). */
export function getDatapathType(vif: VIFBase, fallback: string = DATAPATH_SYSTEM): string {
  const profile = getProfile(vif);
  const dp = hasField(profile, 'datapath_type') ? profile.getIfSet('datapath_type') : undefined;
  return dp ? dp : fallback;
}

/** True only when the profile's version has the flag and it is set to true. */
export function profileFlag(profile: VIFPortProfileOpenVSwitch, field: 'create_port' | 'create_tap' | 'multiqueue'): boolean {
  return hasField(profile, field) && profile.getIfSet(field) === true;
}

/** The field exists at the version this profile was received at (hydrated) or created at. */
function hasField(profile: VIFPortProfileOpenVSwitch, field: 'datapath_type' | 'create_port' | 'create_tap' | 'multiqueue'): boolean {
  const since = (profile.constructor as typeof VIFPortProfileOpenVSwitch).fieldSince[field] ?? VIFPortProfileOpenVSwitch.fieldSince[field];
  return since === undefined || versionInRange(profile.instanceVersion, `>=${since}`);
}
