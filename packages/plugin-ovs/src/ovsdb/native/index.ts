export { NativeOvsDriver } from './driver';
export { WriteBatcher } from './write-batcher';
export type { WriteBatcherStats, BuildWrite } from './write-batcher';
export { Txn } from './txn';
export type { KeyMode } from './txn';
