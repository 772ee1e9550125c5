// @osvif/objects: os-vif's versioned objects (wire-compatible with os-vif 3.0.0) and the HostInfo negotiation
// protocol. What a network service installs alone. Explicit exports only: what is not listed here is internal.

// The error root, the structured logger interface, error description.
export { OsvifError } from './osvif-error';
export type { Logger, LogFields } from './logger';
export { fromPino, isPinoLogger, toLogger } from './pino';
export type { PinoLike } from './pino';
export { describeError, errorFromDescription, errorLine, UNKNOWN_ERROR_CODE } from './describe-error';
export type { ErrorDescription } from './describe-error';

// The object model: base class, registry, primitives (oslo.versionedobjects wire format), versions.
export { VersionedObject } from './base';
export type { ObjectPrimitive, ObjectInit, FieldName, VersionedObjectClass, FieldSpecs } from './base';
export type { FieldSpec, FieldType, FieldKind } from './fields/types';
export { objectRegistry } from './registry';
export type { ObjectRegistry } from './registry';
export { fromPrimitive, fromJSON, MAX_OBJECT_DEPTH, MAX_JSON_LENGTH } from './primitive';
export type { FromPrimitiveOptions } from './primitive';
export { parseVersion } from './version';
export type { VersionTuple } from './version';
export { VIFDirectMode, VIFVHostUserMode, VIFHostDeviceDevType } from './fields';
export type { VIFDirectModeValue, VIFVHostUserModeValue, VIFHostDeviceDevTypeValue } from './fields';

// The object classes (os_vif.objects).
export { ObjectListBase } from './classes/list-base';
export { FixedIP, FixedIPList, Route, RouteList, Subnet, SubnetList, Network } from './classes/network';
export { InstanceInfo } from './classes/instance-info';
export { DatapathOffloadBase, DatapathOffloadRepresentor } from './classes/datapath-offload';
export {
  VIFPortProfileBase,
  VIFPortProfileOpenVSwitch,
  VIFPortProfileFPOpenVSwitch,
  VIFPortProfileOVSRepresentor,
  VIFPortProfileFPBridge,
  VIFPortProfileFPTap,
  VIFPortProfile8021Qbg,
  VIFPortProfile8021Qbh,
  VIFPortProfileK8sDPDK,
} from './classes/port-profile';
export { VIFBase, VIFGeneric, VIFBridge, VIFOpenVSwitch, VIFDirect, VIFVHostUser, VIFHostDevice, VIFNestedDPDK } from './classes/vif';
export { HostInfo, HostPluginInfo, HostVIFInfo, HostPortProfileInfo } from './classes/host-info';

// Errors of the object model.
export {
  describeValue,
  ObjectError,
  UnsupportedObjectError,
  IncompatibleObjectVersionError,
  InvalidTargetVersionError,
  FieldValueError,
  FieldNotSetError,
  MalformedPrimitiveError,
  UnknownFieldError,
  InvalidVersionError,
  NoMatchingPlugin,
  NoMatchingVIFClass,
  NoMatchingPortProfileClass,
  NoSupportedVersion,
  NoSupportedVIFVersion,
  NoSupportedPortProfileVersion,
} from './errors';

// HostInfo negotiation (docs/negotiation.md): the network host's responder, the service host's negotiator,
// the transport seam, the wire format and the errors.
export { HostInfoResponder } from './negotiation/network-host';
export type { BindCallback, BindContext, NetworkHostOptions, HostInfoReadResult } from './negotiation/network-host';
export { HostInfoNegotiator } from './negotiation/service-host';
export type { NegotiatorOptions, NegotiationAttempt, NegotiationOutcome } from './negotiation/service-host';
export { RegistryView } from './negotiation/registry-view';
export type { VersionManifest } from './negotiation/registry-view';
export { selectVif, consumableVifs } from './negotiation/select';
export type { VifSelection, SelectOptions } from './negotiation/select';
export { LocalTransport } from './negotiation/transport';
export type { ExchangeOptions, NegotiationTransport, RequestHandler } from './negotiation/transport';
export { ERROR_TYPES } from './negotiation/wire';
export type {
  BindingRequest,
  HostInfoRequest,
  VifReply,
  ErrorReply,
  ErrorBody,
  KnownErrorBody,
  NegotiationReply,
  IncompatibleVersionErrorBody,
  UnsupportedObjectErrorBody,
  MalformedRequestErrorBody,
  NoPluginForVifErrorBody,
  BindingRejectedErrorBody,
  InternalErrorBody,
} from './negotiation/wire';
export {
  NegotiationError,
  NegotiationTransportError,
  MalformedRequestError,
  MalformedReplyError,
  NegotiationNoProgressError,
  NegotiationAttemptsExhaustedError,
  NoCommonVersionError,
  RemoteNegotiationError,
  NoPluginForVifError,
  BindingRejectedError,
  InvalidManifestError,
} from './negotiation/errors';
export type { NoProgressReason, ConsumableVif, RejectedCandidate } from './negotiation/errors';
