// Service host side: send our HostInfo, and when the network host cannot read
// it, backlevel and retry until it can, it answers something else, or no
// progress is possible. Every version error teaches something, kept for the
// rest of the negotiation (oslo's obj_to_primitive(target, version_manifest)):
//
//  - an error about HostInfo lowers HostInfo's own version (os-vif semantics);
//  - an error about a nested object (e.g. HostVIFInfo 1.1, which os-vif 3.0.0
//    added without bumping HostInfo) pins that class at its supported version
//    in the manifest of the next attempt: an os-vif-era peer, which sends no
//    manifest, converges in one retry per distinct class it cannot read;
//  - a manifest (osvif extension) pins every class we send at once: one retry.
import {
  fromPrimitive,
  type HostInfo,
  InvalidTargetVersionError,
  objectRegistry,
  ObjectError,
  type ObjectPrimitive,
  VIFBase,
  type VersionedObject,
} from '../model';
import type { Logger } from '../logger';
import { toLogger } from '../pino';
import {
  MalformedReplyError,
  NegotiationAttemptsExhaustedError,
  NegotiationNoProgressError,
  NoCommonVersionError,
  RemoteNegotiationError,
} from './errors';
import type { VersionManifest } from './registry-view';
import type { ExchangeOptions, NegotiationTransport } from './transport';
import { highestAtMost, versionLower } from './versions';
import { checkBinding, parseReply, type BindingRequest, type HostInfoRequest, type ParsedVersionError } from './wire';

/** Options of HostInfoNegotiator: the transport, and how many rounds it may take. */
export interface NegotiatorOptions {
  readonly transport: NegotiationTransport;
  /** Requests sent at most (the first included); default 5 (the four HostInfo-family classes, one retry each, plus the first). */
  readonly maxAttempts?: number;
  readonly logger?: Logger;
}

/** One request/reply of a negotiation, as exchanged. */
export interface NegotiationAttempt {
  /** Versions of the objects in the HostInfo sent: object name -> version. */
  readonly sentVersions: Readonly<Record<string, string>>;
  /** The manifest used to write it: the classes pinned so far (undefined while nothing is pinned). */
  readonly manifest?: VersionManifest;
  readonly request: HostInfoRequest;
  readonly reply: unknown;
}

/** The result of a negotiation: the VIF to plug and the attempts it took. */
export interface NegotiationOutcome {
  /** The VIF to plug, as read by this host (instanceVersion = the version received). */
  readonly vif: VIFBase;
  /** The network host's `plugin` choice (the VIF's plugin field). */
  readonly plugin: string;
  readonly attempts: readonly NegotiationAttempt[];
}

/** Default maxAttempts: the first request and one retry per class of the HostInfo family. */
const DEFAULT_MAX_ATTEMPTS = 5;

const noopLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => noopLogger };

/** name -> highest version of every envelope in a primitive. */
export function versionsIn(p: unknown, out: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(p)) {
    for (const x of p) versionsIn(x, out);
    return out;
  }
  if (typeof p !== 'object' || p === null) return out;
  const env = p as Record<string, unknown>;
  const name = env['versioned_object.name'];
  const version = env['versioned_object.version'];
  if (typeof name === 'string' && typeof version === 'string') {
    if (out[name] === undefined || versionLower(out[name], version)) out[name] = version;
    versionsIn(env['versioned_object.data'], out);
  } else {
    for (const v of Object.values(env)) versionsIn(v, out);
  }
  return out;
}

/** What we will write: HostInfo's own target and the pins of nested (or all) classes (both optional). */
interface Plan {
  readonly target?: string;
  readonly manifest?: VersionManifest;
}

/**
 * The service host's side of the negotiation: sends this host's HostInfo and retries with what the network
 * host can read until it gets a VIF to plug.
 */
export class HostInfoNegotiator {
  readonly maxAttempts: number;
  private readonly transport: NegotiationTransport;
  private readonly log: Logger;

