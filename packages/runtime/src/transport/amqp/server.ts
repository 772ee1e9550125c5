// The network host's side of the AMQP transport, as an oslo.messaging RPC server: it declares the
// queues oslo.messaging's rabbit driver declares for a Target(topic, server) (AMQPDriverBase.listen):
// `topic` and `topic.server` bound to the topic exchange, and `topic_fanout_<uuid>` on the fanout
// exchange `topic_fanout`. Several servers on one topic are competing consumers of the `topic` queue.
// negotiate_host_info(host_info, binding) is answered by the same RequestHandler the HTTP handler
// uses (HostInfoResponder); its reply, vif or error, is the RPC result. Calls that are not ours
// (another method, API major, namespace) get the failure oslo.messaging's dispatcher would send.
import { hostname } from 'node:os';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { Logger } from '@osvif/sdk';
import { describeError, toLogger, type RequestHandler } from '@osvif/objects';
import { BrokerConnection } from './connection';
import type { AmqpReconnectOptions } from './options';
import { hexId, unwrap, wrap } from './envelope';
import { AmqpConfigError, AmqpConnectionError } from './errors';
import { NEGOTIATE_METHOD, TRANSIENT_QUEUE_TTL_MS } from './rpc';
import { parseAmqpUrl } from './url';

/** Options of startAmqpNegotiationServer. Topic, exchange and server given here override the URL's. */
export interface AmqpNegotiationServerOptions {
  /** `amqp://user:pass@host:port/vhost?topic=T[&exchange=E][&server=S]`. */
  readonly url: string;
  /** The RPC topic served (required here or in the URL). */
  readonly topic?: string;
  /** The topic exchange (oslo.messaging control_exchange); default "openstack". */
  readonly exchange?: string;
  /** This server's name: it also serves `topic.server`. Default os.hostname(). */
  readonly server?: string;
  /** The RPC namespace served (oslo Target.namespace); default none: calls must carry none. */
  readonly namespace?: string;
  /** Largest request accepted; default 1 MiB (larger ones are dropped unanswered and logged). */
  readonly maxRequestBytes?: number;
  /** Deepest JSON nesting accepted in a request; default 64. */
  readonly maxJsonDepth?: number;
  /** Requests handled at once (AMQP prefetch; acknowledged once answered); default 16. */
  readonly concurrency?: number;
  /** Durable exchange and topic queues, as oslo.messaging with amqp_durable_queues=True; default false. */
  readonly durable?: boolean;
  /** Reconnect backoff after a lost connection. */
  readonly reconnect?: AmqpReconnectOptions;
  readonly logger?: Logger;
}

/** A running AMQP negotiation server (see startAmqpNegotiationServer). */
export interface AmqpNegotiationServer {
  /** The RPC topic served. */
  readonly topic: string;
  /** This server's name (it also serves `topic.server`). */
  readonly server: string;
  /** The topic exchange its queues are bound to. */
  readonly exchange: string;
  /** Whether the broker connection is up (and the queues declared) now. */
  readonly connected: boolean;
  /** Resolves once connected and consuming (rejects after timeoutMs, default 30 s). */
  ready(timeoutMs?: number): Promise<void>;
  /** Stops consuming and closes the connection; requests being answered are dropped. */
  close(): Promise<void>;
}

type Failure = { class: string; module: string; message: string };

/** oslo.messaging's dispatcher failures, so that a Python client raises what it would against a Python server. */
const noSuchMethod = (method: string): Failure => ({
  class: 'NoSuchMethod',
  module: 'oslo_messaging.rpc.dispatcher',
  message: `Endpoint does not support RPC method ${method.slice(0, 100)}`,
});
const unsupportedVersion = (version: string): Failure => ({
  class: 'UnsupportedVersion',
  module: 'oslo_messaging.rpc.dispatcher',
  message: `Endpoint does not support RPC version ${version.slice(0, 40)}. Attempted method: ${NEGOTIATE_METHOD}`,
});

const PROPERTIES = { contentType: 'application/json', contentEncoding: 'utf-8' };

/** Reply queue names as oslo.messaging makes them; anything else is not answered. */
const REPLY_QUEUE = /^[A-Za-z0-9_.:-]{1,200}$/;

/**
 * Serves negotiate_host_info on `topic` with `responder` (a HostInfoResponder, or anything with
 * handle(request) -> reply). Resolves once the connection is being made; `ready()` waits for it.
 */
