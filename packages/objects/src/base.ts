// The versioned-object base: typed field accessors, change tracking, the
// three states of a field (unset / null / value), and writing primitives.
//
// Speed: each registered class gets a precomputed field table (registerObject)
// and its own accessors indexed into a per-instance array, so reading,
// assigning and serialising never reflect over the class at call time.
import { FieldNotSetError, FieldValueError, UnknownFieldError } from './errors';
import { BooleanType, IntegerType, StringType } from './fields/scalar';
import { CoercionError, FieldSpec, FieldType } from './fields/types';
import { objectRegistry } from './registry';
import { serialise, writeJSON, writePrimitive } from './write';

/** Marker for a never-assigned field (distinct from null). */
const UNSET: unique symbol = Symbol('unset');
type Slot = unknown;

/** One field of one class, in that class's wire order. */
export interface FieldEntry {
  readonly name: string;
  readonly index: number;
  readonly spec: FieldSpec;
  /** Index into the class's version history of the version that introduced the field. */
  readonly sinceIndex: number;
  /** How the fast reader (read-fast.ts) reads it: one of the READ_* codes. */
  readonly readCode: number;
  /** 1 << index: the field's flag in an instance's `_changed` mask. */
  readonly bit: number;
}

/** Read codes: a switch on a small integer instead of a megamorphic coerce() call per field. */
export const READ_STRING = 0;
export const READ_BOOLEAN = 1;
export const READ_INTEGER = 2;
export const READ_COERCE = 3;
export const READ_OBJECT = 4;
export const READ_OBJECT_LIST = 5;

function readCodeOf(type: FieldType): number {
  if (type === StringType) return READ_STRING;
  if (type === BooleanType) return READ_BOOLEAN;
  if (type === IntegerType) return READ_INTEGER;
  if (type.kind === 'object') return READ_OBJECT;
  if (type.kind === 'objectList') return READ_OBJECT_LIST;
  return READ_COERCE;
}

/** A class, as a value: the registry keys on constructors (`this.constructor` is typed as a bare function). */
type ClassValue = { readonly name: string; readonly prototype: unknown };

export interface ClassTable {
  readonly cls: ClassValue;
  readonly objName: string;
  /** This class's name and its registered ancestors' names (for subclass checks). */
  readonly ancestors: ReadonlySet<string>;
  readonly fields: readonly FieldEntry[];
  readonly byName: ReadonlyMap<string, FieldEntry>;
  readonly versions: readonly string[];
  readonly currentIndex: number;
  /** Fresh-instance template (copied with slice(), faster than fill()). */
  readonly blankValues: readonly Slot[];
  /** JSON text fragments: `{"versioned_object.name":"X","versioned_object.namespace":"os_vif","versioned_object.version":"` */
  readonly jsonHead: string;
  /** True when the class overrides fillConstructorDefaults (hydration skips the call otherwise). */
  readonly hasConstructorDefaults: boolean;
}

/** The static side of every object class. */
export interface VersionedObjectClass<T extends VersionedObject = VersionedObject> {
  new (init?: object): T;
  readonly objName: string;
  readonly VERSION: string;
  readonly versions: readonly string[];
  readonly prototype: T;
}

/** Own field declarations of a class (inherited ones come from the parent). */
export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

/** Names of the data fields of an object type (its non-function properties minus the base's). */
export type FieldName<T> = {
  [K in keyof T]-?: K extends keyof VersionedObject | 'length' ? never : T[K] extends (...args: never[]) => unknown ? never : K;
}[keyof T] &
  string;

/** Constructor argument: any subset of the fields. */
export type ObjectInit<T> = { [K in FieldName<T>]?: T[K] };

/** The oslo envelope as written (keys in Python's order). */
export interface ObjectPrimitive {
  'versioned_object.name': string;
  'versioned_object.namespace': 'os_vif';
  'versioned_object.version': string;
  'versioned_object.data': Record<string, unknown>;
  'versioned_object.changes'?: string[];
}

