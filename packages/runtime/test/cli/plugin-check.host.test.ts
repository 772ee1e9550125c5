// `osvif plugin check <dir>` on good and broken plugin packages made in a temp dir, through the BUILT CLI
// (build first: npx tsc -b tsconfig.build.json). The packages resolve @osvif/sdk from the temp tree, as an
// author's checkout does from its own node_modules.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyNoopAs, linkSdk, pluginSource, REPO, writePackage } from '../discovery/fixtures';

const BIN = join(REPO, 'packages/runtime/bin/osvif.js');
const SDK_VERSION = (JSON.parse(readFileSync(join(REPO, 'packages/sdk/package.json'), 'utf8')) as { version: string }).version;
const PEER = { '@osvif/sdk': `^${SDK_VERSION}` };
let root: string;
let conf: string;

interface Check {
  check: string;
  status: string;
  message: string;
  fix?: string;
}

function check(dir: string, ...more: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'plugin', 'check', dir, '--config-file', conf, ...more], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The --json result: exit status, and each check's status by name. */
function checkJson(dir: string) {
  const r = check(dir, '--json');
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout) as { ok: boolean; dir: string; checks: Check[] };
  const byName = Object.fromEntries(out.checks.map((c) => [c.check, c]));
  return { code: r.code, ok: out.ok, checks: out.checks, byName, statuses: out.checks.map((c) => `${c.check}:${c.status}`) };
}