export async function startAmqpNegotiationServer(
  responder: RequestHandler,
  options: AmqpNegotiationServerOptions,
): Promise<AmqpNegotiationServer> {
  const endpoint = parseAmqpUrl(options.url);
  const url = endpoint.display;
  const topic = options.topic ?? endpoint.topic;
  if (topic === undefined) throw new AmqpConfigError(url, 'no topic: give ?topic= in the URL or the topic option');
  const exchange = options.exchange ?? endpoint.exchange;
  const server = options.server ?? endpoint.server ?? hostname();
  const maxBytes = options.maxRequestBytes ?? 1024 * 1024;
  const maxDepth = options.maxJsonDepth ?? 64;
  const concurrency = options.concurrency ?? 16;
  const durable = options.durable ?? false;
  if (!(maxBytes > 0) || !(maxDepth > 0) || !(Number.isInteger(concurrency) && concurrency > 0))
    throw new AmqpConfigError(url, 'maxRequestBytes, maxJsonDepth and concurrency must be > 0');
  const log = toLogger(options.logger);
  const fanoutQueue = `${topic}_fanout_${hexId()}`;

  const reply = (ch: Channel, replyQ: string, msgId: string, result: unknown, failure?: Failure): void => {
    const body = wrap({
      result: failure ? null : result,
      failure: failure ? JSON.stringify({ ...failure, tb: [], args: [failure.message], kwargs: {} }) : null,
      ending: true,
      _msg_id: msgId,
      _unique_id: hexId(),
    });
    ch.publish('', replyQ, body, PROPERTIES);
  };

  const onMessage = async (ch: Channel, m: ConsumeMessage): Promise<void> => {
    let msg: Record<string, unknown>;
    try {
      msg = unwrap(m.content, { maxBytes, maxDepth });
    } catch (e) {
      log?.warn('unreadable AMQP request dropped', { topic, reason: e instanceof Error ? e.message : String(e) });
      return;
    }
    const msgId = msg._msg_id;
    const replyQ = msg._reply_q;
    // A cast (no _msg_id / _reply_q) needs no answer; a negotiation is only useful as a call.
    if (typeof msgId !== 'string' || typeof replyQ !== 'string' || !REPLY_QUEUE.test(replyQ) || msgId.length > 200) {
      log?.warn('AMQP request without a usable _msg_id/_reply_q dropped', { topic });
      return;
    }
    const method = typeof msg.method === 'string' ? msg.method : '';
    const version = typeof msg.version === 'string' ? msg.version : '1.0';
    const namespace = msg.namespace ?? undefined;
    if (method !== NEGOTIATE_METHOD) return reply(ch, replyQ, msgId, null, noSuchMethod(method));
    if (version.split('.')[0] !== '1' || namespace !== options.namespace)
      return reply(ch, replyQ, msgId, null, unsupportedVersion(version));
    // A client with a call-monitor timeout (oslo's _timeout, whole seconds) gives up unless it hears from
    // us every _timeout seconds: send oslo's heartbeat (ending: false, no result) every _timeout / 2 s, as
    // oslo.messaging's dispatcher does (not below 1 s).
    const monitor = Number(msg._timeout);
    const heartbeat =
      Number.isInteger(monitor) && monitor >= 2
        ? setInterval(
            () => {
              try {
                ch.publish(
                  '',
                  replyQ,
                  wrap({ result: null, failure: null, ending: false, _msg_id: msgId, _unique_id: hexId() }),
                  PROPERTIES,
                );
              } catch {
                // the channel is gone: the client times out as it would
              }
            },
            (monitor / 2) * 1000,
          )
        : undefined;
    let answer: unknown;
    try {
      answer = await responder.handle(msg.args ?? {});
    } catch (e) {
      // HostInfoResponder never rejects; another RequestHandler might.
      log?.error('negotiation handler failed', { error: describeError(e) });
      answer = { error: { type: 'InternalError', message: 'the network host failed to process the request' } };
    } finally {
      clearInterval(heartbeat);
    }
    reply(ch, replyQ, msgId, answer);
  };

  const setup = async (ch: Channel): Promise<void> => {
    await ch.assertExchange(exchange, 'topic', { durable, autoDelete: false });
    await ch.prefetch(concurrency);
    const fanoutExchange = `${topic}_fanout`;
    await ch.assertExchange(fanoutExchange, 'fanout', { durable: false, autoDelete: true });
    const queues: [string, string, string, Record<string, unknown>][] = [
      [topic, exchange, topic, { durable, autoDelete: false }],
      [`${topic}.${server}`, exchange, `${topic}.${server}`, { durable, autoDelete: false }],
      [fanoutQueue, fanoutExchange, topic, { durable: false, autoDelete: false, arguments: { 'x-expires': TRANSIENT_QUEUE_TTL_MS } }],
    ];
    for (const [queue, source, key, opts] of queues) {
      await ch.assertQueue(queue, opts);
      await ch.bindQueue(queue, source, key);
    }
    for (const [queue] of queues)
      await ch.consume(queue, (m) => {
        // The broker cancelled the consumer (queue deleted): a new connection declares and consumes again.
        if (m === null) {
          ch.close().catch(() => undefined);
          return;
        }
        onMessage(ch, m)
          .catch((e: unknown) => log?.error('AMQP request failed', { topic, error: describeError(e) }))
          .finally(() => {
            try {
              ch.ack(m);
            } catch {
              // the channel is gone; the broker requeues the request for another server
            }
          });
      });
  };

  const connection = new BrokerConnection(endpoint, setup, () => undefined, options.reconnect, log);
  await connection.open();
  log?.info('AMQP negotiation server starting', { url, topic, server, exchange });
  return {
    topic,
    server,
    exchange,
    get connected() {
      return connection.connected;
    },
    async ready(timeoutMs = 30_000) {
      try {
        await connection.channelWhenReady(AbortSignal.timeout(timeoutMs));
      } catch {
        throw new AmqpConnectionError(url, `not connected within ${timeoutMs} ms: ${connection.lastError?.message ?? 'no answer'}`);
      }
    },
    async close() {
      // The fanout queue is this server's alone (the topic queues are shared, as with oslo.messaging).
      await connection
        .current()
        ?.deleteQueue(fanoutQueue)
        .catch(() => undefined);
      await connection.close();
    },
  };
}
