// The service host's NegotiationTransport over AMQP 0-9-1, as an oslo.messaging RPC client: each
// exchange is an RPC call negotiate_host_info(host_info, binding) published to the topic exchange
// (control_exchange, default "openstack") with routing key `topic` (or `topic.server`); the reply
// comes back on this transport's own queue reply_<uuid>. Bounded: one deadline per call (waiting for
// the broker included), reply size and JSON depth checked before parsing. A lost connection fails
// every call in flight at once with AmqpConnectionError; the connection recovers in the background.
import type { Channel, ConsumeMessage, Message } from 'amqplib';
import type { Logger } from '@osvif/sdk';
import { toLogger, type ExchangeOptions, type HostInfoRequest, type NegotiationTransport } from '@osvif/objects';
import { BrokerConnection } from './connection';
import type { AmqpReconnectOptions } from './options';
import { EnvelopeError, hexId, readFailure, unwrap, wrap } from './envelope';
import {
  AmqpAbortedError,
  AmqpBadReplyError,
  AmqpConfigError,
  AmqpConnectionError,
  AmqpNoRouteError,
  AmqpReplyTooLargeError,
  AmqpTimeoutError,
  type AmqpTransportError,
} from './errors';
import { NEGOTIATE_METHOD, RPC_API_VERSION, replyOfFailure, TRANSIENT_QUEUE_TTL_MS } from './rpc';
import { parseAmqpUrl, type AmqpEndpoint } from './url';

/** Options of AmqpNegotiationTransport. Topic, exchange and server given here override the URL's. */
export interface AmqpTransportOptions {
  /** `amqp://user:pass@host:port/vhost?topic=T[&exchange=E][&server=S]` (also amqps://, rabbit://). */
  readonly url: string;
  /** The network host's RPC topic (required here or in the URL). */
  readonly topic?: string;
  /** The topic exchange (oslo.messaging control_exchange); default "openstack". */
  readonly exchange?: string;
  /** Send to one network host's `topic.server` queue instead of the shared topic queue. */
  readonly server?: string;
  /** The RPC namespace (oslo Target.namespace); default none. */
  readonly namespace?: string;
  /** Deadline of each exchange, waiting for the broker included; default 10 s. */
  readonly timeoutMs?: number;
  /** Largest reply accepted; default 1 MiB. */
  readonly maxReplyBytes?: number;
  /** Deepest JSON nesting accepted in a reply; default 64. */
  readonly maxJsonDepth?: number;
  /** Declare the exchange durable, as oslo.messaging does with amqp_durable_queues=True; default false. */
  readonly durable?: boolean;
  /** Reconnect backoff after a lost connection. */
  readonly reconnect?: AmqpReconnectOptions;
  readonly logger?: Logger;
}

interface Pending {
  result: unknown;
  settle(err: AmqpTransportError | undefined, value?: unknown): void;
}