  constructor(options: NegotiatorOptions) {
    if (!options?.transport || typeof options.transport.exchange !== 'function') {
      throw new TypeError('HostInfoNegotiator: options.transport must be a NegotiationTransport');
    }
    const max = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(max) || max < 1 || max > 100)
      throw new RangeError('HostInfoNegotiator: maxAttempts must be an integer from 1 to 100');
    this.maxAttempts = max;
    this.transport = options.transport;
    this.log = toLogger(options.logger) ?? noopLogger;
  }

  /**
   * Sends `hostInfo` with the binding request and returns the VIF the network
   * host chose. Rejects with: NegotiationNoProgressError, NegotiationAttemptsExhaustedError,
   * NoCommonVersionError, RemoteNegotiationError (other error replies),
   * MalformedReplyError, or the transport's NegotiationTransportError.
   */
  async negotiate(hostInfo: HostInfo, binding: BindingRequest, options: ExchangeOptions = {}): Promise<NegotiationOutcome> {
    const checked = checkBinding(binding);
    const attempts: NegotiationAttempt[] = [];
    const sentBefore = new Set<string>();
    let plan: Plan = {};
    for (;;) {
      const primitive = this.write(hostInfo, plan);
      const sentVersions = versionsIn(primitive);
      sentBefore.add(JSON.stringify(sentVersions));
      const request: HostInfoRequest = { host_info: primitive, binding: checked };
      this.log.debug('sending HostInfo', { attempt: attempts.length + 1, versions: sentVersions, port_id: checked.port_id });
      const reply = await this.transport.exchange(request, options);
      attempts.push({ sentVersions, ...(plan.manifest ? { manifest: plan.manifest } : {}), request, reply });
      const parsed = parseReply(reply);
      if (parsed.kind === 'vif') return this.accept(parsed.vif, attempts);
      if (parsed.kind === 'error') throw new RemoteNegotiationError(parsed.error.type, parsed.error.message, parsed.error);
      const next = this.backlevel(plan, parsed.error, sentVersions, attempts.length);
      const nextVersions = versionsIn(this.write(hostInfo, next));
      if (sentBefore.has(JSON.stringify(nextVersions))) {
        throw new NegotiationNoProgressError(
          parsed.error.object,
          sentVersions[parsed.error.object],
          parsed.error.supported_version,
          'same-request',
          attempts.length,
        );
      }
      if (attempts.length >= this.maxAttempts) throw new NegotiationAttemptsExhaustedError(attempts.length, parsed.error.raw);
      this.log.info('network host cannot read our HostInfo; backlevelling', {
        object: parsed.error.object,
        version: parsed.error.version,
        supported_version: parsed.error.supported_version,
        manifest: parsed.error.manifest !== undefined,
      });
      plan = next;
    }
  }

  /** The plan for the next attempt, or NegotiationNoProgressError. */
  private backlevel(plan: Plan, err: ParsedVersionError, sent: Readonly<Record<string, string>>, attempts: number): Plan {
    const sentVersion = sent[err.object];
    const supported = err.supported_version;
    const noProgress = (reason: ConstructorParameters<typeof NegotiationNoProgressError>[3]) =>
      new NegotiationNoProgressError(err.object, sentVersion, supported, reason, attempts);
    if (supported === undefined) throw noProgress('no-supported-version');
    if (sentVersion === undefined) throw noProgress('object-not-sent');
    if (!versionLower(supported, sentVersion)) throw noProgress('not-lower');
    if (err.manifest === undefined) {
      // os-vif semantics: the error says only what this one class reads.
      if (err.object === 'HostInfo') return { ...plan, target: this.ourVersion('HostInfo', supported) };
      return { ...plan, manifest: Object.freeze({ ...plan.manifest, [err.object]: this.ourVersion(err.object, supported) }) };
    }
    // The peer's manifest, restricted to classes we have, each at the highest of
    // our versions not above the peer's; the error's own entry wins over the manifest;
    // a class pinned lower by an earlier error stays there.
    const manifest: Record<string, string> = {};
    for (const [name, version] of Object.entries({ ...err.manifest, [err.object]: supported })) {
      const cls = objectRegistry.get(name);
      if (!cls) continue;
      const v = highestAtMost(cls.versions, version);
      // Below all we can write: fatal only if we actually send that class.
      if (v === undefined) {
        if (sent[name] !== undefined) throw new NoCommonVersionError(name, version, cls.versions);
        continue;
      }
      const earlier = plan.manifest?.[name];
      manifest[name] = earlier !== undefined && versionLower(earlier, v) ? earlier : v;
    }
    for (const [name, version] of Object.entries(plan.manifest ?? {})) manifest[name] ??= version;
    // HostInfo lowered by an earlier error: fold it into the manifest (the lower of the two).
    if (plan.target !== undefined && (manifest.HostInfo === undefined || versionLower(plan.target, manifest.HostInfo)))
      manifest.HostInfo = plan.target;
    return { manifest: Object.freeze(manifest) };
  }

  private ourVersion(name: string, peer: string): string {
    const cls = objectRegistry.get(name);
    // object-not-sent is checked first, so the class is one we wrote.
    if (!cls) throw new NoCommonVersionError(name, peer, []);
    const v = highestAtMost(cls.versions, peer);
    if (v === undefined) throw new NoCommonVersionError(name, peer, cls.versions);
    return v;
  }

  private write(hostInfo: HostInfo, plan: Plan): ObjectPrimitive {
    try {
      return hostInfo.toPrimitive(plan.target, plan.manifest);
    } catch (e) {
      if (e instanceof InvalidTargetVersionError)
        throw new NoCommonVersionError(e.objName, e.version, objectRegistry.get(e.objName)?.versions ?? []);
      throw e;
    }
  }

  private accept(primitive: unknown, attempts: NegotiationAttempt[]): NegotiationOutcome {
    let vif: VersionedObject;
    try {
      vif = fromPrimitive(primitive);
    } catch (e) {
      if (e instanceof ObjectError)
        throw new MalformedReplyError(`vif${'path' in e && e.path ? `.${String(e.path)}` : ''}`, e.message, { cause: e });
      throw e;
    }
    if (!(vif instanceof VIFBase)) {
      throw new MalformedReplyError('vif', `a VIF is required, not ${vif.objName}`);
    }
    const plugin = vif.getIfSet('plugin');
    if (plugin === undefined) throw new MalformedReplyError('vif.data.plugin', 'the network host did not say which plugin plugs the VIF');
    this.log.info('VIF received', {
      attempts: attempts.length,
      plugin,
      vif: `${vif.objName} ${vif.instanceVersion}`,
    });
    return { vif, plugin, attempts };
  }
}
