// Loads a plugin package's entry in a child process (probe-child.ts): a fresh module cache and the package's own
// module resolution, and a module that throws, exits or hangs cannot take the `osvif` process with it.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PROBE_MARKER, ProbeResult } from './probe-result';

const PROBE_TIMEOUT_MS = 30_000;

/** The probe's answer, or why there is none (the module exited the process, hung, or the child failed). */
export function probeEntry(entry: string, cwd: string): Promise<ProbeResult | { readonly broken: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(__dirname, 'probe-child.js'), entry],
      { cwd, timeout: PROBE_TIMEOUT_MS, maxBuffer: 8 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const at = stdout.lastIndexOf(PROBE_MARKER);
        if (at >= 0) return done(JSON.parse(stdout.slice(at + PROBE_MARKER.length)) as ProbeResult);
        const last = stderr.trim().split('\n').pop() ?? '';
        if (error?.killed) return done({ broken: `still loading after ${PROBE_TIMEOUT_MS / 1000} s (killed)` });
        done({ broken: `the process ended while the module loaded (exit status ${String(error?.code ?? 0)})${last ? `: ${last}` : ''}` });
      },
    );
  });
}
