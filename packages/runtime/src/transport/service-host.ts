// The service host's whole exchange in one call: HostInfo from the runtime's
// loaded plugins, negotiated through any transport, then plugged. The runtime
// checks the VIF against the plugin's declared ranges before any plugin code
// runs (VifVersionNotAcceptedError & co., fatal), whatever the network host sent.
import { type Logger } from '@osvif/sdk';
import {
  HostInfoNegotiator,
  type BindingRequest,
  type InstanceInfo,
  type NegotiationOutcome,
  type NegotiationTransport,
  toLogger,
} from '@osvif/objects';
import type { OsVifRuntime } from '../core/runtime';

/** Options of negotiateVif and negotiateAndPlug: permitted VIF types, number of requests, abort signal, logger. */
export interface NegotiateOptions {
  /** Only offer these VIF classes (os-vif host_info(permitted_vif_type_names)). */
  readonly permittedVifTypes?: readonly string[];
  /** Requests sent at most; default 5 (HostInfoNegotiator). */
  readonly maxAttempts?: number;
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
}

/** Negotiates the VIF for `binding` with the network host behind `transport`. */
export async function negotiateVif(
  runtime: OsVifRuntime,
  transport: NegotiationTransport,
  binding: BindingRequest,
  options: NegotiateOptions = {},
): Promise<NegotiationOutcome> {
  await runtime.initialize();
  const negotiator = new HostInfoNegotiator({
    transport,
    maxAttempts: options.maxAttempts,
    logger: toLogger(options.logger) ?? runtime.logger.child({ component: 'negotiation' }),
  });
  return negotiator.negotiate(runtime.hostInfo(options.permittedVifTypes), binding, options.signal ? { signal: options.signal } : {});
}

/** negotiateVif, then runtime.plug(vif, instanceInfo). Resolves with the negotiation outcome once plugged. */
export async function negotiateAndPlug(
  runtime: OsVifRuntime,
  transport: NegotiationTransport,
  binding: BindingRequest,
  instanceInfo: InstanceInfo | unknown,
  options: NegotiateOptions = {},
): Promise<NegotiationOutcome> {
  const outcome = await negotiateVif(runtime, transport, binding, options);
  await runtime.plug(outcome.vif, instanceInfo);
  return outcome;
}