/** The service host's NegotiationTransport over an AMQP broker, speaking oslo.messaging's rabbit driver format. */
export class AmqpNegotiationTransport implements NegotiationTransport {
  /** The network host's RPC topic. */
  readonly topic: string;
  /** The topic exchange calls are published to. */
  readonly exchangeName: string;
  /** The network host addressed (`topic.server`), or undefined for the shared topic queue. */
  readonly server: string | undefined;
  /** Deadline of each exchange (ms). */
  readonly timeoutMs: number;
  /** Largest reply accepted (bytes). */
  readonly maxReplyBytes: number;
  /** Deepest JSON nesting accepted in a reply. */
  readonly maxJsonDepth: number;
  /** The URL without its password. */
  readonly url: string;
  private readonly endpoint: AmqpEndpoint;
  private readonly replyQueue = `reply_${hexId()}`;
  private readonly pending = new Map<string, Pending>();
  private readonly connection: BrokerConnection;
  private opening: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: AmqpTransportOptions) {
    this.endpoint = parseAmqpUrl(options.url);
    this.url = this.endpoint.display;
    const topic = options.topic ?? this.endpoint.topic;
    if (topic === undefined) throw new AmqpConfigError(this.url, 'no topic: give ?topic= in the URL or the topic option');
    this.topic = topic;
    this.exchangeName = options.exchange ?? this.endpoint.exchange;
    this.server = options.server ?? this.endpoint.server;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxReplyBytes = options.maxReplyBytes ?? 1024 * 1024;
    this.maxJsonDepth = options.maxJsonDepth ?? 64;
    if (!(this.timeoutMs > 0)) throw new AmqpConfigError(this.url, 'timeoutMs must be > 0');
    if (!(this.maxReplyBytes > 0)) throw new AmqpConfigError(this.url, 'maxReplyBytes must be > 0');
    if (!(this.maxJsonDepth > 0)) throw new AmqpConfigError(this.url, 'maxJsonDepth must be > 0');
    this.connection = new BrokerConnection(
      this.endpoint,
      (ch) => this.setup(ch),
      (err) => this.failAll(new AmqpConnectionError(this.url, `lost while the call was in flight: ${err.message}`, { cause: err })),
      options.reconnect,
      toLogger(options.logger),
    );
  }

  /** Whether the broker connection is up now. */
  get connected(): boolean {
    return this.connection.connected;
  }

  private async setup(ch: Channel): Promise<void> {
    await ch.assertExchange(this.exchangeName, 'topic', { durable: this.options.durable ?? false, autoDelete: false });
    // The reply queue as oslo.messaging declares it (declare_direct_consumer): default exchange, expiring when unused.
    await ch.assertQueue(this.replyQueue, { durable: false, autoDelete: false, arguments: { 'x-expires': TRANSIENT_QUEUE_TTL_MS } });
    await ch.consume(
      this.replyQueue,
      (m) => {
        // The broker cancelled the consumer (reply queue deleted): a new connection declares it again.
        if (m === null) ch.close().catch(() => undefined);
        else this.onReply(m);
      },
      { noAck: true },
    );
    ch.on('return', (m: Message) => this.onReturned(m));
  }

  /**
   * One RPC call negotiate_host_info(host_info, binding): resolves with its result (the negotiation reply),
   * or with the error reply an oslo failure stands for; rejects with an AmqpTransportError.
   */
  exchange(request: HostInfoRequest, options: ExchangeOptions = {}): Promise<unknown> {
    if (this.closed) return Promise.reject(new AmqpAbortedError(this.url, 'the transport is closed'));
    if (options.signal?.aborted) return Promise.reject(new AmqpAbortedError(this.url));
    this.opening ??= this.connection.open();
    const msgId = hexId();
    const wait = new AbortController();
    return new Promise<unknown>((resolve, reject) => {
      let settled = false;
      const finish = (err: AmqpTransportError | undefined, value?: unknown): void => {
        if (settled) return;
        settled = true;
        this.pending.delete(msgId);
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        wait.abort();
        if (err) reject(err);
        else resolve(value);
      };
      const entry: Pending = { result: null, settle: finish };
      this.pending.set(msgId, entry);
      const timer = setTimeout(
        () => finish(new AmqpTimeoutError(this.url, this.timeoutMs, this.connection.connected, this.brokerProblem())),
        this.timeoutMs,
      );
      const onAbort = (): void => finish(new AmqpAbortedError(this.url));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const deadline = Date.now() + this.timeoutMs;
      this.opening!.then(() => this.connection.channelWhenReady(wait.signal))
        .then((ch) => {
          if (!this.pending.has(msgId)) return;
          this.publish(ch, msgId, request, Math.max(1, deadline - Date.now()));
        })
        .catch((e: unknown) => {
          if (this.pending.has(msgId)) finish(new AmqpConnectionError(this.url, e instanceof Error ? e.message : String(e), { cause: e }));
        });
    });
  }

  private publish(ch: Channel, msgId: string, request: HostInfoRequest, ttlMs: number): void {
    const message: Record<string, unknown> = {
      method: NEGOTIATE_METHOD,
      args: { host_info: request.host_info, binding: request.binding },
      version: RPC_API_VERSION,
      ...(this.options.namespace !== undefined ? { namespace: this.options.namespace } : {}),
      _msg_id: msgId,
      _reply_q: this.replyQueue,
      _timeout: null,
      _unique_id: hexId(),
    };
    const routingKey = this.server !== undefined ? `${this.topic}.${this.server}` : this.topic;
    // mandatory: a call no queue takes comes back at once (AmqpNoRouteError) instead of timing out;
    // expiration: a call still queued when its caller gave up is dropped by the broker.
    ch.publish(this.exchangeName, routingKey, wrap(message), {
      contentType: 'application/json',
      contentEncoding: 'utf-8',
      messageId: msgId,
      mandatory: true,
      expiration: String(Math.ceil(ttlMs)),
    });
  }

  private onReturned(m: Message): void {
    const id = typeof m.properties.messageId === 'string' ? m.properties.messageId : undefined;
    const entry = id !== undefined ? this.pending.get(id) : undefined;
    entry?.settle(new AmqpNoRouteError(this.url, this.exchangeName, m.fields.routingKey));
  }

  private onReply(m: ConsumeMessage): void {
    let reply: Record<string, unknown>;
    try {
      reply = unwrap(m.content, { maxBytes: this.maxReplyBytes, maxDepth: this.maxJsonDepth });
    } catch (e) {
      const entry = this.attribute(m.content);
      const reason = e instanceof Error ? e.message : String(e);
      if (!entry) {
        toLogger(this.options.logger)?.warn('unreadable AMQP reply dropped', { url: this.url, reason });
        return;
      }
      entry.settle(
        m.content.length > this.maxReplyBytes
          ? new AmqpReplyTooLargeError(this.url, this.maxReplyBytes)
          : new AmqpBadReplyError(this.url, e instanceof EnvelopeError ? reason : 'unreadable'),
      );
      return;
    }
    const msgId = reply._msg_id;
    const entry = typeof msgId === 'string' ? this.pending.get(msgId) : undefined;
    if (!entry) return; // a late reply to a call that already ended, or a duplicate
    const failure = reply.failure != null ? readFailure(reply.failure, this.maxJsonDepth) : undefined;
    if (failure) {
      entry.settle(undefined, replyOfFailure(failure));
      return;
    }
    if (reply.result !== undefined && reply.result !== null) entry.result = reply.result;
    // oslo.messaging < 5.x sends the result, then an empty {ending: true}; newer ones send both at once.
    // A reply with neither result nor ending is a call-monitor heartbeat: keep waiting.
    if (reply.ending === true || reply.ending === undefined) {
      if (entry.result === null) entry.settle(new AmqpBadReplyError(this.url, 'the reply has no result'));
      else entry.settle(undefined, entry.result);
    }
  }

  /** The pending call a reply we could not parse belongs to, found by its _msg_id without parsing. */
  private attribute(body: Buffer): Pending | undefined {
    const text = body.toString('latin1');
    for (const m of text.matchAll(/_msg_id\\*"\s*:\s*\\*"([0-9a-f]{32})/g)) {
      const entry = this.pending.get(m[1]!);
      if (entry) return entry;
    }
    return undefined;
  }

  /** Why the broker is unreachable, when it is. */
  private brokerProblem(): string | undefined {
    return this.connection.connected ? undefined : this.connection.lastError?.message.slice(0, 200);
  }

  private failAll(err: AmqpTransportError): void {
    for (const entry of [...this.pending.values()]) entry.settle(err);
  }

  /** Fails the calls in flight (AmqpAbortedError) and closes the broker connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failAll(new AmqpAbortedError(this.url, 'the transport was closed'));
    await this.opening?.catch(() => undefined);
    // The reply queue is ours alone: remove it now rather than leave it to x-expires.
    await this.connection
      .current()
      ?.deleteQueue(this.replyQueue)
      .catch(() => undefined);
    await this.connection.close();
  }
}
