// The checks `osvif plugin check` makes on package.json alone: readable, an "osvif" declaration whose entry
// exists, and @osvif/sdk declared with a range that includes the runtime's SDK.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { versionInRange } from '@osvif/sdk';
import { PluginLoadError } from '../../discovery/errors';
import { PluginPackage, readPluginPackage } from '../../discovery/scan';
import { CheckResult, failed, ok, skipped, warn } from './result';

interface Manifest {
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

const SDK = '@osvif/sdk';
const DECLARATION = '"osvif": { "plugin": "./dist/index.js" }';

/** package.json read and parsed, with its check line; `text` undefined when it cannot be read. */
export function checkPackageJson(dir: string): { result: CheckResult; text?: string; manifest?: Manifest } {
  const file = join(dir, 'package.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? String(e);
    return {
      result: failed(
        'package.json',
        `${file}: cannot read it (${why})`,
        'run the check on the package directory, the one holding package.json',
      ),
    };
  }
  try {
    const manifest = JSON.parse(text) as unknown;
    if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) throw new Error('not a JSON object');
    return { result: ok('package.json', file), text, manifest: manifest as Manifest };
  } catch (e) {
    return { result: failed('package.json', `${file}: not valid JSON: ${(e as Error).message}`, 'fix the JSON') };
  }
}

/** The "osvif" declaration, as discovery reads it (scan.ts), with its check line. */
export function checkDeclaration(dir: string, text: string): { result: CheckResult; pkg?: PluginPackage } {
  try {
    const pkg = readPluginPackage(dir, dirname(dir), false, text);
    if (pkg) return { result: ok('declaration', `"osvif.plugin": ${relative(dir, pkg.entry)}`), pkg };
  } catch (e) {
    if (!(e instanceof PluginLoadError)) throw e;
    return { result: failed('declaration', e.reason, `declare the entry module in package.json: ${DECLARATION}`) };
  }
  return { result: failed('declaration', 'package.json has no "osvif" field', `add ${DECLARATION} to package.json`) };
}

/** The declared entry module exists as a file. */
export function checkEntry(pkg: PluginPackage | undefined): CheckResult {
  if (!pkg) return skipped('entry', 'the declaration');
  try {
    if (statSync(pkg.entry).isFile()) return ok('entry', pkg.entry);
  } catch {
    // reported below
  }
  return failed('entry', `${pkg.entry} does not exist`, 'build the package (npm run build), or point "osvif.plugin" at the built module');
}

/**
 * @osvif/sdk is a peerDependency whose range includes the runtime's SDK version. A plain dependency works but
 * may install a second copy of the SDK (and of @osvif/objects) next to the plugin, whose classes are not the runtime's.
 */
export function checkSdk(manifest: Manifest, runtimeSdk: string): CheckResult {
  const peer = manifest.peerDependencies?.[SDK];
  const plain = manifest.dependencies?.[SDK];
  const range = peer ?? plain;
  const fixRange = `"peerDependencies": { "${SDK}": "^${runtimeSdk}" }`;
  if (range === undefined) return failed('sdk', `${SDK} is not in peerDependencies`, `add ${fixRange}`);
  const where = peer !== undefined ? 'peerDependency' : 'dependency';
  if (!versionInRange(runtimeSdk, range))
    return failed('sdk', `the ${where} range ${JSON.stringify(range)} excludes this runtime's ${SDK} ${runtimeSdk}`, `declare ${fixRange}`);
  const included = `${where} ${JSON.stringify(range)} includes this runtime's ${SDK} ${runtimeSdk}`;
  if (plain !== undefined)
    return warn(
      'sdk',
      `${included}, but as a plain dependency npm may install a second copy of the SDK for the plugin`,
      `move it to ${fixRange}`,
    );
  return ok('sdk', included);
}
