// Failures of the HTTP negotiation transport (service host side). All extend
// the SDK's NegotiationTransportError, so one catch covers every transport.
import { NegotiationTransportError } from '@osvif/objects';

/** Base of the HTTP negotiation transport's errors (timeouts, connection, oversized or bad replies). */
export abstract class HttpTransportError extends NegotiationTransportError {
  static override readonly code: string = 'HTTP_TRANSPORT_ERROR';
  constructor(
    readonly url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${message} (${url})`, options);
  }
}

/** No complete reply within timeoutMs (connect + send + reply). */
export class HttpTimeoutError extends HttpTransportError {
  static override readonly code = 'HTTP_TIMEOUT';
  constructor(
    url: string,
    readonly timeoutMs: number,
  ) {
    super(url, `no reply from the network host within ${timeoutMs} ms`);
  }
}

/** The reply body is larger than maxReplyBytes (reading stops there). */
export class HttpReplyTooLargeError extends HttpTransportError {
  static override readonly code = 'HTTP_REPLY_TOO_LARGE';
  constructor(
    url: string,
    readonly limitBytes: number,
  ) {
    super(url, `reply larger than ${limitBytes} bytes`);
  }
}

/** The connection failed (refused, reset, DNS...); `errno` is Node's code, e.g. ECONNREFUSED. */
export class HttpConnectionError extends HttpTransportError {
  static override readonly code = 'HTTP_CONNECTION';
  constructor(
    url: string,
    readonly errno: string | undefined,
    cause: unknown,
  ) {
    super(url, `cannot reach the network host: ${errno ?? (cause instanceof Error ? cause.message : String(cause))}`, { cause });
  }
}

/** The exchange was aborted by the caller's AbortSignal. */
export class HttpAbortedError extends HttpTransportError {
  static override readonly code = 'HTTP_ABORTED';
  constructor(url: string) {
    super(url, 'negotiation request aborted');
  }
}

/** A reply that is not a negotiation reply: not JSON, wrong content type, or an HTTP error without a JSON error body. */
export class HttpBadReplyError extends HttpTransportError {
  static override readonly code = 'HTTP_BAD_REPLY';
  constructor(
    url: string,
    readonly status: number,
    readonly reason: string,
  ) {
    super(url, `bad reply from the network host (HTTP ${status}): ${reason}`);
  }
}
