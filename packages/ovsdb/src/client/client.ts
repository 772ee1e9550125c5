import { channel } from 'node:diagnostics_channel';
import { EventEmitter } from 'node:events';
import type { OvsdbLogger } from '../logger';
import { OvsdbEndpoint, parseEndpoint } from '../endpoint';
import {
  describeError,
  OvsdbConnectionError,
  OvsdbError,
  OvsdbProtocolError,
  OvsdbTimeoutError,
  OvsdbTransactionError,
  transactionErrorFromReply,
} from '../errors';
import { JsonRpcConnection, JsonRpcRemoteError } from '../jsonrpc/connection';
import type { OvsdbOperation, OvsdbOperationResult } from '../protocol/operations';
import { TableCache } from './cache';

/**
 * `{ endpoint, event: 'connected' | 'lost' }` on every connection made (the first and each reconnection) and
 * every one lost (not those closed on request), for whoever subscribes (node:diagnostics_channel).
 */
const OVSDB_CONNECTION_CHANNEL = 'osvif:ovsdb:connection';
const connectionChannel = channel(OVSDB_CONNECTION_CHANNEL);

/** A wait for the server longer than this is reported (warn), and again every this long. */
const PROGRESS_EVERY_MS = 3_000;

/** Which columns of which tables the client keeps in its cache: table name -> column names. */
export type OvsdbMonitorSpec = Readonly<Record<string, readonly string[]>>;

/** Options of {@link OvsdbClient}. */
export interface OvsdbClientOptions {
  /** `unix:PATH` or `tcp:HOST:PORT` (see `parseEndpoint`). */
  readonly connection: string;
  /** The database every request is about (e.g. `Open_vSwitch`). */
  readonly database: string;
  /** Per call: how long to wait for a connection and a reply. */
  readonly timeoutMs: number;
  /** Where connects, losses and resyncs are logged (default: nowhere). */
  readonly logger?: OvsdbLogger;
  /** Echo after this much silence (0 disables). Default 5000. */
  readonly idleProbeMs?: number;
  /** Reconnect delays: doubling from `initialMs` up to `maxMs`. Default 50 ms to 2 s. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /**
   * Tables and columns to keep in {@link OvsdbClient.cache} (those missing from the server's schema are
   * left out). Default: none (no `monitor` request, an empty cache).
   */
  readonly monitor?: OvsdbMonitorSpec;
}

interface Session {
  readonly conn: JsonRpcConnection;
  readonly schema: OvsdbSchema;
}

/** What the client keeps of the database schema: table name -> column names (`_uuid` and `_version` included). */
export type OvsdbSchema = ReadonlyMap<string, ReadonlySet<string>>;

/** Id of our one monitor (RFC 7047 4.1.5 `<json-value>`). */
const MONITOR_ID = 'cache';

/**
 * RFC 7047 client for one database, with a monitor-backed cache of the tables
 * and columns its user asks for. Connects lazily on first use and, once used,
 * keeps a session up: when it drops it reconnects with exponential backoff,
 * re-fetches the schema, re-monitors and replaces the cache. Calls made while
 * disconnected wait for the session up to their timeout and then fail with
 * OvsdbConnectionError naming the last connect error. A call whose session
 * drops while it is in flight fails at once with OvsdbConnectionError (its
 * outcome is unknown, as with any RPC); it is never retried blindly. Whatever
 * the server refuses is thrown as a typed {@link OvsdbTransactionError}
 * subclass. Emits `connected` and `disconnected(reason)`.
 */
export class OvsdbClient extends EventEmitter {
  /** Where the client connects (parsed from `options.connection`). */
  readonly endpoint: OvsdbEndpoint;
  /** The monitored tables, kept current by the server's updates (replaced after each reconnect). */
  readonly cache = new TableCache();
  private session?: Session;
  private connecting?: Promise<Session>;
  private lastError: unknown;
  private closed = false;
  private readonly monitorSpec: OvsdbMonitorSpec;
  private readonly cacheWaiters = new Set<() => void>();

  /** Throws OvsdbInvalidArgumentError for a bad `connection`; connects on first use. */
  constructor(readonly options: OvsdbClientOptions) {
    super();
    this.endpoint = parseEndpoint(options.connection);
    this.monitorSpec = options.monitor ?? {};
    this.cache.on('change', () => {
      for (const w of [...this.cacheWaiters]) w();
    });
  }

