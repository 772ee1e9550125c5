// The scaffold's own checks (no root, no network): what it writes, that nothing of the template's placeholders
// is left, that a directory in use or a bad name is refused before anything is written, and that its plugin-name
// rule is the SDK's. The generated package building, passing its tests and loading in the runtime, from packages
// published to a local registry, is packaging.host.test.ts.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { InvalidPluginNameError, VifPlugin } from '@osvif/sdk';
import { main } from '../src/main';
import { PLUGIN_NAME } from '../src/names';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({ write: (c: Buffer, _e, done) => ((text += c.toString()), done()) });
  return { stream, text: () => text };
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const [out, err] = [sink(), sink()];
  const code = await main(args, out.stream, err.stream);
  return { code, out: out.text(), err: err.text() };
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();

describe('create-osvif-plugin', () => {
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), 'osvif-scaffold-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes a plugin package named after the directory, with the SDK as a peer at this version', async () => {
    const r = await run([join(tmp, 'my-tap')]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/Created osvif-plugin-my-tap \(osvif plugin "my_tap"\)/);
    const dir = join(tmp, 'my-tap');
    expect(filesUnder(dir)).toEqual([
      '.gitignore',
      'README.md',
      'jest.config.js',
      'package.json',
      'src/index.ts',
      'src/plugin.ts',
      'test/plugin.host.test.ts',
      'test/plugin.test.ts',
      'tsconfig.json',
      'tsconfig.test.json',
    ]);
    const version = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(pkg.name).toBe('osvif-plugin-my-tap');
    expect(pkg.osvif).toEqual({ plugin: './dist/index.js' });
    expect(pkg.peerDependencies).toEqual({ '@osvif/objects': `^${version}`, '@osvif/sdk': `^${version}` });
    expect(pkg.devDependencies['@osvif/testkit']).toBe(`^${version}`);
    expect(pkg.dependencies).toBeUndefined(); // nothing that would bring a second SDK copy
    expect(readFileSync(join(dir, 'src/plugin.ts'), 'utf8')).toMatch(/const PLUGIN_NAME = 'my_tap';[\s\S]*export class MyTapPlugin \{/);
    for (const f of filesUnder(dir)) expect(readFileSync(join(dir, f), 'utf8')).not.toMatch(/__[A-Z_]+__/);
  });

  it('takes --name and --package-name', async () => {
    const r = await run([join(tmp, 'x'), '--name', 'acme_tap', '--package-name', '@acme/osvif-tap']);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(tmp, 'x', 'package.json'), 'utf8'))).toMatchObject({ name: '@acme/osvif-tap' });
    expect(readFileSync(join(tmp, 'x', 'src/plugin.ts'), 'utf8')).toMatch(/export class AcmeTapPlugin/);
  });

  it('refuses a directory in use (exit 1) and bad names or arguments (exit 2), writing nothing', async () => {
    const used = join(tmp, 'used');
    mkdirSync(used);
    writeFileSync(join(used, 'keep.txt'), 'mine');
    expect(await run([used])).toMatchObject({ code: 1, err: expect.stringMatching(/SCAFFOLD_TARGET_NOT_EMPTY: .*not empty/) });
    expect(readdirSync(used)).toEqual(['keep.txt']);
    expect(await run([join(tmp, 'a'), '--name', 'Bad-Name'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/SCAFFOLD_USAGE: plugin name "Bad-Name"/),
    });
    expect(await run([join(tmp, '123')])).toMatchObject({ code: 2, err: expect.stringMatching(/--name/) });
    expect(await run([join(tmp, 'b'), '--package-name', 'Not Valid'])).toMatchObject({ code: 2 });
    expect(await run([])).toMatchObject({ code: 2, err: expect.stringMatching(/usage:/) });
    expect(await run([join(tmp, 'c'), '--bogus'])).toMatchObject({ code: 2 });
    expect(readdirSync(tmp)).toEqual(['used']);
  });

  it("uses the SDK's plugin-name rule", () => {
    for (const name of ['tap', 'my_tap2', 'a', 'x'.repeat(64), 'x'.repeat(65), 'Tap', '_tap', '2tap', 'my-tap', '']) {
      let sdkAccepts = true;
      try {
        VifPlugin({ name })(class {});
      } catch (e) {
        sdkAccepts = !(e instanceof InvalidPluginNameError); // a good name gets as far as "declares no VIF class"
      }
      expect([name, PLUGIN_NAME.test(name)]).toEqual([name, sdkAccepts]);
    }
  });
});