export const NAMESPACE = 'os_vif';

/** The table lives on the class itself (a property read is faster than a WeakMap on the hot paths). */
const TABLE = '__osvifTable';

/**
 * The lineage brand on each registered class's prototype: its wire name and its registered ancestors'. A plugin
 * installed with its own copy of @osvif/objects gets the runtime's objects; `Symbol.for` lets its copy's
 * `instanceof VIFGeneric` read the brand (objects.md: "Two copies of the package"). On the prototype, so
 * construction pays nothing.
 */
const LINEAGE = Symbol.for('@osvif/objects.VersionedObject.lineage');

/**
 * `instanceof` for a registered class: ordinary, or for an object of another copy of @osvif/objects, this class's
 * wire name in the object's lineage brand. Set on registered classes only: the root's `instanceof
 * VersionedObject`, which the serialiser's own checks use, stays ordinary (another copy's object is not this copy's).
 */
function hasInstanceAcrossCopies(this: ClassValue, value: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const lineage = (value as Record<symbol, unknown>)[LINEAGE];
  const own = registeredTable(this);
  return own !== undefined && Array.isArray(lineage) && lineage.includes(own.objName);
}

/** Registered tables by wire name (hydration looks classes up by the envelope's name). */
const tablesByName = new Map<string, ClassTable>();

/** @internal the table of the class registered as `name` (a Map: "__proto__" etc. are just unknown). */
export function tableByName(name: string): ClassTable | undefined {
  return tablesByName.get(name);
}

export function tableOf(cls: ClassValue): ClassTable {
  const t = (cls as unknown as Record<string, ClassTable | undefined>)[TABLE];
  // An unregistered subclass inherits its parent's property: refuse it.
  if (t === undefined || t.cls !== cls) throw new Error(`${cls.name} is not a registered object class`);
  return t;
}

export function registeredTable(cls: unknown): ClassTable | undefined {
  if (typeof cls !== 'function') return undefined;
  const t = (cls as unknown as Record<string, ClassTable | undefined>)[TABLE];
  return t !== undefined && t.cls === cls ? t : undefined;
}

/**
 * Base of every os-vif object: typed fields with set/unset and changed tracking, versions, and the
 * oslo.versionedobjects primitive (obj_to_primitive / backlevelling).
 */
export abstract class VersionedObject {
  static readonly objName: string = 'VersionedObject';
  static readonly VERSION: string = '1.0';
  static readonly versions: readonly string[] = ['1.0'];
  /** Fields declared by this class itself (own-property static; subclasses add theirs). */
  static readonly fieldSpecs: FieldSpecs = {};
  /** Version of THIS class's history that introduced a field (own or inherited); absent = first version. */
  static readonly fieldSince: Readonly<Record<string, string>> = {};

  /**
   * Values os-vif's constructor gives to fields the caller did not pass
   * (only Network has any). Applied by the constructor and by hydration.
   */
  static fillConstructorDefaults(_obj: VersionedObject): void {}

  /** @internal field values in table order; UNSET when never assigned. */
  _values: Slot[];
  /**
   * @internal own changed flags, bit i for the field at table index i (a
   * number, not an array: nothing to allocate per instance; classes have at most 32 fields).
   */
  _changed: number;
  /** The version of this instance: the wire version when hydrated (normalised into the class history), else current. */
  readonly instanceVersion: string;

  constructor(init?: object) {
    const t = tableOf(new.target);
    this._values = t.blankValues.slice();
    this._changed = 0;
    this.instanceVersion = t.versions[t.currentIndex];
    if (init !== undefined && init !== null) {
      for (const key of Object.keys(init)) {
        const value = (init as Record<string, unknown>)[key];
        if (value === undefined) continue;
        const entry = t.byName.get(key);
        if (!entry) throw new UnknownFieldError(t.objName, key);
        assignField(this, t, entry, value, '');
      }
    }
    (new.target as unknown as typeof VersionedObject).fillConstructorDefaults(this);
  }