  /** The per-call timeout of `options`. */
  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** Whether a session is up right now. */
  get connected(): boolean {
    return this.session !== undefined;
  }

  /** Waits until a session with a synced cache is up (or fails after the timeout); returns the schema. */
  async ready(timeoutMs = this.options.timeoutMs): Promise<OvsdbSchema> {
    return (await this.ensureSession(Date.now() + timeoutMs)).schema;
  }

  /** Whether `schema` (from `ready()`) has this column in this table. */
  hasColumn(schema: OvsdbSchema, table: string, column: string): boolean {
    return schema.get(table)?.has(column) ?? false;
  }

  /**
   * Runs one transaction and returns its results. A per-operation or commit
   * error is thrown as the typed OvsdbTransactionError subclass for the
   * server's error string (first failing operation, with its `opIndex`).
   */
  async transact(
    ops: readonly OvsdbOperation[],
    operation = 'transact',
    timeoutMs = this.options.timeoutMs,
  ): Promise<OvsdbOperationResult[]> {
    const deadline = Date.now() + timeoutMs;
    const session = await this.ensureSession(deadline);
    let reply: unknown;
    try {
      reply = await session.conn.request('transact', [this.options.database, ...ops], Math.max(1, deadline - Date.now()));
    } catch (e) {
      throw this.mapRpcError(e, operation, timeoutMs);
    }
    if (!Array.isArray(reply) || reply.length < ops.length) {
      throw new OvsdbProtocolError(this.endpoint.text, `transact reply is not an array of ${ops.length} results`);
    }
    for (let i = 0; i < reply.length; i++) {
      const r = reply[i] as OvsdbOperationResult | null;
      if (r !== null && (typeof r !== 'object' || Array.isArray(r))) {
        throw new OvsdbProtocolError(this.endpoint.text, `transact result ${i} is not an object`);
      }
      if (r && r.error !== undefined && r.error !== null) {
        throw transactionErrorFromReply(operation, r, i);
      }
    }
    return reply as OvsdbOperationResult[];
  }

