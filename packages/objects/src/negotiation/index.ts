// HostInfo negotiation (issue #4): the service host tells the network host
// what its plugins consume; the network host answers with a VIF the host can
// plug. Transport-agnostic; the runtime ships JSON over HTTP. See docs/negotiation.md.
export * from './errors';
export * from './wire';
export { RegistryView } from './registry-view';
export type { VersionManifest } from './registry-view';
export * from './transport';
export { selectVif, consumableVifs } from './select';
export type { VifSelection, SelectOptions } from './select';
export { HostInfoResponder } from './network-host';
export type { BindCallback, BindContext, NetworkHostOptions, HostInfoReadResult } from './network-host';
export { HostInfoNegotiator, versionsIn } from './service-host';
export type { NegotiatorOptions, NegotiationAttempt, NegotiationOutcome } from './service-host';
