// Typed errors of the HostInfo negotiation (issue #4). Each names what went
// wrong in fields, so callers can act on them without parsing messages.
import { OsvifError } from '../osvif-error';

/**
 * Base of the negotiation errors. Each subclass declares its stable `static readonly code`; instances
 * carry it as `code` (docs/errors.md).
 */
export abstract class NegotiationError extends OsvifError {
  static readonly code: string = 'NEGOTIATION_ERROR';
  constructor(message: string, options?: { cause?: unknown }) {
    super(new.target.code, message, options);
  }
}

/**
 * Base for every transport failure (connection refused, timeout, reply too
 * large, not JSON...). Transports throw subclasses; the negotiator lets them
 * through unchanged, so `catch (e) { if (e instanceof NegotiationTransportError) ... }`
 * covers every transport.
 */
export abstract class NegotiationTransportError extends NegotiationError {
  static override readonly code: string = 'NEGOTIATION_TRANSPORT_ERROR';
}

/** A request that is not shaped as documented (network host side). `path` is a JSON path into the request. */
export class MalformedRequestError extends NegotiationError {
  static override readonly code = 'MALFORMED_REQUEST';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`malformed negotiation request${path ? ` at ${path}` : ''}: ${reason}`);
  }
}

/** A reply that is not shaped as documented (service host side). `path` is a JSON path into the reply. */
export class MalformedReplyError extends NegotiationError {
  static override readonly code = 'MALFORMED_REPLY';
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`malformed negotiation reply${path ? ` at ${path}` : ''}: ${reason}`, options);
  }
}

/** Why a negotiation round made no progress (see NegotiationNoProgressError). */
export type NoProgressReason =
  /** The version error carries no (valid) supported version. */
  | 'no-supported-version'
  /** The supported version is not lower than the version we sent. */
  | 'not-lower'
  /** The error names an object we did not send. */
  | 'object-not-sent'
  /**
   * Not raised any more (issue #17: a nested object's error pins that class in the next attempt's manifest);
   * kept so that code matching on it still compiles.
   */
  | 'nested-object-without-manifest'
  /** Backlevelling as asked gives a HostInfo we already sent. */
  | 'same-request';

/** The network host's version error would not make the next request any different: stop instead of looping. */
export class NegotiationNoProgressError extends NegotiationError {
  static override readonly code = 'NEGOTIATION_NO_PROGRESS';
  constructor(
    readonly objName: string,
    /** Version of `objName` in what we sent (undefined if we did not send it). */
    readonly sentVersion: string | undefined,
    /** What the network host said it supports (undefined if it said nothing usable). */
    readonly supportedVersion: string | undefined,
    readonly reason: NoProgressReason,
    readonly attempts: number,
  ) {
    super(
      `HostInfo negotiation makes no progress after ${attempts} attempt(s): the network host cannot read ${objName} ` +
        `${sentVersion ?? '(not sent)'} and supports ${supportedVersion ?? '(no version given)'} (${reason})`,
    );
  }
}

/** maxAttempts requests were sent and each was refused for its versions. */
export class NegotiationAttemptsExhaustedError extends NegotiationError {
  static override readonly code = 'NEGOTIATION_ATTEMPTS_EXHAUSTED';
  constructor(
    readonly attempts: number,
    /** The last version error the network host sent. */
    readonly lastError: Readonly<Record<string, unknown>>,
  ) {
    super(`HostInfo negotiation gave up after ${attempts} attempts; last answer: ${String(lastError.message ?? lastError.type)}`);
  }
}

/** The network host supports a version of an object we send that is older than anything we can write. */
export class NoCommonVersionError extends NegotiationError {
  static override readonly code = 'NO_COMMON_VERSION';
  constructor(
    readonly objName: string,
    readonly peerVersion: string,
    readonly ourVersions: readonly string[],
  ) {
    super(`no common version of ${objName}: the network host supports up to ${peerVersion}, we can write ${ourVersions.join(', ')}`);
  }
}

/** The network host answered with an error that is not a version mismatch (no plugin fits, binding refused, bad request...). */
export class RemoteNegotiationError extends NegotiationError {
  static override readonly code = 'REMOTE_NEGOTIATION_ERROR';
  constructor(
    /** The error's `type` in the reply, e.g. 'NoPluginForVif'. */
    readonly errorType: string,
    readonly remoteMessage: string,
    /** The whole `error` object of the reply. */
    readonly body: Readonly<Record<string, unknown>>,
  ) {
    super(`the network host refused the binding: ${errorType}: ${remoteMessage}`);
  }
}

/** What a host can consume, as listed in NoPluginForVifError (from the received HostInfo). */
export interface ConsumableVif {
  readonly plugin: string;
  readonly vif_object_name: string;
  readonly min_version: string;
  readonly max_version: string;
  /** undefined: the HostVIFInfo (1.0) does not say which port profiles it takes. */
  readonly port_profiles?: readonly { readonly profile_object_name: string; readonly min_version: string; readonly max_version: string }[];
}

/** One VIF the network driver offered, and why no plugin could take it. */
export interface RejectedCandidate {
  readonly vif_object_name: string;
  readonly port_profile_object_name?: string;
  readonly plugin?: string;
  readonly reasons: readonly string[];
}

/** No plugin of the host consumes any of the VIFs the network driver offered (network host side). */
export class NoPluginForVifError extends NegotiationError {
  static override readonly code = 'NO_PLUGIN_FOR_VIF';
  constructor(
    readonly candidates: readonly RejectedCandidate[],
    readonly consumable: readonly ConsumableVif[],
  ) {
    super(
      `no plugin on the host consumes ${candidates.map((c) => `${c.vif_object_name}${c.port_profile_object_name ? `+${c.port_profile_object_name}` : ''} (${c.reasons.join('; ')})`).join(' or ') || 'no VIF offered'}; ` +
        `the host consumes: ${consumable.map((c) => `${c.plugin}:${c.vif_object_name} ${c.min_version}-${c.max_version}`).join(', ') || 'nothing'}`,
    );
  }
}

/**
 * Thrown by a network driver's bind callback to refuse a binding with a
 * message the service host may see (e.g. unknown port). Any other exception
 * becomes an opaque InternalError reply.
 */
export class BindingRejectedError extends NegotiationError {
  static override readonly code = 'BINDING_REJECTED';
  constructor(
    readonly reason: string,
    /** Optional machine-readable reason, e.g. 'PORT_NOT_FOUND'. */
    readonly reasonCode?: string,
  ) {
    super(`binding rejected: ${reason}`);
  }
}

/** A manifest given to RegistryView is not usable. */
export class InvalidManifestError extends NegotiationError {
  static override readonly code = 'INVALID_MANIFEST';
  constructor(
    readonly objName: string,
    readonly version: unknown,
    readonly reason: string,
  ) {
    super(`invalid manifest entry ${objName}=${JSON.stringify(version)}: ${reason}`);
  }
}
