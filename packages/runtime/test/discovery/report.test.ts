// What discovery reports besides the plugins: the directories it scanned and the plugin-like packages it
// skipped (no "osvif" field, or a name already taken by a package found first), with why.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Config, OsVifRuntime, StreamLogger } from '@osvif/runtime';
import { scanForPlugins } from '../../src/discovery/scan';
import { linkSdk, pluginPackage, writePackage } from './fixtures';

let root: string;
let nm: string;
let extra: string;
const NO_FIELD = 'no "osvif" field in package.json (a plugin declares "osvif": { "plugin": "./dist/index.js" })';

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'osvif-discovery-report-'));
  nm = join(root, 'node_modules');
  extra = join(root, 'extra');
  mkdirSync(join(root, 'app'), { recursive: true });
  linkSdk(nm);
  pluginPackage(join(nm, 'osvif-plugin-alpha'), 'osvif-plugin-alpha', 'alpha');
  // Candidates without the declaration: by name, by scoped name, by depending on the SDK.
  writePackage(join(nm, 'osvif-plugin-forgot'), { name: 'osvif-plugin-forgot', version: '1.0.0' }, {});
  writePackage(join(nm, '@acme/osvif-plugin-scoped'), { name: '@acme/osvif-plugin-scoped', version: '1.0.0' }, {});
  writePackage(join(nm, 'acme-vif'), { name: 'acme-vif', version: '1.0.0', peerDependencies: { '@osvif/sdk': '^0.1.0' } }, {});
  // Not candidates: unrelated, osvif's own packages (depend on the SDK, not plugins), a devDependency only.
  writePackage(join(nm, 'left-pad'), { name: 'left-pad', version: '1.0.0' }, {});
  writePackage(join(nm, '@osvif/toolbox'), { name: '@osvif/toolbox', version: '1.0.0', dependencies: { '@osvif/sdk': '0.1.0' } }, {});
  writePackage(join(nm, 'acme-tests'), { name: 'acme-tests', version: '1.0.0', devDependencies: { '@osvif/sdk': '0.1.0' } }, {});
  // The same package name again, later in the search order.
  pluginPackage(join(extra, 'osvif-plugin-alpha'), 'osvif-plugin-alpha', 'alpha');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('discovery report', () => {
  it('scanForPlugins lists plugin-like packages without the declaration, and shadowed names, with the reason', () => {
    const scan = scanForPlugins([nm, extra]);
    expect(scan.packages.map((p) => p.packageName)).toEqual(['osvif-plugin-alpha']);
    expect(scan.failures).toEqual([]);
    expect(scan.skipped).toEqual([
      { packageName: '@acme/osvif-plugin-scoped', dir: join(nm, '@acme/osvif-plugin-scoped'), reason: NO_FIELD },
      { packageName: 'acme-vif', dir: join(nm, 'acme-vif'), reason: NO_FIELD },
      { packageName: 'osvif-plugin-forgot', dir: join(nm, 'osvif-plugin-forgot'), reason: NO_FIELD },
      {
        packageName: 'osvif-plugin-alpha',
        dir: join(extra, 'osvif-plugin-alpha'),
        reason: `shadowed: ${join(nm, 'osvif-plugin-alpha')} has the same package name and was found first`,
      },
    ]);
  });

  it('runtime.discovery() gives the directories scanned and the skipped packages; embedded plugins scan nothing', async () => {
    const logger = new StreamLogger({ level: 'error', json: true, sink: { write: () => undefined } });
    const rt = new OsVifRuntime({ config: Config.fromText(''), logger, runtimeDir: join(root, 'app') });
    expect(() => rt.discovery()).toThrow('initialize');
    await rt.initialize();
    try {
      expect(rt.discovery().scanned).toEqual([nm]);
      expect(rt.discovery().skipped.map((s) => s.packageName)).toEqual(['@acme/osvif-plugin-scoped', 'acme-vif', 'osvif-plugin-forgot']);
    } finally {
      await rt.close();
    }
    const embedded = new OsVifRuntime({ config: Config.fromText(''), logger, pluginClasses: [] });
    await embedded.initialize();
    expect(embedded.discovery()).toEqual({ scanned: [], skipped: [] });
    await embedded.close();
  });
});
