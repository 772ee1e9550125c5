// Writes a new plugin package from template/: every file copied with the placeholders replaced
// (__PLUGIN_NAME__, __CLASS_NAME__, __PACKAGE_NAME__, __OSVIF_RANGE__). `gitignore` becomes `.gitignore`
// (npm would drop a `.gitignore` from this package's own tarball).
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ScaffoldTargetError } from './errors';

/** What to generate, the names already checked. */
export interface PluginPackageSpec {
  readonly dir: string;
  readonly pluginName: string;
  readonly className: string;
  readonly packageName: string;
  /** The semver range of the @osvif packages the plugin builds against, e.g. `^0.1.0`. */
  readonly osvifRange: string;
}

export const TEMPLATE_DIR = join(__dirname, '..', 'template');

/** Writes the package; returns the files written, relative to `dir`. Throws ScaffoldTargetError before writing anything if `dir` is not empty. */
export function generate(spec: PluginPackageSpec): string[] {
  if (isNonEmptyDir(spec.dir)) throw new ScaffoldTargetError(spec.dir);
  const values: Record<string, string> = {
    __PLUGIN_NAME__: spec.pluginName,
    __CLASS_NAME__: spec.className,
    __PACKAGE_NAME__: spec.packageName,
    __OSVIF_RANGE__: spec.osvifRange,
  };
  const written: string[] = [];
  for (const file of templateFiles(TEMPLATE_DIR)) {
    const rel = relative(TEMPLATE_DIR, file);
    const target = join(spec.dir, rel === 'gitignore' ? '.gitignore' : rel);
    mkdirSync(join(target, '..'), { recursive: true });
    const text = readFileSync(file, 'utf8').replace(/__(PLUGIN_NAME|CLASS_NAME|PACKAGE_NAME|OSVIF_RANGE)__/g, (m) => values[m]);
    writeFileSync(target, text, { flag: 'wx' });
    written.push(relative(spec.dir, target));
  }
  return written.sort();
}

function templateFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? templateFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

function isNonEmptyDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory() ? readdirSync(dir).length > 0 : true;
  } catch {
    return false;
  }
}
