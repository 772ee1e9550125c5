// Network host side: read the service host's HostInfo with our registry (or an
// older view of it), ask the network driver which VIF it wants to bind, and
// answer with that VIF written for a plugin of the host, or with a typed error.
// handle() never throws: every outcome is a reply.
import {
  FieldValueError,
  HostInfo,
  IncompatibleObjectVersionError,
  MalformedPrimitiveError,
  ObjectError,
  UnknownFieldError,
  UnsupportedObjectError,
  type VIFBase,
} from '../model';
import { describeError } from '../describe-error';
import type { Logger } from '../logger';
import { toLogger } from '../pino';
import { BindingRejectedError, MalformedRequestError, NoPluginForVifError } from './errors';
import { RegistryView } from './registry-view';
import { selectVif, type VifSelection } from './select';
import {
  ERROR_TYPES,
  parseRequest,
  type BindingRequest,
  type ErrorReply,
  type IncompatibleVersionErrorBody,
  type NegotiationReply,
  type UnsupportedObjectErrorBody,
  type VifReply,
} from './wire';

/** What the network driver gets to decide what to bind. */
export interface BindContext {
  readonly binding: BindingRequest;
  /** The service host's HostInfo as read by this host (instanceVersion = the version received). */
  readonly hostInfo: HostInfo;
}

/**
 * The network driver: the VIF(s) it wants bound for this port, most preferred
 * first (e.g. [vhost-user, OVS hybrid]). Set `plugin` on a VIF to require that
 * plugin. Throw BindingRejectedError to refuse with a message the service host sees.
 */
export type BindCallback = (ctx: BindContext) => VIFBase | readonly VIFBase[] | Promise<VIFBase | readonly VIFBase[]>;

/** Options of HostInfoResponder: how to bind a port, which object versions it knows, and whether it advertises them. */
export interface NetworkHostOptions {
  readonly bind: BindCallback;
  /** What this host's registry knows (default: everything this build knows). */
  readonly view?: RegistryView;
  /** Put the manifest of `view` into version errors (default true; false behaves like an os-vif-era peer). */
  readonly advertiseManifest?: boolean;
  readonly logger?: Logger;
}

/** Result of reading a HostInfo primitive on the network host. */
export type HostInfoReadResult = { readonly ok: true; readonly hostInfo: HostInfo } | { readonly ok: false; readonly reply: ErrorReply };

const noopLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => noopLogger };

/**
 * The network host's side of the negotiation: reads a HostInfo request and answers with a VIF the host can
 * plug, or a typed error.
 */
export class HostInfoResponder {
  readonly view: RegistryView;
  private readonly advertise: boolean;
  private readonly log: Logger;

  constructor(private readonly options: NetworkHostOptions) {
    if (typeof options?.bind !== 'function') throw new TypeError('HostInfoResponder: options.bind must be a function');
    this.view = options.view ?? RegistryView.current();
    this.advertise = options.advertiseManifest ?? true;
    this.log = toLogger(options.logger) ?? noopLogger;
  }

  /** Answers one request (parsed JSON). Never throws. */
  async handle(request: unknown): Promise<NegotiationReply> {
    let binding: BindingRequest;
    let hostInfoPrimitive: unknown;
    try {
      ({ binding, hostInfo: hostInfoPrimitive } = parseRequest(request));
    } catch (e) {
      if (e instanceof MalformedRequestError) return malformed(e.path, e.reason);
      return this.internal(e);
    }
    const read = this.readHostInfo(hostInfoPrimitive);
    if (!read.ok) {
      this.log.info('HostInfo refused', { port_id: binding.port_id, error: read.reply.error });
      return read.reply;
    }
    let selection: VifSelection;
    try {
      const candidates = await this.options.bind({ binding, hostInfo: read.hostInfo });
      selection = selectVif(read.hostInfo, candidates, { view: this.view });
    } catch (e) {
      if (e instanceof NoPluginForVifError) {
        this.log.warn('no plugin for VIF', { port_id: binding.port_id, candidates: e.candidates });
        return { error: { type: ERROR_TYPES.NoPluginForVif, message: e.message, candidates: e.candidates, consumable: e.consumable } };
      }
      if (e instanceof BindingRejectedError) {
        return {
          error: {
            type: ERROR_TYPES.BindingRejected,
            message: e.reason,
            ...(e.reasonCode !== undefined ? { reason_code: e.reasonCode } : {}),
          },
        };
      }
      return this.internal(e, binding.port_id);
    }
    this.log.info('VIF bound', {
      port_id: binding.port_id,
      host_info_version: read.hostInfo.instanceVersion,
      plugin: selection.plugin,
      vif: `${selection.vifObjectName} ${selection.vifVersion}`,
      port_profile: selection.portProfileObjectName ? `${selection.portProfileObjectName} ${selection.portProfileVersion}` : undefined,
    });
    const reply: VifReply = { vif: selection.primitive };
    return reply;
  }

  /**
   * Reads a HostInfo primitive with this host's view: the HostInfo, or the
   * error reply to send back (version errors for HostInfo or any nested object
   * carry the supported version and, unless disabled, the manifest).
   */
  readHostInfo(primitive: unknown): HostInfoReadResult {
    try {
      const obj = this.view.read(primitive);
      if (!(obj instanceof HostInfo)) {
        return {
          ok: false,
          reply: malformed('host_info', `a HostInfo is required, not ${obj.objName}`),
        };
      }
      return { ok: true, hostInfo: obj };
    } catch (e) {
      if (e instanceof IncompatibleObjectVersionError) {
        const body: IncompatibleVersionErrorBody = {
          type: ERROR_TYPES.IncompatibleObjectVersion,
          message: e.message,
          object: e.objName,
          version: e.version,
          supported_version: e.supportedVersion,
          path: e.path,
          ...(this.advertise ? { manifest: this.view.manifest } : {}),
        };
        return { ok: false, reply: { error: body } };
      }
      if (e instanceof UnsupportedObjectError) {
        const body: UnsupportedObjectErrorBody = {
          type: ERROR_TYPES.UnsupportedObject,
          message: e.message,
          object: e.objName,
          namespace: e.namespace,
          path: e.path,
          ...(this.advertise ? { manifest: this.view.manifest } : {}),
        };
        return { ok: false, reply: { error: body } };
      }
      if (e instanceof MalformedPrimitiveError) return { ok: false, reply: malformed(joinPath('host_info', e.path), e.reason) };
      if (e instanceof FieldValueError) return { ok: false, reply: malformed(joinPath('host_info', e.path), e.message) };
      if (e instanceof UnknownFieldError) return { ok: false, reply: malformed(joinPath('host_info', e.path), e.message) };
      if (e instanceof ObjectError) return { ok: false, reply: malformed('host_info', e.message) };
      return { ok: false, reply: this.internal(e) };
    }
  }

  private internal(e: unknown, portId?: string): ErrorReply {
    // Details stay in our log: the reply must not leak internals.
    this.log.error('negotiation failed', { port_id: portId, error: describeError(e) });
    return { error: { type: ERROR_TYPES.InternalError, message: 'the network host failed to process the request' } };
  }
}

function joinPath(a: string, b: string): string {
  return b ? `${a}.${b}` : a;
}

function malformed(path: string, reason: string): ErrorReply {
  return {
    error: { type: ERROR_TYPES.MalformedRequest, message: `malformed request${path ? ` at ${path}` : ''}: ${reason}`, path, reason },
  };
}
