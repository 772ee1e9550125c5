// The negotiation's RPC contract on the bus, shared by the client and the server: one method,
// negotiate_host_info(host_info, binding), whose result is the negotiation reply ({"vif"} or
// {"error"}, exactly the HTTP body). A Python network host may instead raise: its oslo failure is
// read back as the error reply it stands for (replyOfFailure).
import { ERROR_TYPES } from '@osvif/objects';
import type { OsloFailure } from './envelope';

/** oslo.messaging's default control_exchange: the topic exchange calls are published to. */
export const DEFAULT_CONTROL_EXCHANGE = 'openstack';

/** The RPC method the network host serves: negotiate_host_info(host_info, binding) -> reply. */
export const NEGOTIATE_METHOD = 'negotiate_host_info';
/** The RPC API version sent with each call (oslo.messaging Target.version); the server serves 1.x. */
export const RPC_API_VERSION = '1.0';
/** oslo.messaging's rabbit_transient_queues_ttl default: unused reply and fanout queues expire (ms). */
export const TRANSIENT_QUEUE_TTL_MS = 1_800_000;

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/**
 * The error reply an oslo failure stands for. oslo.versionedobjects' IncompatibleObjectVersion
 * (kwargs objname, objver, supported) becomes an IncompatibleObjectVersion error without `path` (os-vif
 * does not say where), UnsupportedObjectError (kwargs objtype) an UnsupportedObject error; any other
 * failure keeps its class as `type` (the negotiator then raises RemoteNegotiationError).
 */
export function replyOfFailure(f: OsloFailure): { error: Record<string, unknown> } {
  const kw = f.kwargs ?? {};
  const message = f.message.slice(0, 2000);
  if (f.class === ERROR_TYPES.IncompatibleObjectVersion) {
    const object = str(kw.objname);
    const version = str(kw.objver);
    const supported = str(kw.supported);
    if (object !== undefined && version !== undefined)
      return {
        error: {
          type: ERROR_TYPES.IncompatibleObjectVersion,
          message,
          object,
          version,
          ...(supported !== undefined ? { supported_version: supported } : {}),
        },
      };
  }
  if (f.class === 'UnsupportedObjectError') {
    const object = str(kw.objtype);
    if (object !== undefined) return { error: { type: ERROR_TYPES.UnsupportedObject, message, object, namespace: 'os_vif' } };
  }
  return { error: { type: f.class.slice(0, 200), message, ...(f.module ? { module: f.module.slice(0, 200) } : {}) } };
}
