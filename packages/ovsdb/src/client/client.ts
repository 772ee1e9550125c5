import { EventEmitter } from 'node:events';
import type { OvsdbLogger as Logger } from '../logger';
import { Endpoint, parseEndpoint } from '../endpoint';
import { OvsdbConnectionError, OvsdbError, OvsdbProtocolError, OvsdbTimeoutError, OvsdbTransactionError, describe } from '../errors';
import { JsonRpcConnection, JsonRpcRemoteError } from '../jsonrpc/connection';
import { Operation, OperationResult } from '../protocol/operations';
import { TableCache } from './cache';

export const DATABASE = 'Open_vSwitch';

/** Columns kept in the cache; those missing from the server's schema are left out. */
export const DEFAULT_MONITOR: Readonly<Record<string, readonly string[]>> = {
  Open_vSwitch: ['bridges', 'cur_cfg', 'next_cfg'],
  Bridge: ['name', 'ports', 'datapath_type', 'external_ids'],
  Port: ['name', 'interfaces', 'tag', 'vlan_mode', 'trunks', 'qos', 'external_ids'],
  Interface: ['name', 'type', 'options', 'external_ids', 'mtu_request'],
  QoS: ['type', 'external_ids'],
};

export interface OvsdbClientOptions {
  /** `unix:PATH` or `tcp:HOST:PORT`. */
  readonly connection: string;
  /** Per call: how long to wait for a connection, a reply, or ovs-vswitchd. */
  readonly timeoutMs: number;
  readonly logger?: Logger;
  /** Echo after this much silence (0 disables). Default 5000. */
  readonly idleProbeMs?: number;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly monitor?: Readonly<Record<string, readonly string[]>>;
}

interface Session {
  readonly conn: JsonRpcConnection;
  readonly schema: Schema;
}

/** What we use of the schema: table -> column names. */
export type Schema = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * RFC 7047 client for the Open_vSwitch database with a monitor-backed cache.
 * Connects lazily on first use and, once used, keeps a session up: when it
 * drops it reconnects with exponential backoff, re-fetches the schema,
 * re-monitors and replaces the cache. Calls made while disconnected wait for
 * the session up to their timeout and then fail with OvsdbConnectionError
 * naming the last connect error. A call whose session drops while it is in
 * flight fails at once with OvsdbConnectionError (its outcome is unknown,
 * as with any RPC); it is never retried blindly.
 */
export class OvsdbClient extends EventEmitter {
  readonly endpoint: Endpoint;
  readonly cache = new TableCache();
  private session?: Session;
  private connecting?: Promise<Session>;
  private lastError: unknown;
  private closed = false;
  private readonly monitorSpec: Readonly<Record<string, readonly string[]>>;
  private readonly cfgWaiters = new Set<() => void>();

