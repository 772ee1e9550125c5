// The JSON messages of the HostInfo negotiation (documented in docs/negotiation.md).
// Both directions are parsed strictly: anything unexpected is a typed error
// naming its JSON path, never a crash.
//
//   request  {"host_info": <HostInfo primitive>, "binding": {"port_id": "...", "host": "..."}}
//   reply    {"vif": <VIF primitive>}
//        or  {"error": {"type": "IncompatibleObjectVersion", "message": "...", "object": "HostVIFInfo",
//                       "version": "1.1", "supported_version": "1.0", "path": "...", "manifest": {...}}}
//        or  {"error": {"type": "<other type>", "message": "...", ...}}
import type { ObjectPrimitive } from '../model';
import { parseVersion } from '../model';
import { MalformedReplyError, MalformedRequestError } from './errors';
import type { ConsumableVif, RejectedCandidate } from './errors';
import type { VersionManifest } from './registry-view';

/** What the service host asks the network host to bind. */
export interface BindingRequest {
  /** The network's port id (opaque to us; 1-255 characters). */
  readonly port_id: string;
  /** The service host's name, for the network driver (optional; 1-255 characters). */
  readonly host?: string;
}

/** The negotiation request: the host's HostInfo primitive and the port binding it asks for. */
export interface HostInfoRequest {
  readonly host_info: ObjectPrimitive;
  readonly binding: BindingRequest;
}

/** A successful negotiation reply: the VIF primitive to plug. */
export interface VifReply {
  readonly vif: ObjectPrimitive;
}

/** Every error `type` a network host sends (HTTP adds transport ones, see ErrorType in the runtime). */
export const ERROR_TYPES = {
  /** The HostInfo (or a nested object) is at a version the network host cannot read. */
  IncompatibleObjectVersion: 'IncompatibleObjectVersion',
  /** The HostInfo holds an object class the network host does not know at all. */
  UnsupportedObject: 'UnsupportedObject',
  /** The request is not shaped as documented, or the HostInfo has invalid fields. */
  MalformedRequest: 'MalformedRequest',
  /** No plugin of the host consumes the VIF(s) the network driver wants to bind. */
  NoPluginForVif: 'NoPluginForVif',
  /** The network driver refused the binding (BindingRejectedError). */
  BindingRejected: 'BindingRejected',
  /** Anything else went wrong on the network host (details only in its log). */
  InternalError: 'InternalError',
} as const;

/** Error body: the request named an object version the network host cannot read (with its version manifest). */
export interface IncompatibleVersionErrorBody {
  readonly type: 'IncompatibleObjectVersion';
  readonly message: string;
  /** The class that could not be read: HostInfo or a nested one (HostVIFInfo...). */
  readonly object: string;
  /** The version received. */
  readonly version: string;
  /** The highest version of `object` the network host reads. */
  readonly supported_version: string;
  /** JSON path of the object inside host_info ('' = HostInfo itself). */
  readonly path: string;
  /** Optional (osvif extension): every object the network host knows -> highest version. */
  readonly manifest?: VersionManifest;
}

/** Error body: the request named an object class the network host does not know. */
export interface UnsupportedObjectErrorBody {
  readonly type: 'UnsupportedObject';
  readonly message: string;
  readonly object: string;
  readonly namespace: string;
  readonly path: string;
  readonly manifest?: VersionManifest;
}

/** Error body: the request was not a valid negotiation request. */
export interface MalformedRequestErrorBody {
  readonly type: 'MalformedRequest';
  readonly message: string;
  /** JSON path into the request, e.g. 'host_info.versioned_object.data.plugin_info[0]...'. */
  readonly path: string;
  readonly reason: string;
}

/** Error body: no plugin on the host consumes any VIF the network host could build for the port. */
export interface NoPluginForVifErrorBody {
  readonly type: 'NoPluginForVif';
  readonly message: string;
  readonly candidates: readonly RejectedCandidate[];
  readonly consumable: readonly ConsumableVif[];
}

/** Error body: the network host refused to bind the port to this host. */
export interface BindingRejectedErrorBody {
  readonly type: 'BindingRejected';
  readonly message: string;
  readonly reason_code?: string;
}

/** Error body: the network host failed for another reason. */
export interface InternalErrorBody {
  readonly type: 'InternalError';
  readonly message: string;
}

/** Every error body this protocol version defines. */
export type KnownErrorBody =
  | IncompatibleVersionErrorBody
  | UnsupportedObjectErrorBody
  | MalformedRequestErrorBody
  | NoPluginForVifErrorBody
  | BindingRejectedErrorBody
  | InternalErrorBody;

/** Any error body: the known ones, or another `type` (e.g. from an HTTP layer) with a message. */
export type ErrorBody = KnownErrorBody | { readonly type: string; readonly message: string; readonly [key: string]: unknown };

/** A negotiation reply that carries an error instead of a VIF. */
export interface ErrorReply {
  readonly error: ErrorBody;
}

/** What the network host answers: a VIF or an error. */
export type NegotiationReply = VifReply | ErrorReply;

// ---------------------------------------------------------------------------------------------
// Limits (the messages are a few KiB; these only stop absurd input)

const MAX_STRING = 255;
const MAX_MANIFEST_ENTRIES = 1000;

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function isRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function extraKeys(o: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  return Object.keys(o).find((k) => !allowed.includes(k));
}

// ---------------------------------------------------------------------------------------------
// Request (read by the network host)

export interface ParsedRequest {
  /** Not yet read: the network host reads it with its RegistryView. */
  readonly hostInfo: unknown;
  readonly binding: BindingRequest;
}

