import { EventEmitter } from 'node:events';
import { fromDatum, OvsdbValue } from '../protocol/datum';

/** A cached row: column name -> plain value (see `fromDatum`), plus its `_uuid`. */
export type CachedRow = Readonly<Record<string, OvsdbValue>> & { readonly _uuid: string };

/**
 * Local replica of the monitored tables (`OvsdbClient.cache`), fed by `monitor` replies and
 * `update` notifications (RFC 7047 4.1.6: "new" carries every monitored
 * column, so a modify simply replaces the row). Keeps a name index for
 * tables with a `name` column, so existence checks cost no round trip.
 * Emits `change` after each batch of updates. Only the client writes to it.
 */
export class TableCache extends EventEmitter {
  private readonly tables = new Map<string, Map<string, CachedRow>>();
  private readonly byName = new Map<string, Map<string, string>>();

  /** Replaces everything with a fresh monitor snapshot (after connect / reconnect). */
  reset(tables: readonly string[], snapshot: unknown): void {
    this.tables.clear();
    this.byName.clear();
    for (const t of tables) {
      this.tables.set(t, new Map());
      this.byName.set(t, new Map());
    }
    this.apply(snapshot);
  }

  /** Applies a <table-updates> object; throws TypeError on a malformed one. */
  apply(updates: unknown): void {
    if (typeof updates !== 'object' || updates === null || Array.isArray(updates)) throw new TypeError('table-updates is not an object');
    for (const [table, rows] of Object.entries(updates as Record<string, unknown>)) {
      const t = this.tables.get(table);
      const idx = this.byName.get(table);
      if (!t || !idx) continue;
      if (typeof rows !== 'object' || rows === null) throw new TypeError(`updates for ${table} are not an object`);
      for (const [uuid, change] of Object.entries(rows as Record<string, unknown>)) {
        if (typeof change !== 'object' || change === null) throw new TypeError(`row update ${uuid} is not an object`);
        const prev = t.get(uuid);
        if (prev && typeof prev.name === 'string' && idx.get(prev.name) === uuid) idx.delete(prev.name);
        const fresh = (change as Record<string, unknown>).new;
        if (fresh === undefined) {
          t.delete(uuid);
          continue;
        }
        if (typeof fresh !== 'object' || fresh === null) throw new TypeError(`row ${uuid} "new" is not an object`);
        const row: Record<string, OvsdbValue> = { _uuid: uuid };
        for (const [col, datum] of Object.entries(fresh as Record<string, unknown>)) row[col] = fromDatum(datum);
        t.set(uuid, row as CachedRow);
        if (typeof row.name === 'string') idx.set(row.name, uuid);
      }
    }
    this.emit('change');
  }

  /** Every cached row of a monitored table ([] for a table not monitored). */
  rows(table: string): CachedRow[] {
    return [...(this.tables.get(table)?.values() ?? [])];
  }

  /** The cached row with this UUID. */
  get(table: string, uuid: string): CachedRow | undefined {
    return this.tables.get(table)?.get(uuid);
  }

  /** The cached row whose `name` column is `name` (the table must monitor `name`). */
  findByName(table: string, name: string): CachedRow | undefined {
    const uuid = this.byName.get(table)?.get(name);
    return uuid === undefined ? undefined : this.get(table, uuid);
  }
}
