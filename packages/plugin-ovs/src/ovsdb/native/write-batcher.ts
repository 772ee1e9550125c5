import { channel } from 'node:diagnostics_channel';
import type { Logger } from '@osvif/sdk';
import { OvsdbClient, OvsdbConstraintViolationError, OvsdbTimeoutError, OvsdbTransactionError } from '@osvif/ovsdb';
import type { OvsdbOperationResult } from '@osvif/ovsdb';
import { waitForCurCfg } from '../monitor';
import { combineOperations } from './combine';
import { KeySet, Txn } from './txn';

/** `{ writes, operations }` of every write transaction committed (node:diagnostics_channel; the daemon's metrics). */
const OVSDB_TRANSACTION_CHANNEL = 'osvif:ovsdb:transaction';
const transactionChannel = channel(OVSDB_TRANSACTION_CHANNEL);

/** Builds one write's operations from the cache as it is now (pure: no I/O, may throw a precondition error). */
export type BuildWrite = (txn: Txn) => void;

/** Counters for tests, logs and the benchmark. */
export interface WriteBatcherStats {
  /** Transactions sent (combined or alone), retries included. */
  transactions: number;
  /** Writes that went out in a transaction (a write retried counts again). */
  writes: number;
  largestBatch: number;
  /** Writes re-run alone because the combined transaction they were in failed. */
  soloReruns: number;
  /** Rebuilds after a guard or index clash showed the cache was stale. */
  staleRetries: number;
}

interface QueuedWrite {
  readonly operation: string;
  readonly build: BuildWrite;
  readonly deadline: number;
  readonly resolve: (results: OvsdbOperationResult[] | undefined) => void;
  readonly reject: (error: unknown) => void;
  /** Run in a transaction of its own (after its combined one failed, so its error is its own). */
  solo: boolean;
  /** Echo before the next build: the cache must first catch up with the server. */
  needsSync: boolean;
  staleRetries: number;
  preconditionRechecked: boolean;
  /** Rows it touches, as built when it was queued (for the no-op fast path of later writes). */
  readonly keys: Txn['keys'];
}

interface Member {
  readonly write: QueuedWrite;
  readonly txn: Txn;
  /** Where each of its operations went in the combined transaction. */
  at: number[];
}

/** A stale cache gets at most this many rebuilds, like the OVS IDL's verify. */
const MAX_STALE_RETRIES = 3;

/**
 * Group commit for the native driver. Writes wait in a queue while one
 * transaction is in flight; when its reply arrives, everything queued is
 * built from the same cache snapshot and sent as ONE transaction with ONE
 * next_cfg bump, so ovsdb-server and ovs-vswitchd do one commit and one
 * reconfiguration for many ports. Each caller still gets its own answer,
 * after cur_cfg shows its change applied.
 *
 * Writes that depend on each other (same port, a bridge created or deleted
 * by another write, QoS rows) are never combined: the later one waits for
 * the next round, when the cache shows the earlier one. If a combined
 * transaction fails, the write whose operation failed is re-run alone (all
 * of them when the failure cannot be placed, e.g. a commit-time index
 * clash), so every caller sees exactly its own error.
 */
export class WriteBatcher {
  readonly stats: WriteBatcherStats = { transactions: 0, writes: 0, largestBatch: 0, soloReruns: 0, staleRetries: 0 };
  private queue: QueuedWrite[] = [];
  private pumping = false;
  private pumpScheduled = false;
  /** Rows claimed by each transaction on the wire (their updates may not be in the cache yet). */
  private readonly onWire = new Set<KeySet>();
  private readonly maxInFlight: number;
  private readonly maxWrites: number;
  private readonly logger?: Logger;

  constructor(
    private readonly client: OvsdbClient,
    options: { maxWritesPerTransaction?: number; maxTransactionsInFlight?: number; logger?: Logger } = {},
  ) {
    this.maxWrites = atLeastOne(options.maxWritesPerTransaction, 256);
    this.maxInFlight = atLeastOne(options.maxTransactionsInFlight, 1);
    this.logger = options.logger;
  }

