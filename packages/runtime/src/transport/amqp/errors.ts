// Failures of the AMQP (oslo.messaging rabbit driver) negotiation transport. The client's extend the
// SDK's NegotiationTransportError, so one catch covers every transport, as for HTTP.
import { NegotiationTransportError } from '@osvif/objects';

/** Base of the AMQP negotiation transport's errors (timeouts, lost or refused connections, bad replies). */
export abstract class AmqpTransportError extends NegotiationTransportError {
  static override readonly code: string = 'AMQP_TRANSPORT_ERROR';
  constructor(
    /** The broker URL with the password removed. */
    readonly url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${message} (${url})`, options);
  }
}

/** No reply within timeoutMs (waiting for the broker, publishing and waiting for the reply). */
export class AmqpTimeoutError extends AmqpTransportError {
  static override readonly code = 'AMQP_TIMEOUT';
  constructor(
    url: string,
    /** The deadline that passed. */
    readonly timeoutMs: number,
    /** Whether the broker connection was up when the time ran out. */
    readonly connected: boolean,
    /** When it was not: why the last connection attempt failed. */
    readonly brokerError?: string,
  ) {
    super(
      url,
      `no reply from the network host within ${timeoutMs} ms${connected ? '' : ` (broker not reachable${brokerError ? `: ${brokerError}` : ''})`}`,
    );
  }
}

/**
 * The broker connection was lost while the call was in flight (broker restart, network failure), or
 * could not be made. The request may or may not have reached the network host; a negotiation is safe to retry.
 */
export class AmqpConnectionError extends AmqpTransportError {
  static override readonly code = 'AMQP_CONNECTION';
  constructor(url: string, reason: string, options?: { cause?: unknown }) {
    super(url, `broker connection failed: ${reason}`, options);
  }
}

/** The exchange was aborted by the caller's signal, or the transport was closed. */
export class AmqpAbortedError extends AmqpTransportError {
  static override readonly code = 'AMQP_ABORTED';
  constructor(url: string, reason = 'the exchange was aborted') {
    super(url, reason);
  }
}

/** A reply larger than maxReplyBytes (checked before it is parsed). */
export class AmqpReplyTooLargeError extends AmqpTransportError {
  static override readonly code = 'AMQP_REPLY_TOO_LARGE';
  constructor(
    url: string,
    readonly limitBytes: number,
  ) {
    super(url, `reply larger than ${limitBytes} bytes`);
  }
}

/** A reply that is not an oslo.messaging reply: bad envelope, not JSON, nested deeper than allowed, no result. */
export class AmqpBadReplyError extends AmqpTransportError {
  static override readonly code = 'AMQP_BAD_REPLY';
  constructor(
    url: string,
    readonly reason: string,
  ) {
    super(url, `bad reply from the network host: ${reason}`);
  }
}

/** An amqp:// URL or option the transport cannot use (thrown by the constructors). */
export class AmqpConfigError extends AmqpTransportError {
  static override readonly code = 'AMQP_CONFIG';
  constructor(url: string, reason: string) {
    super(url, reason);
  }
}

/** The broker routed the call to no queue: no network host has ever listened on that topic since the broker started. */
export class AmqpNoRouteError extends AmqpTransportError {
  static override readonly code = 'AMQP_NO_ROUTE';
  constructor(
    url: string,
    readonly exchange: string,
    readonly routingKey: string,
  ) {
    super(url, `no queue for topic ${routingKey} on exchange ${exchange}: is a network host serving it?`);
  }
}
