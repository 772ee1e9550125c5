// OsVifClient: the daemon's API (docs/daemon.md) with the runtime's method names, for a service that embeds the
// client instead of the runtime (no capabilities, no plugins loaded in its process). Errors the daemon answers
// are rethrown as the error the daemon threw, rebuilt (errorFromDescription): the same code, name, message and
// causes, and `instanceof` its osvif classes (PlugFailedError, NoSuchLinkError...) as in-process.
import { request } from 'node:http';
import {
  ErrorDescription,
  errorFromDescription,
  HostInfo,
  fromPrimitive,
  VersionedObject,
  type InstanceInfo,
  type VIFBase,
} from '@osvif/objects';
import type { CheckReport, GcReport, ListedVif, StatusReport } from '../core/host-state/operations';
import type { UrlNegotiation, UrlNegotiationOutcome } from '../transport/negotiate-url';
import { DaemonUnreachableError } from './errors';

/** Options of {@link OsVifClient}. */
export interface OsVifClientOptions {
  /** The daemon's socket (default `/run/osvif/osvif.sock`, [osvif] api_socket's default). */
  readonly socketPath?: string;
  /** Milliseconds to wait for an answer (default 330000: longer than the daemon's default lock_timeout). */
  readonly timeoutMs?: number;
  /** Largest answer read (default 16 MiB). */
  readonly maxReplyBytes?: number;
}

/** A client of the osvif daemon's API, with the runtime's method names (each one request). */
export class OsVifClient {
  readonly socketPath: string;
  private readonly timeoutMs: number;
  private readonly maxReplyBytes: number;

  constructor(options: OsVifClientOptions = {}) {
    this.socketPath = options.socketPath ?? '/run/osvif/osvif.sock';
    this.timeoutMs = options.timeoutMs ?? 330_000;
    this.maxReplyBytes = options.maxReplyBytes ?? 16 * 1024 * 1024;
  }

  /** Plugs the VIF (an object or its primitive) in the daemon, as OsVifRuntime.plug. */
  async plug(vif: VIFBase | unknown, instanceInfo: InstanceInfo | unknown): Promise<void> {
    await this.call('POST', '/v1/plug', { vif: primitive(vif), instance_info: primitive(instanceInfo) });
  }

  /** Unplugs the VIF in the daemon, as OsVifRuntime.unplug. */
  async unplug(vif: VIFBase | unknown, instanceInfo: InstanceInfo | unknown): Promise<void> {
    await this.call('POST', '/v1/unplug', { vif: primitive(vif), instance_info: primitive(instanceInfo) });
  }

  /** Compares the VIF's host state with what plug makes, as OsVifRuntime.check. */
  check(vif: VIFBase | unknown, instanceInfo: InstanceInfo | unknown): Promise<CheckReport> {
    return this.call('POST', '/v1/check', { vif: primitive(vif), instance_info: primitive(instanceInfo) }) as Promise<CheckReport>;
  }

  /** The VIFs the daemon's plugins find on the host, as OsVifRuntime.list. */
  list(): Promise<ListedVif[]> {
    return this.call('GET', '/v1/list') as Promise<ListedVif[]>;
  }

  /** Removes what belongs to VIFs not in `validVifIds`, as OsVifRuntime.gc. */
  gc(validVifIds: Iterable<string>, options: { readonly dryRun?: boolean } = {}): Promise<GcReport> {
    return this.call('POST', '/v1/gc', { valid_vif_ids: [...validVifIds], dry_run: options.dryRun === true }) as Promise<GcReport>;
  }

  /** Whether every plugin of the daemon loaded and can serve, as OsVifRuntime.status. */
  status(): Promise<StatusReport> {
    return this.call('GET', '/v1/status') as Promise<StatusReport>;
  }

  /** The daemon's HostInfo, as OsVifRuntime.hostInfo (asynchronous here). */
  async hostInfo(permittedVifTypes?: readonly string[]): Promise<HostInfo> {
    const body = permittedVifTypes === undefined ? {} : { permitted_vif_types: [...permittedVifTypes] };
    return fromPrimitive(await this.call('POST', '/v1/host-info', body)) as HostInfo;
  }

  /**
   * Negotiates the VIF for a port with the network host at `request.url` from the daemon (and plugs it there with
   * `plugFor`), as `osvif negotiate`: the outcome with every attempt.
   */
  negotiate(request: UrlNegotiation): Promise<UrlNegotiationOutcome> {
    return this.call('POST', '/v1/negotiate', {
      url: request.url,
      port_id: request.portId,
      ...(request.host !== undefined ? { host: request.host } : {}),
      ...(request.permittedVifTypes !== undefined ? { permitted_vif_types: [...request.permittedVifTypes] } : {}),
      ...(request.timeoutMs !== undefined ? { timeout_ms: request.timeoutMs } : {}),
      ...(request.plugFor !== undefined ? { instance_info: primitive(request.plugFor) } : {}),
    }) as Promise<UrlNegotiationOutcome>;
  }

  /** Nothing to release (each call is its own connection); for code written against OsVifRuntime. */
  async close(): Promise<void> {}

  /**
   * One call; an API_BUSY answer (the daemon's api_max_concurrency reached: refused before the request was read,
   * nothing done) is asked again after a short wait, until timeoutMs has passed since the first try.
   */
  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const started = Date.now();
    for (let wait = BUSY_FIRST_WAIT_MS; ; wait = Math.min(wait * 2, BUSY_MAX_WAIT_MS)) {
      try {
        return await this.once(method, path, text, this.timeoutMs - (Date.now() - started));
      } catch (e) {
        const left = this.timeoutMs - (Date.now() - started);
        if ((e as { code?: unknown }).code !== 'API_BUSY' || left <= 0) throw e;
        await new Promise((r) => setTimeout(r, Math.min(left, wait * (0.5 + Math.random()))));
      }
    }
  }

  private once(method: 'GET' | 'POST', path: string, text: string | undefined, timeoutMs: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          socketPath: this.socketPath,
          path,
          method,
          headers: text === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
          timeout: Math.max(1, timeoutMs),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > this.maxReplyBytes) req.destroy(new Error(`answer larger than ${this.maxReplyBytes} bytes`));
            else chunks.push(c);
          });
          res.on('error', (e) => reject(new DaemonUnreachableError(this.socketPath, e.message, { cause: e })));
          res.on('end', () => {
            let value: unknown;
            try {
              value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch {
              return reject(new DaemonUnreachableError(this.socketPath, `HTTP ${res.statusCode}: the answer is not JSON`));
            }
            if (res.statusCode === 200) return resolve(value);
            const error = (value as { error?: ErrorDescription } | null)?.error;
            if (error && typeof error.code === 'string' && typeof error.message === 'string') return reject(errorFromDescription(error));
            reject(new DaemonUnreachableError(this.socketPath, `HTTP ${res.statusCode} without an error`));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (e: NodeJS.ErrnoException) =>
        reject(new DaemonUnreachableError(this.socketPath, e.code ? `${e.code}: ${e.message}` : e.message, { cause: e })),
      );
      req.end(text);
    });
  }
}

/** Waits between API_BUSY retries: from this, doubling, jittered, up to BUSY_MAX_WAIT_MS. */
const BUSY_FIRST_WAIT_MS = 5;
const BUSY_MAX_WAIT_MS = 200;

function primitive(value: unknown): unknown {
  return value instanceof VersionedObject ? value.toPrimitive() : value;
}
