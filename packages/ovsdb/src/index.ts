// @osvif/ovsdb: an RFC 7047 client for the Open_vSwitch database and the
// OvsDriver (native | vsctl) the OVS plugin uses. See docs/ovsdb.md.
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
export * from './driver/types';
export { NativeOvsDriver, WriteBatcher, Txn } from './driver/native';
export type { WriteBatcherStats, BuildWrite, KeyMode } from './driver/native';
export { VsctlOvsDriver } from './driver/vsctl';
export { ExecFileRunner } from './driver/runner';
export { createOvsDriver } from './driver/factory';
export { qosExternalIds, uuid5, QOS_UUID_NAMESPACE } from './driver/qos';
