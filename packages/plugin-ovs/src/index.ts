// @osvif/plugin-ovs: the Open vSwitch VIF plugin (os-vif's `ovs`). See README.md.
// Explicit exports only: what is not listed here is internal.

// The plugin and its [ovs] options.
export { OvsPlugin } from './plugin';
export { OVS_OPTIONS, QOS_TYPES } from './config';
export type { OvsConfig } from './config';

// The host device names os-vif derives from a VIF id (what a compute service hands to its hypervisor).
export { hybridNames, perPortBridgeNames, vhostUserPortName, dpdkRepresentorName } from './naming';

// Errors the plugin throws.
export {
  MissingPortProfileError,
  WrongPortProfileError,
  VifFieldRequiredError,
  VifFieldInvalidError,
  TapCreationNotSupportedError,
  PciDeviceNotFoundError,
  RepresentorNotFoundError,
} from './errors';

// The plugin's OVS driver (native OVSDB or ovs-vsctl), for tools that write ports as the plugin does, and the
// refusals both drivers type the same (OvsdbTransactionError subclasses of @osvif/ovsdb).
export { createOvsDriver } from './ovsdb/factory';
export {
  OvsBridgeDatapathMismatchError,
  OvsNoSuchBridgeError,
  OvsPortOnOtherBridgeError,
  OvsNameInUseError,
  OvsLocalPortError,
  OvsCommandFailedError,
} from './ovsdb/errors';
export type {
  OvsDriver,
  OvsDriverOptions,
  OvsDriverCommonOptions,
  NativeOvsDriverOptions,
  VsctlOvsDriverOptions,
  VlanMode,
  StringMap,
  QosSpec,
  PortSpec,
  PatchPortPairSpec,
  EnsureBridgeOptions,
  InterfaceInfo,
  PortInfo,
  BridgeInfo,
  QosInfo,
} from './ovsdb/types';
