// A field type knows how to coerce a value given by code or read from the wire
// into the stored form, and how its fingerprint token reads (oslo's repr).
// Stored forms are chosen so that writing a primitive is a plain copy:
// strings, numbers, booleans, frozen arrays of those, or objects.

/** Thrown by coerce(); the object layer turns it into a FieldValueError naming object, field and path. */
export class CoercionError {
  constructor(
    readonly reason: string,
    /** Extra JSON-path suffix inside the field (e.g. "[3]" for a list element). */
    readonly subPath = '',
  ) {}
}

/** The shape of a field's value: a scalar, a list of scalars, an object or a list of objects. */
export type FieldKind = 'scalar' | 'scalarList' | 'object' | 'objectList';

/** A field type (as oslo's field classes): how a value is checked, coerced and written to a primitive. */
export interface FieldType {
  readonly kind: FieldKind;
  /** oslo type token in fingerprints: String, UUID, MACAddress, ..., Object, List, or an enum class name. */
  readonly reprName: string;
  /** Enum only: `valid_values=(...)` appended to the fingerprint repr. */
  readonly validValues?: readonly string[];
  /** Coerces a non-null value; throws CoercionError. */
  coerce(value: unknown): unknown;
}

/** Object-valued field types also name the declared class (and whether subclasses are accepted). */
export interface ObjectFieldType extends FieldType {
  readonly kind: 'object' | 'objectList';
  readonly objName: string;
  readonly subclasses: boolean;
}

/** One declared field of an object class: its type, whether it may be null, and its default. */
export interface FieldSpec {
  readonly type: FieldType;
  readonly nullable: boolean;
  /** true when the field has an oslo default (stored when None is assigned to a non-nullable field). */
  readonly hasDefault: boolean;
  readonly default?: boolean | number | string;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') {
    const ctor = (value as { constructor?: { objName?: unknown } }).constructor;
    return typeof ctor?.objName === 'string' ? ctor.objName : 'object';
  }
  return typeof value;
}
