// Negotiation transport (issue #4): JSON over HTTP for the HostInfo exchange,
// plus the service host's negotiate-then-plug. Protocol: docs/negotiation.md.
export * from './errors';
export * from './routes';
export { HttpNegotiationTransport } from './http-client';
export type { HttpTransportOptions } from './http-client';
export { createHostInfoHttpHandler } from './http-handler';
export type { HostInfoHttpHandlerOptions, NegotiationHttpHandler, NegotiationHttpRequest, NextFunction } from './http-handler';
export { negotiateVif, negotiateAndPlug } from './service-host';
export type { NegotiateOptions } from './service-host';
