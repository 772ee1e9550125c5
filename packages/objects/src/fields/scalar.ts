// Scalar field types with exact validation (os-vif is looser by accident, see
// docs/objects.md): everything os-vif 3.0.0 writes from valid objects passes.
import { CoercionError, FieldType, typeName } from './types';

/** Strings; finite numbers are stringified like Python str(int) (convenience for callers), nothing else. */
export const StringType: FieldType = {
  kind: 'scalar',
  reprName: 'String',
  coerce(value) {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    throw new CoercionError(`A string is required, not ${typeName(value)}`);
  },
};

const INT_TEXT = /^\s*[+-]?\d{1,16}\s*$/;

/** Safe integers; decimal integer strings (" 7 ") are accepted as Python int() does; floats/booleans are not. */
export const IntegerType: FieldType = {
  kind: 'scalar',
  reprName: 'Integer',
  coerce(value) {
    if (typeof value === 'number') {
      if (Number.isSafeInteger(value)) return value;
      throw new CoercionError(Number.isInteger(value) ? 'integer out of range' : 'an integer is required, not a fraction');
    }
    if (typeof value === 'string' && INT_TEXT.test(value)) {
      const n = Number(value.trim());
      if (Number.isSafeInteger(n)) return n;
      throw new CoercionError('integer out of range');
    }
    throw new CoercionError(`An integer is required, not ${typeName(value)}`);
  },
};

/** Only true/false: os-vif writes JSON booleans; truthiness of strings ("false" -> true) is a trap. */
export const BooleanType: FieldType = {
  kind: 'scalar',
  reprName: 'Boolean',
  coerce(value) {
    if (typeof value === 'boolean') return value;
    throw new CoercionError(`A boolean is required, not ${typeName(value)}`);
  },
};

export function enumType(className: string, values: readonly string[]): FieldType {
  const set = new Set(values);
  return {
    kind: 'scalar',
    reprName: className,
    validValues: values,
    coerce(value) {
      if (typeof value === 'string' && set.has(value)) return value;
      throw new CoercionError(`Field value is invalid (valid: ${values.join(', ')})`);
    },
  };
}

const UUID_RE = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

/** Lower-case hex digit (0-9, a-f) as a char code. */
function isLowerHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/**
 * The canonical form /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
 * checked by hand (about 3x faster than the regex; every VIF carries several).
 */
export function isCanonicalUUID(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!isLowerHex(c)) return false;
  }
  return true;
}

/**
 * UUIDs are validated (os-vif stores anything). Accepted: the forms Python's
 * uuid.UUID() reads (dashed, 32 hex, braces, urn:uuid:), any case. The text is
 * kept VERBATIM, as os-vif keeps it: ids end up as OVS external_ids (iface-id,
 * vm-uuid) that the network side matches as strings, so rewriting
 * "B679325F-..." to lower case would break that match.
 */
export const UUIDType: FieldType = {
  kind: 'scalar',
  reprName: 'UUID',
  coerce(value) {
    if (typeof value !== 'string') throw new CoercionError(`A UUID string is required, not ${typeName(value)}`);
    if (isCanonicalUUID(value)) return value;
    if (value.length <= 45) {
      const m = UUID_RE.exec(value);
      if (m && value.startsWith('{') === value.endsWith('}')) return value;
    }
    throw new CoercionError('Malformed UUID');
  },
};

const MAC_RE = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/;

/** MAC_RE by hand: six lower-case hex pairs joined by ':'. */
export function isCanonicalMAC(s: string): boolean {
  if (s.length !== 17) return false;
  for (let i = 0; i < 17; i++) {
    const c = s.charCodeAt(i);
    if (i % 3 === 2) {
      if (c !== 58) return false;
    } else if (!isLowerHex(c)) return false;
  }
  return true;
}

/** MAC: lower-cased, '-' -> ':'; six octets exactly (no trailing newline, unlike Python's `$`). */
export const MACAddressType: FieldType = {
  kind: 'scalar',
  reprName: 'MACAddress',
  coerce(value) {
    if (typeof value !== 'string') throw new CoercionError(`Malformed MAC: a string is required, not ${typeName(value)}`);
    if (isCanonicalMAC(value)) return value;
    const v = value.length === 17 ? value.toLowerCase().replace(/-/g, ':') : '';
    if (MAC_RE.test(v)) return v;
    throw new CoercionError('Malformed MAC');
  },
};

const PCI_RE = /^[0-9a-f]{4}:[0-9a-f]{2}:[01][0-9a-f]\.[0-7]$/;

/** PCI address dddd:bb:ss.f, lower-cased; the dot is a dot (os-vif's regex lets any character through). */
export const PCIAddressType: FieldType = {
  kind: 'scalar',
  reprName: 'PCIAddress',
  coerce(value) {
    if (typeof value !== 'string') throw new CoercionError(`Malformed PCI address: a string is required, not ${typeName(value)}`);
    const v = value.length === 12 ? value.toLowerCase() : '';
    if (PCI_RE.test(v)) return v;
    throw new CoercionError('Malformed PCI address');
  },
};
