// Minimal private netns helper for the OVS tests (the full one, with a link
// agent, lives in ../netns; this one only needs `ip netns add/del`).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';

function ip(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('ip', args, (err, _out, stderr) => (err ? reject(new Error(`ip ${args.join(' ')}: ${stderr || err.message}`)) : resolve()));
  });
}

export interface OvsTestNetns {
  readonly name: string;
  dispose(): Promise<void>;
}

export async function createOvsTestNetns(): Promise<OvsTestNetns> {
  // Same shape as ../netns names (osvif-test-<pid>-...), so its stale-namespace sweeper knows ours.
  const name = `osvif-test-${process.pid}-ovs${randomBytes(3).toString('hex')}`;
  await ip(['netns', 'add', name]);
  let done: Promise<void> | undefined;
  return { name, dispose: () => (done ??= ip(['netns', 'del', name]).catch(() => undefined)) };
}