  constructor(readonly options: OvsdbClientOptions) {
    super();
    this.endpoint = parseEndpoint(options.connection);
    this.monitorSpec = options.monitor ?? DEFAULT_MONITOR;
    this.cache.on('change', () => {
      for (const w of [...this.cfgWaiters]) w();
    });
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  get connected(): boolean {
    return this.session !== undefined;
  }

  /** Waits until a session with a synced cache is up (or fails after the timeout). */
  async ready(timeoutMs = this.options.timeoutMs): Promise<Schema> {
    return (await this.ensureSession(Date.now() + timeoutMs)).schema;
  }

  hasColumn(schema: Schema, table: string, column: string): boolean {
    return schema.get(table)?.has(column) ?? false;
  }

  /**
   * Runs one transaction. Any per-operation or commit error becomes an
   * OvsdbTransactionError (first failing operation); the results otherwise.
   */
  async transact(ops: readonly Operation[], operation = 'transact', timeoutMs = this.options.timeoutMs): Promise<OperationResult[]> {
    const deadline = Date.now() + timeoutMs;
    const session = await this.ensureSession(deadline);
    let reply: unknown;
    try {
      reply = await session.conn.request('transact', [DATABASE, ...ops], Math.max(1, deadline - Date.now()));
    } catch (e) {
      throw this.mapRpcError(e, operation, timeoutMs);
    }
    if (!Array.isArray(reply) || reply.length < ops.length) {
      throw new OvsdbProtocolError(this.endpoint.text, `transact reply is not an array of ${ops.length} results`);
    }
    for (let i = 0; i < reply.length; i++) {
      const r = reply[i] as OperationResult | null;
      if (r !== null && (typeof r !== 'object' || Array.isArray(r))) {
        throw new OvsdbProtocolError(this.endpoint.text, `transact result ${i} is not an object`);
      }
      if (r && r.error !== undefined && r.error !== null) {
        throw new OvsdbTransactionError(operation, String(r.error), r.details === undefined ? '' : String(r.details), i);
      }
    }
    return reply as OperationResult[];
  }

  /** Sends any other RPC (e.g. `list_dbs`, `echo`) on the current session. */
  async call(method: string, params: unknown[], timeoutMs = this.options.timeoutMs): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    const session = await this.ensureSession(deadline);
    try {
      return await session.conn.request(method, params, Math.max(1, deadline - Date.now()));
    } catch (e) {
      throw this.mapRpcError(e, method, timeoutMs);
    }
  }

