// The osvif daemon (`osvif serve`, docs/daemon.md): one runtime (one OVSDB connection, plugins loaded once)
// serving the API as JSON over HTTP/1.1 on a Unix socket. Callers are identified by the kernel (SO_PEERCRED) and
// refused before their request body is read; requests are bounded in size, time, number and concurrency.
// stop() (SIGTERM) takes nothing new, lets every operation in flight finish (a failed plug rolls itself back)
// and answers it; reload() (SIGHUP) swaps in a runtime of the re-read configuration.
import { chmod } from 'node:fs/promises';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '@osvif/sdk';
import { describeError, objectRegistry } from '@osvif/objects';
import { peerCredentials, sdNotify, type PeerCredentials } from '@osvif/unix-socket';
import type { Config } from '../config/config';
import { RUNTIME_GROUP, RUNTIME_OPTIONS, RuntimeSettings } from '../config/settings';
import { OsVifRuntime } from '../core/runtime';
import { AccessPolicy, accessPolicy, isAllowed } from './access';
import { ApiBadRequestError, ApiBusyError, ApiCallerNotAllowedError, ApiShuttingDownError, DaemonSetupError } from './errors';
import { errorBody, readJsonBody, sendJson, statusesOf } from './http';
import { DaemonMetrics } from './metrics';
import { MetricsEndpoint, parseMetricsAddress, startMetricsEndpoint } from './metrics-endpoint';
import { requestAwareLogger, requestIdOf, withRequestId } from './request-context';
import { ROUTES } from './routes';
import { claimSocketPath, SocketClaim } from './socket-file';

/** What the daemon is built from: how to read the configuration (again, on reload) and where to log. */
export interface DaemonOptions {
  /** Reads the configuration: at start and at each reload(). */
  readonly loadConfig: () => Config;
  /** The daemon's log; the runtime logs through it too, each record with the request's id. */
  readonly logger: Logger;
  /** Builds the runtime of a configuration (default: an OsVifRuntime with the daemon's logger). */
  readonly createRuntime?: (config: Config, logger: Logger) => OsVifRuntime;
}

/** One configuration's runtime and limits; operations hold it until they finish, across a reload. */
interface Generation {
  readonly runtime: OsVifRuntime;
  readonly settings: RuntimeSettings;
  readonly policy: AccessPolicy;
  active: number;
  retired: boolean;
}

/** The metrics path, when `[osvif] metrics_address = socket`. */
const METRICS_PATH = '/metrics';

export class OsVifDaemon {
  private readonly log: Logger;
  private current: Generation | undefined;
  private server: Server | undefined;
  private claim: SocketClaim | undefined;
  private metricsEndpoint: MetricsEndpoint | undefined;
  private readonly metrics = new DaemonMetrics();
  private readonly peers = new WeakMap<Socket, PeerCredentials>();
  /** Connections that sent a request (the others are closed after api_request_timeout). */
  private readonly served = new WeakSet<Socket>();
  private inFlight = 0;
  private idle: (() => void) | undefined;
  private stopping: Promise<void> | undefined;
  /** The socket path served (fixed at start: a reload cannot move it). */
  socketPath = '';

  constructor(private readonly options: DaemonOptions) {
    this.log = requestAwareLogger(options.logger);
  }

  /** Loads the configuration and plugins, claims the socket, listens, then tells systemd READY=1. */
  async start(): Promise<void> {
    const generation = await this.generation();
    const { settings } = generation;
    this.socketPath = settings.api_socket;
    try {
      // Every setting checked before anything is claimed or bound.
      if (settings.metrics_address && settings.metrics_address !== 'socket') parseMetricsAddress(settings.metrics_address);
      this.claim = await claimSocketPath(this.socketPath);
      this.server = this.createServer(settings);
      await new Promise<void>((resolve, reject) => {
        this.server!.once('error', reject);
        this.server!.listen(this.socketPath, () => {
          this.server!.off('error', reject);
          resolve();
        });
      });
      // Anyone may connect; the kernel-reported credentials decide who is answered (access.ts).
      await chmod(this.socketPath, 0o666);
      if (settings.metrics_address && settings.metrics_address !== 'socket')
        this.metricsEndpoint = await startMetricsEndpoint(settings.metrics_address, this.metrics);
    } catch (e) {
      await this.closeListeners();
      await generation.runtime.close();
      throw e instanceof DaemonSetupError || (e as { code?: unknown }).code === 'DAEMON_ALREADY_RUNNING'
        ? e
        : new DaemonSetupError(`cannot serve ${this.socketPath}: ${(e as Error).message}`, { cause: e });
    }
    this.current = generation;
    this.log.info('osvif daemon ready', {
      socket: this.socketPath,
      plugins: generation.runtime.loadedPlugins().map((p) => p.name),
      metrics: settings.metrics_address ?? null,
      pid: process.pid,
    });
    notify('READY=1', this.log);
  }

