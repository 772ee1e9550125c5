// @osvif/plugin-ovs: the Open vSwitch VIF plugin (os-vif's `ovs`). See README.md.
export { OvsPlugin } from './plugin';
export { OVS_OPTIONS, QOS_TYPES } from './config';
export type { OvsConfig } from './config';
export * from './errors';
export * from './naming';
export { Sysfs } from './sriov/sysfs';
export { createOvsDriver } from './ovsdb';
export type { OvsDriver, OvsDriverOptions } from './ovsdb';
