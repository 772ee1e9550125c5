// docs/quickstart.md, as an operator runs it: the public packages packed as they would be published, installed
// globally into a throw-away prefix with npm, then the documented `osvif` commands against a nova.conf (Nova's
// $state_path lock_path, [os_vif_ovs]), the documented sample VIF and instance, inside a throw-away network
// namespace with a private Open vSwitch whose br-int exists as Neutron would have made it.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createNetns, disposeAllNetns, startPrivateOvs } from '@osvif/testkit';
import type { PrivateOvs, TestNetns } from '@osvif/testkit';

const REPO = resolve(__dirname, '../../../..');
const SAMPLES = join(REPO, 'docs/samples');
const PACKAGES = ['objects', 'sdk', 'ovsdb', 'netlink-socket', 'unix-socket', 'runtime', 'plugin-ovs', 'plugin-linux-bridge'];
const VIF_ID = '8c1b6a0e-2f3d-4b5c-9a7e-0d1c2b3a4f5e';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(file: string, args: readonly string[], options: { cwd?: string; timeout?: number } = {}): Promise<Run> {
  return new Promise((done) =>
    execFile(
      file,
      [...args],
      { encoding: 'utf8', timeout: options.timeout ?? 120_000, cwd: options.cwd, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => done({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

afterAll(disposeAllNetns);

describe('the operator quick start (docs/quickstart.md)', () => {
  let dir: string;
  let ns: TestNetns;
  let ovs: PrivateOvs;
  let osvifBin: string;
  let conf: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'osvif-quickstart-'));
    // 1. Install: pack every public package the runtime and the two plugins need, then one global install.
    const packs = join(dir, 'packs');
    mkdirSync(packs);
    const pack = await run('npm', ['pack', '--pack-destination', packs, ...PACKAGES.map((p) => `--workspace=packages/${p}`)], {
      cwd: REPO,
    });
    expect(pack.code).toBe(0);
    const tarballs = readdirSync(packs).map((f) => join(packs, f));
    expect(tarballs).toHaveLength(PACKAGES.length);
    const prefix = join(dir, 'prefix');
    const install = await run(
      'npm',
      ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', ...tarballs],
      { cwd: dir, timeout: 300_000 },
    );
    if (install.code !== 0) throw new Error(`npm install failed: ${install.stderr}`);
    osvifBin = join(prefix, 'bin', 'osvif');

    ns = await createNetns();
    ovs = await startPrivateOvs({ netns: ns.name });
    await ovs.vsctl(['--may-exist', 'add-br', 'br-int', '--', 'set', 'Bridge', 'br-int', 'datapath_type=netdev']);
    conf = join(dir, 'nova.conf');
    writeFileSync(
      conf,
      [
        '[DEFAULT]',
        `state_path = ${join(dir, 'nova')}`,
        '[oslo_concurrency]',
        'lock_path = $state_path/tmp',
        '[os_vif_ovs]',
        `ovsdb_connection = ${ovs.dbEndpoint}`,
        '[osvif]',
        `journal_path = ${join(dir, 'journal')}`,
        '',
      ].join('\n'),
    );
    for (const f of ['vif-bridge.json', 'instance.json']) copyFileSync(join(SAMPLES, f), join(dir, f));
    writeFileSync(join(dir, 'keep.json'), JSON.stringify([VIF_ID]));
  }, 600_000);
  afterAll(async () => {
    await ovs?.stop();
    await ns?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** `osvif --config-file nova.conf ARGS` inside the namespace, from the quick start's directory. */
  const osvif = (...args: string[]): Promise<Run> =>
    run('ip', ['netns', 'exec', ns.name, process.execPath, osvifBin, '--config-file', conf, ...args], { cwd: dir });

  it('runs the installed command and finds the plugins installed beside it', async () => {
    const version = await run(process.execPath, [osvifBin, '--version']);
    expect(version.stdout).toMatch(/0\.1\.0/);
    const plugins = await osvif('--json', 'plugins');
    expect(plugins.code).toBe(0);
    expect(plugins.stdout).toContain('"ovs"');
    expect(plugins.stdout).toContain('"linux_bridge"');
  });

  it("reads nova.conf as oslo.config does: Nova's lock_path, the OVSDB endpoint", async () => {
    const show = await osvif('--json', 'config', 'show');
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(join(dir, 'nova', 'tmp'));
    expect(show.stdout).toContain(ovs.dbEndpoint);
  });

  it('status and host-info: ready, and what this host can plug', async () => {
    expect((await osvif('status')).code).toBe(0);
    const info = await osvif('--json', 'host-info');
    expect(info.code).toBe(0);
    expect(info.stdout).toContain('VIFBridge');
  });

  it('plugs the sample VIF, checks it, lists it, keeps it in gc --dry-run, unplugs it', async () => {
    const plug = await osvif('--json', 'plug', '--vif', 'vif-bridge.json', '--instance', 'instance.json');
    expect([plug.code, plug.stderr]).toEqual([0, '']);
    expect(JSON.parse(plug.stdout)).toMatchObject({ ok: true, operation: 'plug', vif_id: VIF_ID, plugin: 'ovs', vif_class: 'VIFBridge' });
    expect(await ns.links.exists('qbr8c1b6a0e-2f')).toBe(true);
    expect((await osvif('check', '--vif', 'vif-bridge.json', '--instance', 'instance.json')).code).toBe(0);
    const list = JSON.parse((await osvif('list', '--json')).stdout) as Array<{ vif_id: string }>;
    expect(list.map((v) => v.vif_id)).toEqual([VIF_ID]);
    const gc = JSON.parse((await osvif('--json', 'gc', '--valid', 'keep.json', '--dry-run')).stdout) as {
      removed: unknown[];
      kept: string[];
    };
    expect(gc).toMatchObject({ removed: [], kept: [VIF_ID] });
    const unplug = await osvif('--json', 'unplug', '--vif', 'vif-bridge.json', '--instance', 'instance.json');
    expect(unplug.code).toBe(0);
    expect(await ns.links.exists('qbr8c1b6a0e-2f')).toBe(false);
    expect(JSON.parse((await osvif('list', '--json')).stdout)).toEqual([]);
  });
});
