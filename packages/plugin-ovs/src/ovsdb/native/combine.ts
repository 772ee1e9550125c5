import type { Atom, Datum, OvsdbMutation, OvsdbOperation } from '@osvif/ovsdb';

/** The operations of several writes as one transaction, and where each write's operations went. */
export interface CombinedOperations {
  readonly ops: OvsdbOperation[];
  /** `at[w][i]`: index in `ops` of write w's operation i (shared when it was merged or deduplicated). */
  readonly at: number[][];
}

interface Slot {
  readonly op: OvsdbOperation;
  /** Merged set mutation: written out with all the group's elements. */
  group?: SetGroup;
  /** Its operation moved into this later slot (merged with a later one). */
  movedTo?: number;
}

interface SetGroup {
  readonly table: string;
  readonly column: string;
  slot: number;
  readonly elements: Set<string>;
  readonly atoms: Atom[];
}

/**
 * Combines the writes of one batch without changing what the transaction
 * does, so ovsdb-server parses, executes and answers fewer operations:
 * - a `wait` identical to an earlier one is dropped when nothing between them
 *   can change what it checks (every port write of a batch guards the same bridge);
 * - `mutate`s that add elements to (or remove them from) the same set column
 *   of the same rows become one, at the place of the last of them, when
 *   nothing between them reads or changes that column (every port write adds
 *   to or removes from the bridge's `ports`).
 * Anything else is kept as it is, in order.
 */
export function combineOperations(writes: readonly (readonly OvsdbOperation[])[]): CombinedOperations {
  const slots: Slot[] = [];
  const slotOf: number[][] = [];
  const waits = new Map<string, Map<string, number>>(); // table -> wait text -> slot, while still valid
  const groups = new Map<string, SetGroup>(); // table/where/column/mutator -> open merge group

  for (const ops of writes) {
    const mine: number[] = [];
    for (const op of ops) {
      if (op.op === 'wait') {
        const key = JSON.stringify(op);
        let ofTable = waits.get(op.table);
        const seen = ofTable?.get(key);
        if (seen !== undefined) {
          mine.push(seen);
          continue;
        }
        closeGroupsReadBy(groups, op.table, op.columns);
        if (!ofTable) waits.set(op.table, (ofTable = new Map()));
        ofTable.set(key, slots.length);
        mine.push(slots.length);
        slots.push({ op });
        continue;
      }
      const merge = setMutation(op);
      if (merge) {
        const group = groups.get(merge.key);
        if (group && merge.elements.every((e) => !group.elements.has(e))) {
          // Move the merged operation here, after everything it was ahead of.
          const moved = slots[group.slot];
          moved.movedTo = slots.length;
          group.slot = slots.length;
          for (const e of merge.elements) group.elements.add(e);
          group.atoms.push(...merge.value);
          mine.push(slots.length);
          slots.push({ op: moved.op, group });
          continue;
        }
      }
      invalidate(op, waits, groups, slots);
      if (merge)
        groups.set(merge.key, {
          table: merge.table,
          column: merge.column,
          slot: slots.length,
          elements: new Set(merge.elements),
          atoms: [...merge.value],
        });
      mine.push(slots.length);
      slots.push({ op });
    }
    slotOf.push(mine);
  }

  // Drop the slots whose operation moved, renumber, and follow each move to where it ended.
  const index: number[] = [];
  const out: OvsdbOperation[] = [];
  for (const slot of slots) {
    index.push(out.length);
    if (slot.movedTo === undefined) out.push(slot.group ? withElements(slot.op, slot.group.atoms) : slot.op);
  }
  const final = (s: number): number => {
    while (slots[s].movedTo !== undefined) s = slots[s].movedTo!;
    return index[s];
  };
  return { ops: out, at: slotOf.map((mine) => mine.map(final)) };
}

/** A `mutate` of one set column by insert or delete, as merge candidates see it. */
function setMutation(
  op: OvsdbOperation,
): { key: string; table: string; column: string; elements: string[]; value: readonly Atom[] } | undefined {
  if (op.op !== 'mutate' || op.mutations.length !== 1) return undefined;
  const [column, mutator, datum] = op.mutations[0];
  if (mutator !== 'insert' && mutator !== 'delete') return undefined;
  const value = setElements(datum);
  if (!value) return undefined;
  return { key: JSON.stringify([op.table, op.where, column, mutator]), table: op.table, column, elements: value.map(atomKey), value };
}

const atomKey = (a: Atom): string => (Array.isArray(a) ? `${a[0]}:${a[1]}` : JSON.stringify(a));

/** The atoms of a set datum (or of a single uuid atom); undefined for maps and scalars, which are not merged. */
function setElements(d: Datum): readonly Atom[] | undefined {
  if (!Array.isArray(d)) return undefined;
  if (d[0] === 'set') return d[1] as readonly Atom[];
  if (d[0] === 'uuid' || d[0] === 'named-uuid') return [d as Atom];
  return undefined;
}

/** The first operation of a merge group, with the elements of all of them. */
function withElements(op: OvsdbOperation, atoms: readonly Atom[]): OvsdbOperation {
  if (op.op !== 'mutate') throw new Error('only mutate operations are merged');
  const [column, mutator] = op.mutations[0];
  const mutation: OvsdbMutation = [column, mutator, ['set', atoms]];
  return { ...op, mutations: [mutation] };
}

/** What an operation may change or read ends the waits and merge groups it could affect. */
function invalidate(op: OvsdbOperation, waits: Map<string, Map<string, number>>, groups: Map<string, SetGroup>, slots: Slot[]): void {
  if (!('table' in op)) return; // commit, abort, comment, assert
  const changed: readonly string[] | undefined =
    op.op === 'update' ? Object.keys(op.row) : op.op === 'mutate' ? op.mutations.map((m) => m[0]) : op.op === 'select' ? [] : undefined; // undefined: any column
  const ofTable = waits.get(op.table);
  if (ofTable && op.op !== 'select') {
    for (const [key, slot] of ofTable) {
      const w = slots[slot].op;
      if (w.op === 'wait' && (changed === undefined || w.columns.some((c) => changed.includes(c)))) ofTable.delete(key);
    }
  }
  const read = op.op === 'select' ? op.columns : changed;
  closeGroupsReadBy(groups, op.table, read);
}

/** Ends the merge groups of `table` whose column is among `columns` (undefined: all columns). */
function closeGroupsReadBy(groups: Map<string, SetGroup>, table: string, columns: readonly string[] | undefined): void {
  for (const [key, g] of groups) {
    if (g.table === table && (columns === undefined || columns.includes(g.column))) groups.delete(key);
  }
}
