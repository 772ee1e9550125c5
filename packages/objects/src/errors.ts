// Typed errors of the object model. Every error names what was at fault in
// fields (not only in the message) so callers (negotiation, the CLI) can act
// on them; `path` is a JSON path into the primitive for hydration faults,
// e.g. `data.network.data.subnets.data.objects[0].data.cidr`.

/** Shortens a value for a one-line message (the full value stays in the error's field). */
export function describeValue(value: unknown): string {
  let text: string;
  try {
    if (typeof value === 'string') text = JSON.stringify(value);
    else if (typeof value === 'bigint') text = `${value}n`;
    else if (value === undefined) text = 'undefined';
    else if (typeof value === 'function' || typeof value === 'symbol') text = typeof value;
    else if (Array.isArray(value)) text = `array(${value.length})`;
    else if (value !== null && typeof value === 'object') {
      const name = (value as { constructor?: { objName?: unknown } }).constructor?.objName;
      text = typeof name === 'string' ? `${name} object` : 'object';
    } else text = String(value);
  } catch {
    text = typeof value;
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export abstract class ObjectError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Unknown object name or foreign namespace (oslo UnsupportedObjectError). */
export class UnsupportedObjectError extends ObjectError {
  readonly code = 'UNSUPPORTED_OBJECT';
  constructor(
    readonly objName: string,
    readonly namespace: string,
    readonly path = '',
  ) {
    super(`Unsupported object type ${namespace === 'os_vif' ? '' : `${namespace}.`}${objName}` + (path ? ` at ${path}` : ''));
  }
}

/**
 * The primitive's version is newer than (or a different major from) what this
 * side knows. `supportedVersion` is the highest version we support (negotiation
 * uses it to fall back).
 */
export class IncompatibleObjectVersionError extends ObjectError {
  readonly code = 'INCOMPATIBLE_OBJECT_VERSION';
  constructor(
    readonly objName: string,
    readonly version: string,
    readonly supportedVersion: string,
    readonly path = '',
  ) {
    super(`Version ${version} of ${objName} is not supported, supported version is ${supportedVersion}` + (path ? ` (at ${path})` : ''));
  }
}

/** toPrimitive asked for a version the class cannot be written at (newer than current, not in its history, malformed). */
export class InvalidTargetVersionError extends ObjectError {
  readonly code = 'INVALID_TARGET_VERSION';
  constructor(
    readonly objName: string,
    readonly version: string,
    readonly reason: string,
  ) {
    super(`Invalid target version ${version} for ${objName}: ${reason}`);
  }
}

/** A field value failed coercion/validation (on assignment or hydration). */
export class FieldValueError extends ObjectError {
  readonly code = 'FIELD_VALUE';
  constructor(
    readonly objName: string,
    readonly field: string,
    readonly value: unknown,
    readonly reason: string,
    readonly path = '',
  ) {
    super(`${objName}.${field}: ${reason} (value ${describeValue(value)}${path ? ` at ${path}` : ''})`);
  }
}

/** Reading a field that was never set (os-vif: NotImplementedError "Cannot load ... in the base class"). */
export class FieldNotSetError extends ObjectError {
  readonly code = 'FIELD_NOT_SET';
  constructor(
    readonly objName: string,
    readonly field: string,
  ) {
    super(`Field ${objName}.${field} is not set`);
  }
}

/** The primitive is not shaped like an oslo envelope (missing key, wrong JSON type, too deep, bad JSON). */
export class MalformedPrimitiveError extends ObjectError {
  readonly code = 'MALFORMED_PRIMITIVE';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(path ? `Malformed primitive at ${path}: ${reason}` : `Malformed primitive: ${reason}`);
  }
}

/** A field name the class does not have (in a primitive's data or a constructor argument). */
export class UnknownFieldError extends ObjectError {
  readonly code = 'UNKNOWN_FIELD';
  constructor(
    readonly objName: string,
    readonly field: string,
    readonly path = '',
  ) {
    super(
      `${objName} has no field ${JSON.stringify(field.length > 80 ? `${field.slice(0, 77)}...` : field)}${path ? ` (at ${path})` : ''}`,
    );
  }
}

/** A version string that is not dotted decimal numbers (getCommonVersion, manifests). */
export class InvalidVersionError extends ObjectError {
  readonly code = 'INVALID_VERSION';
  constructor(
    readonly version: unknown,
    readonly reason = 'not a dotted decimal version',
  ) {
    super(`Invalid version ${describeValue(version)}: ${reason}`);
  }
}

// --- helper-method errors (os_vif.exception templates; get_vif's template bug fixed) ---

export class NoMatchingPlugin extends ObjectError {
  readonly code = 'NO_MATCHING_PLUGIN';
  constructor(readonly pluginName: string) {
    super(`No VIF plugin was found with the name ${pluginName}`);
  }
}

export class NoMatchingVIFClass extends ObjectError {
  readonly code = 'NO_MATCHING_VIF_CLASS';
  constructor(readonly objName: string) {
    super(`No VIF class was found with the name ${objName}`);
  }
}

export class NoMatchingPortProfileClass extends ObjectError {
  readonly code = 'NO_MATCHING_PORT_PROFILE_CLASS';
  constructor(readonly objName: string) {
    super(`No PortProfile class was found with the name ${objName}`);
  }
}

abstract class NoSupportedVersion extends ObjectError {
  constructor(
    kind: string,
    readonly objName: string,
    readonly gotVersions: readonly string[],
    readonly minVersion: string,
    readonly maxVersion: string,
  ) {
    super(`${kind} class ${objName} versions ${gotVersions.join(',')} do not satisfy min=${minVersion} max=${maxVersion}`);
  }
}

export class NoSupportedVIFVersion extends NoSupportedVersion {
  readonly code = 'NO_SUPPORTED_VIF_VERSION';
  constructor(objName: string, gotVersions: readonly string[], minVersion: string, maxVersion: string) {
    super('VIF', objName, gotVersions, minVersion, maxVersion);
  }
}

export class NoSupportedPortProfileVersion extends NoSupportedVersion {
  readonly code = 'NO_SUPPORTED_PORT_PROFILE_VERSION';
  constructor(objName: string, gotVersions: readonly string[], minVersion: string, maxVersion: string) {
    super('PortProfile', objName, gotVersions, minVersion, maxVersion);
  }
}
