// The OVS plugin's view of the switch: ports, interfaces and QoS rows written the way os-vif writes them,
// through the native RFC 7047 client (@osvif/ovsdb) or ovs-vsctl. Internal to this plugin.
export * from './types';
export { NativeOvsDriver, WriteBatcher, Txn } from './native';
export type { WriteBatcherStats, BuildWrite, KeyMode } from './native';
export { VsctlOvsDriver } from './vsctl';
export { ExecFileRunner } from './runner';
export { createOvsDriver } from './factory';
export { qosExternalIds, uuid5, QOS_UUID_NAMESPACE } from './qos';