  /** Queues a write; resolves with its own operations' results once ovs-vswitchd applied it (undefined: nothing to do). */
  async submit(operation: string, build: BuildWrite): Promise<OvsdbOperationResult[] | undefined> {
    const deadline = Date.now() + this.client.timeoutMs;
    // Each write waits for the connection on its own deadline, as it would alone.
    await this.client.ready(Math.max(1, deadline - Date.now()));
    // Fast path: a write that changes nothing, given the cache and every write
    // queued or on the wire before it, is answered at once, without a round.
    const probe = new Txn();
    let probeFailed = false;
    try {
      build(probe);
    } catch {
      probeFailed = true; // the queue decides, with the retry and sync rules
    }
    if (!probeFailed && !probe.ops.length && !this.blockedByPending(probe)) return undefined;
    return new Promise((resolve, reject) => {
      this.queue.push({
        operation,
        build,
        deadline,
        resolve,
        reject,
        solo: false,
        needsSync: false,
        staleRetries: 0,
        preconditionRechecked: false,
        keys: probe.keys,
      });
      this.schedulePump();
    });
  }

  private blockedByPending(txn: Txn): boolean {
    for (const claims of this.onWire) if (claims.conflicts(txn)) return true;
    const queued = new KeySet();
    for (const w of this.queue) queued.claimKeys(w.keys);
    return queued.conflicts(txn);
  }

