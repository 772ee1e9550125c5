// One broker connection with one channel, kept up by amqplib's recovery (exponential backoff with
// jitter). `setup` runs on every (re)connection, before the connection counts as up: it declares the
// owner's exchanges, queues and consumers again (a restarted broker has forgotten non-durable ones).
// A channel error (e.g. a 406 from a declare) closes the connection, which then reconnects: a channel
// is never left dead under a live connection.
import * as amqp from 'amqplib';
import type { Logger } from '@osvif/sdk';
import { describeError } from '@osvif/objects';
import type { AmqpReconnectOptions } from './options';
import type { AmqpEndpoint } from './url';

interface Waiter {
  resolve(ch: amqp.Channel): void;
  reject(e: Error): void;
}

export class BrokerConnection {
  private model: amqp.RecoveringChannelModel | undefined;
  private channel: amqp.Channel | undefined;
  private waiters = new Set<Waiter>();
  private closed = false;
  /** Why the last attempt failed, for timeouts' messages and logs. */
  lastError: Error | undefined;

  constructor(
    private readonly endpoint: AmqpEndpoint,
    private readonly setup: (channel: amqp.Channel) => Promise<void>,
    private readonly onDisconnect: (err: Error) => void,
    private readonly reconnect: AmqpReconnectOptions = {},
    private readonly log?: Logger,
  ) {}

  get connected(): boolean {
    return this.channel !== undefined;
  }

  /** Starts connecting (in the background, retried forever until close()). */
  async open(): Promise<void> {
    if (this.model || this.closed) return;
    this.model = await amqp.connect(this.endpoint.connect, {
      timeout: 5000,
      // amqplib leaves Nagle's algorithm on: a server's reply then its ack (two small writes), or a call's
      // frames, wait for the broker's delayed ACK (40 ms on Linux). With Nagle on, one worker answered ~360
      // calls/s (prefetch 16 / ~44 ms) in the fleet bench; with noDelay, ~4x that (BENCHMARKS.md, fleet scale).
      noDelay: true,
      recovery: {
        initialDelay: this.reconnect.initialDelayMs ?? 100,
        maxDelay: this.reconnect.maxDelayMs ?? 5000,
        factor: 2,
        jitter: 0.2,
        waitForConnect: false,
        setup: (model: amqp.ChannelModel) => this.onConnect(model),
      },
    });
    this.model.on('disconnect', (err: Error) => {
      this.channel = undefined;
      this.lastError = err;
      this.log?.warn('AMQP connection lost; reconnecting', { url: this.endpoint.display, error: describeError(err) });
      this.onDisconnect(err);
    });
    this.model.on('reconnect-scheduled', (info: { attempt: number; delay: number; error: Error }) => {
      this.lastError = info.error;
      this.log?.debug('AMQP reconnect scheduled', { url: this.endpoint.display, attempt: info.attempt, delayMs: info.delay });
    });
    this.model.on('connect', () => {
      this.log?.info('AMQP connected', { url: this.endpoint.display });
      const ch = this.channel;
      if (ch) for (const w of this.waiters) w.resolve(ch);
      this.waiters.clear();
    });
    this.model.on('error', (err: Error) => {
      this.lastError = err;
    });
  }

  private async onConnect(model: amqp.ChannelModel): Promise<void> {
    const channel = await model.createChannel();
    const fail = (err?: Error): void => {
      if (this.channel === channel) this.channel = undefined;
      if (err) this.lastError = err;
      // Closing the connection hands recovery the job of building a fresh connection and channel.
      model.close().catch(() => undefined);
    };
    channel.on('error', fail);
    channel.on('close', () => fail());
    await this.setup(channel);
    this.channel = channel;
  }

  /** The channel once connected; rejects if `signal` fires first or the connection is closed. */
  channelWhenReady(signal: AbortSignal): Promise<amqp.Channel> {
    if (this.channel) return Promise.resolve(this.channel);
    if (this.closed) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (ch) => {
          signal.removeEventListener('abort', onAbort);
          resolve(ch);
        },
        reject: (e) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      };
      const onAbort = (): void => {
        this.waiters.delete(waiter);
        reject(new Error('aborted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  /** The channel if connected now. */
  current(): amqp.Channel | undefined {
    return this.channel;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiters) w.reject(new Error('connection closed'));
    this.waiters.clear();
    this.channel = undefined;
    await this.model?.close().catch(() => undefined);
  }
}
