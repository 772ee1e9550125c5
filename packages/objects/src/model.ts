// The object model as the negotiation code imports it (internal; the package entry point is src/index.ts).
export { VersionedObject } from './base';
export type { ObjectPrimitive, VersionedObjectClass } from './base';
export { objectRegistry } from './registry';
export { fromPrimitive, MAX_OBJECT_DEPTH } from './primitive';
export { parseVersion, compareVersions } from './version';
export { MAX_LIST_LENGTH } from './fields';
export { VIFBase } from './classes/vif';
export { HostInfo, HostPluginInfo, HostPortProfileInfo, HostVIFInfo } from './classes/host-info';
export {
  ObjectError,
  UnsupportedObjectError,
  IncompatibleObjectVersionError,
  InvalidTargetVersionError,
  FieldValueError,
  MalformedPrimitiveError,
  UnknownFieldError,
} from './errors';
