// Loads a plugin package's module and picks out its @VifPlugin classes.
import { dirname } from 'node:path';
import { errorLine } from '@osvif/objects';
import { getPluginDefinition, PluginDefinition } from '@osvif/sdk';
import { PluginImportsRuntimeError, PluginLoadError } from './errors';
import { findRuntimeImport, ForeignCopy, foreignCopies } from './graph';
import type { PluginPackage } from './scan';
import { assertTrustedPackage } from './trust';

export interface PluginModule {
  readonly pkg: PluginPackage;
  readonly definitions: PluginDefinition[];
  /** Shared packages (@osvif/sdk, @osvif/objects) the plugin resolves to another copy than the runtime's. */
  readonly foreignCopies: ForeignCopy[];
}

/**
 * Requires the package's entry once its paths are trusted (trust.ts); a package refused there, a module that
 * throws (bad declarations included), one whose code requires @osvif/runtime or one that exports no plugin fails.
 */
export function loadPluginModule(pkg: PluginPackage): PluginModule {
  assertTrustedPackage(pkg);
  let exported: unknown;
  try {
    exported = require(pkg.entry);
  } catch (e) {
    throw new PluginLoadError(pkg.packageName, pkg.dir, `loading ${pkg.entry} failed: ${errorLine(e)}`, { cause: e });
  }
  const entry = require.resolve(pkg.entry); // real path: what the plugin's own requires resolve from
  const found = findRuntimeImport(entry);
  if (found) throw new PluginImportsRuntimeError(pkg.packageName, pkg.dir, found.importer, found.runtimeModule);
  const candidates = [exported, ...(exported && typeof exported === 'object' ? Object.values(exported) : [])];
  const definitions: PluginDefinition[] = [];
  for (const c of candidates) {
    const d = getPluginDefinition(c);
    if (d && !definitions.includes(d)) definitions.push(d);
  }
  if (definitions.length === 0) {
    throw new PluginLoadError(
      pkg.packageName,
      pkg.dir,
      `${pkg.entry} exports no @VifPlugin class: export the decorated class from the module package.json's "osvif".plugin names (osvif plugin check <dir> shows what it exports)`,
    );
  }
  return { pkg, definitions, foreignCopies: foreignCopies(dirname(entry)) };
}
