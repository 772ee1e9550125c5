// Packages that look like osvif plugins but do not declare themselves one: the scan skips them, and says so
// (`osvif plugins`), because a forgotten `"osvif"` field is the first mistake a new plugin author makes.
// Rule: a package named like a plugin (`osvif-plugin-*`, `@scope/osvif-plugin-*`, `@osvif/plugin-*`), or one
// that depends on @osvif/sdk outside osvif's own @osvif scope (the runtime and the test kit depend on it too).

/** A package the scan did not take as a plugin, and why. */
export interface SkippedPackage {
  /** npm package name. */
  readonly packageName: string;
  /** Package directory as found. */
  readonly dir: string;
  /** Why it was not loaded, with the fix (e.g. the missing "osvif" declaration). */
  readonly reason: string;
}

const PLUGIN_NAME = /^(@[^/]+\/)?osvif-plugin-|^@osvif\/plugin-/;
const SDK = '@osvif/sdk';

/** The package.json `text` of a package without an `"osvif"` declaration: skipped with the fix when it looks like a plugin. */
export function undeclaredCandidate(text: string, dir: string): SkippedPackage | undefined {
  // Cheap filter first: the scan reads every package.json of node_modules.
  if (!text.includes('osvif-plugin-') && !text.includes('@osvif/plugin-') && !text.includes(SDK)) return undefined;
  let pkg: { name?: unknown; osvif?: unknown; dependencies?: unknown; peerDependencies?: unknown; optionalDependencies?: unknown };
  try {
    pkg = JSON.parse(text) as typeof pkg;
  } catch {
    return undefined;
  }
  if (typeof pkg.name !== 'string' || pkg.osvif !== undefined) return undefined;
  const dependsOnSdk = [pkg.dependencies, pkg.peerDependencies, pkg.optionalDependencies].some(
    (deps) => !!deps && typeof deps === 'object' && SDK in deps,
  );
  if (!PLUGIN_NAME.test(pkg.name) && !(dependsOnSdk && !pkg.name.startsWith('@osvif/'))) return undefined;
  return {
    packageName: pkg.name,
    dir,
    reason: 'no "osvif" field in package.json (a plugin declares "osvif": { "plugin": "./dist/index.js" })',
  };
}
