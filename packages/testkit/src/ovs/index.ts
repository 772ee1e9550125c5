// Private Open vSwitch (ovsdb-server + ovs-vswitchd in a temp dir) for tests and benches.
export { startPrivateOvs, OVS_SCHEMA } from './private-ovs';
export type { PrivateOvs, PrivateOvsOptions } from './private-ovs';
export { createOvsTestNetns } from './netns';
export type { OvsTestNetns } from './netns';
