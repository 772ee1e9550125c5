// The OVS driver's own refusals: preconditions of os-vif's port operations that the database itself
// does not check (ovs-vsctl refuses them the same way). They extend @osvif/ovsdb's
// OvsdbTransactionError, so "the change was refused, nothing was changed" is one `instanceof` for
// callers, and each has its own class and stable code (static and on the instance, as osvif's own errors;
// docs/errors.md lists them).
import { OvsdbTransactionError } from '@osvif/ovsdb';

/** The bridge named does not exist (ovs-vsctl: "no bridge named X"). Code `OVS_NO_SUCH_BRIDGE`. */
export class OvsNoSuchBridgeError extends OvsdbTransactionError {
  /** `OVS_NO_SUCH_BRIDGE`. */
  static readonly code = 'OVS_NO_SUCH_BRIDGE';
  /** Always `OVS_NO_SUCH_BRIDGE`. */
  override readonly code = 'OVS_NO_SUCH_BRIDGE';
  /** `operation`: the driver operation refused; `details`: why, naming the rows. */
  constructor(operation: string, details: string) {
    super(operation, 'no such bridge', details);
  }
}

/** The port exists but on another bridge than the one named (ovs-vsctl: "... is actually attached to bridge Y"). Code `OVS_PORT_ON_OTHER_BRIDGE`. */
export class OvsPortOnOtherBridgeError extends OvsdbTransactionError {
  /** `OVS_PORT_ON_OTHER_BRIDGE`. */
  static readonly code = 'OVS_PORT_ON_OTHER_BRIDGE';
  /** Always `OVS_PORT_ON_OTHER_BRIDGE`. */
  override readonly code = 'OVS_PORT_ON_OTHER_BRIDGE';
  /** `operation`: the driver operation refused; `details`: why, naming the rows. */
  constructor(operation: string, details: string) {
    super(operation, 'port on other bridge', details);
  }
}

/** A bridge cannot be created because a port (or bridge) of that name exists. Code `OVS_NAME_IN_USE`. */
export class OvsNameInUseError extends OvsdbTransactionError {
  /** `OVS_NAME_IN_USE`. */
  static readonly code = 'OVS_NAME_IN_USE';
  /** Always `OVS_NAME_IN_USE`. */
  override readonly code = 'OVS_NAME_IN_USE';
  /** `operation`: the driver operation refused; `details`: why, naming the rows. */
  constructor(operation: string, details: string) {
    super(operation, 'name in use', details);
  }
}

/** The port named is a bridge's own local port, which port operations may not touch. Code `OVS_LOCAL_PORT`. */
export class OvsLocalPortError extends OvsdbTransactionError {
  /** `OVS_LOCAL_PORT`. */
  static readonly code = 'OVS_LOCAL_PORT';
  /** Always `OVS_LOCAL_PORT`. */
  override readonly code = 'OVS_LOCAL_PORT';
  /** `operation`: the driver operation refused; `details`: why, naming the rows. */
  constructor(operation: string, details: string) {
    super(operation, 'local port', details);
  }
}

/** ovs-vsctl failed in a way the vsctl driver could not classify; `details` holds its exit status and stderr. Code `OVS_COMMAND_FAILED`. */
export class OvsCommandFailedError extends OvsdbTransactionError {
  /** `OVS_COMMAND_FAILED`. */
  static readonly code = 'OVS_COMMAND_FAILED';
  /** Always `OVS_COMMAND_FAILED`. */
  override readonly code = 'OVS_COMMAND_FAILED';
  /** `operation`: the driver operation refused; `details`: why, naming the rows. */
  constructor(operation: string, details: string) {
    super(operation, 'command failed', details);
  }
}

/**
 * The bridge exists with another datapath_type than the VIF asks for. A shared bridge is ensured, never
 * rewritten: changing it would move every port on it (os-vif rewrites it: differences.md D56).
 * Code `OVS_BRIDGE_DATAPATH_MISMATCH`.
 */
export class OvsBridgeDatapathMismatchError extends OvsdbTransactionError {
  /** `OVS_BRIDGE_DATAPATH_MISMATCH`. */
  static readonly code = 'OVS_BRIDGE_DATAPATH_MISMATCH';
  /** Always `OVS_BRIDGE_DATAPATH_MISMATCH`. */
  override readonly code = 'OVS_BRIDGE_DATAPATH_MISMATCH';
  constructor(
    operation: string,
    readonly bridge: string,
    /** The bridge's datapath_type ('' is OVS's default, system). */
    readonly actual: string,
    readonly wanted: string,
  ) {
    super(
      operation,
      'bridge datapath mismatch',
      `bridge ${bridge} has datapath_type ${JSON.stringify(actual)}, not ${JSON.stringify(wanted)}; refusing to rewrite a shared bridge`,
    );
  }
}
