// The `osvif` CLI as a user runs it: the BUILT bin in a child process
// (build first: npx tsc -b tsconfig.build.json). Plugins come from a temporary
// node_modules: the real noop package and a copy made from its template.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InstanceInfo, VIFBridge, VIFVHostUser } from '@osvif/objects';
import { FileLockService } from '@osvif/runtime';
import { VIF_LOCK_FILE } from '../../src/core/runtime';
import { copyNoopAs, linkSdk, REPO, writePackage } from '../discovery/fixtures';

const BIN = join(REPO, 'packages/runtime/bin/osvif.js');
const VIF_ID = '0d9c1f2a-3b4c-4d5e-8f60-718293a4b5c6';
let dir: string;
let conf: string;

function osvif(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...options.env },
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(name: string, content: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

beforeAll(() => {
  if (!existsSync(join(REPO, 'packages/runtime/dist/cli/main.js'))) {
    throw new Error('the CLI is not built: run `npx tsc -b tsconfig.build.json` first');
  }
  dir = mkdtempSync(join(tmpdir(), 'osvif-cli-'));
  const nm = join(dir, 'node_modules');
  linkSdk(nm);
  copyNoopAs(nm, 'osvif-plugin-hello', 'hello');
  // A plugin whose plug fails, as a real one does when the host refuses.
  writePackage(
    join(nm, 'osvif-plugin-grumpy'),
    { name: 'osvif-plugin-grumpy', version: '0.0.1', osvif: { plugin: './index.js' } },
    {
      'index.js': `
const sdk = require('@osvif/sdk');
const { VIFBridge } = require('@osvif/objects');
class Grumpy {
  async plug(vif) { throw new sdk.PluginError('bridge ' + vif.bridge_name + ' is missing'); }
  async unplug() {}
}
sdk.Plug(VIFBridge)(Grumpy.prototype, 'plug');
sdk.Unplug(VIFBridge)(Grumpy.prototype, 'unplug');
sdk.Consumes(VIFBridge, '^1.0')(Grumpy);
sdk.VifPlugin({ name: 'grumpy' })(Grumpy);
exports.Grumpy = Grumpy;
`,
    },
  );
  // Explicit list: the test does not depend on which other workspace plugins are built.
  conf = write(
    'nova.conf',
    `[DEFAULT]\nmy_ip = 192.0.2.1\n[osvif]\nplugins = ${join(REPO, 'packages/plugin-noop')}, ${join(nm, 'osvif-plugin-hello')}, ${join(nm, 'osvif-plugin-grumpy')}\n[libvirt]\nvirt_type = kvm\n`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('osvif CLI', () => {
  it('prints help for the program and every command, exit 0', () => {
    const top = osvif(['--help']);
    expect(top.code).toBe(0);
    for (const c of ['plugins', 'host-info', 'plug', 'unplug', 'config']) expect(top.stdout).toContain(c);
    // Examples, the environment variables and the exit statuses, as the man page has them.
    expect(top.stdout).toMatch(/^Examples:\n {2}osvif /m);
    expect(top.stdout).toMatch(/^Environment:\n(.*\n)*? {2}OSVIF_CONFIG_FILE /m);
    expect(top.stdout).toMatch(/^Exit status:\n {2}0 {2}done\n {2}1 /m);
    for (const c of [['host-info'], ['plug'], ['unplug'], ['plugins'], ['plugin', 'check'], ['config', 'show']]) {
      const r = osvif([...c, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('--config');
    }
    expect(osvif(['plug', '--help']).stdout).toContain('--vif <file>');
  });

  it('host-info prints the HostInfo primitive with plugins sorted by name', () => {
    const r = osvif(['host-info', '--config', conf]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as {
      'versioned_object.name': string;
      'versioned_object.data': {
        plugin_info: Array<{
          'versioned_object.data': { plugin_name: string; vif_info: Array<{ 'versioned_object.data': Record<string, unknown> }> };
        }>;
      };
    };
    expect(p['versioned_object.name']).toBe('HostInfo');
    const plugins = p['versioned_object.data'].plugin_info.map((x) => x['versioned_object.data']);
    expect(plugins.map((x) => x.plugin_name)).toEqual(['grumpy', 'hello', 'noop']);
    expect(plugins[2].vif_info[0]['versioned_object.data']).toEqual({
      vif_object_name: 'VIFVHostUser',
      min_version: '1.0',
      max_version: '1.1',
      supported_port_profiles: [],
    });
  });

  it('host-info --permitted filters as HostInfo.filterVifTypes and --to back-levels', () => {
    const none = JSON.parse(osvif(['host-info', '--config', conf, '--permitted', 'VIFOpenVSwitch,VIFHostDevice']).stdout) as {
      'versioned_object.data': { plugin_info: unknown[] };
    };
    expect(none['versioned_object.data'].plugin_info).toEqual([]);
    const some = osvif(['host-info', '--config', conf, '--permitted', 'VIFVHostUser']);
    expect(some.code).toBe(0);
    expect(some.stdout).toContain('"plugin_name":"hello"');
    expect(some.stdout).not.toContain('"plugin_name":"grumpy"');
    const old = osvif(['host-info', '--config', conf, '--to', '1.0']);
    expect(old.code).toBe(0);
    expect(JSON.parse(old.stdout)['versioned_object.version']).toBe('1.0');
    const bad = osvif(['host-info', '--config', conf, '--to', 'latest']);
    expect(bad.code).toBe(2); // a usage error
    expect(bad.stderr).toBe('osvif: error: UsageError: --to "latest" is not a version such as 1.0\n');
  });

  it('plugs and unplugs primitives from files and stdin, logging JSON with --log-json', () => {
    const vif = write('vif.json', new VIFVHostUser({ id: VIF_ID, plugin: 'hello', path: '/run/vhu.sock', mode: 'server' }).toPrimitive());
    const instance = JSON.stringify(new InstanceInfo({ uuid: '0d9c1f2a-3b4c-4d5e-8f60-718293a4b5c7', name: 'vm' }).toPrimitive());
    const plug = osvif(['plug', '--vif', vif, '--instance', '-', '--config', conf, '--log-json'], { input: instance });
    expect(plug.code).toBe(0);
    expect(plug.stdout).toBe('');
    const logs = plug.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logs.find((l) => l.operation === 'plug')).toMatchObject({ vif_id: VIF_ID, plugin: 'hello', outcome: 'ok', level: 30 });
    const unplug = osvif(['unplug', '--vif', '-', '--instance', write('i.json', instance), '--config', conf], {
      input: JSON.stringify(JSON.parse(require('node:fs').readFileSync(vif, 'utf8'))),
    });
    expect(unplug).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('fails with one line and exit 2 on an unreadable input file; --debug adds the stack', () => {
    const instance = write('inst.json', new InstanceInfo({ uuid: '0d9c1f2a-3b4c-4d5e-8f60-718293a4b5c7' }).toPrimitive());
    const broken = write('broken.json', '{"versioned_object.name": ');
    const r = osvif(['plug', '--vif', broken, '--instance', instance, '--config', conf]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^osvif: error: InputFileError: .*broken\.json: not valid JSON: .*\n$/);
    const d = osvif(['plug', '--vif', broken, '--instance', instance, '--config', conf, '--debug']);
    expect(d.code).toBe(2);
    expect(d.stderr.split('\n').length).toBeGreaterThan(3);
    expect(d.stderr).toContain('    at ');
    const missing = osvif(['plug', '--vif', join(dir, 'nope.json'), '--instance', instance]);
    expect(missing.stderr).toMatch(/^osvif: error: InputFileError: .*nope\.json: ENOENT\n$/);
    expect(osvif(['plug', '--instance', instance]).code).toBe(2); // required option missing
  });

  it('rejects a VIF class the plugin did not declare, and an unknown plugin, with one typed line', () => {
    const instance = write('inst2.json', new InstanceInfo({ uuid: '0d9c1f2a-3b4c-4d5e-8f60-718293a4b5c7' }).toPrimitive());
    const bridge = write('bridge.json', new VIFBridge({ id: VIF_ID, plugin: 'noop', vif_name: 'tap1', bridge_name: 'br0' }).toPrimitive());
    const r = osvif(['plug', '--vif', bridge, '--instance', instance, '--config', conf]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'osvif: error: VifClassNotAcceptedError: plugin noop does not accept VIF class VIFBridge (accepts VIFVHostUser)\n',
    );
    const future = new VIFVHostUser({ id: VIF_ID, plugin: 'ovs', path: '/p', mode: 'client' }).toPrimitive();
    const unknownPlugin = osvif(['plug', '--vif', write('f.json', future), '--instance', instance, '--config', conf]);
    const logged = osvif(['plug', '--vif', bridge, '--instance', instance, '--config', conf, '--log-json']);
    expect(logged.code).toBe(1);
    const lines = logged.stderr.trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^osvif: error: VifClassNotAcceptedError: /);
    expect(
      lines
        .slice(0, -1)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((r) => r.operation === 'plug'),
    ).toMatchObject({ outcome: 'rejected', plugin: 'noop' });
    expect(unknownPlugin.stderr).toBe(
      'osvif: error: PluginNotLoadedError: No VIF plugin was found with the name ovs (loaded: grumpy, hello, noop)\n',
    );
  });

  it('reports a failing plug as one PlugFailedError line carrying the plugin error, exit 1', () => {
    const instance = write('inst3.json', new InstanceInfo({ uuid: '0d9c1f2a-3b4c-4d5e-8f60-718293a4b5c7' }).toPrimitive());
    const bridge = write(
      'grumpy.json',
      new VIFBridge({ id: VIF_ID, plugin: 'grumpy', vif_name: 'tap1', bridge_name: 'br0' }).toPrimitive(),
    );
    const r = osvif(['plug', '--vif', bridge, '--instance', instance, '--config', conf]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `osvif: error: PlugFailedError: Failed to plug VIF ${VIF_ID} with plugin grumpy: PluginError: bridge br0 is missing\n`,
    );
    const d = osvif(['plug', '--vif', bridge, '--instance', instance, '--config', conf, '--debug']);
    expect(d.stderr).toContain('caused by: PluginError: bridge br0 is missing');
    expect(osvif(['unplug', '--vif', bridge, '--instance', instance, '--config', conf]).code).toBe(0);
  });

  it('reports a bad config value naming file, line, group, option and value', () => {
    const bad = write('bad.conf', '[osvif]\nplugins_required = perhaps\n');
    const r = osvif(['host-info', '--config', bad]);
    expect(r.code).toBe(2); // a config error
    expect(r.stderr).toBe(
      `osvif: error: ConfigValueError: ${bad}:2: [osvif] plugins_required = "perhaps": not a boolean (true/false, yes/no, on/off, 1/0)\n`,
    );
  });

  it('config show lists values with their source: default, file:line, env', () => {
    const r = osvif(['config', 'show', '--config', conf, '--json'], { env: { OSVIF_OSVIF__LOG_LEVEL: 'debug' } });
    expect(r.code).toBe(0);
    const rows = (JSON.parse(r.stdout) as { options: Array<{ group: string; option: string; value: unknown; source: string }> }).options;
    const row = (o: string) => rows.find((x) => x.group === 'osvif' && x.option === o)!;
    expect(row('plugins').source).toBe(`${conf}:4`);
    expect(row('log_level')).toMatchObject({ value: 'debug', source: 'env OSVIF_OSVIF__LOG_LEVEL' });
    expect(row('plugin_path')).toMatchObject({ value: [], source: 'default' });
    const text = osvif(['config', 'show', '--config', conf]);
    expect(text.stdout).toContain(`plugins_required = false    # default`);
  });

  it('reads --config-file / --config / --config-dir in command-line order (a directory: its *.conf, sorted), as oslo does', () => {
    const d = join(dir, 'conf.d');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, '10-late.conf'), '[osvif]\nlock_timeout = 10\n');
    writeFileSync(join(d, '02-early.conf'), '[osvif]\nlock_timeout = 2\nlog_level = error\n');
    writeFileSync(join(d, '.hidden.conf'), '[osvif]\nlock_timeout = 99\n');
    writeFileSync(join(d, 'notes.txt'), '[osvif]\nlock_timeout = 98\n');
    const one = write(
      'one.conf',
      '[DEFAULT]\nstate_path = /srv/nova\n[osvif]\nlock_timeout = 1\n[oslo_concurrency]\nlock_path = $state_path/tmp\n',
    );
    const show = (args: string[], env?: Record<string, string>) => {
      const r = osvif(['config', 'show', '--json', ...args], { env });
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout) as {
        files: string[];
        options: Array<{ group: string; option: string; value: unknown; source: string; raw?: string }>;
      };
      return { files: out.files, row: (o: string) => out.options.find((x) => x.group === 'osvif' && x.option === o)! };
    };
    const sorted = [join(d, '02-early.conf'), join(d, '10-late.conf')];
    const dirLast = show(['--config-file', one, '--config-dir', d]);
    expect(dirLast.files).toEqual([one, ...sorted]);
    expect(dirLast.row('lock_timeout')).toMatchObject({ value: 10, source: `${sorted[1]}:2` });
    const dirFirst = show(['--config-dir', d, '--config', one]);
    expect(dirFirst.files).toEqual([...sorted, one]);
    expect(dirFirst.row('lock_timeout')).toMatchObject({ value: 1, source: `${one}:4` });
    expect(dirFirst.row('log_level')).toMatchObject({ value: 'error', source: `${sorted[0]}:3` });
    // Interpolated, with the value as written.
    expect(dirFirst.row('lock_path')).toMatchObject({ value: '/srv/nova/tmp', raw: '$state_path/tmp', source: `${one}:6` });
    // Without flags: OSVIF_CONFIG_FILE, files and directories separated by ':'.
    expect(show([], { OSVIF_CONFIG_FILE: `${one}:${d}` }).files).toEqual([one, ...sorted]);
    const missing = osvif(['config', 'show', '--config-dir', join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`osvif: error: InputFileError: ${join(dir, 'nope')}: cannot read config directory: ENOENT\n`);
  });

  it('plugins shows each plugin, its VIF classes and ranges, and where it came from', () => {
    const r = osvif(['plugins', '--config', conf, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { plugins: Array<Record<string, unknown>>; failures: unknown[] };
    expect(out.failures).toEqual([]);
    expect(out.plugins.map((p) => [p.name, p.package])).toEqual([
      ['grumpy', 'osvif-plugin-grumpy'],
      ['hello', 'osvif-plugin-hello'],
      ['noop', '@osvif/plugin-noop'],
    ]);
    expect(out.plugins[2].vifs).toEqual([{ vif: 'VIFVHostUser', range: '1.0 - 1.1', versions: ['1.0', '1.1'], port_profiles: [] }]);
    const text = osvif(['plugins', '--config', conf]);
    expect(text.stdout).toContain('VIFVHostUser 1.0 - 1.1 [1.0, 1.1]  profiles: none');
  });

  it('loads no netlink code for host-info (the link API is created on first use)', () => {
    const script = `
      const { OsVifRuntime } = require(${JSON.stringify(join(REPO, 'packages/runtime/dist/core/runtime.js'))});
      const { Config } = require(${JSON.stringify(join(REPO, 'packages/runtime/dist/config/config.js'))});
      const rt = new OsVifRuntime({ config: new Config({ files: [${JSON.stringify(conf)}] }) , logger: { debug(){}, info(){}, warn(){}, error(){}, child(){ return this; } } });
      rt.initialize().then(() => {
        rt.hostInfo();
        const loaded = Object.keys(require.cache).filter((m) => m.includes('/host/') || m.includes('netlink'));
        process.stdout.write(JSON.stringify(loaded));
      });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});

describe('osvif CLI conventions', () => {
  const instanceFile = () =>
    write('conv-inst.json', new InstanceInfo({ uuid: '0d9c1f2a-3b4c-4d5e-8f60-718293a4b5c7', name: 'vm' }).toPrimitive());
  const helloVif = () =>
    write('conv-vif.json', new VIFVHostUser({ id: VIF_ID, plugin: 'hello', path: '/run/vhu.sock', mode: 'server' }).toPrimitive());
  const confWith = (name: string, extra: string) => write(name, `${require('node:fs').readFileSync(conf, 'utf8')}\n[osvif]\n${extra}\n`);

  it('--version (and -V) prints the package version, exit 0', () => {
    const version = (
      JSON.parse(require('node:fs').readFileSync(join(REPO, 'packages/runtime/package.json'), 'utf8')) as { version: string }
    ).version;
    for (const flag of ['--version', '-V']) expect(osvif([flag])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('takes the global options before or after the command name', () => {
    const before = osvif(['--config-file', conf, '--json', 'plugins']);
    const after = osvif(['plugins', '--json', '--config-file', conf]);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toEqual(JSON.parse(after.stdout));
    expect((JSON.parse(before.stdout) as { plugins: unknown[] }).plugins).toHaveLength(3);
    expect(osvif(['plug', '--help']).stdout).toContain('--config-file <file>'); // global options shown with each command
  });

  it('--json: plug and unplug print a result object; a failure prints ok false, the exit status and the typed error', () => {
    const plug = osvif(['--json', 'plug', '--vif', helloVif(), '--instance', instanceFile(), '--config', conf]);
    expect(plug.code).toBe(0);
    expect(JSON.parse(plug.stdout)).toEqual({
      ok: true,
      operation: 'plug',
      vif_id: VIF_ID,
      plugin: 'hello',
      vif_class: 'VIFVHostUser',
      duration_ms: expect.any(Number),
    });
    const unplug = osvif(['unplug', '--json', '--vif', helloVif(), '--instance', instanceFile(), '--config', conf]);
    expect(JSON.parse(unplug.stdout)).toMatchObject({ ok: true, operation: 'unplug', vif_id: VIF_ID });
    const grumpy = write(
      'conv-grumpy.json',
      new VIFBridge({ id: VIF_ID, plugin: 'grumpy', vif_name: 'tap1', bridge_name: 'br0' }).toPrimitive(),
    );
    const failed = osvif(['plug', '--json', '--vif', grumpy, '--instance', instanceFile(), '--config', conf]);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({
      ok: false,
      exit_status: 1,
      error: { code: 'PLUG_FAILED', name: 'PlugFailedError', cause: { code: 'PLUGIN_ERROR' } },
    });
    expect(failed.stderr).toMatch(/^osvif: error: PlugFailedError: /);
  });

  it('exits 2 on a usage error: unknown option or command, missing argument, bad --log-level, bad completion shell', () => {
    for (const args of [
      ['plugins', '--nope'],
      ['nope'],
      ['plug', '--vif'],
      ['--log-level', 'loud', 'plugins', '--config', conf],
      ['completion', 'fish'],
    ]) {
      expect({ args, code: osvif(args).code }).toEqual({ args, code: 2 });
    }
    // With --json, a usage error is also the failure object on stdout, as every failure is.
    for (const args of [
      ['--json', 'nope'],
      ['--json', 'plugins', '--nope'],
      ['plug', '--json', '--vif'],
    ]) {
      const r = osvif(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, exit_status: 2, error: { code: 'USAGE', message: expect.any(String) } });
    }
  });

  it('exits 3 (try again later) when the VIF lock stays held by another process past lock_timeout, saying it waits', async () => {
    const lockPath = join(dir, 'conv-locks');
    const config = confWith('conv-lock.conf', `lock_path = ${lockPath}\nlock_timeout = 4`);
    const holder = new FileLockService({ lockPath });
    const r = await holder
      .withKeyedLock(VIF_LOCK_FILE, VIF_ID, async () =>
        osvif(['plug', '--json', '--vif', helloVif(), '--instance', instanceFile(), '--config', config]),
      )
      .finally(() => holder.close());
    expect(r.code).toBe(3);
    // Progress after a few seconds: what it waits for, how long so far, how long until it gives up.
    const [progress, error] = r.stderr.trim().split('\n');
    expect(progress).toMatch(/still waiting for a lock held by another process/);
    expect(progress).toContain(`osvif-vifs.lock[${VIF_ID}]`);
    expect(progress).toMatch(/waited_ms.*gives_up_in_ms/);
    expect(error).toMatch(/^osvif: error: LockTimeoutError: /);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, exit_status: 3, error: { code: 'LOCK_TIMEOUT' } });
  });

  it('says it waits on stderr also when the log goes to a file (Nova log_dir) or hides warnings', async () => {
    const lockPath = join(dir, 'conv-locks-2');
    const logs = join(dir, 'conv-progress-logs');
    mkdirSync(logs, { recursive: true });
    const base = require('node:fs').readFileSync(conf, 'utf8') as string;
    const config = write(
      'conv-lock-logdir.conf',
      `${base.replace('[DEFAULT]\n', `[DEFAULT]\nlog_dir = ${logs}\n`)}\n[osvif]\nlock_path = ${lockPath}\nlock_timeout = 4\n`,
    );
    const quiet = confWith('conv-lock-quiet.conf', `lock_path = ${lockPath}\nlock_timeout = 4\nlog_level = error`);
    const holder = new FileLockService({ lockPath });
    const [toFile, hidden] = await holder
      .withKeyedLock(VIF_LOCK_FILE, VIF_ID, async () => [
        osvif(['plug', '--vif', helloVif(), '--instance', instanceFile(), '--config', config]),
        osvif(['plug', '--vif', helloVif(), '--instance', instanceFile(), '--config', quiet]),
      ])
      .finally(() => holder.close());
    for (const r of [toFile, hidden]) {
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^osvif warning: still waiting for a lock held by another process .*waited_ms/m);
      expect(r.stderr).toMatch(/^osvif: error: LockTimeoutError: /m);
    }
    expect(require('node:fs').readFileSync(join(logs, 'osvif.log'), 'utf8')).toContain('still waiting for a lock');
  });

  it('accepts log levels in any case, as oslo.log names them, from the command line and from the config', () => {
    const run = (args: string[], config = conf) =>
      osvif(['plug', '--log-json', ...args, '--vif', helloVif(), '--instance', instanceFile(), '--config', config])
        .stderr.trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => (JSON.parse(l) as { level: number }).level);
    expect(run([], confWith('conv-debug.conf', 'log_level = DEBUG'))).toContain(20); // pino's debug
    expect(run(['--log-level', 'WARN'])).toEqual([]);
    expect(run(['--log-level', 'Info'])).toContain(30);
    // The same names from every source: oslo.log's aliases WARN, CRITICAL and FATAL in a file and the environment too.
    expect(run([], confWith('conv-warn.conf', 'log_level = WARN'))).toEqual([]);
    expect(run(['--log-level', 'critical'])).toEqual([]);
    const fromEnv = osvif(['plug', '--log-json', '--vif', helloVif(), '--instance', instanceFile(), '--config', conf], {
      env: { OSVIF_OSVIF__LOG_LEVEL: 'Critical' },
    });
    expect(fromEnv).toMatchObject({ code: 0, stderr: '' });
    expect(run([], confWith('conv-fatal.conf', 'log_level = fatal'))).toEqual([]);
    const bad = osvif(['host-info', '--config', confWith('conv-bad-level.conf', 'log_level = LOUD')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '[osvif] log_level = "LOUD": must be one of debug, info, warning, warn, error, critical, fatal (any case)',
    );
    expect(osvif(['--log-level', 'LOUD', 'host-info', '--config', conf]).stderr).toContain(
      'not one of debug, info, warning, warn, error, critical, fatal (any case)',
    );
  });

  it('honours [osvif] log_level in the text log too (text mode alone defaults to warning)', () => {
    const text = (config: string) =>
      osvif(['plug', '--vif', helloVif(), '--instance', instanceFile(), '--config', config]).stderr.trim().split('\n');
    expect(text(conf)).toEqual(['']); // the default: warnings only, and there are none
    const debug = text(confWith('conv-text-debug.conf', 'log_level = DEBUG'));
    expect(debug.some((l) => l.startsWith('osvif debug: '))).toBe(true);
    expect(debug.some((l) => l.startsWith('osvif info: '))).toBe(true);
  });

  it("honours Nova's [DEFAULT] debug, use_json, log_dir and log_file (the command line still wins)", () => {
    const nova = (name: string, defaults: string) => {
      const text = require('node:fs').readFileSync(conf, 'utf8') as string;
      return write(name, text.replace('[DEFAULT]\n', `[DEFAULT]\n${defaults}\n`));
    };
    const plug = (config: string, ...args: string[]) =>
      osvif(['plug', ...args, '--vif', helloVif(), '--instance', instanceFile(), '--config', config]);
    // debug + use_json: JSON lines on stderr, debug ones included.
    const both = plug(nova('nova-debug-json.conf', 'debug = true\nuse_json = true'));
    expect(both.code).toBe(0);
    const levels = both.stderr
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { level: number }).level);
    expect(levels).toContain(20); // pino's debug
    // --log-level wins over debug.
    expect(plug(nova('nova-debug-json2.conf', 'debug = true\nuse_json = true'), '--log-level', 'error').stderr).toBe('');
    // log_dir + log_file: the log goes to that file, stderr stays empty; log_dir alone: log_dir/osvif.log.
    const logs = join(dir, 'nova-logs');
    mkdirSync(logs, { recursive: true });
    const toFile = plug(nova('nova-file.conf', `use_json = true\nlog_dir = ${logs}\nlog_file = osvif-test.log`));
    expect(toFile).toMatchObject({ code: 0, stderr: '' });
    const lines = require('node:fs').readFileSync(join(logs, 'osvif-test.log'), 'utf8').trim().split('\n') as string[];
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ msg: 'plug succeeded', vif_id: VIF_ID, outcome: 'ok' }),
    );
    expect(plug(nova('nova-dir.conf', `use_json = true\nlog_dir = ${logs}`)).stderr).toBe('');
    expect(require('node:fs').readFileSync(join(logs, 'osvif.log'), 'utf8')).toContain('"plug succeeded"');
    // A failure's one line stays on stderr even when the log goes to a file.
    const grumpy = write(
      'nova-grumpy.json',
      new VIFBridge({ id: VIF_ID, plugin: 'grumpy', vif_name: 't1', bridge_name: 'br0' }).toPrimitive(),
    );
    const failed = osvif(['plug', '--vif', grumpy, '--instance', instanceFile(), '--config', nova('nova-file2.conf', `log_dir = ${logs}`)]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^osvif: error: PlugFailedError: /);
    // A text log in a file: one timestamped line per record.
    expect(plug(nova('nova-text.conf', `debug = true\nlog_dir = ${logs}\nlog_file = text.log`)).code).toBe(0);
    const textLog = (require('node:fs').readFileSync(join(logs, 'text.log'), 'utf8') as string).trim().split('\n');
    expect(textLog.length).toBeGreaterThan(0);
    for (const l of textLog) expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z osvif (debug|info|warning|error): /);
    // config show lists them, with their source.
    const shown = JSON.parse(
      osvif(['config', 'show', '--json', '--config', nova('nova-show.conf', `debug = true\nlog_dir = ${logs}`)]).stdout,
    ) as {
      options: Array<{ group: string; option: string; value: unknown; source: string }>;
    };
    expect(shown.options.filter((o) => o.group === 'DEFAULT').map((o) => [o.option, o.value])).toEqual([
      ['debug', true],
      ['use_json', false],
      ['log_file', null],
      ['log_dir', logs],
    ]);
  });

  it('completion: a real bash completes commands, subcommands and options; zsh loads the same through bashcompinit', () => {
    const script = write('osvif-completion.bash', osvif(['completion', 'bash']).stdout);
    const complete = (...words: string[]) =>
      spawnSync(
        'bash',
        ['-c', `source "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _osvif; echo "\${COMPREPLY[*]}"`, script, ...words],
        {
          encoding: 'utf8',
        },
      ).stdout.trim();
    expect(complete('osvif', 'pl').split(' ').sort()).toEqual(['plug', 'plugin', 'plugins']);
    expect(complete('osvif', 'config', 's')).toBe('show');
    expect(complete('osvif', '--config-file', 'x.conf', 'plug', '--vi')).toBe('--vif');
    expect(complete('osvif', 'objects', 'convert', '--l').split(' ')).toEqual(
      expect.arrayContaining(['--lines', '--log-json', '--log-level']),
    );
    const zsh = osvif(['completion', 'zsh']).stdout;
    expect(zsh.split('\n')[0]).toBe('autoload -U +X bashcompinit && bashcompinit');
    // The same function after that line (only the comment naming the shell differs).
    const body = (text: string) => text.split('\n').filter((l) => !l.startsWith('#') && !l.startsWith('autoload'));
    expect(body(zsh)).toEqual(body(osvif(['completion', 'bash']).stdout));
  });

  it('man: a man page man(1) renders, with every command, the environment and the exit statuses', () => {
    const page = write('osvif.1', osvif(['man']).stdout);
    const text = spawnSync('man', ['-l', page], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', MANWIDTH: '200', MAN_KEEP_FORMATTING: '' },
    });
    expect(text.status).toBe(0);
    // Drop man's overstrike (bold: c BS c; underline: _ BS c).
    const plain = [...text.stdout].reduce((out, c) => (c === '\b' ? out.slice(0, -1) : out + c), '');
    for (const c of [
      'plugins',
      'host-info',
      'plug',
      'unplug',
      'config show',
      'objects convert',
      'completion',
      'OSVIF_CONFIG_FILE',
      'EXIT STATUS',
      '--config-dir',
    ]) {
      expect(plain).toContain(c);
    }
    expect(plain).toMatch(/3\s+try again later: a lock held by another operation/);
  });
});
