// Discovery from temporary node_modules trees: scoped packages, workspace
// symlinks, broken packages, plugin_path, explicit lists, plugins_required,
// and a copy of the noop plugin made as its README says.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InstanceInfo, VIFBridge, VIFVHostUser } from '@osvif/objects';
import { Config, OsVifRuntime, PluginsRequiredError, StreamLogger } from '@osvif/runtime';
import { scanForPlugins } from '../../src/discovery/scan';
import { copyNoopAs, linkSdk, pluginPackage, writePackage } from './fixtures';

const VIF_ID = '5b0b3a8e-8f0b-4c1a-9d4e-2f6a7c8b9d01';
const info = new InstanceInfo({ uuid: '5b0b3a8e-8f0b-4c1a-9d4e-2f6a7c8b9d02', name: 'vm' });

let root: string;
let nm: string;
let records: Array<Record<string, unknown>>;

function runtime(configText = '', extra: { runtimeDir?: string } = {}): OsVifRuntime {
  records = [];
  const logger = new StreamLogger({
    level: 'debug',
    json: true,
    sink: { write: (l) => records.push(JSON.parse(l) as Record<string, unknown>) },
  });
  // runtimeDir inside the temp tree: only that tree's node_modules are scanned, not the repo's.
  return new OsVifRuntime({ config: Config.fromText(configText, 'test.conf'), logger, runtimeDir: extra.runtimeDir ?? join(root, 'app') });
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'osvif-discovery-'));
  nm = join(root, 'node_modules');
  mkdirSync(join(root, 'app'), { recursive: true });
  linkSdk(nm);
  pluginPackage(join(nm, 'osvif-plugin-alpha'), 'osvif-plugin-alpha', 'alpha');
  pluginPackage(join(nm, '@acme/osvif-beta'), '@acme/osvif-beta', 'beta');
  // A workspace-style symlink to a package living elsewhere.
  pluginPackage(join(root, 'workspace/gamma'), '@acme/gamma', 'gamma');
  symlinkSync(join(root, 'workspace/gamma'), join(nm, '@acme/gamma'), 'dir');
  // Not plugins: ignored silently.
  writePackage(join(nm, 'left-pad'), { name: 'left-pad', version: '1.0.0' }, { 'index.js': '' });
  writePackage(join(nm, 'mentions-osvif'), { name: 'mentions-osvif', description: '"osvif"' }, {});
  // Broken plugins: reported with package and reason.
  writePackage(
    join(nm, 'osvif-broken-throws'),
    { name: 'osvif-broken-throws', osvif: { plugin: './index.js' } },
    { 'index.js': "throw new Error('boom at import');" },
  );
  writePackage(
    join(nm, 'osvif-broken-empty'),
    { name: 'osvif-broken-empty', osvif: { plugin: './index.js' } },
    { 'index.js': 'exports.x = 1;' },
  );
  writePackage(
    join(nm, 'osvif-broken-decl'),
    { name: 'osvif-broken-decl', osvif: { plugin: './index.js' } },
    {
      'index.js':
        "const sdk = require('@osvif/sdk'); const { VIFBridge } = require('@osvif/objects'); class P {}; sdk.Consumes(VIFBridge, '7.0')(P); sdk.VifPlugin({ name: 'bad' })(P); exports.P = P;",
    },
  );
  writePackage(join(nm, 'osvif-broken-path'), { name: 'osvif-broken-path', osvif: { plugin: '../../etc/passwd' } }, {});
  // A second package claiming an already used plugin name.
  pluginPackage(join(nm, 'zz-alpha-clone'), 'zz-alpha-clone', 'alpha');
  // Made from the noop template as its README says.
  copyNoopAs(nm, 'osvif-plugin-hello', 'hello');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('plugin discovery', () => {
  it('finds plugin packages, scoped and symlinked, and reports the broken ones with package and reason', async () => {
    const rt = runtime();
    await rt.initialize();
    expect(rt.loadedPlugins().map((p) => [p.name, p.origin.packageName])).toEqual([
      ['alpha', 'osvif-plugin-alpha'],
      ['beta', '@acme/osvif-beta'],
      ['gamma', '@acme/gamma'],
      ['hello', 'osvif-plugin-hello'],
    ]);
    expect(rt.loadedPlugins()[0].origin).toMatchObject({ kind: 'package', version: '1.2.3', dir: join(nm, 'osvif-plugin-alpha') });
    const failures = Object.fromEntries(rt.failures().map((f) => [f.packageName, f.reason]));
    expect(Object.keys(failures).sort()).toEqual([
      'osvif-broken-decl',
      'osvif-broken-empty',
      'osvif-broken-path',
      'osvif-broken-throws',
      'zz-alpha-clone',
    ]);
    expect(failures['osvif-broken-throws']).toContain('boom at import');
    expect(failures['osvif-broken-empty']).toContain('exports no @VifPlugin class');
    expect(failures['osvif-broken-decl']).toMatch(/VersionRangeMatchesNothingError: plugin bad: .*VIFBridge/);
    expect(failures['osvif-broken-path']).toContain('outside the package');
    expect(failures['zz-alpha-clone']).toContain('already provided by osvif-plugin-alpha');
    expect(records.filter((r) => r.msg === 'plugin failed to load').map((r) => r.package)).toHaveLength(5);
  });

  it('discovers and uses a copy of the noop plugin installed as a separate package', async () => {
    const rt = runtime();
    await rt.initialize();
    const hello = rt.hostInfo().plugin_info.find((p) => p.plugin_name === 'hello')!;
    expect(hello.vif_info.map((v) => [v.vif_object_name, v.min_version, v.max_version, v.supported_port_profiles])).toEqual([
      ['VIFVHostUser', '1.0', '1.1', []],
    ]);
    const vif = new VIFVHostUser({ id: VIF_ID, plugin: 'hello', path: '/var/run/vhu.sock', mode: 'client' });
    await rt.plug(vif.toPrimitive(), info);
    await rt.unplug(vif, info);
    // The copy's own handler ran: it logged through its injected child logger.
    expect(records.filter((r) => r.plugin === 'hello' && r.vif_id === VIF_ID).map((r) => r.msg)).toEqual(
      expect.arrayContaining(['noop plug', 'noop unplug', 'plug succeeded', 'unplug succeeded']),
    );
  });

  it('reaches the plug code of discovered packages', async () => {
    (global as { __osvifCalls?: string[] }).__osvifCalls = [];
    const rt = runtime();
    await rt.initialize();
    await rt.plug(new VIFBridge({ id: VIF_ID, plugin: 'beta', vif_name: 't', bridge_name: 'br' }), info);
    expect((global as { __osvifCalls?: string[] }).__osvifCalls).toEqual([`beta plug ${VIF_ID}`]);
  });

  it('scans extra directories from [osvif] plugin_path', async () => {
    // Its own temp tree: root's node_modules are not among its ancestors.
    const extra = mkdtempSync(join(tmpdir(), 'osvif-extra-'));
    pluginPackage(join(extra, 'node_modules/osvif-plugin-delta'), 'osvif-plugin-delta', 'delta');
    const rt = runtime(`[osvif]\nplugin_path = ${extra}\n`, { runtimeDir: join(extra, 'app') });
    await rt.initialize();
    expect(rt.loadedPlugins().map((p) => p.name)).toEqual(['delta']);
    rmSync(extra, { recursive: true, force: true });
  });

  it('loads only an explicit [osvif] plugins list, by package name or directory', async () => {
    const rt = runtime(`[osvif]\nplugins = @acme/osvif-beta, ${join(root, 'workspace/gamma')}, not-installed\n`);
    await rt.initialize();
    expect(rt.loadedPlugins().map((p) => p.name)).toEqual(['beta', 'gamma']);
    expect(rt.failures().map((f) => [f.packageName, f.reason])).toEqual([['not-installed', 'package not found']]);
  });

  it('fails initialisation when plugins_required and any plugin fails, naming it', async () => {
    const rt = runtime('[osvif]\nplugins = osvif-plugin-alpha, osvif-broken-throws\nplugins_required = true\n');
    const err = await rt.initialize().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PluginsRequiredError);
    expect((err as Error).message).toContain('osvif-broken-throws');
    expect(rt.initialized).toBe(false);
  });

  it('scanForPlugins keeps the first package of a name (closest node_modules first)', () => {
    const near = join(root, 'near/node_modules');
    pluginPackage(join(near, 'osvif-plugin-alpha'), 'osvif-plugin-alpha', 'alpha');
    const found = scanForPlugins([near, nm]).packages.filter((p) => p.packageName === 'osvif-plugin-alpha');
    expect(found.map((p) => p.dir)).toEqual([join(near, 'osvif-plugin-alpha')]);
  });
});
