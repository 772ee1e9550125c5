import { connect, Socket } from 'node:net';
import { EventEmitter } from 'node:events';
import type { OvsdbEndpoint } from '../endpoint';
import { OvsdbConnectionError, OvsdbError, OvsdbProtocolError, OvsdbTimeoutError } from '../errors';
import { FramingError, JsonStreamFramer } from './framer';

/** The `error` member of a JSON-RPC 1.0 reply, as OVSDB sends it. Internal: the client turns it into a typed error. */
export class JsonRpcRemoteError extends Error {
  constructor(
    readonly method: string,
    readonly error: unknown,
  ) {
    super(`${method} failed: ${JSON.stringify(error)}`);
    this.name = 'JsonRpcRemoteError';
  }
}

/** Id of our idle-probe echo (the ids of our requests are numbers, so it cannot clash). */
const PROBE_ID = 'idle-probe';

interface Pending {
  readonly method: string;
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer?: NodeJS.Timeout;
}

export interface JsonRpcOptions {
  /** Send our own echo after this much silence; drop the connection if that echo is not answered as long again. */
  readonly idleProbeMs: number;
  readonly connectTimeoutMs: number;
}

/**
 * One JSON-RPC 1.0 session over a stream socket: requests matched to replies
 * by id (any number in flight), the server's `echo` answered, our own echo
 * sent when the line goes quiet. Emits `notification(method, params)` and
 * `close(error)` exactly once; after close every pending call has been
 * rejected with OvsdbConnectionError (or the protocol error that caused it).
 */
export class JsonRpcConnection extends EventEmitter {
  private readonly framer = new JsonStreamFramer();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private idleTimer?: NodeJS.Timeout;
  private probeOutstanding = false;

  private constructor(
    private readonly socket: Socket,
    readonly endpoint: OvsdbEndpoint,
    private readonly options: JsonRpcOptions,
  ) {
    super();
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('error', (e) => this.shutdown(new OvsdbConnectionError(endpoint.text, e)));
    socket.on('close', () => this.shutdown(new OvsdbConnectionError(endpoint.text, undefined, 'connection closed by peer')));
    this.armIdle();
  }

  static open(endpoint: OvsdbEndpoint, options: JsonRpcOptions): Promise<JsonRpcConnection> {
    return new Promise((resolve, reject) => {
      const socket = endpoint.kind === 'unix' ? connect({ path: endpoint.path }) : connect({ host: endpoint.host, port: endpoint.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new OvsdbConnectionError(endpoint.text, undefined, `connect timed out after ${options.connectTimeoutMs} ms`));
      }, options.connectTimeoutMs);
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(new OvsdbConnectionError(endpoint.text, e));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        if (endpoint.kind === 'tcp') socket.setKeepAlive(true, 5000).setNoDelay(true);
        resolve(new JsonRpcConnection(socket, endpoint, options));
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends a request; resolves with `result`, rejects with JsonRpcRemoteError / connection / timeout errors. */
  request(method: string, params: unknown[], timeoutMs?: number): Promise<unknown> {
    if (this.closed) return Promise.reject(new OvsdbConnectionError(this.endpoint.text, undefined, 'connection is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const p: Pending = { method, resolve, reject };
      if (timeoutMs !== undefined && timeoutMs > 0) {
        p.timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new OvsdbTimeoutError(method, timeoutMs, this.endpoint.text));
        }, timeoutMs);
      }
      this.pending.set(id, p);
      this.send({ method, params, id });
    });
  }

  /** Sends a notification (no reply expected), e.g. `cancel`. */
  notify(method: string, params: unknown[]): void {
    if (!this.closed) this.send({ method, params, id: null });
  }

  close(): void {
    this.shutdown(new OvsdbConnectionError(this.endpoint.text, undefined, 'connection closed by client'));
  }

  private send(msg: unknown): void {
    this.socket.write(JSON.stringify(msg));
  }

  private onData(data: Buffer): void {
    if (this.closed) return;
    this.armIdle();
    let texts: string[];
    try {
      texts = this.framer.push(data);
    } catch (e) {
      return this.shutdown(new OvsdbProtocolError(this.endpoint.text, e instanceof FramingError ? e.reason : String(e)));
    }
    for (const text of texts) {
      let msg: unknown;
      try {
        msg = JSON.parse(text);
      } catch (e) {
        return this.shutdown(new OvsdbProtocolError(this.endpoint.text, `malformed JSON: ${(e as Error).message}`));
      }
      try {
        this.dispatch(msg);
      } catch (e) {
        return this.shutdown(e instanceof OvsdbError ? e : new OvsdbProtocolError(this.endpoint.text, String(e)));
      }
      if (this.closed) return;
    }
  }

  private dispatch(msg: unknown): void {
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      throw new OvsdbProtocolError(this.endpoint.text, 'message is not a JSON object');
    }
    const m = msg as Record<string, unknown>;
    if (typeof m.method === 'string') {
      if (!Array.isArray(m.params)) throw new OvsdbProtocolError(this.endpoint.text, `"${m.method}" without a params array`);
      if (m.id !== null && m.id !== undefined) {
        // A request from the server: only echo is defined for clients (RFC 7047 4.1.11).
        if (m.method === 'echo') this.send({ result: m.params, error: null, id: m.id });
        else this.send({ result: null, error: { error: 'unknown method', details: m.method }, id: m.id });
        return;
      }
      this.emit('notification', m.method, m.params);
      return;
    }
    if (!('id' in m) || (!('result' in m) && !('error' in m))) {
      throw new OvsdbProtocolError(this.endpoint.text, 'message is neither a request, a notification nor a reply');
    }
    if (m.id === PROBE_ID) {
      this.probeOutstanding = false;
      return;
    }
    if (typeof m.id !== 'number') return; // Not ours (we only use numeric ids): ignore.
    const p = this.pending.get(m.id);
    if (!p) return; // Late reply after a timeout: ignore.
    this.pending.delete(m.id);
    if (p.timer) clearTimeout(p.timer);
    if (m.error !== null && m.error !== undefined) p.reject(new JsonRpcRemoteError(p.method, m.error));
    else p.resolve(m.result);
  }

  /** Idle keepalive: after `idleProbeMs` of silence send an echo; a second silent period kills the link. */
  private armIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.probeOutstanding = false;
    if (this.closed || this.options.idleProbeMs <= 0) return;
    this.idleTimer = setTimeout(() => this.onIdle(), this.options.idleProbeMs);
    this.idleTimer.unref();
  }

  private onIdle(): void {
    if (this.closed) return;
    if (this.probeOutstanding) {
      return this.shutdown(
        new OvsdbConnectionError(this.endpoint.text, undefined, `no answer to echo within ${this.options.idleProbeMs} ms`),
      );
    }
    this.probeOutstanding = true;
    this.send({ method: 'echo', params: [PROBE_ID], id: PROBE_ID });
    this.idleTimer = setTimeout(() => this.onIdle(), this.options.idleProbeMs);
    this.idleTimer.unref();
  }

  private shutdown(reason: OvsdbError): void {
    if (this.closed) return;
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.socket.destroy();
    for (const p of this.pending.values()) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(reason);
    }
    this.pending.clear();
    this.emit('close', reason);
  }
}
