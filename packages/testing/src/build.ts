// Tests that spawn the built CLI need dist/ to match src/. tsc -b rewrites a
// package's tsconfig.tsbuildinfo whenever it rebuilds that package, so a
// package is stale when a source file is newer than its build info.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (this file is packages/testing/{src,dist}/build.*). */
export const REPO_ROOT = resolve(__dirname, '../../..');

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

function isStale(pkg: string): boolean {
  const info = join(REPO_ROOT, 'packages', pkg, 'tsconfig.tsbuildinfo');
  return !existsSync(info) || newestMtime(join(REPO_ROOT, 'packages', pkg, 'src')) > statSync(info).mtimeMs;
}

/** Builds the workspace (tsc -b) when any package's dist is older than its src. */
export function ensureBuilt(): void {
  const packages = readdirSync(join(REPO_ROOT, 'packages')).filter((p) => existsSync(join(REPO_ROOT, 'packages', p, 'src')));
  if (!packages.some(isStale)) return;
  const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 240_000 });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
}
