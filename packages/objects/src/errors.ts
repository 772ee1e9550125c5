// Typed errors of the object model. Every error names what was at fault in
// fields (not only in the message) so callers (negotiation, the CLI) can act
// on them; `path` is a JSON path into the primitive for hydration faults,
// e.g. `data.network.data.subnets.data.objects[0].data.cidr`.
import { OsvifError } from './osvif-error';

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

/**
 * Base of the object model's errors (bad primitives, field values, versions). Each subclass declares its
 * stable `static readonly code`; instances carry it as `code` (docs/errors.md).
 */
export abstract class ObjectError extends OsvifError {
  static readonly code: string = 'OBJECT_ERROR';
  constructor(message: string) {
    super(new.target.code, message);
  }
}

/** Unknown object name or foreign namespace (oslo UnsupportedObjectError). */
export class UnsupportedObjectError extends ObjectError {
  static override readonly code = 'UNSUPPORTED_OBJECT';
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
  static override readonly code = 'INCOMPATIBLE_OBJECT_VERSION';
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
  static override readonly code = 'INVALID_TARGET_VERSION';
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
  static override readonly code = 'FIELD_VALUE';
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
  static override readonly code = 'FIELD_NOT_SET';
  constructor(
    readonly objName: string,
    readonly field: string,
  ) {
    super(`Field ${objName}.${field} is not set`);
  }
}

/** The primitive is not shaped like an oslo envelope (missing key, wrong JSON type, too deep, bad JSON). */
export class MalformedPrimitiveError extends ObjectError {
  static override readonly code = 'MALFORMED_PRIMITIVE';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(path ? `Malformed primitive at ${path}: ${reason}` : `Malformed primitive: ${reason}`);
  }
}

/** A field name the class does not have (in a primitive's data or a constructor argument). */
export class UnknownFieldError extends ObjectError {
  static override readonly code = 'UNKNOWN_FIELD';
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
  static override readonly code = 'INVALID_VERSION';
  constructor(
    readonly version: unknown,
    readonly reason = 'not a dotted decimal version',
  ) {
    super(`Invalid version ${describeValue(version)}: ${reason}`);
  }
}

// --- helper-method errors (os_vif.exception templates; get_vif's template bug fixed) ---

/** No plugin with the given name is loaded (os_vif.exception.NoMatchingPlugin). */
export class NoMatchingPlugin extends ObjectError {
  static override readonly code = 'NO_MATCHING_PLUGIN';
  constructor(readonly pluginName: string) {
    super(`No VIF plugin was found with the name ${pluginName}`);
  }
}

/** No VIF class with the given name exists (os_vif.exception.NoMatchingVIFClass). */
export class NoMatchingVIFClass extends ObjectError {
  static override readonly code = 'NO_MATCHING_VIF_CLASS';
  constructor(readonly objName: string) {
    super(`No VIF class was found with the name ${objName}`);
  }
}

/** No port profile class with the given name exists (os_vif.exception.NoMatchingPortProfileClass). */
export class NoMatchingPortProfileClass extends ObjectError {
  static override readonly code = 'NO_MATCHING_PORT_PROFILE_CLASS';
  constructor(readonly objName: string) {
    super(`No PortProfile class was found with the name ${objName}`);
  }
}

/** Base of the two "no version of this class is supported" errors (VIF and port profile). */
export abstract class NoSupportedVersion extends ObjectError {
  static override readonly code: string = 'NO_SUPPORTED_VERSION';
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

/** A plugin supports no version of the requested VIF class (os_vif.exception.NoSupportedVIFVersion). */
export class NoSupportedVIFVersion extends NoSupportedVersion {
  static override readonly code = 'NO_SUPPORTED_VIF_VERSION';
  constructor(objName: string, gotVersions: readonly string[], minVersion: string, maxVersion: string) {
    super('VIF', objName, gotVersions, minVersion, maxVersion);
  }
}

/**
 * A plugin supports no version of the requested port profile class
 * (os_vif.exception.NoSupportedPortProfileVersion).
 */
export class NoSupportedPortProfileVersion extends NoSupportedVersion {
  static override readonly code = 'NO_SUPPORTED_PORT_PROFILE_VERSION';
  constructor(objName: string, gotVersions: readonly string[], minVersion: string, maxVersion: string) {
    super('PortProfile', objName, gotVersions, minVersion, maxVersion);
  }
}
