// The pending-plug journal as a long-lived runtime (the daemon) sees it: a directory found absent is not looked
// for again while its parent is unchanged, yet a record another process writes is seen at once.
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
