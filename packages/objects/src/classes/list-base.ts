// The three *List classes hold their elements in the field `objects` and add
// sequence behaviour (length, iteration, at). As in os-vif, a list created
// without `objects` leaves the field unset (it iterates as empty here).
import { VersionedObject } from '../base';

/** Base of the *List classes: elements in the field `objects`, plus length, indexing and iteration. */
export abstract class ObjectListBase<T extends VersionedObject> extends VersionedObject {
  /** The elements of the list (unset when the list was built without them). */
  declare objects: readonly T[];

  private items(): readonly T[] {
    return (this.getIfSet('objects' as never) as readonly T[] | undefined) ?? [];
  }

  /** Number of elements (0 when `objects` is unset). */
  get length(): number {
    return this.items().length;
  }

  /** The element at `index` (negative counts from the end), or undefined. */
  at(index: number): T | undefined {
    return this.items().at(index);
  }

  /** Iterates the elements in order. */
  [Symbol.iterator](): Iterator<T> {
    return this.items()[Symbol.iterator]();
  }
}
