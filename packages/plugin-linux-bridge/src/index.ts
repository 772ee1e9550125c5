// @osvif/plugin-linux-bridge: os-vif's linux_bridge plugin for osvif.
// Kept light for `osvif host-info`: the bridge and iptables code is required on first plug.
export { LinuxBridgePlugin } from './plugin';
export { LINUX_BRIDGE_OPTIONS } from './options';
export type { LinuxBridgeConfig } from './options';
export { planPlug } from './plan';
export type { PlugPlan, NamedInterface } from './plan';
export {
  LinuxBridgeConfigError,
  InvalidBridgeInputError,
  PhysicalInterfaceNotFoundError,
  MtuOutOfRangeError,
  UnexpectedCommandOutputError,
} from './errors';
export { InvalidIptablesNameError, UnknownChainError, IptablesSaveParseError } from './iptables/errors';
