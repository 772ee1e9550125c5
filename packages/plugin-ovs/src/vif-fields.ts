// Checked accessors (upstream 5dbcb9d / 0ac130c): read what a path needs from
// the VIF, with typed errors for what is missing, and version-aware reads of
// profile flags (a 1.2 profile has no create_port, a 1.3 profile no create_tap).
import { validateLinkName, versionInRange } from '@osvif/sdk';
import { InstanceInfo, Network, VIFBase, VIFPortProfileOpenVSwitch } from '@osvif/objects';
import { DATAPATH_SYSTEM } from './naming';
import { MissingPortProfileError, VifFieldInvalidError, VifFieldRequiredError, WrongPortProfileError } from './errors';

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
  if (!dp) return fallback;
  // It becomes a bridge's datapath_type: a short lower-case word (system, netdev), nothing else.
  if (!/^[a-z0-9_-]{1,32}$/.test(dp))
    throw new VifFieldInvalidError(
      vifId(vif),
      'port_profile.datapath_type',
      dp,
      'not a datapath type name (a-z, 0-9, _ and -, at most 32)',
    );
  return dp;
}

/** Whether the port profile names a datapath_type (else the path's default applies to new bridges only). */
export function datapathGiven(vif: VIFBase): boolean {
  const profile = getProfile(vif);
  return hasField(profile, 'datapath_type') && Boolean(profile.getIfSet('datapath_type'));
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

/** Longest unix socket path (sun_path holds 108 bytes with the final NUL). */
const MAX_SOCKET_PATH_BYTES = 107;

/**
 * VIFVHostUser.path, which OVS connects to as a client (vhost-server-path): absolute, no `.`/`..` segments,
 * no control characters, and short enough for a unix socket (differences.md D55).
 */
export function getSocketPath(vif: VIFBase): string {
  const path = getString(vif, 'path');
  const bad = (reason: string): never => {
    throw new VifFieldInvalidError(vifId(vif), 'path', path, reason);
  };
  if (!path.startsWith('/')) bad('not an absolute path');
  if ([...path].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) bad('contains a control character');
  if (path.split('/').some((seg) => seg === '..' || seg === '.')) bad('contains a "." or ".." segment');
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) bad(`longer than a unix socket path can be (${MAX_SOCKET_PATH_BYTES} bytes)`);
  return path;
}

/** An MTU OVS itself applies (Interface.mtu_request, for vhost-user and DPDK ports): 68 (IPv4's minimum) to 65535. */
export function checkMtuRequest(vif: VIFBase, mtu: number): number {
  if (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535) {
    throw new VifFieldInvalidError(vifId(vif), 'mtu', String(mtu), 'OVS applies it as mtu_request, which must be 68 to 65535');
  }
  return mtu;
}
