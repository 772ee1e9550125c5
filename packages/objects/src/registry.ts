// The registry of object classes by wire name (oslo VersionedObjectRegistry,
// one class per name: we hold the newest version of each and read older
// minors through its version history).
import type { VersionedObject, VersionedObjectClass } from './base';
import { internals } from './base';

/** Object classes by os-vif name (objName), with their version histories. */
class ObjectRegistry {
  private readonly byName = new Map<string, VersionedObjectClass>();

  /** Used by registerObject(); a name can be registered once. */
  add(cls: VersionedObjectClass): void {
    if (this.byName.has(cls.objName)) throw new Error(`object class ${cls.objName} registered twice`);
    this.byName.set(cls.objName, cls);
  }

  /** The class registered as `name`, or undefined. */
  get(name: string): VersionedObjectClass | undefined {
    return this.byName.get(name);
  }

  /** The registered names, in registration order. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  /** The registered classes, in registration order. */
  classes(): VersionedObjectClass[] {
    return [...this.byName.values()];
  }

  /** True when the object or class is `baseName` or inherits from the class registered as `baseName`. */
  isA(objOrCls: VersionedObject | VersionedObjectClass, baseName: string): boolean {
    const t = internals.registeredTable(typeof objOrCls === 'function' ? objOrCls : objOrCls.constructor);
    return t !== undefined && t.ancestors.has(baseName);
  }
}

export type { ObjectRegistry };
/** The registry of every os-vif object class in this process, by name. */
export const objectRegistry = new ObjectRegistry();
