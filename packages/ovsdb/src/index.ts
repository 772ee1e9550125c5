// @osvif/ovsdb: an RFC 7047 client for the Open_vSwitch database. See docs/ovsdb.md.
export * from './errors';
export * from './endpoint';
export * from './protocol/datum';
export * from './protocol/operations';
export { JsonStreamFramer, FramingError } from './jsonrpc/framer';
export { JsonRpcConnection, JsonRpcRemoteError } from './jsonrpc/connection';
export { TableCache } from './client/cache';
export type { CachedRow } from './client/cache';
export { OvsdbClient, DEFAULT_MONITOR, DATABASE } from './client/client';
export type { OvsdbClientOptions, Schema } from './client/client';
export type { OvsdbLogger } from './logger';
