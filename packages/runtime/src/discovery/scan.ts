// Finds installed plugin packages the way os-vif finds entry points: every
// package in the scanned node_modules directories whose package.json says
// `"osvif": { "plugin": "./dist/index.js" }`. Scoped packages (@scope/name)
// and workspace symlinks are followed; the first package of a name wins
// (closest node_modules first, as Node resolves).
import { Dirent, existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { PluginLoadError } from './errors';

export interface PluginPackage {
  readonly packageName: string;
  readonly version: string;
  /** Package directory as found (may be a symlink). */
  readonly dir: string;
  /** Module to load, absolute. */
  readonly entry: string;
}

/** node_modules directories from `from` up to the root (Node's own lookup order). */
export function ancestorNodeModules(from: string): string[] {
  const out: string[] = [];
  let dir = resolve(from);
  for (;;) {
    if (basename(dir) !== 'node_modules') out.push(join(dir, 'node_modules'));
    const parent = dirname(dir);
    if (parent === dir) return out;
    dir = parent;
  }
}

/** Directories to scan: configured paths (each itself, or its node_modules) first, then the runtime's own ancestors. */
export function searchDirectories(pluginPath: readonly string[], runtimeDir: string = __dirname): string[] {
  const dirs: string[] = [];
  for (const p of pluginPath) {
    const abs = resolve(p);
    dirs.push(abs);
    if (!abs.endsWith('node_modules')) dirs.push(join(abs, 'node_modules'));
  }
  dirs.push(...ancestorNodeModules(runtimeDir));
  return [...new Set(dirs)].filter((d) => existsSync(d));
}

function listDir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

/**
 * Reads a package directory's package.json; returns its plugin declaration, or
 * undefined when it is not an osvif plugin. Throws PluginLoadError when it
 * claims to be one but the declaration is broken.
 */
export function readPluginPackage(dir: string, quick = true): PluginPackage | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, 'package.json'), 'utf8');
  } catch {
    return undefined;
  }
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
  return { packageName: name, version: typeof pkg.version === 'string' ? pkg.version : '0.0.0', dir, entry };
}

export interface ScanResult {
  readonly packages: PluginPackage[];
  /** Packages that declare themselves plugins but whose declaration is broken. */
  readonly failures: PluginLoadError[];
}

/** Scans node_modules directories for plugin packages. */
export function scanForPlugins(dirs: readonly string[]): ScanResult {
  const packages: PluginPackage[] = [];
  const failures: PluginLoadError[] = [];
  const seenNames = new Set<string>();
  const seenReal = new Set<string>();
  const consider = (dir: string, entry: Dirent) => {
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
    try {
      const found = readPluginPackage(dir);
      if (found && !seenNames.has(found.packageName)) {
        seenNames.add(found.packageName);
        packages.push(found);
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
        for (const sub of listDir(join(nm, entry.name))) if (!sub.name.startsWith('.')) consider(join(nm, entry.name, sub.name), sub);
      } else {
        consider(join(nm, entry.name), entry);
      }
    }
  }
  return { packages, failures };
}

/**
 * Resolves an explicit `[osvif] plugins` entry: a directory path (absolute or
 * starting with '.'), or a package name looked up in the search directories.
 */
export function resolvePluginEntry(spec: string, dirs: readonly string[]): PluginPackage {
  const isPath = isAbsolute(spec) || spec.startsWith('.');
  const candidates = isPath ? [resolve(spec)] : dirs.map((d) => join(d, spec));
  for (const dir of candidates) {
    if (!existsSync(join(dir, 'package.json'))) continue;
    const found = readPluginPackage(dir, false);
    if (found) return found;
  }
  throw new PluginLoadError(spec, isPath ? resolve(spec) : dirs.join(':'), 'package not found');
}