  private async generation(): Promise<Generation> {
    const config = this.options.loadConfig();
    const settings = config.values(RUNTIME_GROUP, RUNTIME_OPTIONS) as RuntimeSettings;
    const policy = accessPolicy(settings);
    const runtime = this.options.createRuntime?.(config, this.log) ?? new OsVifRuntime({ config, logger: this.log });
    await runtime.initialize();
    return { runtime, settings, policy, active: 0, retired: false };
  }

  /**
   * Re-reads the configuration and loads the plugins again; new requests use them, operations in flight finish
   * on the old runtime (closed after them). The socket path and metrics address stay (restart to move them). A
   * configuration that fails to load keeps the old one, and the error is thrown.
   */
  async reload(): Promise<void> {
    if (!this.current || this.stopping) return;
    notify('RELOADING=1', this.log);
    try {
      const next = await this.generation();
      const old = this.current;
      this.current = next;
      old.retired = true;
      if (old.active === 0) await old.runtime.close();
      if (next.settings.api_socket !== this.socketPath)
        this.log.warn('api_socket changed: the daemon keeps serving the old path until restarted', { socket: this.socketPath });
      this.applyLimits(next.settings);
      this.log.info('configuration reloaded', { plugins: next.runtime.loadedPlugins().map((p) => p.name) });
    } finally {
      notify('READY=1', this.log);
    }
  }