function boundedString(v: unknown, path: string, fail: (path: string, reason: string) => Error): string {
  if (typeof v !== 'string') throw fail(path, `a string is required, not ${typeName(v)}`);
  if (v.length === 0 || v.length > MAX_STRING) throw fail(path, `must be 1 to ${MAX_STRING} characters`);
  return v;
}

const requestError = (path: string, reason: string): Error => new MalformedRequestError(path, reason);
const replyError = (path: string, reason: string): Error => new MalformedReplyError(path, reason);

/** Checks the request envelope; the HostInfo itself is read afterwards. */
export function parseRequest(json: unknown): ParsedRequest {
  if (!isRecord(json)) throw new MalformedRequestError('', `an object is required, not ${typeName(json)}`);
  const extra = extraKeys(json, ['host_info', 'binding']);
  if (extra !== undefined) throw new MalformedRequestError(extra.slice(0, 80), 'unknown key');
  if (!hasOwn(json, 'host_info')) throw new MalformedRequestError('host_info', 'missing required key');
  if (!hasOwn(json, 'binding')) throw new MalformedRequestError('binding', 'missing required key');
  const b = json.binding;
  if (!isRecord(b)) throw new MalformedRequestError('binding', `an object is required, not ${typeName(b)}`);
  const bExtra = extraKeys(b, ['port_id', 'host']);
  if (bExtra !== undefined) throw new MalformedRequestError(`binding.${bExtra.slice(0, 80)}`, 'unknown key');
  if (!hasOwn(b, 'port_id')) throw new MalformedRequestError('binding.port_id', 'missing required key');
  const binding: BindingRequest = {
    port_id: boundedString(b.port_id, 'binding.port_id', requestError),
    ...(hasOwn(b, 'host') ? { host: boundedString(b.host, 'binding.host', requestError) } : {}),
  };
  return { hostInfo: json.host_info, binding };
}

/** Checks a BindingRequest before sending it (service host side). */
export function checkBinding(binding: BindingRequest): BindingRequest {
  return parseRequest({ host_info: null, binding }).binding;
}

// ---------------------------------------------------------------------------------------------
// Reply (read by the service host)

export type ParsedReply =
  | { readonly kind: 'vif'; readonly vif: unknown }
  | { readonly kind: 'version'; readonly error: ParsedVersionError }
  | { readonly kind: 'error'; readonly error: Readonly<Record<string, unknown>> & { readonly type: string; readonly message: string } };

export interface ParsedVersionError {
  readonly type: 'IncompatibleObjectVersion';
  readonly message: string;
  readonly object: string;
  readonly version: string;
  /** undefined when absent, null or not a version: the negotiator stops (no progress). */
  readonly supported_version: string | undefined;
  readonly path: string;
  readonly manifest: VersionManifest | undefined;
  /** The error object as received. */
  readonly raw: Readonly<Record<string, unknown>>;
}

function parseManifest(v: unknown, path: string): VersionManifest {
  if (!isRecord(v)) throw new MalformedReplyError(path, `an object is required, not ${typeName(v)}`);
  const keys = Object.keys(v);
  if (keys.length > MAX_MANIFEST_ENTRIES) throw new MalformedReplyError(path, `more than ${MAX_MANIFEST_ENTRIES} entries`);
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const k of keys) {
    const entryPath = `${path}.${k.slice(0, 80)}`;
    if (k.length === 0 || k.length > MAX_STRING) throw new MalformedReplyError(entryPath, `object names are 1 to ${MAX_STRING} characters`);
    const ver = v[k];
    if (typeof ver !== 'string' || !parseVersion(ver))
      throw new MalformedReplyError(entryPath, 'a dotted decimal version string is required');
    out[k] = ver;
  }
  return Object.freeze({ ...out });
}

/** Reads a reply; throws MalformedReplyError for anything not documented. */
export function parseReply(json: unknown): ParsedReply {
  if (!isRecord(json)) throw new MalformedReplyError('', `an object is required, not ${typeName(json)}`);
  const hasVif = hasOwn(json, 'vif');
  const hasError = hasOwn(json, 'error');
  if (hasVif === hasError) throw new MalformedReplyError('', 'exactly one of "vif" and "error" is required');
  if (hasVif) {
    const extra = extraKeys(json, ['vif']);
    if (extra !== undefined) throw new MalformedReplyError(extra.slice(0, 80), 'unknown key');
    if (!isRecord(json.vif)) throw new MalformedReplyError('vif', `an object primitive is required, not ${typeName(json.vif)}`);
    return { kind: 'vif', vif: json.vif };
  }
  const e = json.error;
  if (!isRecord(e)) throw new MalformedReplyError('error', `an object is required, not ${typeName(e)}`);
  const type = boundedString(e.type, 'error.type', replyError);
  const message = typeof e.message === 'string' ? e.message.slice(0, 4096) : type;
  if (type !== ERROR_TYPES.IncompatibleObjectVersion) return { kind: 'error', error: { ...e, type, message } };
  const object = boundedString(e.object, 'error.object', replyError);
  const version = boundedString(e.version, 'error.version', replyError);
  const sv = e.supported_version;
  const supported = typeof sv === 'string' && parseVersion(sv) ? sv : undefined;
  const path = typeof e.path === 'string' ? e.path.slice(0, 1024) : '';
  const manifest = e.manifest === undefined || e.manifest === null ? undefined : parseManifest(e.manifest, 'error.manifest');
  return { kind: 'version', error: { type, message, object, version, supported_version: supported, path, manifest, raw: e } };
}
