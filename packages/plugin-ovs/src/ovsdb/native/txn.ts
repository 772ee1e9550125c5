import { uuidAtom } from '@osvif/ovsdb';
import type { OvsdbOperation } from '@osvif/ovsdb';

/**
 * What a write reads or changes, by row name. Two writes built from the
 * same cache snapshot can share one transaction only if neither changes
 * what the other reads: "shared" is reading a row (or mutating a set
 * column of it that others also only add to/remove from, like a bridge's
 * ports), "exclusive" is creating, deleting or rewriting it.
 */
export type KeyMode = 'shared' | 'exclusive';

/** Process-wide, so named UUIDs stay unique when transactions are combined. */
let namedUuidSeq = 0;

/** Operations of one write being built, its guard (`wait`) operations and the rows it touches. */
export class Txn {
  readonly ops: OvsdbOperation[] = [];
  readonly guards = new Set<number>();
  readonly keys = new Map<string, KeyMode>();

  add(op: OvsdbOperation): number {
    this.ops.push(op);
    return this.ops.length - 1;
  }

  /** A `wait` that aborts the transaction if the cache we built it from was stale. */
  guardRow(table: string, rowUuid: string, name: string): void {
    this.guards.add(
      this.add({
        op: 'wait',
        table,
        where: [['_uuid', '==', uuidAtom(rowUuid)]],
        columns: ['name'],
        until: '==',
        rows: [{ name }],
        timeout: 0,
      }),
    );
  }

  /** A named UUID unique in this process (`[a-z]+[0-9]+`, as RFC 7047 requires). */
  name(prefix: string): string {
    namedUuidSeq = (namedUuidSeq + 1) % Number.MAX_SAFE_INTEGER;
    return `${prefix}${namedUuidSeq}`;
  }

  /** Declares a row (table + name) this write depends on; exclusive wins over shared. */
  touch(table: string, name: string, mode: KeyMode): void {
    const key = `${table}\u0000${name}`;
    if (mode === 'exclusive' || !this.keys.has(key)) this.keys.set(key, mode);
  }
}

/** Rows claimed by the writes of one batch (or by writes deferred from it). */
export class KeySet {
  private readonly keys = new Map<string, KeyMode>();

  conflicts(txn: Txn): boolean {
    for (const [key, mode] of txn.keys) {
      const held = this.keys.get(key);
      if (held !== undefined && (held === 'exclusive' || mode === 'exclusive')) return true;
    }
    return false;
  }

  claim(txn: Txn): void {
    this.claimKeys(txn.keys);
  }

  absorb(other: KeySet): void {
    this.claimKeys(other.keys);
  }

  claimKeys(keys: ReadonlyMap<string, KeyMode>): void {
    for (const [key, mode] of keys) {
      if (mode === 'exclusive' || !this.keys.has(key)) this.keys.set(key, mode);
    }
  }
}