  /** Stops taking requests, waits for the operations in flight and answers them, closes the runtime. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      notify('STOPPING=1', this.log);
      this.log.info('osvif daemon stopping', { in_flight: this.inFlight });
      this.server?.close();
      if (this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
      this.server?.closeIdleConnections();
      await this.current?.runtime.close();
      await this.closeListeners();
      this.log.info('osvif daemon stopped', {});
    })();
    return this.stopping;
  }

  private async closeListeners(): Promise<void> {
    // Also on a failed start, where nothing else closes the listening socket (it would keep the process alive).
    if (this.server?.listening) this.server.close();
    this.server?.closeAllConnections();
    await this.metricsEndpoint?.close();
    this.metrics.close();
    await this.claim?.release();
    this.claim = undefined;
  }

  private createServer(settings: RuntimeSettings): Server {
    const server = createServer(
      {
        requestTimeout: settings.api_request_timeout * 1000,
        headersTimeout: settings.api_request_timeout * 1000,
        keepAliveTimeout: 5000,
        // How often the request and header timeouts are checked (Node's default, 30 s, is too coarse for 1 s limits).
        connectionsCheckingInterval: Math.min(1000, settings.api_request_timeout * 500),
        maxHeaderSize: 16 * 1024,
      },
      (req, res) => void this.handle(req, res),
    );
    server.on('connection', (socket: Socket) => {
      // Node times out a request only from its first byte: a connection that never sends one is dropped here.
      const idle = setTimeout(() => {
        if (!this.served.has(socket)) socket.destroy();
      }, settings.api_request_timeout * 1000).unref();
      socket.once('close', () => clearTimeout(idle));
      try {
        this.peers.set(socket, peerCredentials(socket));
      } catch (e) {
        this.log.warn('API connection without peer credentials: closed', { error: describeError(e) });
        socket.destroy();
      }
    });
    // Malformed HTTP, oversized headers, timeouts: Node's own 400/408/431, then the connection closes.
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
      this.log.debug('API client error', { code: err.code ?? null });
      if (socket.writable && err.code !== 'ECONNRESET')
        socket.end(
          `HTTP/1.1 ${err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request'}\r\nconnection: close\r\n\r\n`,
        );
      else socket.destroy();
    });
    this.server = server;
    this.applyLimits(settings);
    return server;
  }

  private applyLimits(settings: RuntimeSettings): void {
    if (this.server) this.server.maxConnections = settings.api_max_connections;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.served.add(req.socket);
    const requestId = requestIdOf(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    const path = (req.url ?? '/').split('?')[0];
    const peer = this.peers.get(req.socket);
    const generation = this.current!;
    const route = ROUTES[path];
    const operation = route?.operation ?? (path === METRICS_PATH ? 'metrics' : 'unknown');
    const started = performance.now();
    const answer = (status: number, body: unknown, close: boolean, vif?: VifLabels, ran = false): void => {
      sendJson(res, status, body, close || this.stopping !== undefined);
      const outcome = status === 200 ? 'ok' : ((body as { error?: { code?: string } }).error?.code ?? 'error');
      const seconds = (performance.now() - started) / 1000;
      this.metrics.request(operation, status, vif?.plugin ?? '', vif?.vifClass ?? '', outcome, ran ? seconds : undefined);
      this.log.info('API request', {
        request_id: requestId,
        operation,
        status,
        peer_uid: peer?.uid ?? null,
        peer_pid: peer?.pid ?? null,
        duration_ms: Math.round(seconds * 1e6) / 1000,
        ...(status === 200 ? {} : { error: (body as { error?: unknown }).error ?? null }),
      });
    };
    // Refusals come before the body is read; the connection closes after them (its body is never drained).
    const refuse = (e: Error): void => {
      req.pause();
      answer(statusesOf(e).httpStatus, errorBody(e), true);
      res.once('finish', () => req.destroy());
    };
    if (!peer || !isAllowed(generation.policy, peer)) return refuse(new ApiCallerNotAllowedError(peer?.uid ?? -1, peer?.gid ?? -1));
    if (this.stopping) return refuse(new ApiShuttingDownError());
    if (path === METRICS_PATH && generation.settings.metrics_address === 'socket' && req.method === 'GET') {
      const text = await this.metrics.text();
      res.writeHead(200, { 'content-type': this.metrics.registry.contentType });
      res.end(text);
      return;
    }
    if (!route) return refuse(new ApiBadRequestError(`no such path: ${path.slice(0, 100)} (docs/daemon.md lists the API)`, 404));
    if (!(route.methods as readonly string[]).includes(req.method ?? ''))
      return refuse(new ApiBadRequestError(`${String(req.method).slice(0, 16)} ${path}: use ${route.methods.join(' or ')}`, 405));
    if (this.inFlight >= generation.settings.api_max_concurrency) return refuse(new ApiBusyError(generation.settings.api_max_concurrency));

    this.inFlight++;
    this.metrics.inFlight.set(this.inFlight);
    generation.active++;
    let vif: VifLabels | undefined;
    try {
      const body = await readJsonBody(req, generation.settings.api_max_body_bytes);
      vif = vifLabels(body.vif, generation.runtime);
      const result = await withRequestId(requestId, () => route.run({ runtime: generation.runtime, body }));
      answer(200, result ?? null, false, vif, true);
    } catch (e) {
      const ran = vif !== undefined || !(e instanceof ApiBadRequestError || (e as { code?: unknown }).code === 'API_PAYLOAD_TOO_LARGE');
      answer(statusesOf(e).httpStatus, errorBody(e), false, vif, ran);
    } finally {
      generation.active--;
      if (generation.retired && generation.active === 0) await generation.runtime.close();
      this.inFlight--;
      this.metrics.inFlight.set(this.inFlight);
      if (this.inFlight === 0) this.idle?.();
    }
  }
}

interface VifLabels {
  readonly plugin: string;
  readonly vifClass: string;
}

/** The plugin and VIF class a request names (for the metrics' labels), from the primitive as sent. */
/** Only names the daemon knows become labels ('other' else): a caller cannot grow the metrics without bound. */
function vifLabels(vif: unknown, runtime: OsVifRuntime): VifLabels | undefined {
  if (vif === null || typeof vif !== 'object') return undefined;
  const p = vif as Record<string, unknown>;
  const data = p['versioned_object.data'] as Record<string, unknown> | undefined;
  const plugin = typeof data?.plugin === 'string' && runtime.loadedPlugins().some((l) => l.name === data.plugin) ? data.plugin : 'other';
  const name = p['versioned_object.name'];
  return { plugin, vifClass: typeof name === 'string' && objectRegistry.get(name) ? name : 'other' };
}

/** sd_notify, when started by systemd with Type=notify; a failure to notify is logged, not fatal. */
function notify(state: string, log: Logger): void {
  try {
    sdNotify(state);
  } catch (e) {
    log.warn('sd_notify failed', { state, error: describeError(e) });
  }
}