  /** The registered wire name of this object's class (the static `objName`), e.g. `VIFBridge`. */
  get objName(): string {
    return tableOf(this.constructor).objName;
  }

  /** True iff the field has been assigned (null counts as set). */
  isSet(field: FieldName<this>): boolean {
    const e = tableOf(this.constructor).byName.get(field);
    return e !== undefined && this._values[e.index] !== UNSET;
  }

  /** The value, or undefined when unset. */
  getIfSet<K extends FieldName<this>>(field: K): this[K] | undefined {
    const e = tableOf(this.constructor).byName.get(field);
    if (!e) throw new UnknownFieldError(this.objName, field);
    const v = this._values[e.index];
    return v === UNSET ? undefined : (v as this[K]);
  }

  /** Makes a field unset again (oslo `delattr`); marks nothing as changed. */
  unset(field: FieldName<this>): void {
    const t = tableOf(this.constructor);
    const e = t.byName.get(field);
    if (!e) throw new UnknownFieldError(t.objName, field);
    this._values[e.index] = UNSET;
    this._changed &= ~e.bit;
  }

  /** Applies field defaults (oslo obj_set_defaults) to the unset fields that have one, or to the named ones. */
  setDefaults(...fields: FieldName<this>[]): void {
    const t = tableOf(this.constructor);
    for (const e of t.fields) {
      if (fields.length ? fields.includes(e.name as FieldName<this>) : e.spec.hasDefault && this._values[e.index] === UNSET) {
        if (!e.spec.hasDefault) throw new FieldValueError(t.objName, e.name, undefined, 'field has no default');
        this._values[e.index] = e.spec.default;
        this._changed |= e.bit;
      }
    }
  }

  /** Names reported in `changes`: own changed fields plus single-object fields whose child has changes (not list elements, as oslo). */
  changedFields(): string[] {
    const t = tableOf(this.constructor);
    const out: string[] = [];
    for (const e of t.fields) if (fieldChanged(this, e)) out.push(e.name);
    return out;
  }

  /** oslo obj_reset_changes(fields, recursive). */
  resetChanges(recursive = false, fields?: readonly string[]): void {
    const t = tableOf(this.constructor);
    for (const e of t.fields) {
      if (fields && !fields.includes(e.name)) continue;
      if (recursive && fieldChanged(this, e)) {
        const v = this._values[e.index];
        if (e.spec.type.kind === 'object' && v instanceof VersionedObject) v.resetChanges(true);
        else if (e.spec.type.kind === 'objectList' && Array.isArray(v)) for (const c of v as VersionedObject[]) c.resetChanges(true);
      }
      this._changed &= ~e.bit;
    }
  }

  /**
   * The oslo primitive, at `targetVersion` (default: the manifest's entry for
   * this class, else instanceVersion) with class compat rules applied; nested
   * objects follow `manifest` (object name -> version) when it names them.
   */
  toPrimitive(targetVersion?: string, manifest?: Readonly<Record<string, string>>): ObjectPrimitive {
    return serialise(this, targetVersion, manifest, writePrimitive);
  }

  /** The primitive at `instanceVersion`, for `JSON.stringify(obj)`. */
  toJSON(): ObjectPrimitive {
    return this.toPrimitive();
  }

  /**
   * The same as JSON.stringify(this.toPrimitive(targetVersion, manifest)),
   * written directly as text (several times faster: no intermediate objects).
   */
  toJSONText(targetVersion?: string, manifest?: Readonly<Record<string, string>>): string {
    return serialise(this, targetVersion, manifest, writeJSON);
  }

  /** Same class and same primitive, `changes` compared as a set (os-vif's Comparable). */
  equals(other: unknown): boolean {
    if (!(other instanceof VersionedObject) || other.constructor !== this.constructor) return false;
    return canonical(this.toPrimitive()) === canonical(other.toPrimitive());
  }

