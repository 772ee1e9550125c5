// `osvif plugin check <dir>`: every check in order, one result each. Checks that need one that failed are
// `skipped`, so the list always has the same lines.
import { realpathSync } from 'node:fs';
import type { LoadedPlugin } from '../../core/runtime';
import { checkDeclaration, checkEntry, checkPackageJson, checkSdk } from './manifest';
import { probeEntry } from './probe';
import type { ProbedPlugin } from './probe-result';
import { CheckResult, failed, ok, skipped, warn } from './result';

/** What the check compares against: the runtime's SDK version, and the plugins installed on this host. */
export interface CheckContext {
  readonly runtimeSdkVersion: string;
  /** The installed plugins, or why they could not be listed. */
  readonly installed: () => Promise<readonly LoadedPlugin[] | { readonly error: string }>;
}

export async function checkPluginPackage(dir: string, ctx: CheckContext): Promise<CheckResult[]> {
  const manifest = checkPackageJson(dir);
  if (manifest.text === undefined || !manifest.manifest) {
    const later = ['declaration', 'entry', 'sdk', 'load', 'plugin class', 'declarations', 'name'];
    return [manifest.result, ...later.map((c) => skipped(c, 'package.json'))];
  }
  const declaration = checkDeclaration(dir, manifest.text);
  const entry = checkEntry(declaration.pkg);
  const results = [manifest.result, declaration.result, entry, checkSdk(manifest.manifest, ctx.runtimeSdkVersion)];
  if (!declaration.pkg || entry.status !== 'ok') {
    return [...results, ...['load', 'plugin class', 'declarations', 'name'].map((c) => skipped(c, 'the entry module'))];
  }
  const probe = await probeEntry(declaration.pkg.entry, dir);
  if ('broken' in probe) {
    return [...results, failed('load', probe.broken, 'make the module load without exiting'), ...afterLoad()];
  }
  if (!probe.loaded) {
    const line = `${probe.error.name}: ${probe.error.message}`;
    if (probe.declarationError) {
      return [
        ...results,
        failed('load', 'a decorator refused a declaration (see declarations)', 'fix the declaration'),
        skipped('plugin class', 'the module to load'),
        failed('declarations', line, 'see docs/plugins.md#declarations and docs/errors.md for the code'),
        skipped('name', 'valid declarations'),
      ];
    }
    const fix = /Cannot find module/.test(probe.error.message)
      ? 'install its dependencies (npm install) in the package'
      : 'fix the error the module throws';
    return [...results, failed('load', `requiring ${declaration.pkg.entry} threw ${line}`, fix), ...afterLoad()];
  }
  const { runtimeImport } = probe;
  results.push(
    runtimeImport
      ? failed(
          'load',
          `${runtimeImport.importer} requires @osvif/runtime (${runtimeImport.runtimeModule}): the runtime refuses this plugin (PLUGIN_IMPORTS_RUNTIME)`,
          'inject LINK_API and the other host services from @osvif/sdk instead of importing @osvif/runtime',
        )
      : ok('load', `loaded in a separate process from ${dir}`),
  );
  if (probe.plugins.length === 0) {
    const fix = 'export the class decorated with @VifPlugin from the entry module (export class ... / module.exports = { ... })';
    return [
      ...results,
      failed('plugin class', `${declaration.pkg.entry} exports no @VifPlugin class`, fix),
      skipped('declarations', 'a plugin class'),
      skipped('name', 'a plugin class'),
    ];
  }
  results.push(ok('plugin class', probe.plugins.map((p) => p.className).join(', ')));
  results.push(ok('declarations', probe.plugins.map((p) => `${p.name}: ${p.vifs.join(', ')}`).join('; ')));
  results.push(await checkNames(probe.plugins, dir, declaration.pkg.packageName, ctx));
  return results;
}

const afterLoad = () => [
  skipped('plugin class', 'the module to load'),
  skipped('declarations', 'the module to load'),
  skipped('name', 'the module to load'),
];

/** Plugin names unique in the package and among the plugins installed on this host (the runtime loads the first). */
async function checkNames(plugins: readonly ProbedPlugin[], dir: string, packageName: string, ctx: CheckContext): Promise<CheckResult> {
  const names = plugins.map((p) => p.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) return failed('name', `two exported classes are both plugin ${twice}`, 'give each @VifPlugin its own name');
  const installed = await ctx.installed();
  if ('error' in installed)
    return warn(
      'name',
      `${names.join(', ')}; not compared with the installed plugins: ${installed.error}`,
      'fix what stops `osvif plugins`',
    );
  const here = real(dir);
  for (const p of installed) {
    if (!names.includes(p.name) || (p.origin.dir && real(p.origin.dir) === here)) continue;
    const where = `${p.origin.packageName ?? 'an embedded plugin'}${p.origin.dir ? ` (${p.origin.dir})` : ''}`;
    if (p.origin.packageName === packageName)
      return warn('name', `another copy of ${packageName} is installed: ${where}`, 'remove one copy: the runtime loads the first it finds');
    return failed(
      'name',
      `plugin ${p.name} is already provided by ${where} on this host`,
      'rename the plugin (@VifPlugin name) or remove the other package',
    );
  }
  return ok('name', `${names.join(', ')}: valid, and no installed plugin has the same name`);
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
