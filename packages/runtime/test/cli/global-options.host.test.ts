// Every global option of `osvif` (context.ts globalFlags, main.ts) works before and after the command name, and
// takes effect in both places, through the BUILT CLI (build first: npx tsc -b tsconfig.build.json).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../discovery/fixtures';

const BIN = join(REPO, 'packages/runtime/bin/osvif.js');
let dir: string;

function osvif(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `osvif <option> <command...>` and `osvif <command...> <option>`. */
function bothPlaces(option: string[], command: string[]) {
  return [osvif([...option, ...command]), osvif([...command, ...option])];
}

const files = (stdout: string) => (JSON.parse(stdout) as { files: string[] }).files;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'osvif-global-options-'));
  // Only the noop plugin: fast, and the same whatever else the workspace built.
  writeFileSync(join(dir, 'a.conf'), `[osvif]\nplugins = ${join(REPO, 'packages/plugin-noop')}\n`);
  mkdirSync(join(dir, 'conf.d'));
  writeFileSync(join(dir, 'conf.d', 'b.conf'), `[osvif]\nplugins = ${join(REPO, 'packages/plugin-noop')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('global options before or after the command name', () => {
  it.each([
    ['--config-file', 'a.conf'],
    ['--config', 'a.conf'],
    ['--config-file=', 'a.conf'],
  ])('%s FILE is read in both places (config show, a nested command)', (flag, name) => {
    const option = flag.endsWith('=') ? [`${flag}${join(dir, name)}`] : [flag, join(dir, name)];
    for (const r of bothPlaces(option, ['config', 'show', '--json'])) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(files(r.stdout)).toEqual([join(dir, name)]);
    }
  });

  it('--config-dir DIR is read in both places', () => {
    for (const r of bothPlaces(['--config-dir', join(dir, 'conf.d')], ['config', 'show', '--json'])) {
      expect(r.code).toBe(0);
      expect(files(r.stdout)).toEqual([join(dir, 'conf.d', 'b.conf')]);
    }
  });

  it('config sources given on both sides are all read, in command-line order', () => {
    const r = osvif(['--config-dir', join(dir, 'conf.d'), 'config', '--config', join(dir, 'a.conf'), 'show', '--json']);
    expect(r.code).toBe(0);
    expect(files(r.stdout)).toEqual([join(dir, 'conf.d', 'b.conf'), join(dir, 'a.conf')]);
  });

  it('--json gives JSON in both places, for plugins and for a failure', () => {
    for (const r of bothPlaces(['--json'], ['plugins', '--config-file', join(dir, 'a.conf')])) {
      expect(r.code).toBe(0);
      expect((JSON.parse(r.stdout) as { plugins: Array<{ name: string }> }).plugins.map((p) => p.name)).toEqual(['noop']);
    }
    for (const r of bothPlaces(['--json'], ['plugins', '--config-file', join(dir, 'missing.conf')])) {
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, exit_status: 2, error: { code: 'CONFIG_FILE_UNREADABLE' } });
    }
  });

  it('--debug adds the stack in both places', () => {
    for (const r of bothPlaces(['--debug'], ['plugins', '--config-file', join(dir, 'missing.conf')])) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^osvif: error: ConfigFileError: .*\nConfigFileError: .*\n\s+at /);
    }
  });

  it('--log-json and --log-level LEVEL take effect in both places', () => {
    const conf = ['--config-file', join(dir, 'a.conf')];
    for (const r of bothPlaces(['--log-json'], ['plugins', ...conf])) {
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stderr.trim().split('\n')[0])).toMatchObject({ msg: 'Loaded VIF plugins', plugins: ['noop'] });
    }
    for (const option of [['--log-level', 'INFO'], ['--log-level=info']]) {
      for (const r of bothPlaces(option, ['plugins', ...conf])) {
        expect(r.code).toBe(0);
        expect(r.stderr).toBe('osvif info: Loaded VIF plugins plugins=["noop"]\n');
      }
    }
  });

  it('the global options apply to plugin check as well', () => {
    for (const r of bothPlaces(['--json'], ['plugin', 'check', join(REPO, 'packages/plugin-noop')])) {
      expect(r.code).toBe(0);
      expect((JSON.parse(r.stdout) as { ok: boolean }).ok).toBe(true);
    }
  });
});
