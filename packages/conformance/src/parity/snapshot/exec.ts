// Runs the read-only inspection tools (ovs-vsctl, ip, iptables-save) the
// snapshot is built from: argument arrays, never a shell; `netns` => inside it.
import { execFile } from 'node:child_process';
import { OsvifError } from '@osvif/objects';

export class SnapshotCommandError extends OsvifError {
  static readonly code = 'SNAPSHOT_COMMAND_FAILED';
  constructor(
    readonly file: string,
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(SnapshotCommandError.code, `${file} ${args.join(' ')} failed (exit ${exitCode}): ${stderr.trim()}`);
  }
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export function runIn(netns: string | undefined, file: string, args: readonly string[], timeoutMs = 30000): Promise<RunResult> {
  const [f, a] = netns ? ['ip', ['netns', 'exec', netns, file, ...args]] : [file, [...args]];
  return new Promise((resolve, reject) => {
    execFile(f, a, { timeout: timeoutMs, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && typeof (err as NodeJS.ErrnoException).code === 'string') return reject(err);
      resolve({ stdout, stderr, exitCode: err ? (typeof err.code === 'number' ? err.code : 1) : 0 });
    });
  });
}

export async function checkIn(netns: string | undefined, file: string, args: readonly string[]): Promise<string> {
  const r = await runIn(netns, file, args);
  if (r.exitCode !== 0) throw new SnapshotCommandError(file, args, r.exitCode, r.stderr);
  return r.stdout;
}