  /** Resolves once ovs-vswitchd reports `cur_cfg >= target` (it has applied our change). */
  waitForCurCfg(target: number, operation: string, timeoutMs = this.options.timeoutMs): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const ovs = this.cache.rows('Open_vSwitch')[0];
        if (ovs && typeof ovs.cur_cfg === 'number' && ovs.cur_cfg >= target) finish();
      };
      const timer = setTimeout(() => {
        this.cfgWaiters.delete(check);
        reject(new OvsdbTimeoutError(`${operation} (waiting for ovs-vswitchd to apply cfg ${target})`, timeoutMs, this.endpoint.text));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.cfgWaiters.delete(check);
        resolve();
      };
      this.cfgWaiters.add(check);
      check();
    });
  }

  close(): void {
    this.closed = true;
    this.session?.conn.close();
    this.session = undefined;
  }

  private mapRpcError(e: unknown, operation: string, timeoutMs: number): Error {
    if (e instanceof OvsdbTimeoutError) return new OvsdbTimeoutError(operation, timeoutMs, this.endpoint.text);
    if (e instanceof JsonRpcRemoteError) {
      const err = e.error as { error?: unknown; details?: unknown } | null;
      const tag = typeof err === 'object' && err !== null && err.error !== undefined ? String(err.error) : JSON.stringify(e.error);
      const details = typeof err === 'object' && err !== null && err.details !== undefined ? String(err.details) : '';
      return new OvsdbTransactionError(operation, tag, details);
    }
    return e instanceof Error ? e : new OvsdbError(String(e));
  }

  private ensureSession(deadline: number): Promise<Session> {
    if (this.session) return Promise.resolve(this.session);
    if (this.closed) return Promise.reject(new OvsdbConnectionError(this.endpoint.text, undefined, 'client is closed'));
    const loop = this.startLoop();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new OvsdbConnectionError(
              this.endpoint.text,
              this.lastError,
              `not connected after ${this.options.timeoutMs} ms (last error: ${describe(this.lastError)})`,
            ),
          ),
        Math.max(0, deadline - Date.now()),
      );
      loop.then(
        (s) => {
          clearTimeout(timer);
          resolve(s);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  /** The (single) connect loop: retries with exponential backoff until it has a session or the client closes. */
  private startLoop(): Promise<Session> {
    if (this.connecting) return this.connecting;
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 50, maxMs: 2000 };
    this.connecting = (async () => {
      let delay = initialMs;
      for (;;) {
        if (this.closed) throw new OvsdbConnectionError(this.endpoint.text, undefined, 'client is closed');
        try {
          const s = await this.openSession();
          this.connecting = undefined;
          return s;
        } catch (e) {
          this.lastError = e instanceof OvsdbConnectionError && e.cause !== undefined ? e.cause : e;
          this.options.logger?.debug('ovsdb connect failed', { endpoint: this.endpoint.text, error: describe(e), retryInMs: delay });
          await new Promise((r) => setTimeout(r, delay).unref());
          delay = Math.min(delay * 2, maxMs);
        }
      }
    })();
    this.connecting.catch(() => undefined);
    return this.connecting;
  }

  private async openSession(): Promise<Session> {
    const conn = await JsonRpcConnection.open(this.endpoint, {
      idleProbeMs: this.options.idleProbeMs ?? 5000,
      connectTimeoutMs: Math.min(this.options.timeoutMs, 5000),
    });
    try {
      const schema = parseSchema(await conn.request('get_schema', [DATABASE], this.options.timeoutMs), this.endpoint.text);
      const request: Record<string, { columns: string[] }> = {};
      for (const [table, cols] of Object.entries(this.monitorSpec)) {
        const have = schema.get(table);
        if (have) request[table] = { columns: cols.filter((c) => have.has(c)) };
      }
      const buffered: unknown[] = [];
      let synced = false;
      const monitorId = 'osvif-cache';
      conn.on('notification', (method: string, params: unknown[]) => {
        if (method !== 'update' || params[0] !== monitorId) return;
        if (!synced) buffered.push(params[1]);
        else this.applyOrDrop(conn, params[1]);
      });
      const snapshot = await conn.request('monitor', [DATABASE, monitorId, request], this.options.timeoutMs);
      this.cache.reset(Object.keys(request), snapshot);
      for (const u of buffered) this.cache.apply(u);
      synced = true;
      const session: Session = { conn, schema };
      conn.once('close', (reason: Error) => {
        if (this.session === session) this.session = undefined;
        // A close we asked for is not news; anything else is.
        if (this.closed) this.options.logger?.debug('ovsdb connection closed', { endpoint: this.endpoint.text });
        else this.options.logger?.warn('ovsdb connection lost', { endpoint: this.endpoint.text, reason: reason.message });
        this.emit('disconnected', reason);
        if (!this.closed) this.startLoop();
      });
      if (conn.isClosed) throw new OvsdbConnectionError(this.endpoint.text, undefined, 'connection closed during sync');
      this.session = session;
      this.options.logger?.debug('ovsdb connected', { endpoint: this.endpoint.text });
      this.emit('connected');
      return session;
    } catch (e) {
      conn.close();
      if (e instanceof TypeError) throw new OvsdbProtocolError(this.endpoint.text, `bad monitor reply: ${e.message}`);
      throw e;
    }
  }

  private applyOrDrop(conn: JsonRpcConnection, updates: unknown): void {
    try {
      this.cache.apply(updates);
    } catch (e) {
      // A malformed update means our replica can no longer be trusted: resync from scratch.
      this.options.logger?.error('malformed ovsdb update; resyncing', { endpoint: this.endpoint.text, error: describe(e) });
      conn.close();
    }
  }
}

function parseSchema(raw: unknown, endpoint: string): Schema {
  const tables = (raw as { tables?: unknown } | null)?.tables;
  if (typeof tables !== 'object' || tables === null) throw new OvsdbProtocolError(endpoint, 'get_schema reply has no tables');
  const out = new Map<string, Set<string>>();
  for (const [name, t] of Object.entries(tables as Record<string, unknown>)) {
    const cols = (t as { columns?: unknown } | null)?.columns;
    if (typeof cols !== 'object' || cols === null) throw new OvsdbProtocolError(endpoint, `schema table ${name} has no columns`);
    out.set(name, new Set(['_uuid', '_version', ...Object.keys(cols)]));
  }
  return out;
}
