// The OVS plugin's view of the switch: ports, interfaces and QoS rows written the way os-vif writes them,
// through the generic RFC 7047 client (@osvif/ovsdb) or ovs-vsctl. Internal to this plugin: the plugin's
// code imports from here; tests of one driver piece import that file directly.
export type { OvsDriver, PortSpec, StringMap } from './types';
export { OvsBridgeDatapathMismatchError, OvsNameInUseError, OvsNoSuchBridgeError, OvsPortOnOtherBridgeError } from './errors';
export { DEFAULT_OVSDB_ENDPOINT } from './monitor';
export { NativeOvsDriver, Txn } from './native';
export { createOvsDriver } from './factory';
export { qosExternalIds } from './qos';
