export { NativeOvsDriver } from './driver';
export { Txn } from './txn';
