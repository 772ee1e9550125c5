// The trial that found it, with the built packages in a plain Node process (no Jest module mapping): a plugin
// installed from a symlink (`npm install ../my-plugin`) loads its own copies of @osvif/sdk and @osvif/objects.
// The runtime warns at load, and the plugin's `instanceof NoSuchLinkError` (its copy) catches the runtime's
// error (the runtime's copy), so an idempotent unplug stays idempotent; its `instanceof VIFBridge` (its copy)
// holds for the VIF the runtime hydrated (the runtime's copy). Needs the build (npm test builds first).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, writePackage } from './fixtures';

let root: string;
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of a built package (package.json and dist), as npm would unpack it. */
function copyBuilt(pkg: string, into: string): void {
  mkdirSync(into, { recursive: true });
  cpSync(join(REPO, 'packages', pkg, 'package.json'), join(into, 'package.json'));
  cpSync(join(REPO, 'packages', pkg, 'dist'), join(into, 'dist'), { recursive: true });
}

const PLUGIN = `
const sdk = require('@osvif/sdk');
const { VIFBridge } = require('@osvif/objects');
class P {
  constructor(links) { this.links = links; }
  async plug() {}
  async unplug(vif) {
    if (!(vif instanceof VIFBridge)) throw new Error('the VIF is not a VIFBridge of this copy');
    try { await this.links.delete(vif.vif_name); } catch (e) { if (!(e instanceof sdk.NoSuchLinkError)) throw e; }
  }
}
sdk.inject(sdk.LINK_API)(P, undefined, 0);
sdk.Plug(VIFBridge)(P.prototype, 'plug');
sdk.Unplug(VIFBridge)(P.prototype, 'unplug');
sdk.Consumes(VIFBridge, '^1.0')(P);
sdk.VifPlugin({ name: 'mine' })(P);
exports.P = P;
`;

// The embedding process: the repository's built runtime, whose @osvif/sdk is the repository's.
const MAIN = `
require('reflect-metadata');
const runtime = require(${JSON.stringify(join(REPO, 'packages/runtime/dist/index.js'))});
const sdk = require(${JSON.stringify(join(REPO, 'packages/sdk/dist/index.js'))});
const { InstanceInfo, VIFBridge } = require(${JSON.stringify(join(REPO, 'packages/objects/dist/index.js'))});
const [dir, app] = process.argv.slice(1); // node -e: no script path in argv
const records = [];
const logger = new runtime.StreamLogger({ level: 'debug', json: true, sink: { write: (l) => records.push(JSON.parse(l)) } });
const links = new Proxy({}, { get: (_, op) => async (name) => { throw new sdk.NoSuchLinkError(op, name, 'ENODEV', 'no such device ' + name); } });
const config = runtime.Config.fromText('[osvif]\\njournal_path = ' + dir + '/journal\\n[oslo_concurrency]\\nlock_path = ' + dir + '/locks\\n');
(async () => {
  const rt = new runtime.OsVifRuntime({ config, logger, runtimeDir: app, services: { linkApi: links } });
  await rt.initialize();
  const vif = new VIFBridge({ id: '5b0b3a8e-8f0b-4c1a-9d4e-2f6a7c8b9d01', plugin: 'mine', vif_name: 'tap0', bridge_name: 'br0' });
  let unplug = 'ok';
  await rt.unplug(vif, new InstanceInfo({ uuid: '5b0b3a8e-8f0b-4c1a-9d4e-2f6a7c8b9d02', name: 'vm' })).catch((e) => (unplug = String(e.cause ?? e)));
  await rt.close();
  console.log(JSON.stringify({ unplug, records }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

it('a plugin with its own copies of the SDK is warned about and still catches the runtime NoSuchLinkError and recognises its VIF classes', () => {
  root = mkdtempSync(join(tmpdir(), 'osvif-sdk-copies-'));
  const app = join(root, 'app');
  const plugin = join(root, 'my-plugin');
  writePackage(plugin, { name: 'my-plugin', version: '1.0.0', osvif: { plugin: './index.js' } }, { 'index.js': PLUGIN });
  // The plugin's own install: copies of the built packages, their dependencies from the repository.
  copyBuilt('sdk', join(plugin, 'node_modules/@osvif/sdk'));
  copyBuilt('objects', join(plugin, 'node_modules/@osvif/objects'));
  for (const dep of ['tsyringe', 'semver', 'reflect-metadata', 'tslib']) {
    const nested = join(REPO, 'packages/sdk/node_modules', dep); // as npm placed it for the sdk
    symlinkSync(existsSync(nested) ? nested : join(REPO, 'node_modules', dep), join(plugin, 'node_modules', dep), 'dir');
  }
  // `npm install ../my-plugin` in the app: a symlink.
  mkdirSync(join(app, 'node_modules'), { recursive: true });
  symlinkSync(plugin, join(app, 'node_modules/my-plugin'), 'dir');
  const out = spawnSync(process.execPath, ['-e', MAIN, root, app], { encoding: 'utf8', cwd: REPO });
  expect(out.stderr).toBe('');
  const { unplug, records } = JSON.parse(out.stdout) as { unplug: string; records: Array<Record<string, unknown>> };
  expect(records).toContainEqual(expect.objectContaining({ msg: 'Loaded VIF plugins', plugins: ['mine'] }));
  expect(records).toContainEqual(
    expect.objectContaining({
      msg: 'plugin package my-plugin loads its own copy of @osvif/sdk',
      pluginCopy: join(plugin, 'node_modules/@osvif/sdk'),
      runtimeCopy: join(REPO, 'packages/sdk'),
      fix: expect.stringContaining('peerDependency'),
    }),
  );
  expect(records).toContainEqual(expect.objectContaining({ msg: 'plugin package my-plugin loads its own copy of @osvif/objects' }));
  expect(unplug).toBe('ok');
});
