// Errors of the OVS plugin (os-vif's vif_plug_ovs.exception, with fields).
import { PluginError } from '@osvif/sdk';

/** The VIF carries no port profile (os-vif MissingPortProfile, unreachable there: differences.md D1). */
export class MissingPortProfileError extends PluginError {
  static override readonly code = 'MISSING_PORT_PROFILE';
  constructor(readonly vifId: string | undefined) {
    super(`VIF ${vifId ?? '(no id)'} has no port_profile; the ovs plugin requires a VIFPortProfileOpenVSwitch`);
  }
}

/** The port profile is not an Open vSwitch profile (os-vif WrongPortProfile). */
export class WrongPortProfileError extends PluginError {
  static override readonly code = 'WRONG_PORT_PROFILE';
  constructor(
    readonly vifId: string | undefined,
    readonly profile: string,
  ) {
    super(`VIF ${vifId ?? '(no id)'}: port profile type ${profile} is not a VIFPortProfileOpenVSwitch`);
  }
}

/** A field the path needs is unset or null (upstream raises ValueError 'VIF network is required'). */
export class VifFieldRequiredError extends PluginError {
  static override readonly code = 'VIF_FIELD_REQUIRED';
  constructor(
    readonly vifId: string | undefined,
    readonly field: string,
  ) {
    super(`VIF ${vifId ?? '(no id)'}: ${field} is required`);
  }
}

/** A field is set but unusable (`field`, `value`, `reason`): refused before any host change. */
export class VifFieldInvalidError extends PluginError {
  static override readonly code = 'VIF_FIELD_INVALID';
  constructor(
    readonly vifId: string | undefined,
    readonly field: string,
    readonly value: string,
    readonly reason: string,
  ) {
    super(`VIF ${vifId ?? '(no id)'}: ${field} ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value)}: ${reason}`);
  }
}

/** create_tap asked on a VIF kind the plugin cannot create a tap for (upstream TapCreationNotSupported). */
export class TapCreationNotSupportedError extends PluginError {
  static override readonly code = 'TAP_CREATION_NOT_SUPPORTED';
  constructor(readonly vifType: string) {
    super(`create_tap is not supported for ${vifType}; only VIFOpenVSwitch`);
  }
}

/** No PCI device / netdev for that address (os-vif PciDeviceNotFoundById). */
export class PciDeviceNotFoundError extends PluginError {
  static override readonly code = 'PCI_DEVICE_NOT_FOUND';
  constructor(
    readonly pciAddress: string,
    readonly reason: string,
  ) {
    super(`PCI device ${pciAddress} not found: ${reason}`);
  }
}

/** No VF representor of that PF and VF number (os-vif RepresentorNotFound). */
export class RepresentorNotFoundError extends PluginError {
  static override readonly code = 'REPRESENTOR_NOT_FOUND';
  constructor(
    readonly pfIfname: string,
    readonly vfNum: number,
    readonly reason: string,
  ) {
    super(`failed getting representor port for PF ${pfIfname} with VF ${vfNum}: ${reason}`);
  }
}
