// @osvif/objects: os-vif's versioned objects and the HostInfo negotiation protocol.
export * from './model';
export * from './negotiation';
export type { Logger, LogFields } from './logger';
export { OsvifError } from './osvif-error';
