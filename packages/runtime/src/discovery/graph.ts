// What a plugin package's code pulled in when it loaded: another copy of the packages it shares with the
// runtime (warned: errors and tokens work across copies, VIF classes and registries are still two), and
// @osvif/runtime itself (refused: a plugin that builds host services from the runtime acts on the host's
// namespace, not on the one the runtime was given).
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The packages whose copy a plugin must share with the runtime. */
const SHARED = ['@osvif/sdk', '@osvif/objects'] as const;
const RUNTIME = '@osvif/runtime';

/** A shared package that the plugin resolves to another directory than the runtime does. */
export interface ForeignCopy {
  readonly name: string;
  /** Real path of the copy the plugin resolves. */
  readonly pluginPath: string;
  /** Real path of the runtime's copy. */
  readonly runtimePath: string;
}

/** Each shared package that resolves, from the plugin's (real) entry directory, to another copy than the runtime's. */
export function foreignCopies(pluginFrom: string, runtimeFrom: string = __dirname): ForeignCopy[] {
  const out: ForeignCopy[] = [];
  for (const name of SHARED) {
    const runtimePath = packageDir(name, runtimeFrom);
    const pluginPath = packageDir(name, pluginFrom);
    if (runtimePath && pluginPath && runtimePath !== pluginPath) out.push({ name, pluginPath, runtimePath });
  }
  return out;
}

function packageDir(name: string, from: string): string | undefined {
  try {
    // `/package.json` (exported by both packages) so that a test runner's mapping of the bare name is not used.
    return realpathSync(dirname(require.resolve(`${name}/package.json`, { paths: [from] })));
  } catch {
    return undefined;
  }
}

/** A module of the plugin's graph that requires a module of @osvif/runtime. */
export interface RuntimeImport {
  readonly importer: string;
  readonly runtimeModule: string;
}

/** The first edge into @osvif/runtime (any copy) in the module graph loaded from `entry`, if any. */
export function findRuntimeImport(entry: string): RuntimeImport | undefined {
  const start = require.cache[entry];
  if (!start) return undefined;
  const names = new Map<string, string | undefined>();
  const seen = new Set<NodeJS.Module>([start]);
  const stack = [start];
  for (let m = stack.pop(); m; m = stack.pop()) {
    for (const child of m.children) {
      if (packageName(child.filename, names) === RUNTIME) return { importer: m.filename, runtimeModule: child.filename };
      if (!seen.has(child)) {
        seen.add(child);
        stack.push(child);
      }
    }
  }
  return undefined;
}

/** Name in the nearest package.json above `file` (cached per directory). */
function packageName(file: string, cache: Map<string, string | undefined>): string | undefined {
  const dirs: string[] = [];
  let name: string | undefined;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (cache.has(dir)) {
      name = cache.get(dir);
      break;
    }
    dirs.push(dir);
    // A package.json without a name (e.g. dist/package.json with only "type") does not end a package.
    const pj = join(dir, 'package.json');
    name = existsSync(pj) ? readName(pj) : undefined;
    if (name !== undefined || dirname(dir) === dir) break;
  }
  for (const d of dirs) cache.set(d, name);
  return name;
}

function readName(file: string): string | undefined {
  try {
    const name = (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}
