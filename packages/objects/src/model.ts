// @osvif/sdk objects: os-vif's versioned objects, wire-compatible with
// oslo.versionedobjects primitives. See docs/objects.md.
export * from './errors';
export { VersionedObject, registerObject, NAMESPACE } from './base';
export type { ObjectPrimitive, ObjectInit, FieldName, VersionedObjectClass, FieldSpecs } from './base';
export { objectRegistry } from './registry';
export type { ObjectRegistry } from './registry';
export { fromPrimitive, fromJSON, MAX_OBJECT_DEPTH, MAX_JSON_LENGTH } from './primitive';
export type { FromPrimitiveOptions } from './primitive';
export { fingerprint, fingerprintText } from './fingerprint';
export { parseVersion, compareVersions } from './version';
export { Field, VIFDirectMode, VIFVHostUserMode, VIFHostDeviceDevType, MAX_LIST_LENGTH } from './fields';
export type { FieldSpec, FieldType, VIFDirectModeValue, VIFVHostUserModeValue, VIFHostDeviceDevTypeValue } from './fields';
export * from './classes/list-base';
export * from './classes/network';
export * from './classes/instance-info';
export * from './classes/datapath-offload';
export * from './classes/port-profile';
export * from './classes/vif';
export * from './classes/host-info';
