// The record of plugs in flight: one file per VIF in <journal_path>/pending, written before a plug creates its
// first link and removed once it has finished or rolled back. A file left behind is a plug that was killed:
// its devices may be unmarked (made, killed before their mark), so gc and the next plug of that VIF give its
// VIF to the plugin's @Collect to find them. journal_path is on tmpfs (/run) by default: after a reboot the
// devices are gone too (OVS rows stay, but they are marked in their own transaction).
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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

/**
 * How long the pending directory must have been unchanged before a listing of it is believed: longer than the
 * coarsest timestamp tick of a filesystem it may be on (jiffies on tmpfs, 2 s on FAT), with a margin.
 */
const RACY_MS = 3000;

/** /run/osvif for root, else a private directory of this user under the temp dir (as lock_path). */
export function defaultJournalPath(): string {
  const uid = process.getuid?.() ?? -1;
  return uid === 0 ? '/run/osvif' : join(tmpdir(), `osvif-state-${uid}`);
}

export class PendingJournal {
  private readonly dir: string;
  /** The directory made (or found) and checked by begin(), once. */
  private checked: Promise<void> | undefined;
  /**
   * The nearest existing ancestor's mtime and link count, read just before the directory was found absent: while
   * they are unchanged it is still absent. Spares a long-lived runtime that never makes the directory an ENOENT per operation (its
   * Error, with async stack traces, cost ~0.1 ms of the daemon's request time). Believed for 1 s at most: a
   * directory made within the same timestamp tick on a filesystem whose directories keep no link count (btrfs)
   * would leave both unchanged.
   */
  private absentWhileParent: { readonly parent: string; readonly until: number } | undefined;
  /**
   * The directory's file names, believed while its identity, mtime and ctime are those they were listed under:
   * a lookup is then one lstat, not also a failing open per operation (~0.1 ms of CPU each under load). Only a
   * directory unchanged for RACY_MS is listed (as git's racily-clean rule): a file added in the same timestamp
   * tick as the change before would leave mtime unchanged.
   */
  private listing: { readonly key: string; readonly names: Promise<ReadonlySet<string> | undefined> } | undefined;
  private readonly uid = process.getuid?.();
  /** One lstat of the directory shared by the lookups of one turn of the event loop (50 VIFs in flight). */
  private readonly freshStat = new FreshRead(() => this.trusted());

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
    const st = await this.freshStat.get();
    if (!st) return undefined;
    const file = this.file(vifId);
    const names = await this.names(st);
    return names && !names.has(basename(file)) ? undefined : this.read(file);
  }

  /** The directory's file names when a listing can answer without a race (see `listing`); else undefined. */
  private names(st: Stats): Promise<ReadonlySet<string> | undefined> {
    const key = `${st.dev}/${st.ino}/${st.mtimeMs}/${st.ctimeMs}`;
    if (this.listing?.key === key) return this.listing.names; // also shared by the lookups that arrived together
    if (!(Date.now() - Math.max(st.mtimeMs, st.ctimeMs) >= RACY_MS)) return Promise.resolve(undefined);
    // A change between the lstat and this readdir gives the next lstat another key: listed again then.
    const names = fsp.readdir(this.dir).then(
      (listed) => new Set(listed),
      () => {
        this.listing = undefined; // unreadable now (EMFILE...): open the record instead, believe no empty listing
        return undefined;
      },
    );
    this.listing = { key, names };
    return names;
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
    this.checked ??= this.checkDir(true).then(
      () => {
        this.absentWhileParent = undefined; // made now: a remembered absence no longer holds (same tick, no link count)
      },
      (e: unknown) => {
        this.checked = undefined;
        throw e;
      },
    );
    return this.checked;
  }

  /**
   * The directory's lstat when there is one we may believe; undefined when there is none yet (no records); throws
   * when there is one we must not believe. One lstat per lookup, also of a directory this journal made: one made
   * writable by others since is refused at once.
   */
  private async trusted(): Promise<Stats | undefined> {
    const absent = this.absentWhileParent;
    if (absent && Date.now() < absent.until && (await this.parentKey()) === absent.parent) return undefined;
    const st = await this.present();
    if (st) return st;
    // Absent: remember it with the parent as it was before a second look (a directory made meanwhile changes it).
    const parent = await this.parentKey();
    const again = await this.present();
    if (again) return again;
    this.checked = undefined; // removed since this journal made it: the next record makes it again
    this.absentWhileParent = parent === undefined ? undefined : { parent, until: Date.now() + 1000 };
    return undefined;
  }

  /** The directory's lstat when it exists (and may be believed); a StateJournalError when it exists and may not. */
  private present(): Promise<Stats | undefined> {
    return this.checkDir(false).then(
      (st) => st,
      (e: unknown) => {
        if ((e as { cause?: { code?: string } }).cause?.code !== 'ENOENT') throw e;
        return undefined;
      },
    );
  }

  /**
   * The nearest existing ancestor's path, mtime and link count (undefined when none can be read): making the
   * directory (and any missing parent of it, such as a configured journal_path not made yet) changes them.
   */
  private async parentKey(): Promise<string | undefined> {
    for (let dir = dirname(this.dir); ; dir = dirname(dir)) {
      const st = await fsp.lstat(dir).catch(() => undefined);
      if (st) return `${dir}:${st.mtimeMs}/${st.nlink}`;
      if (dirname(dir) === dir) return undefined;
    }
  }

  private async checkDir(create: boolean): Promise<Stats> {
    try {
      if (create) await fsp.mkdir(this.dir, { recursive: true, mode: 0o700 });
      const st = await fsp.lstat(this.dir);
      const uid = this.uid;
      if (!st.isDirectory()) throw new Error('not a directory');
      if (uid !== undefined && st.uid !== uid) throw new Error(`owned by uid ${st.uid}, not by us (uid ${uid})`);
      if ((st.mode & 0o022) !== 0) throw new Error(`writable by group or others (mode ${(st.mode & 0o777).toString(8)})`);
      return st;
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

/**
 * Shares one run of `read` among the callers of one turn of the event loop: it starts at the end of that turn
 * (setImmediate), so after every call it answers. A run already under way is never shared: it may have looked
 * before a change its caller must see (a record written before the caller took the VIF's lock). With many
 * operations in flight, the replies that resume them arrive together, so their lookups go together too.
 */
class FreshRead<T> {
  private scheduled: Promise<T> | undefined;

  constructor(private readonly read: () => Promise<T>) {}

  get(): Promise<T> {
    return (this.scheduled ??= new Promise<T>((resolve) =>
      setImmediate(() => {
        this.scheduled = undefined;
        resolve(this.read());
      }),
    ));
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
