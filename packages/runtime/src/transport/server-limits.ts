// Limits of the Node http(s) server that carries the negotiation handler: the handler alone cannot stop a client
// that never finishes its headers or opens connections by the thousand. Node's defaults are lenient
// (headersTimeout 60 s, no connection limit), so a network host applies these.
/// <reference types="node" preserve="true" />
import type { Server } from 'node:http';

/** Server-level limits for a network host (applyServerLimits). */
export interface ServerLimits {
  /**
   * Time allowed to receive the request headers; default 10 s (Node answers 408 and closes the connection).
   * Node enforces it every `connectionsCheckingInterval` (an option of http.createServer, 30 s by default):
   * pass a shorter one there, e.g. 1000, for the limit to bite on time.
   */
  readonly headersTimeoutMs?: number;
  /** Time allowed to receive the whole request; default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Open connections at most; further ones are closed at once; default 256. */
  readonly maxConnections?: number;
  /** Idle keep-alive connections are closed after this; default 5 s. */
  readonly keepAliveTimeoutMs?: number;
  /** Request headers read at most; default 64. */
  readonly maxHeadersCount?: number;
}

/** Applies `limits` to an http.Server or https.Server (before or after listen) and returns it. */
export function applyServerLimits<S extends Server>(server: S, limits: ServerLimits = {}): S {
  const headers = limits.headersTimeoutMs ?? 10_000;
  const request = limits.requestTimeoutMs ?? 30_000;
  for (const [name, v] of Object.entries({ headersTimeoutMs: headers, requestTimeoutMs: request }))
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`applyServerLimits: ${name} must be a positive integer`);
  server.headersTimeout = headers;
  // Node requires requestTimeout >= headersTimeout when both are set.
  server.requestTimeout = Math.max(request, headers);
  server.maxConnections = limits.maxConnections ?? 256;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs ?? 5_000;
  server.maxHeadersCount = limits.maxHeadersCount ?? 64;
  return server;
}
