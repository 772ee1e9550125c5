// Plugin code runs as root, so discovery loads code only from the runtime's own install (and the directories
// the config names), and only when no other local user could have written it. Each case builds a throw-away
// tree; a plugin that ran would record itself in a global, so "refused" also means "none of its code ran".
// Root is needed to hand a package to another user (chown).
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Config, OsVifRuntime, StreamLogger, UntrustedPluginError } from '@osvif/runtime';
import { linkSdk, writePackage } from './fixtures';

const NOBODY = 65534;
let root: string;
let records: Array<Record<string, unknown>>;

/** A plugin package whose module records that it ran, under `name`. */
function plugin(dir: string, name: string): void {
  writePackage(
    dir,
    { name, version: '1.0.0', osvif: { plugin: './index.js' } },
    {
      'index.js': `(global.__osvifRan ??= []).push(${JSON.stringify(name)});
const sdk = require('@osvif/sdk'); const objects = require('@osvif/objects');
class P { async plug() {} async unplug() {} }
sdk.Plug(objects.VIFBridge)(P.prototype, 'plug'); sdk.Unplug(objects.VIFBridge)(P.prototype, 'unplug');
sdk.Consumes(objects.VIFBridge, '^1.0')(P); sdk.VifPlugin({ name: ${JSON.stringify(name.replace(/\W/g, '_'))} })(P);
exports.P = P;`,
    },
  );
}

async function discover(runtimeDir: string, configText = ''): Promise<{ loaded: string[]; failures: unknown[]; ran: string[] }> {
  const ran: string[] = ((global as { __osvifRan?: string[] }).__osvifRan = []);
  records = [];
  const logger = new StreamLogger({
    level: 'debug',
    json: true,
    sink: { write: (l) => records.push(JSON.parse(l) as Record<string, unknown>) },
  });
  const rt = new OsVifRuntime({ config: Config.fromText(configText), logger, runtimeDir });
  await rt.initialize();
  const out = { loaded: rt.loadedPlugins().map((p) => p.origin.packageName ?? p.name), failures: [...rt.failures()], ran: [...ran] };
  await rt.close();
  return out;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'osvif-trust-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('plugin discovery trusts only what no other user could have written', () => {
  it('never scans above the install that holds @osvif/runtime (a package in /tmp/node_modules is not loaded)', async () => {
    // root/node_modules plays /tmp/node_modules: writable by anyone, above the app's install.
    linkSdk(join(root, 'node_modules'));
    plugin(join(root, 'node_modules/osvif-plugin-dropped'), 'osvif-plugin-dropped');
    const nm = join(root, 'srv/app/node_modules');
    linkSdk(nm);
    mkdirSync(join(nm, '@osvif/runtime'));
    plugin(join(nm, 'osvif-plugin-mine'), 'osvif-plugin-mine');
    const r = await discover(join(root, 'srv/app/node_modules/@osvif/runtime/dist/core'));
    expect(r).toMatchObject({ loaded: ['osvif-plugin-mine'], failures: [], ran: ['osvif-plugin-mine'] });
  });

  it('scans only the nearest node_modules when none holds @osvif/runtime', async () => {
    linkSdk(join(root, 'node_modules'));
    plugin(join(root, 'node_modules/osvif-plugin-above'), 'osvif-plugin-above');
    const nm = join(root, 'app/node_modules');
    linkSdk(nm);
    plugin(join(nm, 'osvif-plugin-near'), 'osvif-plugin-near');
    expect(await discover(join(root, 'app/lib'))).toMatchObject({ loaded: ['osvif-plugin-near'], ran: ['osvif-plugin-near'] });
  });

  describe.each([
    ['its directory is world-writable', (pkg: string) => chmodSync(pkg, 0o777), 'writable by group and others (mode 777)', true],
    ['its directory is group-writable', (pkg: string) => chmodSync(pkg, 0o775), 'writable by group (mode 775)', true],
    [
      'its entry module is world-writable',
      (pkg: string) => chmodSync(join(pkg, 'index.js'), 0o646),
      'index.js is writable by others',
      true,
    ],
    [
      'its entry module belongs to another user',
      (pkg: string) => chownSync(join(pkg, 'index.js'), NOBODY, NOBODY),
      'owned by uid 65534',
      true,
    ],
    ['its directory belongs to another user', (pkg: string) => chownSync(pkg, NOBODY, NOBODY), 'owned by uid 65534', true],
    // Then every package in it is refused, the neighbour too.
    [
      'the node_modules it sits in is world-writable',
      (pkg: string) => chmodSync(join(pkg, '..'), 0o777),
      'node_modules is writable',
      false,
    ],
  ])('refuses a package when %s, before any of its code runs', (_case, spoil, reason, neighbourLoads) => {
    it('with a typed, logged error naming the path', async () => {
      const nm = join(root, 'app/node_modules');
      linkSdk(nm);
      plugin(join(nm, 'osvif-plugin-ok'), 'osvif-plugin-ok');
      const bad = join(nm, 'osvif-plugin-spoiled');
      plugin(bad, 'osvif-plugin-spoiled');
      spoil(bad);
      const r = await discover(join(root, 'app'));
      const ok = neighbourLoads ? ['osvif-plugin-ok'] : [];
      expect(r.ran).toEqual(ok);
      expect(r.loaded).toEqual(ok);
      const refused = r.failures.find((f) => (f as UntrustedPluginError).packageName === 'osvif-plugin-spoiled');
      expect(refused).toBeInstanceOf(UntrustedPluginError);
      expect(refused).toMatchObject({ code: 'PLUGIN_UNTRUSTED' });
      expect((refused as Error).message).toContain(reason);
      expect(records.find((l) => l.msg === 'plugin failed to load' && l.package === 'osvif-plugin-spoiled')).toBeDefined();
    });
  });

  it('checks a workspace symlink target up to the directory it shares with the install', async () => {
    const nm = join(root, 'repo/node_modules');
    linkSdk(nm);
    plugin(join(root, 'repo/packages/shared/osvif-plugin-ws'), 'osvif-plugin-ws');
    symlinkSync(join(root, 'repo/packages/shared/osvif-plugin-ws'), join(nm, 'osvif-plugin-ws'), 'dir');
    expect(await discover(join(root, 'repo/app'))).toMatchObject({ loaded: ['osvif-plugin-ws'], ran: ['osvif-plugin-ws'] });
    chmodSync(join(root, 'repo/packages/shared'), 0o777);
    const r = await discover(join(root, 'repo/app'));
    expect(r).toMatchObject({ loaded: [], ran: [] });
    expect((r.failures[0] as Error).message).toContain(`${join(root, 'repo/packages/shared')} is writable by group and others`);
  });

  it('applies to an explicitly listed package directory too', async () => {
    linkSdk(join(root, 'node_modules'));
    const dir = join(root, 'plugins/osvif-plugin-listed');
    plugin(dir, 'osvif-plugin-listed');
    chmodSync(dir, 0o777);
    const r = await discover(join(root, 'app'), `[osvif]\nplugins = ${dir}\n`);
    expect(r).toMatchObject({ loaded: [], ran: [] });
    expect(r.failures[0]).toBeInstanceOf(UntrustedPluginError);
  });
});