  /** Sends any other RPC (e.g. `list_dbs`, `echo`) on the current session; a server error is thrown typed. */
  async call(method: string, params: unknown[], timeoutMs = this.options.timeoutMs): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    const session = await this.ensureSession(deadline);
    try {
      return await session.conn.request(method, params, Math.max(1, deadline - Date.now()));
    } catch (e) {
      throw this.mapRpcError(e, method, timeoutMs);
    }
  }

  /**
   * Resolves once `condition` holds on the cache: checked at once and after
   * every batch of updates (a reconnect's fresh snapshot included). Rejects
   * with OvsdbTimeoutError naming `operation` after `timeoutMs`.
   */
  waitForCache(condition: (cache: TableCache) => boolean, operation: string, timeoutMs = this.options.timeoutMs): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        let holds: boolean;
        try {
          holds = condition(this.cache);
        } catch (e) {
          done();
          reject(e);
          return;
        }
        if (holds) {
          done();
          resolve();
        }
      };
      const started = Date.now();
      const timer = setTimeout(() => {
        done();
        reject(new OvsdbTimeoutError(operation, timeoutMs, this.endpoint.text));
      }, timeoutMs);
      // A wait of more than a few seconds (ovs-vswitchd not applying a change) says so, as the connect wait does.
      const progress = setInterval(() => {
        this.options.logger?.warn('still waiting for the database to reach a state', {
          operation,
          endpoint: this.endpoint.text,
          waited_ms: Date.now() - started,
          gives_up_in_ms: Math.max(0, started + timeoutMs - Date.now()),
          progress: true,
        });
      }, PROGRESS_EVERY_MS);
      progress.unref();
      const done = (): void => {
        clearTimeout(timer);
        clearInterval(progress);
        this.cacheWaiters.delete(check);
      };
      this.cacheWaiters.add(check);
      check();
    });
  }

  /** Closes the session for good: calls in flight fail with OvsdbConnectionError, no reconnect. */
  close(): void {
    this.closed = true;
    this.session?.conn.close();
    this.session = undefined;
  }

  private mapRpcError(e: unknown, operation: string, timeoutMs: number): Error {
    if (e instanceof OvsdbTimeoutError) return new OvsdbTimeoutError(operation, timeoutMs, this.endpoint.text);
    if (e instanceof JsonRpcRemoteError) {
      // A JSON-RPC error is an <error> object as a rule; anything else becomes its error string.
      const err = e.error;
      return transactionErrorFromReply(operation, typeof err === 'object' && err !== null && !Array.isArray(err) ? err : { error: err });
    }
    return e instanceof Error ? e : new OvsdbError('OVSDB_INTERNAL_ERROR', String(e));
  }

  private ensureSession(deadline: number): Promise<Session> {
    if (this.session) return Promise.resolve(this.session);
    if (this.closed) return Promise.reject(new OvsdbConnectionError(this.endpoint.text, undefined, 'client is closed'));
    const loop = this.startLoop();
    const started = Date.now();
    // A wait of more than a few seconds says so (what for, how long, until when), and again every few seconds.
    const progress = setInterval(() => {
      this.options.logger?.warn('still waiting to connect to OVSDB', {
        endpoint: this.endpoint.text,
        waited_ms: Date.now() - started,
        gives_up_in_ms: Math.max(0, deadline - Date.now()),
        ...(this.lastError === undefined ? {} : { last_error: describeError(this.lastError) }),
        progress: true, // the CLI shows it on stderr whatever the log's level and destination
      });
    }, PROGRESS_EVERY_MS);
    progress.unref();
    const waiting = new Promise<Session>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new OvsdbConnectionError(
              this.endpoint.text,
              this.lastError,
              `not connected after ${this.options.timeoutMs} ms (last error: ${describeError(this.lastError)})`,
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
    return waiting.finally(() => clearInterval(progress));
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
          if (e instanceof OvsdbTransactionError) {
            // The server answered and refused (e.g. "unknown database"): retrying will not help.
            this.connecting = undefined;
            throw e;
          }
          this.lastError = e instanceof OvsdbConnectionError && e.cause !== undefined ? e.cause : e;
          this.options.logger?.debug('ovsdb connect failed', { endpoint: this.endpoint.text, error: describeError(e), retryInMs: delay });
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
    const { database } = this.options;
    try {
      const schema = parseSchema(await this.setupRequest(conn, 'get_schema', [database]), this.endpoint.text);
      const request: Record<string, { columns: string[] }> = {};
      for (const [table, cols] of Object.entries(this.monitorSpec)) {
        const have = schema.get(table);
        if (have) request[table] = { columns: cols.filter((c) => have.has(c)) };
      }
      const buffered: unknown[] = [];
      let synced = false;
      conn.on('notification', (method: string, params: unknown[]) => {
        if (method !== 'update' || params[0] !== MONITOR_ID) return;
        if (!synced) buffered.push(params[1]);
        else this.applyOrDrop(conn, params[1]);
      });
      // Nothing to monitor: no request (an empty cache).
      const snapshot = Object.keys(request).length ? await this.setupRequest(conn, 'monitor', [database, MONITOR_ID, request]) : {};
      this.cache.reset(Object.keys(request), snapshot);
      for (const u of buffered) this.cache.apply(u);
      synced = true;
      const session: Session = { conn, schema };
      conn.once('close', (reason: Error) => {
        if (this.session === session) this.session = undefined;
        // A close we asked for is not news; anything else is.
        if (this.closed) this.options.logger?.debug('ovsdb connection closed', { endpoint: this.endpoint.text });
        else this.options.logger?.warn('ovsdb connection lost', { endpoint: this.endpoint.text, reason: reason.message });
        if (!this.closed && connectionChannel.hasSubscribers) connectionChannel.publish({ endpoint: this.endpoint.text, event: 'lost' });
        this.emit('disconnected', reason);
        if (!this.closed) this.startLoop();
      });
      if (conn.isClosed) throw new OvsdbConnectionError(this.endpoint.text, undefined, 'connection closed during sync');
      this.session = session;
      this.options.logger?.debug('ovsdb connected', { endpoint: this.endpoint.text });
      if (connectionChannel.hasSubscribers) connectionChannel.publish({ endpoint: this.endpoint.text, event: 'connected' });
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
      this.options.logger?.error('malformed ovsdb update; resyncing', { endpoint: this.endpoint.text, error: describeError(e) });
      conn.close();
    }
  }

  /** A request of the session set-up; the server refusing it is its typed error. */
  private async setupRequest(conn: JsonRpcConnection, method: string, params: unknown[]): Promise<unknown> {
    try {
      return await conn.request(method, params, this.options.timeoutMs);
    } catch (e) {
      throw this.mapRpcError(e, method, this.options.timeoutMs);
    }
  }
}

function parseSchema(raw: unknown, endpoint: string): OvsdbSchema {
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
