// The plugs in flight in one runtime, and the LinkApi that writes their records (journal.ts) before any link is
// created: a plug killed between creating a link and marking it leaves a record naming its VIF, so gc and the
// next plug or unplug of that VIF find the unmarked leftovers.
import type { LinkApi } from '@osvif/sdk';
import type { PendingJournal, PendingPlug } from './journal';

const noop = (): void => undefined;

/**
 * One plug in flight: its record is written only when a link is about to be created (a plug that creates none,
 * e.g. an OVS port alone, whose rows are marked in their own transaction, costs nothing while no other plug in
 * flight creates one: PlugsInFlight).
 */
export class PlugInFlight {
  private written: Promise<void> | undefined;

  constructor(
    private readonly journal: PendingJournal,
    private readonly vifId: string,
    private readonly record: () => PendingPlug,
  ) {}

  /** Writes the record once; every creation of this plug waits for it. */
  recordBeforeCreating(): Promise<void> {
    return (this.written ??= this.journal.begin(this.record()));
  }

  /**
   * The plug has ended. Succeeded: its record goes. Failed: the record stays (a rollback step may have
   * failed and left an unmarked device), for the next plug or unplug of the VIF, or gc, to look.
   */
  async finish(succeeded: boolean): Promise<void> {
    if (!this.written || !succeeded) return;
    await this.written.catch(() => undefined);
    await this.journal.end(this.vifId);
  }
}

/**
 * The plugs in flight in one runtime. A link created while any runs is preceded by the records of ALL of them
 * (each written once): which plug a LinkApi call comes from cannot be told without an async context, and
 * AsyncLocalStorage's promise hooks cost ~7% of the CPU of every operation, plugs that create no link included.
 * A record written for a plug that then creates nothing is removed when it succeeds, as any other.
 */
export class PlugsInFlight {
  /** Plugs in flight whose record is not yet known to be on disk (a written one leaves: no wait for it again). */
  private readonly unwritten = new Set<PlugInFlight>();

  /** Runs a plug handler as in flight. */
  async run<T>(plug: PlugInFlight, fn: () => Promise<T>): Promise<T> {
    this.unwritten.add(plug);
    try {
      return await fn();
    } finally {
      this.unwritten.delete(plug);
    }
  }

  /** Resolves once every plug in flight has its record; rejects if one could not be written (it may be the caller's). */
  recordAll(): Promise<void> {
    if (this.unwritten.size === 0) return Promise.resolve();
    const writes = Array.from(this.unwritten, (p) => {
      const write = p.recordBeforeCreating();
      write.then(() => this.unwritten.delete(p), noop);
      return write;
    });
    return Promise.all(writes).then(noop);
  }
}

/** The LinkApi the runtime gives plugins: the records of the plugs in flight are on disk before any link is created. */
export function recordingLinkApi(inner: LinkApi, inFlight: PlugsInFlight): LinkApi {
  const before = (): Promise<void> => inFlight.recordAll();
  return {
    exists: (name) => inner.exists(name),
    get: (name) => inner.get(name),
    list: () => inner.list(),
    createBridge: async (name, options) => (await before(), inner.createBridge(name, options)),
    createVeth: async (name, peer) => (await before(), inner.createVeth(name, peer)),
    createVlan: async (name, parent, id) => (await before(), inner.createVlan(name, parent, id)),
    createTap: async (name, options) => (await before(), inner.createTap(name, options)),
    delete: (name) => inner.delete(name),
    deleteIfExists: (name) => inner.deleteIfExists(name),
    set: (name, changes) => inner.set(name, changes),
  };
}