/** A plain-JS plugin package in the temp tree: package.json fields over a good default, and its files. */
function pkg(name: string, fields: Record<string, unknown>, files: Record<string, string>): string {
  const dir = join(root, name);
  writePackage(dir, { name, version: '1.0.0', osvif: { plugin: './index.js' }, peerDependencies: PEER, ...fields }, files);
  return dir;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'osvif-plugin-check-'));
  linkSdk(join(root, 'node_modules'));
  conf = join(root, 'empty.conf');
  writeFileSync(conf, '');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('osvif plugin check', () => {
  it('passes a copy of the noop template (the SDK a peerDependency): every check ok, exit 0', () => {
    const dir = copyNoopAs(root, 'osvif-plugin-hello', 'hello');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(manifest.dependencies?.['@osvif/sdk']).toBeUndefined();
    manifest.peerDependencies = PEER;
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
    const r = check(dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(':')[0]),
    ).toEqual([
      'ok      package.json',
      'ok      declaration',
      'ok      entry',
      'ok      sdk',
      'ok      load',
      'ok      plugin class',
      'ok      declarations',
      'ok      name',
    ]);
    expect(r.stdout).toContain('ok      declarations: hello: VIFVHostUser 1.0 - 1.1\n');
  });

  it('passes the built noop package; warns when @osvif/sdk is a plain dependency (maybe a second copy)', () => {
    expect(checkJson(join(REPO, 'packages/plugin-noop'))).toMatchObject({ code: 0, ok: true, byName: { sdk: { status: 'ok' } } });
    const dir = copyNoopAs(root, 'osvif-plugin-plain', 'plain');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    manifest.dependencies = { ...manifest.dependencies, '@osvif/sdk': `^${SDK_VERSION}` };
    delete manifest.peerDependencies;
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
    const r = checkJson(dir);
    expect(r.code).toBe(0);
    expect(r.ok).toBe(true);
    expect(r.byName.sdk).toMatchObject({ status: 'warn', fix: `move it to "peerDependencies": { "@osvif/sdk": "^${SDK_VERSION}" }` });
    expect(r.checks.filter((c) => c.status !== 'ok').map((c) => c.check)).toEqual(['sdk']);
  });

  it('fails a package without the "osvif" field, saying what to add, exit 1', () => {
    const dir = pkg('osvif-plugin-nofield', { osvif: undefined }, { 'index.js': pluginSource('nofield') });
    const r = check(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'FAILED  declaration: package.json has no "osvif": { "plugin": ... } declaration (fix: declare the entry module in package.json: "osvif": { "plugin": "./dist/index.js" })\n',
    );
    expect(r.stdout).toContain('skipped load: needs the entry module\n');
  });

  it('fails a missing entry module (not built), a module that throws, and one with no @VifPlugin class', () => {
    const missing = checkJson(pkg('osvif-plugin-unbuilt', { osvif: { plugin: './dist/index.js' } }, {}));
    expect(missing.code).toBe(1);
    expect(missing.byName.entry).toMatchObject({ status: 'FAILED', fix: expect.stringContaining('npm run build') });
    const throws = checkJson(pkg('osvif-plugin-throws', {}, { 'index.js': "throw new Error('boom at import');" }));
    expect(throws.byName.load).toMatchObject({ status: 'FAILED', message: expect.stringContaining('threw Error: boom at import') });
    expect(throws.statuses.slice(-3)).toEqual(['plugin class:skipped', 'declarations:skipped', 'name:skipped']);
    const noClass = checkJson(pkg('osvif-plugin-noclass', {}, { 'index.js': 'exports.helper = () => 1;' }));
    expect(noClass.code).toBe(1);
    expect(noClass.byName['plugin class']).toMatchObject({
      status: 'FAILED',
      message: expect.stringContaining('exports no @VifPlugin class'),
    });
    const unresolved = checkJson(pkg('osvif-plugin-deps', {}, { 'index.js': "require('not-installed-anywhere');" }));
    expect(unresolved.byName.load).toMatchObject({ status: 'FAILED', fix: expect.stringContaining('npm install') });
    // A plugin that builds host services from @osvif/runtime: refused at load, so refused here too.
    const runtimeDist = JSON.stringify(join(REPO, 'packages/runtime/dist/index.js'));
    const importsRuntime = checkJson(pkg('osvif-plugin-rt', {}, { 'index.js': `require(${runtimeDist});\n${pluginSource('rt')}` }));
    expect(importsRuntime.code).toBe(1);
    expect(importsRuntime.byName.load).toMatchObject({
      status: 'FAILED',
      message: expect.stringContaining('requires @osvif/runtime'),
      fix: expect.stringContaining('inject LINK_API'),
    });
  });

  it('fails an @osvif/sdk range that excludes the runtime SDK, and a missing one', () => {
    const excluded = checkJson(
      pkg('osvif-plugin-future', { peerDependencies: { '@osvif/sdk': '^9.0.0' } }, { 'index.js': pluginSource('future') }),
    );
    expect(excluded.code).toBe(1);
    expect(excluded.byName.sdk).toEqual({
      check: 'sdk',
      status: 'FAILED',
      message: `the peerDependency range "^9.0.0" excludes this runtime's @osvif/sdk ${SDK_VERSION}`,
      fix: `declare "peerDependencies": { "@osvif/sdk": "^${SDK_VERSION}" }`,
    });
    expect(excluded.byName.load.status).toBe('ok'); // the other checks still ran
    const absent = checkJson(pkg('osvif-plugin-nosdk', { peerDependencies: {} }, { 'index.js': pluginSource('nosdk') }));
    expect(absent.byName.sdk).toMatchObject({ status: 'FAILED', message: '@osvif/sdk is not in peerDependencies' });
  });

  it('fails declarations the SDK refuses, and a plugin name another installed package provides', () => {
    const bad = checkJson(pkg('osvif-plugin-badrange', {}, { 'index.js': pluginSource('badrange', 'VIFBridge', '7.0') }));
    expect(bad.code).toBe(1);
    expect(bad.byName.declarations).toMatchObject({
      status: 'FAILED',
      message: expect.stringMatching(/^VersionRangeMatchesNothingError: /),
    });
    const taken = checkJson(pkg('osvif-plugin-impostor', {}, { 'index.js': pluginSource('noop', 'VIFVHostUser') }));
    expect(taken.code).toBe(1);
    expect(taken.byName.name).toMatchObject({
      status: 'FAILED',
      message: expect.stringMatching(/^plugin noop is already provided by @osvif\/plugin-noop \(.*\) on this host$/),
    });
  });

  it('exits 2 on a usage error: not a directory, no directory given', () => {
    const r = check(join(root, 'nope'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`osvif: error: UsageError: plugin check ${JSON.stringify(join(root, 'nope'))}: not a directory\n`);
    const none = spawnSync(process.execPath, [BIN, 'plugin', 'check'], { encoding: 'utf8' });
    expect(none.status).toBe(2);
  });
});
