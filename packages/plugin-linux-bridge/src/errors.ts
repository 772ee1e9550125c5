// Typed failures of the linux_bridge plugin. Link failures are the SDK's
// LinkError family (e.g. LinkNotSupportedError for 802.1Q), iptables command
// failures HostCommandFailedError; both are thrown as they are.
import { PluginError } from '@osvif/sdk';

/** A configured value this plugin cannot use; thrown while the plugin is built. */
export class LinuxBridgeConfigError extends PluginError {
  static override readonly code = 'LINUX_BRIDGE_CONFIG';
  constructor(
    readonly option: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`[os_vif_linux_bridge] ${option} = ${JSON.stringify(value)}: ${reason}`);
  }
}

/** Something in the VIF (or the config it selects) is unusable; thrown before any change. */
export class InvalidBridgeInputError extends PluginError {
  static override readonly code = 'INVALID_BRIDGE_INPUT';
  constructor(
    readonly vifId: string | undefined,
    /** Where the value came from, e.g. 'vif.bridge_name', 'network.vlan', 'flat_interface'. */
    readonly field: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`VIF ${vifId ?? '(no id)'}: ${field} = ${JSON.stringify(value)}: ${reason}`);
  }
}

/** The interface to bridge (or to put the VLAN on) does not exist; thrown before any change. */
export class PhysicalInterfaceNotFoundError extends PluginError {
  static override readonly code = 'PHYSICAL_INTERFACE_NOT_FOUND';
  constructor(
    readonly ifname: string,
    readonly source: string,
  ) {
    super(`interface ${ifname} (from ${source}) does not exist`);
  }
}

/** The kernel would refuse the MTU on this device; thrown before any change. */
export class MtuOutOfRangeError extends PluginError {
  static override readonly code = 'MTU_OUT_OF_RANGE';
  constructor(
    readonly ifname: string,
    readonly mtu: number,
    readonly min: number,
    readonly max: number | undefined,
  ) {
    super(`MTU ${mtu} is out of range for ${ifname} (${min}..${max ?? 'unlimited'})`);
  }
}

/** A host command succeeded but printed something we cannot read (e.g. `ip -j` without JSON). */
export class UnexpectedCommandOutputError extends PluginError {
  static override readonly code = 'UNEXPECTED_COMMAND_OUTPUT';
  constructor(
    readonly file: string,
    readonly args: readonly string[],
    readonly reason: string,
  ) {
    super(`${file} ${args.join(' ')}: unexpected output: ${reason}`);
  }
}