  /** os-vif's str(): `Name(a=1,b='x')`, fields sorted, unset as <?>. */
  toString(): string {
    const t = tableOf(this.constructor);
    const parts = [...t.fields].sort((a, b) => (a.name < b.name ? -1 : 1)).map((e) => `${e.name}=${renderValue(this._values[e.index], e)}`);
    return `${t.objName}(${parts.join(',')})`;
  }
}

function renderValue(v: unknown, e: FieldEntry): string {
  if (v === UNSET) return '<?>';
  if (v === null) return 'None';
  if (v instanceof VersionedObject) {
    const t = tableOf(v.constructor);
    for (const key of ['uuid', 'id']) {
      const ce = t.byName.get(key);
      if (ce) {
        const cv = v._values[ce.index];
        return `${t.objName}(${cv === UNSET ? 'UNKNOWN' : String(cv)})`;
      }
    }
    return t.objName;
  }
  if (Array.isArray(v)) return `[${v.map((x) => renderValue(x, e)).join(',')}]`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  const quoted = e.spec.type.reprName === 'String' || e.spec.type.validValues !== undefined;
  return quoted ? `'${String(v)}'` : String(v);
}

function canonical(p: ObjectPrimitive): string {
  return JSON.stringify(p, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'versioned_object.name' in (v as object)) {
      const env = { ...(v as ObjectPrimitive) };
      env['versioned_object.changes'] = [...(env['versioned_object.changes'] ?? [])].sort();
      return env;
    }
    return v;
  });
}

function fieldChanged(obj: VersionedObject, e: FieldEntry): boolean {
  if ((obj._changed & e.bit) !== 0) return true;
  if (e.spec.type.kind !== 'object') return false;
  const v = obj._values[e.index];
  return v instanceof VersionedObject && hasChanges(v);
}

export function hasChanges(obj: VersionedObject): boolean {
  const t = tableOf(obj.constructor);
  for (const e of t.fields) if (fieldChanged(obj, e)) return true;
  return false;
}

/**
 * Coerces and stores one value (null/undefined handled per nullable/default).
 * `path` + `key` name it for errors; they are joined only when one is thrown.
 */
export function assignField(obj: VersionedObject, t: ClassTable, e: FieldEntry, value: unknown, path: string, key?: string): void {
  let stored: unknown;
  if (value === null || value === undefined) {
    if (e.spec.nullable) stored = null;
    else if (e.spec.hasDefault) stored = e.spec.default;
    else throw new FieldValueError(t.objName, e.name, value, 'Field cannot be None', joinPath(path, key));
  } else {
    try {
      stored = e.spec.type.coerce(value);
    } catch (err) {
      if (err instanceof CoercionError) throw new FieldValueError(t.objName, e.name, value, err.reason, joinPath(path, key) + err.subPath);
      throw err;
    }
  }
  obj._values[e.index] = stored;
  obj._changed |= e.bit;
}

export function joinPath(path: string, key: string | undefined): string {
  return key === undefined ? path : path ? `${path}.${key}` : key;
}

/** @internal used by hydration: the changed set becomes exactly the named fields that are set (unknown names dropped). */
export function setChangedExactly(obj: VersionedObject, t: ClassTable, names: readonly string[] | undefined): void {
  let changed = 0;
  if (names !== undefined) {
    for (const name of names) {
      const e = t.byName.get(name);
      if (e !== undefined && obj._values[e.index] !== UNSET) changed |= e.bit;
    }
  }
  obj._changed = changed;
}

/** @internal hydration: a blank instance without running constructors (defaults are filled after the data). */
export function blankInstance(cls: VersionedObjectClass, t: ClassTable, version: string): VersionedObject {
  const obj = Object.create(cls.prototype) as VersionedObject;
  obj._values = t.blankValues.slice();
  obj._changed = 0;
  (obj as { instanceVersion: string }).instanceVersion = version;
  return obj;
}

// ---------------------------------------------------------------------------
// Registration

