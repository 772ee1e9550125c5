// Removes namespaces left by earlier, crashed runs: `osvif-test-<pid>-...`
// whose creating process is gone and which are older than this process.
import { readdir, stat } from 'node:fs/promises';
import { NETNS_DIR, NETNS_PREFIX, ipNetns } from './ip';

const processStart = Date.now() - process.uptime() * 1000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Returns the names removed. `createdBefore` (ms since epoch, default: this
 * process's start) keeps namespaces made during this run out of reach.
 */
export async function sweepStaleNetns(options: { createdBefore?: number } = {}): Promise<string[]> {
  const createdBefore = options.createdBefore ?? processStart;
  let entries: string[];
  try {
    entries = await readdir(NETNS_DIR);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of entries) {
    const m = new RegExp(`^${NETNS_PREFIX}(\\d+)-`).exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    try {
      if ((await stat(`${NETNS_DIR}/${name}`)).mtimeMs >= createdBefore) continue;
      await ipNetns(['del', name]);
      removed.push(name);
    } catch {
      // raced with another sweeper, or already gone
    }
  }
  return removed;
}
