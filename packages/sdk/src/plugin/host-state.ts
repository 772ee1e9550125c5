// The optional host-state handlers of a plugin (CNI's CHECK and GC, plus an inventory and a health check):
//
//   @ListOwned()  async owned(): Promise<OwnedVif[]>                          what the marks say is whose
//   @Check(VIFBridge)  async check(vif, info): Promise<Discrepancy[]>          [] = the host is as plug makes it
//   @Collect()  async collect(target, options): Promise<OwnedResource[]>       removes one VIF's things
//   @Status()  async status(): Promise<StatusCheck[]>                          can the plugin serve?
//
// A plugin without them still plugs and unplugs; the runtime reports it as not listing/checking.
import type { VIFBase } from '@osvif/objects';
import { DecoratorUsageError } from './errors';
import { ownList, ObjectClassLike } from './metadata';
import { assertLegacyCall } from './usage';

/** One host resource a VIF owns. */
export interface OwnedResource {
  /** 'link' (a net device), 'ovs-port' (a Port row with its Interface), 'ovs-bridge', 'ovs-qos', or the plugin's own. */
  readonly kind: string;
  readonly name: string;
  /** The OVS bridge holding an ovs-port. */
  readonly bridge?: string;
  /** How it is known to be the VIF's: its mark, the os-vif way (derived name + iface-id), or as a killed plug's leftover. */
  readonly via: 'mark' | 'os-vif' | 'leftover';
}

/** A VIF a plugin found on the host, with what belongs to it. */
export interface OwnedVif {
  readonly vifId: string;
  /** The VIF's class, when a mark records it. */
  readonly vifClass?: string;
  readonly resources: readonly OwnedResource[];
}

/** One way the host differs from what plug makes: which resource, and what is wrong with it. */
export interface Discrepancy {
  readonly resource: string;
  readonly problem: string;
}

/** What `@Collect` is asked to remove: one VIF's things. */
export interface CollectTarget {
  readonly vifId: string;
  /**
   * The VIF of a plug that was killed (the runtime's record of operations in flight): its devices may be
   * unmarked (made, killed before the mark), so unmarked devices with its derived names count as its own
   * unless something says they are another VIF's.
   */
  readonly leftoverOf?: VIFBase;
  /** Remove only such unmarked leftovers (the VIF is still wanted: a plug is about to converge it). */
  readonly leftoversOnly?: boolean;
}

/** How `@Collect` runs: `dryRun` finds and returns what it would remove, and changes nothing. */
export interface CollectOptions {
  readonly dryRun: boolean;
}

/** One readiness check of @Status: e.g. 'ovsdb' reachable, 'netlink' usable. */
export interface StatusCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

/** Which methods carry the host-state handlers (each optional). */
export interface HostStateHandlers {
  readonly list?: string | symbol;
  readonly collect?: string | symbol;
  readonly status?: string | symbol;
  /** objName of a VIF class -> its `@Check` method. */
  readonly check: ReadonlyMap<string, string | symbol>;
}

export const HOST_STATE_KEY = Symbol.for('osvif.plugin.host-state');

/** Raw decorator data, validated by @VifPlugin. */
export interface RawHostStateHandler {
  readonly role: 'list' | 'collect' | 'status' | 'check';
  readonly method: string | symbol;
  readonly vif?: ObjectClassLike;
}

function record(role: RawHostStateHandler['role'], vifs: readonly ObjectClassLike[] = []): MethodDecorator {
  return (prototype, method) => {
    assertLegacyCall({ list: '@ListOwned', collect: '@Collect', status: '@Status', check: '@Check' }[role], method);
    const ctor = (prototype as { constructor: object }).constructor;
    const list = ownList<RawHostStateHandler>(ctor, HOST_STATE_KEY);
    if (role !== 'check') return void list.push({ role, method });
    if (vifs.length === 0) throw new DecoratorUsageError((ctor as { name: string }).name, '@Check needs at least one VIF class');
    for (const vif of vifs) list.push({ role, method, vif });
  };
}

/** Marks the method that lists the VIFs whose resources the plugin finds on the host (by their marks). */
export function ListOwned(): MethodDecorator {
  return record('list');
}

/** Marks the method that compares a plugged VIF's host state with what plug makes (needs nothing changed). */
export function Check(...vifs: ObjectClassLike[]): MethodDecorator {
  return record('check', vifs);
}

/** Marks the method that removes what one VIF owns (gc); requires @ListOwned. */
export function Collect(): MethodDecorator {
  return record('collect');
}

/** Marks the method that says whether the plugin can serve (its daemons reachable, the kernel usable). */
export function Status(): MethodDecorator {
  return record('status');
}