/**
 * Registers a class: builds its field table (own fields first, then the
 * parent's in the parent's order, as oslo merges `fields` down the MRO),
 * defines typed accessors and adds it to the registry. Call once per class,
 * parents before children.
 */
export function registerObject<C extends VersionedObjectClass>(cls: C): C {
  const statics = cls as unknown as typeof VersionedObject;
  const own = Object.prototype.hasOwnProperty.call(cls, 'fieldSpecs') ? statics.fieldSpecs : {};
  const parent = Object.getPrototypeOf(cls) as ClassValue;
  const parentTable = registeredTable(parent);
  const versions = cls.versions;
  if (versions[versions.length - 1] !== cls.VERSION) throw new Error(`${cls.objName}: VERSION must be the last of versions`);
  const since = Object.prototype.hasOwnProperty.call(cls, 'fieldSince') ? statics.fieldSince : {};
  const parentSince = parentTable ? (parent as unknown as { _resolvedSince: Record<string, string> })._resolvedSince : {};
  const resolvedSince: Record<string, string> = { ...parentSince, ...since };
  Object.defineProperty(cls, '_resolvedSince', { value: resolvedSince, enumerable: false });

  for (const name of Object.keys(own)) {
    // Field names are written into JSON text unescaped (writeJSON).
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`${cls.objName}: field name ${JSON.stringify(name)} is not an identifier`);
  }
  const specs: [string, FieldSpec][] = [...Object.entries(own)];
  for (const pe of parentTable?.fields ?? []) if (!(pe.name in own)) specs.push([pe.name, pe.spec]);
  if (specs.length > 32) throw new Error(`${cls.objName}: more than 32 fields (changed flags are bits of a number)`);
  const fields: FieldEntry[] = specs.map(([name, spec], index) => {
    const s = resolvedSince[name];
    const sinceIndex = s === undefined ? 0 : versions.indexOf(s);
    if (sinceIndex < 0) throw new Error(`${cls.objName}.${name}: since ${s} is not in ${versions.join(',')}`);
    return { name, index, spec, sinceIndex, readCode: readCodeOf(spec.type), bit: 1 << index };
  });
  const table: ClassTable = {
    cls,
    objName: cls.objName,
    ancestors: new Set([cls.objName, ...(parentTable?.ancestors ?? [])]),
    fields,
    byName: new Map(fields.map((f) => [f.name, f])),
    versions,
    currentIndex: versions.length - 1,
    blankValues: packed(fields.length, UNSET as Slot),
    jsonHead: `{"versioned_object.name":${JSON.stringify(cls.objName)},"versioned_object.namespace":"${NAMESPACE}","versioned_object.version":"`,
    hasConstructorDefaults: statics.fillConstructorDefaults !== VersionedObject.fillConstructorDefaults,
  };
  Object.defineProperty(cls, TABLE, { value: table, enumerable: false });
  Object.defineProperty(cls.prototype, LINEAGE, { value: Object.freeze([...table.ancestors]), enumerable: false });
  Object.defineProperty(cls, Symbol.hasInstance, { value: hasInstanceAcrossCopies, enumerable: false });
  for (const e of fields) defineAccessor(cls, table, e);
  objectRegistry.add(cls);
  tablesByName.set(table.objName, table);
  return cls;
}

/** An array of n copies built by push: V8 keeps it "packed" (new Array(n).fill() stays holey, slower to copy and index). */
function packed<T>(n: number, value: T): T[] {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(value);
  return out;
}

function defineAccessor(cls: ClassValue, t: ClassTable, e: FieldEntry): void {
  const i = e.index;
  Object.defineProperty(cls.prototype, e.name, {
    configurable: true,
    enumerable: true,
    get(this: VersionedObject) {
      const v = this._values[i];
      if (v === UNSET) throw new FieldNotSetError(t.objName, e.name);
      return v;
    },
    set(this: VersionedObject, value: unknown) {
      assignField(this, t, e, value, '');
    },
  });
}

/** @internal for hydration and fingerprints */
export const internals = { UNSET, registeredTable };
export { UNSET };
