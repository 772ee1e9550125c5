// The pending-plug journal as a long-lived runtime (the daemon) sees it: a directory found absent is not looked
// for again while its parent is unchanged, one unchanged for a while is listed once, yet a record another process
// writes is seen at once.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PendingJournal } from '../../src/core/host-state/journal';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'osvif-journal-'));
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const record = (vifId: string) => ({ vif_id: vifId, plugin: 'noop', pid: process.pid, started: new Date().toISOString(), vif: {} });

it('an absent directory costs no failing lookup per call, and a record written by another journal is seen', async () => {
  const daemon = new PendingJournal(dir);
  expect(await daemon.get('vif-1')).toBeUndefined();
  const lstat = jest.spyOn(fsp, 'lstat');
  for (let i = 0; i < 5; i++) expect(await daemon.get('vif-1')).toBeUndefined();
  // Only the parent was looked at: the absent directory itself was not (no ENOENT error per call).
  expect(lstat.mock.calls.map(([p]) => String(p))).toEqual(Array(5).fill(dir));
  lstat.mockRestore();

  await new PendingJournal(dir).begin(record('vif-1')); // another process's plug, killed before it ended
  expect(await daemon.get('vif-1')).toMatchObject({ vif_id: 'vif-1', plugin: 'noop' });
});

it('a directory is checked at every lookup: one made writable by others since is refused at once', async () => {
  await new PendingJournal(dir).begin(record('vif-2'));
  const daemon = new PendingJournal(dir);
  expect(await daemon.get('vif-2')).toMatchObject({ vif_id: 'vif-2' });
  chmodSync(join(dir, 'pending'), 0o777);
  await expect(daemon.get('vif-2')).rejects.toMatchObject({ code: 'STATE_JOURNAL' });
  await expect(daemon.get('vif-2')).rejects.toMatchObject({ code: 'STATE_JOURNAL' });
});

it('an absence is believed for 1 s at most, even when the parent looks unchanged (no link count, one tick)', async () => {
  const daemon = new PendingJournal(dir);
  const before = await fsp.lstat(dir);
  expect(await daemon.get('vif-3')).toBeUndefined();
  await new PendingJournal(dir).begin(record('vif-3'));
  // The parent as a filesystem without directory link counts, in the same timestamp tick, would show it.
  const real = fsp.lstat.bind(fsp);
  jest.spyOn(fsp, 'lstat').mockImplementation(((p: string) => (p === dir ? Promise.resolve(before) : real(p))) as typeof fsp.lstat);
  expect(await daemon.get('vif-3')).toBeUndefined();
  const now = Date.now();
  jest.spyOn(Date, 'now').mockReturnValue(now + 1001);
  expect(await daemon.get('vif-3')).toMatchObject({ vif_id: 'vif-3' });
});

it('a directory unchanged for a while is listed once: a lookup is one lstat, and a record added since is seen', async () => {
  await new PendingJournal(dir).begin(record('vif-4'));
  await new PendingJournal(dir).end('vif-4');
  const daemon = new PendingJournal(dir);
  const now = Date.now();
  jest.spyOn(Date, 'now').mockReturnValue(now + 3001); // the directory's last change is 3 s old
  const readFile = jest.spyOn(fsp, 'readFile');
  const readdir = jest.spyOn(fsp, 'readdir');
  for (let i = 0; i < 5; i++) expect(await daemon.get(`vif-${i}`)).toBeUndefined();
  expect(readFile).not.toHaveBeenCalled();
  expect(readdir).toHaveBeenCalledTimes(1);

  await new PendingJournal(dir).begin(record('vif-4')); // another process's plug: the directory's mtime moves
  jest.spyOn(Date, 'now').mockReturnValue(now + 3002);
  expect(await daemon.get('vif-4')).toMatchObject({ vif_id: 'vif-4' });
});

it('a directory changed within the last seconds is not believed from a listing: each lookup opens the record', async () => {
  const daemon = new PendingJournal(dir);
  await new PendingJournal(dir).begin(record('vif-5'));
  const readdir = jest.spyOn(fsp, 'readdir');
  expect(await daemon.get('vif-6')).toBeUndefined();
  expect(await daemon.get('vif-5')).toMatchObject({ vif_id: 'vif-5' });
  expect(readdir).not.toHaveBeenCalled();
});

it('lookups made together share one look at the directory; one made after a record was written sees it', async () => {
  await new PendingJournal(dir).begin(record('vif-7'));
  const daemon = new PendingJournal(dir);
  const lstat = jest.spyOn(fsp, 'lstat');
  const got = await Promise.all(Array.from({ length: 20 }, (_, i) => daemon.get(`other-${i}`)));
  expect(got).toEqual(Array(20).fill(undefined));
  expect(lstat.mock.calls.length).toBeLessThanOrEqual(2); // the first, and the one the others arrived during
  const first = daemon.get('vif-8'); // under way when the record below is written
  const writing = new PendingJournal(dir).begin(record('vif-8'));
  const after = writing.then(() => daemon.get('vif-8'));
  await first;
  expect(await after).toMatchObject({ vif_id: 'vif-8' });
});

it('a listing that fails (EMFILE) is not believed as empty: the record is opened instead', async () => {
  await new PendingJournal(dir).begin(record('vif-9'));
  const daemon = new PendingJournal(dir);
  jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 3001);
  jest.spyOn(fsp, 'readdir').mockRejectedValue(Object.assign(new Error('too many open files'), { code: 'EMFILE' }));
  expect(await daemon.get('vif-9')).toMatchObject({ vif_id: 'vif-9' });
  expect(await daemon.get('vif-9')).toMatchObject({ vif_id: 'vif-9' });
});

it('a journal_path not made yet: its absence is remembered by the nearest existing ancestor, no failing lookups', async () => {
  const daemon = new PendingJournal(join(dir, 'not', 'made'));
  expect(await daemon.get('vif-10')).toBeUndefined();
  const lstat = jest.spyOn(fsp, 'lstat');
  for (let i = 0; i < 5; i++) expect(await daemon.get('vif-10')).toBeUndefined();
  // One look per lookup, each at `dir` after its missing children: no ENOENT of the journal's own directory.
  expect(lstat.mock.calls.map(([p]) => String(p)).filter((p) => p.endsWith('pending'))).toEqual([]);
  lstat.mockRestore();
  await new PendingJournal(join(dir, 'not', 'made')).begin(record('vif-10')); // makes not/made/pending
  expect(await daemon.get('vif-10')).toMatchObject({ vif_id: 'vif-10' });
});

it('a directory this journal makes is seen at once, even where its parent looks unchanged (no link count, one tick)', async () => {
  const daemon = new PendingJournal(dir);
  const before = await fsp.lstat(dir);
  expect(await daemon.get('vif-11')).toBeUndefined(); // absence remembered
  const real = fsp.lstat.bind(fsp);
  jest.spyOn(fsp, 'lstat').mockImplementation(((p: string) => (p === dir ? Promise.resolve(before) : real(p))) as typeof fsp.lstat);
  await daemon.begin(record('vif-11')); // a plug that then fails fast keeps its record
  expect(await daemon.get('vif-11')).toMatchObject({ vif_id: 'vif-11' });
});
