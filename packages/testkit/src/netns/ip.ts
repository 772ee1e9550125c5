import type { CommandResult } from '@osvif/sdk';
import { TestkitCommandError, runCommand } from '../commands';

/** Where `ip netns` keeps its namespaces. */
export const NETNS_DIR = '/run/netns';
/** The prefix of every test namespace's name (osvif-test-<pid>-...): the leak sweep and the host guard know it. */
export const NETNS_PREFIX = 'osvif-test-';

/** Runs `ip netns ARGS`; rejects with TestkitCommandError unless it exits 0. */
export async function ipNetns(args: readonly string[]): Promise<CommandResult> {
  const r = await runCommand('ip', ['netns', ...args]);
  if (r.exitCode !== 0) throw new TestkitCommandError('ip', ['netns', ...args], r);
  return r;
}
