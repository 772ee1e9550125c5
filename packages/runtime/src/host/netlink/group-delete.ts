// Link deletes due at the same time go to the kernel as ONE group delete. The kernel deletes links one RCU
// grace period at a time when asked one by one, but RTM_DELLINK with ifi_index 0 and IFLA_GROUP deletes
// every link of that device group in one unregister_netdevice_many (50 veth pairs: 1228 ms one by one,
// 24 ms as a group). deleteIfExists calls made in one turn of the event loop, and those made while a batch
// is with the kernel, form the next batch; so one unplug's bridge and veth go together, and so do many
// unplugs in flight.
//
// A batch, in two sendmsg calls:
//   1. RTM_GETLINK of every name: absent is the answer false; the link's kind and ownership mark are read.
//   2. For each link we verified (an osvif mark, IFLA_IFALIAS "osvif:...", and a kind whose driver deletes
//      through rtnetlink: bridge, veth, vlan, dummy), RTM_SETLINK by index putting it in the batch's group;
//      then the one RTM_DELLINK of the group. Any other link (unmarked: a host that moved from os-vif; a tap)
//      is deleted by name as before, in the same sendmsg. The group is set only on links just read with our
//      mark, so a foreign link is never swept, whatever group it is in (the default group is 0; ours are
//      never 0). The kernel runs every message of a sendmsg to the end, even if the sender is killed
//      meanwhile, so marking and deleting cannot be split by a crash of this process.
//
// Group ids: random in [2^30, 2^31) (iproute2 reads groups as signed ints: `ip link del group N` works on
// them), never one another batch of this process holds. Across processes the ids are not coordinated; a
// collision (p ~ batches in flight / 2^30) is harmless by construction: only links that their owner
// verified and is deleting at that moment ever carry a batch id, so the union of two colliding batches is
// still only links due for deletion. A link left in a group (a kernel that failed the group delete) keeps
// its osvif mark: the next unplug or gc deletes it by name, and writing a mark again (a re-plug that
// reuses it) puts it back in group 0 (link-api.ts, set()).
import { randomInt } from 'node:crypto';
import { readLinkMark } from '@osvif/sdk';
import { parseLinkMessage, RawLink } from './link-message';
import type { LinkRequest } from './requests';
import * as R from './requests';
import { KernelError, RtnlTransport, Settled } from './socket';

/** Kinds whose rtnl_link_ops have dellink (a group delete fails as a whole, EOPNOTSUPP, on any other). */
const GROUPABLE = new Set(['bridge', 'veth', 'vlan', 'dummy']);
/** Links per group: with the setlinks and the group delete, one sendmsg of at most 64 messages. */
const MAX_GROUP = 63;
const GROUP_MIN = 1 << 30;
const GROUP_END = 2 ** 31;

interface Waiter {
  readonly name: string;
  readonly resolve: (deleted: boolean) => void;
  readonly reject: (e: KernelError) => void;
}

/** Counters for tests and the bench. */
export interface GroupDeleteStats {
  /** Group deletes sent (RTM_DELLINK by IFLA_GROUP). */
  groups: number;
  /** Links that went in a group. */
  grouped: number;
  /** Links deleted by name. */
  single: number;
}

export class GroupDeleter {
  private queue: Waiter[] = [];
  private running = false;
  private readonly inUse = new Set<number>();
  readonly stats: GroupDeleteStats = { groups: 0, grouped: 0, single: 0 };

  constructor(private readonly transport: RtnlTransport) {}

  /** Resolves true when the link was there and is now deleted, false when there was none; rejects with the kernel's error. */
  deleteIfExists(name: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ name, resolve, reject });
      // The end of this turn, not a microtask: deletes that reach us through an async seam (the test agent's
      // line reader yields between lines) still meet. The price: a lone delete waits one more loop turn.
      if (this.queue.length === 1 && !this.running) setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_GROUP);
        await this.run(batch).catch((e: unknown) => {
          const k = e instanceof KernelError ? e : new KernelError(5, 'EIO');
          for (const w of batch) w.reject(k);
        });
      }
    } finally {
      this.running = false;
    }
  }

  private async run(batch: Waiter[]): Promise<void> {
    // A lookup first, even for one link: an absent link (every generic unplug asks for one) is answered
    // without a delete, which would be sent through the worker thread (worker/split-socket.ts).
    const looks = await this.transport.requestAll(batch.map((w) => R.getLinkByNameRequest(w.name)));
    const marked: { w: Waiter; link: RawLink }[] = [];
    const byName: Waiter[] = [];
    /** A veth whose peer is already marked goes with it (the kernel deletes both ends): its answer is the peer's. */
    const riders = new Map<Waiter, Waiter>();
    const markedByIndex = new Map<number, Waiter>();
    batch.forEach((w, i) => {
      const r = looks[i];
      if (r.error) return r.error.errnoName === 'ENODEV' ? w.resolve(false) : w.reject(r.error);
      const link = r.parts[0] ? parseLinkMessage(r.parts[0]) : undefined;
      if (!link) return w.resolve(false);
      const peer = link.kind === 'veth' && link.linkIndex !== undefined ? markedByIndex.get(link.linkIndex) : undefined;
      if (peer) riders.set(w, peer);
      else if (readLinkMark(link.alias) && link.kind !== undefined && GROUPABLE.has(link.kind)) {
        marked.push({ w, link });
        markedByIndex.set(link.index, w);
      } else byName.push(w);
    });
    const group = marked.length >= 2 ? this.reserve() : undefined;
    const outcome = new Map<Waiter, boolean | KernelError>();
    try {
      const reqs: LinkRequest[] = [];
      const single = group === undefined ? [...byName, ...marked.map((g) => g.w)] : byName;
      for (const w of single) reqs.push(R.deleteLinkRequest(w.name));
      if (group !== undefined) {
        for (const { link } of marked) reqs.push(R.setGroupRequest(link.index, group));
        reqs.push(R.deleteGroupRequest(group));
      }
      const results = await this.transport.requestAll(reqs);
      single.forEach((w, i) => outcome.set(w, byNameOutcome(results[i])));
      this.stats.single += single.length;
      if (group !== undefined) {
        this.stats.groups++;
        this.stats.grouped += marked.length;
        const last = results[results.length - 1].error;
        // ENODEV: nothing was left in the group (every link went away before its setlink).
        const failed = last && last.errnoName !== 'ENODEV' ? last : undefined;
        marked.forEach(({ w }, i) => {
          const r = results[single.length + i];
          outcome.set(w, r.error ? (r.error.errnoName === 'ENODEV' ? false : r.error) : (failed ?? true));
        });
      }
    } finally {
      if (group !== undefined) this.inUse.delete(group);
    }
    for (const [w, peer] of riders) outcome.set(w, outcome.get(peer) ?? false);
    for (const [w, o] of outcome) {
      if (o instanceof KernelError) w.reject(o);
      else w.resolve(o);
    }
  }

  private reserve(): number {
    let id: number;
    do id = randomInt(GROUP_MIN, GROUP_END);
    while (this.inUse.has(id));
    this.inUse.add(id);
    return id;
  }
}

function byNameOutcome(r: Settled): boolean | KernelError {
  if (!r.error) return true;
  return r.error.errnoName === 'ENODEV' ? false : r.error;
}
