// A negotiation with the network host named by a URL, as `osvif negotiate` runs it in-process and the daemon's
// /v1/negotiate runs it for a caller: the transport chosen by the URL's scheme (HTTP(S), or AMQP in oslo.messaging's
// rabbit format), the HostInfo exchange, and optionally the plug of the VIF answered. One place, so both give the
// same outcome and the same typed errors.
import { NegotiationTransportError, OsvifError, type NegotiationTransport } from '@osvif/objects';
import type { OsVifRuntime } from '../core/runtime';

/** The network host could not be reached or gave no usable reply (the transport's error is the cause). */
export class NetworkHostUnreachableError extends OsvifError {
  static readonly code = 'NETWORK_HOST_UNREACHABLE';
  constructor(
    readonly url: string,
    cause: Error,
  ) {
    super(NetworkHostUnreachableError.code, `cannot negotiate with ${url}: ${cause.message}`, { cause });
  }
}

/** The network host's URL is not one a transport takes (not a URL, or a scheme none serves). */
export class NetworkHostUrlError extends OsvifError {
  static readonly code = 'NETWORK_HOST_URL';
  constructor(reason: string) {
    super(NetworkHostUrlError.code, `network host URL: ${reason}`);
  }
}

/** What to negotiate: the network host, the port, and what to offer. */
export interface UrlNegotiation {
  readonly url: string;
  readonly portId: string;
  readonly host?: string;
  readonly permittedVifTypes?: readonly string[];
  /** Time allowed for each exchange (default 10000 ms). */
  readonly timeoutMs?: number;
  /** Plug the VIF answered, for this instance (an InstanceInfo or its primitive). */
  readonly plugFor?: unknown;
}

/** The outcome as JSON: the plugin, the VIF primitive, whether it was plugged, and every attempt. */
export interface UrlNegotiationOutcome {
  readonly plugin: string;
  readonly vif: Record<string, unknown>;
  readonly plugged: boolean;
  readonly attempts: ReadonlyArray<{
    readonly sent_versions: Readonly<Record<string, string>>;
    readonly manifest?: Readonly<Record<string, string>>;
    readonly request: unknown;
    readonly reply: unknown;
  }>;
}

/** The URL as errors may show it: a password replaced by `***`. */
export function withoutPassword(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** HTTP(S), or AMQP (amqp:, amqps:, rabbit:; docs/amqp.md). */
function transportFor(url: string, timeoutMs: number): NegotiationTransport & { close?(): Promise<void> } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NetworkHostUrlError(`${JSON.stringify(url)} is not a URL`);
  }
  if (parsed.protocol === 'amqp:' || parsed.protocol === 'amqps:' || parsed.protocol === 'rabbit:') {
    const { AmqpNegotiationTransport } = require('./amqp/client') as typeof import('./amqp/client');
    return new AmqpNegotiationTransport({ url, timeoutMs });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new NetworkHostUrlError(`the ${parsed.protocol} scheme is not supported (http:, https:, amqp:, amqps:, rabbit:)`);
  const { HttpNegotiationTransport } = require('./http-client') as typeof import('./http-client');
  return new HttpNegotiationTransport({ url, timeoutMs });
}

/**
 * Negotiates with the network host at `url` for the port (negotiateVif), then plugs the VIF when `plugFor` is
 * given. A transport failure is a NetworkHostUnreachableError naming the URL without its password.
 */
export async function negotiateWithUrl(runtime: OsVifRuntime, n: UrlNegotiation): Promise<UrlNegotiationOutcome> {
  const transport = transportFor(n.url, n.timeoutMs ?? 10_000);
  const { negotiateVif } = require('./service-host') as typeof import('./service-host');
  try {
    const binding = { port_id: n.portId, ...(n.host !== undefined ? { host: n.host } : {}) };
    const outcome = await negotiateVif(
      runtime,
      transport,
      binding,
      n.permittedVifTypes ? { permittedVifTypes: n.permittedVifTypes } : {},
    ).catch((e: unknown) => {
      throw e instanceof NegotiationTransportError ? new NetworkHostUnreachableError(withoutPassword(n.url), e) : e;
    });
    if (n.plugFor !== undefined) await runtime.plug(outcome.vif, n.plugFor);
    return {
      plugin: outcome.plugin,
      vif: outcome.vif.toPrimitive() as unknown as Record<string, unknown>,
      plugged: n.plugFor !== undefined,
      attempts: outcome.attempts.map((a) => ({
        sent_versions: a.sentVersions,
        ...(a.manifest ? { manifest: a.manifest } : {}),
        request: a.request,
        reply: a.reply,
      })),
    };
  } finally {
    await transport.close?.();
  }
}
