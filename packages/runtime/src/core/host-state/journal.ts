// The record of plugs in flight: one file per VIF in <journal_path>/pending, written before a plug creates its
// first link and removed once it has finished or rolled back. A file left behind is a plug that was killed:
// its devices may be unmarked (made, killed before their mark), so gc and the next plug of that VIF give its
// VIF to the plugin's @Collect to find them. journal_path is on tmpfs (/run) by default: after a reboot the
// devices are gone too (OVS rows stay, but they are marked in their own transaction).
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LinkApi } from '@osvif/sdk';
import { StateJournalError } from '../errors';

/** What a pending file holds. */
export interface PendingPlug {
  readonly vif_id: string;
  readonly plugin: string;
  readonly pid: number;
  readonly started: string;
  /** The VIF's primitive (obj_to_primitive), so its derived device names can be found again. */
  readonly vif: unknown;
}

/** /run/osvif for root, else a private directory of this user under the temp dir (as lock_path). */
export function defaultJournalPath(): string {
  const uid = process.getuid?.() ?? -1;
  return uid === 0 ? '/run/osvif' : join(tmpdir(), `osvif-state-${uid}`);
}

export class PendingJournal {
  private readonly dir: string;
  private checked: Promise<void> | undefined;
  /**
   * The parent's mtime and link count, read just before the directory was found absent: while they are unchanged
   * it is still absent. Spares a long-lived runtime that never makes the directory an ENOENT per operation (its
   * Error, with async stack traces, cost ~0.1 ms of the daemon's request time). Believed for 1 s at most: a
   * directory made within the same timestamp tick on a filesystem whose directories keep no link count (btrfs)
   * would leave both unchanged.
   */
  private absentWhileParent: { readonly parent: string; readonly until: number } | undefined;

  constructor(statePath: string) {
    this.dir = join(statePath, 'pending');
  }

  private file(vifId: string): string {
    return join(this.dir, `${createHash('sha256').update(vifId).digest('hex').slice(0, 32)}.json`);
  }

  /** Records the plug before it starts (write, then rename: a reader never sees half a record). */
  async begin(record: PendingPlug): Promise<void> {
    const file = this.file(record.vif_id);
    try {
      await this.ensureDir();
      const tmp = `${file}.${process.pid}.tmp`;
      await fsp.writeFile(tmp, JSON.stringify(record), { mode: 0o600 });
      await fsp.rename(tmp, file);
    } catch (e) {
      throw e instanceof StateJournalError ? e : new StateJournalError(file, e);
    }
  }

  /** Removes the VIF's record (absent is fine). */
  async end(vifId: string): Promise<void> {
    await fsp.rm(this.file(vifId), { force: true });
  }

  /** The VIF's record, if a plug of it was left unfinished. */
  async get(vifId: string): Promise<PendingPlug | undefined> {
    return (await this.trusted()) ? this.read(this.file(vifId)) : undefined;
  }

  /** Every record left (unreadable ones are skipped: they name nothing to collect). */
  async all(): Promise<PendingPlug[]> {
    if (!(await this.trusted())) return [];
    const names = await fsp.readdir(this.dir).catch(() => [] as string[]);
    const records = await Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => this.read(join(this.dir, n))));
    return records.filter((r): r is PendingPlug => r !== undefined);
  }

  /** Removes the half-written records (`<file>.<pid>.tmp`) of processes that are gone; returns how many. */
  async sweepTemporaries(): Promise<number> {
    if (!(await this.trusted())) return 0;
    const names = await fsp.readdir(this.dir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const pid = Number(/\.(\d+)\.tmp$/.exec(name)?.[1]);
      if (!Number.isInteger(pid) || isAlive(pid)) continue;
      await fsp.rm(join(this.dir, name), { force: true });
      removed++;
    }
    return removed;
  }

  /**
   * Records steer gc, so only a directory that is ours and writable by us alone is believed: created 0700 if
   * absent; an existing one owned by another user, or writable by group or others, is a StateJournalError.
   */
  private ensureDir(): Promise<void> {
    this.checked ??= this.checkDir(true).catch((e: unknown) => {
      this.checked = undefined;
      throw e;
    });
    return this.checked;
  }

  /** false when there is no directory yet (no records); throws when there is one we must not believe. */
  private async trusted(): Promise<boolean> {
    if (this.checked) return this.checked.then(() => true);
    const absent = this.absentWhileParent;
    if (absent && Date.now() < absent.until && (await this.parentKey()) === absent.parent) return false;
    // Present: one lstat, as every lookup needs (a directory made writable by others since is refused at once).
    if (await this.present()) return true;
    // Absent: remember it with the parent as it was before a second look (a directory made meanwhile changes it).
    const parent = await this.parentKey();
    if (await this.present()) return true;
    this.absentWhileParent = parent === undefined ? undefined : { parent, until: Date.now() + 1000 };
    return false;
  }

  /** Whether the directory exists (and may be believed); a StateJournalError when it exists and may not. */
  private present(): Promise<boolean> {
    return this.checkDir(false).then(
      () => true,
      (e: unknown) => {
        if ((e as { cause?: { code?: string } }).cause?.code !== 'ENOENT') throw e;
        return false;
      },
    );
  }

  /** The parent directory's mtime and link count (undefined when it cannot be read). */
  private parentKey(): Promise<string | undefined> {
    return fsp.lstat(dirname(this.dir)).then(
      (st) => `${st.mtimeMs}/${st.nlink}`,
      () => undefined,
    );
  }

  private async checkDir(create: boolean): Promise<void> {
    try {
      if (create) await fsp.mkdir(this.dir, { recursive: true, mode: 0o700 });
      const st = await fsp.lstat(this.dir);
      const uid = process.getuid?.();
      if (!st.isDirectory()) throw new Error('not a directory');
      if (uid !== undefined && st.uid !== uid) throw new Error(`owned by uid ${st.uid}, not by us (uid ${uid})`);
      if ((st.mode & 0o022) !== 0) throw new Error(`writable by group or others (mode ${(st.mode & 0o777).toString(8)})`);
    } catch (e) {
      throw new StateJournalError(this.dir, e);
    }
  }

  private async read(file: string): Promise<PendingPlug | undefined> {
    try {
      const r = JSON.parse(await fsp.readFile(file, 'utf8')) as PendingPlug;
      return typeof r?.vif_id === 'string' && typeof r.plugin === 'string' ? r : undefined;
    } catch {
      return undefined;
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One plug in flight: its record is written only when the plug is about to create its first link (a plug
 * that creates none, e.g. an OVS port alone, whose rows are marked in their own transaction, costs nothing).
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

const current = new AsyncLocalStorage<PlugInFlight>();

/** Runs a plug handler with its in-flight record reachable from the links it creates (recordingLinkApi). */
export function runInFlight<T>(plug: PlugInFlight, fn: () => Promise<T>): Promise<T> {
  return current.run(plug, fn);
}

/** The LinkApi the runtime gives plugins: the plug's record is on disk before any link is created. */
export function recordingLinkApi(inner: LinkApi): LinkApi {
  const before = (): Promise<void> => current.getStore()?.recordBeforeCreating() ?? Promise.resolve();
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
