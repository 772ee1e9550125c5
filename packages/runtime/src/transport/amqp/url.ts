// The broker URL of the AMQP transport: amqp://user:pass@host:port/vhost?topic=T[&exchange=E][&server=S].
// rabbit:// (oslo.messaging's transport_url scheme) is read as amqp://; amqps:// uses TLS. The vhost is the
// path without its leading "/" ("/" when empty, as oslo.messaging/kombu do); heartbeat and frame_max
// query parameters go to the AMQP connection.
import type { Options } from 'amqplib';
import { AmqpConfigError } from './errors';
import { DEFAULT_CONTROL_EXCHANGE } from './rpc';

/** A parsed broker URL: how to connect, and where calls go. */
export interface AmqpEndpoint {
  readonly connect: Options.Connect;
  /** The URL without the password, for messages and logs. */
  readonly display: string;
  /** The topic exchange (oslo.messaging's control_exchange). */
  readonly exchange: string;
  /** The RPC topic (oslo.messaging Target.topic); undefined when the URL has none. */
  readonly topic?: string;
  /** The RPC server name (Target.server): calls then go to `topic.server`. */
  readonly server?: string;
}

/** Topic, exchange and server names: printable, no spaces, at most 255 bytes (AMQP short strings). */
const NAME = /^[A-Za-z0-9_.:@-]{1,200}$/;

function nonNegativeInt(url: string, key: string, raw: string | null): number | undefined {
  if (raw === null) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new AmqpConfigError(url, `${key} must be a non-negative integer`);
  return n;
}

/** Parses an amqp://, amqps:// or rabbit:// URL; throws AmqpConfigError naming what is wrong. */
export function parseAmqpUrl(raw: string): AmqpEndpoint {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AmqpConfigError('(unparseable URL)', 'not a URL');
  }
  const safe = new URL(url.href);
  if (safe.password) safe.password = '***';
  const display = safe.href;
  const scheme = url.protocol.slice(0, -1);
  if (scheme !== 'amqp' && scheme !== 'amqps' && scheme !== 'rabbit')
    throw new AmqpConfigError(display, `unsupported URL scheme ${url.protocol} (amqp:, amqps: or rabbit:)`);
  if (!url.hostname) throw new AmqpConfigError(display, 'the URL has no host');
  const q = url.searchParams;
  for (const key of q.keys())
    if (!['topic', 'exchange', 'server', 'heartbeat', 'frame_max'].includes(key))
      throw new AmqpConfigError(display, `unknown query parameter ${key.slice(0, 40)}`);
  const pick = (key: string): string | undefined => {
    const v = q.get(key);
    if (v === null) return undefined;
    if (!NAME.test(v)) throw new AmqpConfigError(display, `${key} must be 1-200 characters of [A-Za-z0-9_.:@-]`);
    return v;
  };
  const topic = pick('topic');
  const server = pick('server');
  const exchange = pick('exchange') ?? DEFAULT_CONTROL_EXCHANGE;
  const vhostPath = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const protocol = scheme === 'amqps' ? 'amqps' : 'amqp';
  const connect: Options.Connect = {
    protocol,
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : protocol === 'amqps' ? 5671 : 5672,
    username: url.username ? decodeURIComponent(url.username) : 'guest',
    password: url.password ? decodeURIComponent(url.password) : 'guest',
    vhost: vhostPath === '' ? '/' : vhostPath,
    heartbeat: nonNegativeInt(display, 'heartbeat', q.get('heartbeat')) ?? 60,
    ...(q.get('frame_max') !== null ? { frameMax: nonNegativeInt(display, 'frame_max', q.get('frame_max')) } : {}),
  };
  return { connect, display, exchange, ...(topic !== undefined ? { topic } : {}), ...(server !== undefined ? { server } : {}) };
}
