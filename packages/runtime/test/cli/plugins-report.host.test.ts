// `osvif plugins` as a new plugin author meets it: the BUILT runtime installed alone into a temporary
// node_modules (build first: npx tsc -b tsconfig.build.json), so discovery scans that tree and nothing else.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installRuntimeCopy, pluginPackage, writePackage } from '../discovery/fixtures';

let root: string;
let conf: string;

/** A fresh tree with the runtime installed; `add` puts packages next to it. Returns a runner of its `osvif`. */
function tree(name: string, add: (nodeModules: string) => void) {
  const nm = join(root, name, 'node_modules');
  const bin = installRuntimeCopy(nm);
  add(nm);
  return {
    nm,
    run: (args: string[]) => {
      const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    },
  };
}

/** Named like a plugin and depending on the SDK, but without the "osvif" declaration: the trial's package. */
function undeclared(nm: string): void {
  writePackage(
    join(nm, 'osvif-plugin-mine'),
    { name: 'osvif-plugin-mine', version: '1.0.0', main: 'index.js', peerDependencies: { '@osvif/sdk': '^0.1.0' } },
    { 'index.js': '' },
  );
  writePackage(join(nm, 'left-pad'), { name: 'left-pad', version: '1.0.0' }, { 'index.js': '' });
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'osvif-plugins-report-'));
  conf = join(root, 'empty.conf');
  writeFileSync(conf, '');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('osvif plugins', () => {
  it('with no plugin says which directories it scanned, that none loaded, and which package it skipped and why', () => {
    const t = tree('none', undeclared);
    const text = t.run(['plugins', '--config-file', conf]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')).toEqual([
      'scanned:',
      `  ${t.nm}`,
      'plugins:',
      '  (none loaded)',
      `skipped osvif-plugin-mine (${join(t.nm, 'osvif-plugin-mine')}): no "osvif" field in package.json (a plugin declares "osvif": { "plugin": "./dist/index.js" })`,
      '',
    ]);
    const json = t.run(['plugins', '--config-file', conf, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: true,
      scanned: [t.nm],
      plugins: [],
      skipped: [
        { package: 'osvif-plugin-mine', location: join(t.nm, 'osvif-plugin-mine'), reason: expect.stringContaining('no "osvif" field') },
      ],
      failures: [],
    });
  });

  it('names a package that failed to load once, exit 1, and in --json too', () => {
    const t = tree('failing', (nm) => {
      pluginPackage(join(nm, 'osvif-plugin-alpha'), 'osvif-plugin-alpha', 'alpha');
      writePackage(
        join(nm, 'osvif-plugin-bad'),
        { name: 'osvif-plugin-bad', osvif: { plugin: './index.js' } },
        { 'index.js': "throw new Error('boom');" },
      );
    });
    const text = t.run(['plugins', '--config-file', conf]);
    expect(text.code).toBe(1);
    expect(`${text.stdout}${text.stderr}`.split('\n').filter((l) => l.includes('osvif-plugin-bad'))).toHaveLength(1);
    expect(text.stdout).toContain(
      `FAILED osvif-plugin-bad (${join(t.nm, 'osvif-plugin-bad')}): loading ${join(t.nm, 'osvif-plugin-bad/index.js')} failed: Error: boom\n`,
    );
    expect(text.stdout).toContain('  alpha  (osvif-plugin-alpha@1.2.3');
    const json = t.run(['plugins', '--config-file', conf, '--json']);
    expect(json.code).toBe(1);
    expect(json.stderr).toBe('');
    const out = JSON.parse(json.stdout) as { ok: boolean; plugins: Array<{ name: string }>; failures: Array<{ package: string }> };
    expect(out.ok).toBe(false);
    expect(out.plugins.map((p) => p.name)).toEqual(['alpha']);
    expect(out.failures.map((f) => f.package)).toEqual(['osvif-plugin-bad']);
    // The structured log, when asked for, still records it (a log is not the report).
    expect(t.run(['plugins', '--config-file', conf, '--log-json']).stderr).toContain('"msg":"plugin failed to load"');
  });
});
