// Plugin code runs as root. Before a plugin package is required, its entry module, its directory and every
// directory from there up to its install root must be owned by root or by this process's user and not writable
// by group or others (as sudo checks sudoers and git checks safe.directory): otherwise another local user
// could have put the code there or could replace it.
import { Stats, realpathSync, statSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { UntrustedPluginError } from './errors';
import type { PluginPackage } from './scan';

/** Throws UntrustedPluginError naming the first path that another user could have written. */
export function assertTrustedPackage(pkg: PluginPackage): void {
  const problem = firstProblem(pkg);
  if (problem) throw new UntrustedPluginError(pkg.packageName, pkg.dir, problem);
}

function firstProblem(pkg: PluginPackage): string | undefined {
  let entry: string;
  let dir: string;
  let top: string;
  try {
    entry = realpathSync(pkg.entry);
    dir = realpathSync(pkg.dir);
    top = realpathSync(pkg.installRoot);
  } catch (e) {
    return `cannot resolve its paths: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  }
  for (const path of [entry, ...upTo(dirname(entry), commonAncestor(dir, top)), ...upTo(top, top)]) {
    const problem = unsafe(path);
    if (problem) return problem;
  }
  return undefined;
}

/** `from` and each of its parents, up to and including `stop` (which must be `from` or one of its ancestors). */
function upTo(from: string, stop: string): string[] {
  const out: string[] = [];
  for (let d = from; ; d = dirname(d)) {
    out.push(d);
    if (d === stop || dirname(d) === d) return out;
  }
}

function commonAncestor(a: string, b: string): string {
  let d = b;
  while (relative(d, a).startsWith('..')) d = dirname(d); // until `a` lies under d ('/' at the latest)
  return d;
}

function unsafe(path: string): string | undefined {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    return `cannot stat ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  }
  const me = process.geteuid?.() ?? 0;
  if (st.uid !== 0 && st.uid !== me) return `${path} is owned by uid ${st.uid}, neither root nor this process's user (uid ${me})`;
  const writable = [st.mode & 0o020 ? 'group' : '', st.mode & 0o002 ? 'others' : ''].filter(Boolean);
  if (writable.length) return `${path} is writable by ${writable.join(' and ')} (mode ${(st.mode & 0o7777).toString(8)})`;
  return undefined;
}
