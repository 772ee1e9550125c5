// Load-time guardrails for plugin packages: a plugin that loads its own copy of @osvif/sdk is warned about
// (with both paths and the fix), one whose code requires @osvif/runtime is refused (PluginImportsRuntimeError).
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Config, OsVifRuntime, PluginImportsRuntimeError, PluginLoadError, StreamLogger } from '@osvif/runtime';
import { linkSdk, pluginPackage, pluginSource, REPO, writePackage } from './fixtures';

let root: string;
let nm: string;
let records: Array<Record<string, unknown>>;

async function initialize(): Promise<OsVifRuntime> {
  records = [];
  const logger = new StreamLogger({
    level: 'debug',
    json: true,
    sink: { write: (l) => records.push(JSON.parse(l) as Record<string, unknown>) },
  });
  const rt = new OsVifRuntime({ config: Config.fromText('', 'test.conf'), logger, runtimeDir: join(root, 'app') });
  await rt.initialize();
  return rt;
}

const pkgJson = (name: string) => ({ name, version: '1.0.0', main: 'index.js', osvif: { plugin: './index.js' } });

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'osvif-guardrails-'));
  nm = join(root, 'node_modules');
  mkdirSync(join(root, 'app'), { recursive: true });
  linkSdk(nm);
  // Its tests use the runtime: they are not part of what the plugin loads.
  pluginPackage(join(nm, 'osvif-plugin-shared'), 'osvif-plugin-shared', 'shared', {
    'test/plugin.test.js': "require('@osvif/runtime');\n",
  });
  // Its own copy of @osvif/sdk next to it, as `npm install ../plugin` leaves the plugin's dependencies.
  pluginPackage(join(nm, 'osvif-plugin-own-sdk'), 'osvif-plugin-own-sdk', 'ownsdk');
  cpSync(join(REPO, 'packages/sdk/package.json'), join(nm, 'osvif-plugin-own-sdk/node_modules/@osvif/sdk/package.json'));
  // Builds the host's link API from the runtime instead of injecting LINK_API, in a module of its own.
  writePackage(join(nm, 'osvif-plugin-grabs-runtime'), pkgJson('osvif-plugin-grabs-runtime'), {
    'index.js': `${pluginSource('grabs')}\nexports.links = require('./lib/host').links;\n`,
    'lib/host.js': "const { NetlinkLinkApi } = require('@osvif/runtime');\nexports.links = () => new NetlinkLinkApi();\n",
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('plugin load guardrails', () => {
  it('warns, naming package, both paths and the fix, when a plugin resolves its own copy of @osvif/sdk', async () => {
    const rt = await initialize();
    expect(rt.loadedPlugins().map((p) => p.name)).toEqual(['ownsdk', 'shared']);
    const warnings = records.filter((r) => r.level === 40 && String(r.msg).includes('own copy')); // 40: warn
    expect(warnings).toEqual([
      expect.objectContaining({
        msg: 'plugin package osvif-plugin-own-sdk loads its own copy of @osvif/sdk',
        package: 'osvif-plugin-own-sdk',
        shared: '@osvif/sdk',
        pluginCopy: join(nm, 'osvif-plugin-own-sdk/node_modules/@osvif/sdk'),
        runtimeCopy: join(REPO, 'packages/sdk'),
        fix: expect.stringMatching(/peerDependency.*dedupe/),
      }),
    ]);
  });

  it('refuses a plugin whose code requires @osvif/runtime, naming the module and the fix', async () => {
    const rt = await initialize();
    expect(rt.loadedPlugins().map((p) => p.name)).not.toContain('grabs');
    const [failure] = rt.failures();
    expect(rt.failures()).toHaveLength(1);
    expect(failure).toBeInstanceOf(PluginImportsRuntimeError);
    expect(failure).toBeInstanceOf(PluginLoadError);
    expect(failure.code).toBe('PLUGIN_IMPORTS_RUNTIME');
    expect(failure).toMatchObject({
      packageName: 'osvif-plugin-grabs-runtime',
      importer: join(nm, 'osvif-plugin-grabs-runtime/lib/host.js'),
    });
    expect(failure.message).toContain('inject LINK_API (and the other host services) from @osvif/sdk instead of importing @osvif/runtime');
    expect(records).toContainEqual(expect.objectContaining({ msg: 'plugin failed to load', package: 'osvif-plugin-grabs-runtime' }));
  });
});