  /** The rest of this turn of the event loop may queue more writes: let them join. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      void this.pump();
    });
  }

  /**
   * Sends batches while there are writes and room on the wire (one
   * transaction by default). With more room, a transaction may go out
   * before the previous one's reply, but never with a write that touches a
   * row a transaction on the wire changes: that write waits for the reply.
   * The end of every transaction pumps again.
   */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length && this.onWire.size < this.maxInFlight) {
        await this.syncIfNeeded();
        const batch = this.assemble();
        if (batch.length) {
          void this.commit(batch);
        } else if (this.onWire.size > 0 || !this.queue.some((w) => w.needsSync)) {
          break; // what is left waits for a transaction on the wire
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** One echo round trip: every update the server sent before it is then in the cache. */
  private async syncIfNeeded(): Promise<void> {
    const waiting = this.queue.filter((w) => w.needsSync);
    if (!waiting.length) return;
    for (const w of waiting) w.needsSync = false;
    try {
      await this.client.call('echo', [], remaining(Math.min(...waiting.map((w) => w.deadline))));
    } catch (e) {
      this.queue = this.queue.filter((w) => !waiting.includes(w));
      for (const w of waiting) w.reject(e);
    }
  }

  /**
   * Builds as many queued writes as can share a transaction, in queue order.
   * A write is held back when it touches a row an earlier write of this batch
   * (or an earlier held-back write) changes; later writes keep their order
   * relative to it.
   */
  private assemble(): Member[] {
    const max = this.maxWrites;
    const batch: Member[] = [];
    const claimed = new KeySet();
    // Rows changed by transactions on the wire count as held: their writes' updates may not be in the cache.
    const held = new KeySet();
    for (const claims of this.onWire) held.absorb(claims);
    const rest: QueuedWrite[] = [];
    let closed = false;
    for (const w of this.queue) {
      if (Date.now() >= w.deadline) {
        w.reject(new OvsdbTimeoutError(w.operation, this.client.timeoutMs, this.client.endpoint.text));
        continue;
      }
      const first = batch.length === 0 && rest.length === 0;
      if (closed || batch.length >= max || (w.solo && !first)) {
        closed = true;
        rest.push(w);
        continue;
      }
      const txn = new Txn();
      try {
        w.build(txn);
      } catch (e) {
        if (!(e instanceof OvsdbTransactionError)) {
          w.reject(e); // bad input: nothing to do with what else is queued
        } else if (!first) {
          rest.push(w); // may depend on a write ahead of it: rebuild once those are in the cache
          closed = true;
        } else if (!w.preconditionRechecked) {
          // A precondition seen in the cache ("no such bridge"...): re-check once after a sync.
          w.preconditionRechecked = true;
          w.needsSync = true;
          rest.push(w);
          closed = true;
        } else {
          w.reject(e);
        }
        continue;
      }
      if (claimed.conflicts(txn) || held.conflicts(txn)) {
        held.claim(txn);
        rest.push(w);
        continue;
      }
      if (!txn.ops.length) {
        w.resolve(undefined); // nothing to change, and nothing ahead of it changes what it read
        continue;
      }
      claimed.claim(txn);
      batch.push({ write: w, txn, at: [] });
      if (w.solo) closed = true;
    }
    this.queue = rest;
    return batch;
  }

  /** Sends the batch; on success each member waits for cur_cfg on its own deadline. */
  private async commit(batch: Member[]): Promise<void> {
    // A write alone goes as built, so an error's operation index is its own.
    const { ops, at } =
      batch.length === 1
        ? { ops: [...batch[0].txn.ops], at: [batch[0].txn.ops.map((_, i) => i)] }
        : combineOperations(batch.map((m) => m.txn.ops));
    batch.forEach((m, i) => (m.at = at[i]));
    const n = ops.length;
    ops.push({ op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['next_cfg', '+=', 1]] });
    ops.push({ op: 'select', table: 'Open_vSwitch', where: [], columns: ['next_cfg'] });
    const operation = batch.length === 1 ? batch[0].write.operation : `${batch.length} combined writes`;
    this.stats.transactions++;
    this.stats.writes += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    let results: OvsdbOperationResult[];
    const claims = new KeySet();
    for (const m of batch) claims.claim(m.txn);
    this.onWire.add(claims);
    try {
      results = await this.client.transact(ops, operation, remaining(Math.min(...batch.map((m) => m.write.deadline))));
    } catch (e) {
      this.failed(batch, e);
      return;
    } finally {
      this.onWire.delete(claims);
      this.schedulePump();
    }
    this.logger?.debug('ovsdb transaction committed', { writes: batch.length, operations: n });
    // Every transaction, combined or not: the daemon's osvif_ovsdb_transaction_operations histogram counts these.
    if (transactionChannel.hasSubscribers) transactionChannel.publish({ writes: batch.length, operations: n });
    const nextCfg = results[n + 1]?.rows?.[0]?.next_cfg;
    for (const m of batch) {
      const own = m.at.map((i) => results[i]);
      if (typeof nextCfg !== 'number') {
        m.write.resolve(own);
        continue;
      }
      waitForCurCfg(this.client, nextCfg, m.write.operation, remaining(m.write.deadline)).then(
        () => m.write.resolve(own),
        (e: unknown) => m.write.reject(e),
      );
    }
  }

  private failed(batch: Member[], e: unknown): void {
    if (!(e instanceof OvsdbTransactionError)) {
      // Connection lost, no answer in time, garbage from the server: the same for every member.
      for (const m of batch)
        m.write.reject(
          e instanceof OvsdbTimeoutError && batch.length > 1 ? new OvsdbTimeoutError(m.write.operation, e.timeoutMs, e.endpoint) : e,
        );
      return;
    }
    if (batch.length === 1) {
      const [{ write: w, txn }] = batch;
      // A guard (`wait`) failed, or a name index clashed at commit: the cache was stale.
      const stale = (e.opIndex !== undefined && txn.guards.has(e.opIndex)) || e instanceof OvsdbConstraintViolationError;
      if (stale && w.staleRetries < MAX_STALE_RETRIES) {
        w.staleRetries++;
        this.stats.staleRetries++;
        w.needsSync = true;
        this.queue.unshift(w);
        return;
      }
      w.reject(e);
      return;
    }
    // Nothing of the batch happened (transactions are atomic). The members whose
    // operation failed (several, if it was merged) go alone; when the failure
    // names no operation, all do.
    const culprits = e.opIndex === undefined ? [] : batch.filter((m) => m.at.includes(e.opIndex!));
    for (const m of batch) {
      if (culprits.length === 0 || culprits.includes(m)) {
        m.write.solo = true;
        this.stats.soloReruns++;
      }
      m.write.needsSync = true;
    }
    this.queue.unshift(...batch.map((m) => m.write));
  }
}

function atLeastOne(value: number | undefined, fallback: number): number {
  return Math.max(1, Math.floor(value ?? fallback) || 1);
}

function remaining(deadline: number): number {
  return Math.max(1, deadline - Date.now());
}
