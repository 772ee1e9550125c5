// Finds installed plugin packages the way os-vif finds entry points: every
// package in the scanned node_modules directories whose package.json says
// `"osvif": { "plugin": "./dist/index.js" }`. Scoped packages (@scope/name)
// and workspace symlinks are followed; the first package of a name wins
// (closest node_modules first, as Node resolves).
import { Dirent, existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { SkippedPackage, undeclaredCandidate } from './candidate';
import { PluginLoadError } from './errors';

export interface PluginPackage {
  readonly packageName: string;
  readonly version: string;
  /** Package directory as found (may be a symlink). */
  readonly dir: string;
  /** Module to load, absolute. */
  readonly entry: string;
  /** The directory it was found in (a scanned node_modules, or a configured one): trust is checked up to it. */
  readonly installRoot: string;
}

/**
 * The node_modules directories of the runtime's own install, nearest first (Node's lookup order), up to the
 * first one that holds @osvif/runtime, or, when none does, only the nearest that exists. Never further up: a
 * package dropped into a writable ancestor (e.g. /tmp/node_modules above a checkout in /tmp) is never loaded.
 */
export function installNodeModules(from: string): string[] {
  const out: string[] = [];
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const nm = join(dir, 'node_modules');
    if (basename(dir) !== 'node_modules' && existsSync(nm)) {
      out.push(nm);
      if (existsSync(join(nm, '@osvif', 'runtime'))) return out;
    }
    if (dirname(dir) === dir) return out.slice(0, 1);
  }
}

/** Directories to scan: configured paths (each itself, or its node_modules) first, then the runtime's own install. */
export function searchDirectories(pluginPath: readonly string[], runtimeDir: string = __dirname): string[] {
  const dirs: string[] = [];
  for (const p of pluginPath) {
    const abs = resolve(p);
    dirs.push(abs);
    if (!abs.endsWith('node_modules')) dirs.push(join(abs, 'node_modules'));
  }
  dirs.push(...installNodeModules(runtimeDir));
  return [...new Set(dirs)].filter((d) => existsSync(d));
}

function listDir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

function readPackageText(dir: string): string | undefined {
  try {
    return readFileSync(join(dir, 'package.json'), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Reads a package directory's package.json (or its `text`, already read); returns its plugin declaration, or
 * undefined when it is not an osvif plugin. Throws PluginLoadError when it claims to be one but the declaration
 * is broken.
 */
export function readPluginPackage(
  dir: string,
  installRoot: string,
  quick = true,
  text: string | undefined = readPackageText(dir),
): PluginPackage | undefined {
  if (text === undefined) return undefined;
  // Cheap filter: most packages never mention osvif, skip parsing them.
  if (quick && !text.includes('"osvif"')) return undefined;
  let pkg: { name?: unknown; version?: unknown; osvif?: { plugin?: unknown } };
  try {
    pkg = JSON.parse(text) as typeof pkg;
  } catch (e) {
    if (!quick) throw new PluginLoadError(dir, dir, `package.json is not valid JSON: ${(e as Error).message}`);
    return undefined;
  }
  const name = typeof pkg.name === 'string' ? pkg.name : dir;
  if (!pkg.osvif || typeof pkg.osvif !== 'object') {
    if (!quick) throw new PluginLoadError(name, dir, 'package.json has no "osvif": { "plugin": ... } declaration');
    return undefined;
  }
  const declared = pkg.osvif.plugin;
  if (typeof declared !== 'string' || declared.length === 0 || isAbsolute(declared)) {
    throw new PluginLoadError(name, dir, '"osvif.plugin" must be a relative module path such as "./dist/index.js"');
  }
  const entry = resolve(dir, declared);
  if (!entry.startsWith(resolve(dir) + '/')) throw new PluginLoadError(name, dir, `"osvif.plugin" ${declared} points outside the package`);
  return { packageName: name, version: typeof pkg.version === 'string' ? pkg.version : '0.0.0', dir, entry, installRoot };
}

export interface ScanResult {
  readonly packages: PluginPackage[];
  /** Packages that declare themselves plugins but whose declaration is broken. */
  readonly failures: PluginLoadError[];
  /** Packages that look like plugins but were not taken (candidate.ts), and why. */
  readonly skipped: SkippedPackage[];
}

/** Scans node_modules directories for plugin packages. */
export function scanForPlugins(dirs: readonly string[]): ScanResult {
  const packages: PluginPackage[] = [];
  const failures: PluginLoadError[] = [];
  const skipped: SkippedPackage[] = [];
  const seenNames = new Map<string, string>();
  const seenReal = new Set<string>();
  const consider = (nm: string, dir: string, entry: Dirent) => {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) return;
    // Only links need resolving (workspace packages); plain directories are their own real path.
    let real = dir;
    if (entry.isSymbolicLink()) {
      try {
        real = realpathSync(dir);
      } catch {
        return; // dangling link
      }
    }
    if (seenReal.has(real)) return;
    seenReal.add(real);
    const text = readPackageText(dir);
    try {
      const found = readPluginPackage(dir, nm, true, text);
      const first = found && seenNames.get(found.packageName);
      if (first)
        skipped.push({ packageName: found.packageName, dir, reason: `shadowed: ${first} has the same package name and was found first` });
      else if (found) {
        seenNames.set(found.packageName, dir);
        packages.push(found);
      } else {
        const notDeclared = text === undefined ? undefined : undeclaredCandidate(text, dir);
        if (notDeclared) skipped.push(notDeclared);
      }
    } catch (e) {
      if (e instanceof PluginLoadError) failures.push(e);
      else throw e;
    }
  };
  for (const nm of dirs) {
    for (const entry of listDir(nm)) {
      if (entry.name.startsWith('.')) continue;
      if (entry.name.startsWith('@')) {
        for (const sub of listDir(join(nm, entry.name))) if (!sub.name.startsWith('.')) consider(nm, join(nm, entry.name, sub.name), sub);
      } else {
        consider(nm, join(nm, entry.name), entry);
      }
    }
  }
  return { packages, failures, skipped };
}

/**
 * Resolves an explicit `[osvif] plugins` entry: a directory path (absolute or
 * starting with '.'), or a package name looked up in the search directories.
 */
export function resolvePluginEntry(spec: string, dirs: readonly string[]): PluginPackage {
  const isPath = isAbsolute(spec) || spec.startsWith('.');
  // A configured directory is trusted up to its parent; a name, up to the node_modules it is found in.
  const candidates = isPath ? [[resolve(spec), dirname(resolve(spec))]] : dirs.map((d) => [join(d, spec), d]);
  for (const [dir, root] of candidates) {
    if (!existsSync(join(dir, 'package.json'))) continue;
    const found = readPluginPackage(dir, root, false);
    if (found) return found;
  }
  throw new PluginLoadError(spec, isPath ? resolve(spec) : dirs.join(':'), 'package not found');
}
