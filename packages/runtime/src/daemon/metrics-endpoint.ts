// `[osvif] metrics_address = host:port`: Prometheus metrics over HTTP on a loopback TCP address only (the
// metrics name VIF classes and plugins; the API socket's allowlist does not apply here).
import { createServer, Server } from 'node:http';
import { isIP } from 'node:net';
import { DaemonSetupError } from './errors';
import type { DaemonMetrics } from './metrics';

/** The listening metrics server. */
export interface MetricsEndpoint {
  readonly port: number;
  close(): Promise<void>;
}

/** `127.0.0.1:9464`, `[::1]:9464` or `localhost:9464` as host and port; anything not loopback is refused. */
export function parseMetricsAddress(address: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(address.trim());
  const host = m ? (m[1] ?? m[2]) : '';
  const port = m ? Number(m[3]) : NaN;
  const loopback = host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
  if (!m || port > 65535 || !loopback)
    throw new DaemonSetupError(
      `[osvif] metrics_address ${JSON.stringify(address)}: expected socket or a loopback host:port such as 127.0.0.1:9464`,
    );
  return { host, port };
}

/** Serves GET /metrics at the address. */
export async function startMetricsEndpoint(address: string, metrics: DaemonMetrics): Promise<MetricsEndpoint> {
  const { host, port } = parseMetricsAddress(address);
  const server: Server = createServer({ requestTimeout: 10_000, headersTimeout: 10_000 }, (req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('GET /metrics\n');
      return;
    }
    metrics.text().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  server.maxConnections = 16;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new DaemonSetupError(`metrics_address ${address}: ${e.message}`, { cause: e })));
    server.listen(port, host, resolve);
  });
  const bound = server.address();
  return {
    port: typeof bound === 'object' && bound ? bound.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
