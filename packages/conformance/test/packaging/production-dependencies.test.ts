// What installing a public package brings into a consumer's tree: no @types/* package except @types/node for
// the runtime, whose public types name node:http, and then only for the Node versions we support (netlink 0.3.0
// brought @types/node@12, which broke consumers' type-checks: Cannot find module 'node:stream'); and no dependency
// a consumer's install would have to build. (packages/create-plugin/test/packaging.host.test.ts type-checks a
// consumer of the published packages without @types/node of its own.)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
const PUBLIC = [
  'objects',
  'sdk',
  'ovsdb',
  'netlink-socket',
  'unix-socket',
  'runtime',
  'testkit',
  'plugin-noop',
  'plugin-ovs',
  'plugin-linux-bridge',
  'create-plugin',
];

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

/** The package.json of `name` as Node finds it from `fromDir`: the nearest node_modules/<name> up the tree. */
function manifestOf(name: string, fromDir: string): { dir: string; manifest: Manifest } {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return { dir: dirname(candidate), manifest: JSON.parse(readFileSync(candidate, 'utf8')) as Manifest };
    if (dirname(dir) === dir) throw new Error(`${name} is not installed above ${fromDir}`);
  }
}

/** Every package reached through `dependencies` (production installs), by name. */
function productionTree(dir: string): Map<string, Manifest> {
  const seen = new Map<string, Manifest>();
  const visit = (from: string, manifest: Manifest): void => {
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      if (seen.has(dep)) continue;
      const found = manifestOf(dep, from);
      seen.set(dep, found.manifest);
      visit(found.dir, found.manifest);
    }
  };
  visit(dir, JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest);
  return seen;
}

describe.each(PUBLIC)('@osvif/%s installed for production', (pkg) => {
  const tree = productionTree(join(ROOT, 'packages', pkg));

  it('brings no @types/* package into the consumer but @types/node >= 20 for the runtime', () => {
    const types = [...tree.keys()].filter((n) => n.startsWith('@types/'));
    expect(types).toEqual(tree.has('@osvif/runtime') || pkg === 'runtime' ? ['@types/node'] : []);
    const ranges = [...tree.values(), JSON.parse(readFileSync(join(ROOT, 'packages', pkg, 'package.json'), 'utf8')) as Manifest]
      .map((m) => m.dependencies?.['@types/node'])
      .filter((r): r is string => r !== undefined);
    for (const range of ranges) expect(range).toBe('>=20');
  });

  it('brings no package with an install script', () => {
    const withScripts = [...tree.values()].filter((m) => m.scripts?.install || m.scripts?.postinstall || m.scripts?.preinstall);
    expect(withScripts.map((m) => m.name)).toEqual([]);
  });
});
