// The negotiation is transport-agnostic: a transport sends one JSON request
// and returns the JSON reply. The runtime ships one over HTTP
// (HttpNegotiationTransport); LocalTransport calls a network host in the same
// process (embedding, tests) with the same JSON round trip as a real wire.
import type { HostInfoRequest } from './wire';

/** Per-request options of a NegotiationTransport exchange. */
export interface ExchangeOptions {
  /** Aborts the exchange (the transport rejects with its own NegotiationTransportError). */
  readonly signal?: AbortSignal;
}

/** How the service host sends a negotiation request and gets the reply (HTTP in the runtime, in-process in tests). */
export interface NegotiationTransport {
  /**
   * Sends one request and resolves with the reply as parsed JSON (any value:
   * the negotiator validates it). Error replies are replies, not rejections;
   * rejects only when no reply arrived, with a NegotiationTransportError.
   */
  exchange(request: HostInfoRequest, options?: ExchangeOptions): Promise<unknown>;
}

/** Anything that answers a request object with a reply object: HostInfoResponder fits. */
export interface RequestHandler {
  /** Answers one request (already parsed JSON) with a reply to send back. */
  handle(request: unknown): Promise<unknown>;
}

/** In-process transport: serialises both ways, so what is exchanged is exactly JSON. */
export class LocalTransport implements NegotiationTransport {
  constructor(private readonly responder: RequestHandler) {}

  async exchange(request: HostInfoRequest): Promise<unknown> {
    const reply = await this.responder.handle(JSON.parse(JSON.stringify(request)) as unknown);
    return JSON.parse(JSON.stringify(reply)) as unknown;
  }
}
