// The release's version step (scripts/version-packages.js) on a small copy of the monorepo's shape: one version
// for every @osvif package, the highest bump the changesets ask for, ranges between them (peers included)
// moved along, a CHANGELOG section, the changesets consumed. The case `changeset version` got wrong: a 0.x minor
// of @osvif/sdk, a peer of the plugins, made every package 1.0.0.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '../../../../scripts/version-packages.js');

function repo(changesets: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'osvif-version-'));
  const write = (file: string, value: unknown): void => {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
  };
  write('package.json', { private: true, workspaces: ['packages/sdk', 'packages/plugin-x', 'packages/conformance'] });
  write('packages/sdk/package.json', { name: '@osvif/sdk', version: '0.1.3' });
  write('packages/plugin-x/package.json', {
    name: '@osvif/plugin-x',
    version: '0.1.3',
    peerDependencies: { '@osvif/sdk': '^0.1.3' },
    devDependencies: { '@osvif/sdk': '^0.1.3', jest: '^30.0.0' },
  });
  write('packages/conformance/package.json', {
    name: '@osvif/conformance',
    version: '0.1.0',
    private: true,
    dependencies: { '@osvif/sdk': '^0.1.3' },
  });
  write('CHANGELOG.md', '# Changelog\n\nIntro.\n\n## Unreleased\n\n- old notes\n');
  write('.changeset/README.md', 'not a changeset');
  for (const [name, text] of Object.entries(changesets)) write(`.changeset/${name}.md`, text);
  return root;
}

const read = (root: string, file: string): Record<string, Record<string, string> | string> =>
  JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, Record<string, string> | string>;

describe('npm run version-packages', () => {
  it('a minor changeset of the SDK (0.x: breaking) moves every @osvif package to the next minor, not to 1.0.0', () => {
    const root = repo({
      'brave-sdk': '---\n"@osvif/sdk": minor\n---\n\nHandlers receive the VIF frozen.\n',
      'calm-fix': "---\n'@osvif/plugin-x': patch\n---\n\nFix a typo.\n",
    });
    try {
      execFileSync(process.execPath, [SCRIPT], { cwd: root });
      expect(read(root, 'packages/sdk/package.json').version).toBe('0.2.0');
      const plugin = read(root, 'packages/plugin-x/package.json');
      expect(plugin).toMatchObject({
        version: '0.2.0',
        peerDependencies: { '@osvif/sdk': '^0.2.0' },
        devDependencies: { '@osvif/sdk': '^0.2.0', jest: '^30.0.0' },
      });
      expect(read(root, 'packages/conformance/package.json')).toMatchObject({ version: '0.1.0', dependencies: { '@osvif/sdk': '^0.2.0' } });
      const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
      expect(changelog).toMatch(
        /Intro\.\n\n## 0\.2\.0\n\n- Handlers receive the VIF frozen\. \(@osvif\/sdk\)\n- Fix a typo\. \(@osvif\/plugin-x\)\n\n## Unreleased/,
      );
      expect(existsSync(join(root, '.changeset/brave-sdk.md'))).toBe(false);
      expect(existsSync(join(root, '.changeset/README.md'))).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses to run without changesets, or with one naming a package that is not published, changing nothing', () => {
    const cases: Array<Record<string, string>> = [{}, { odd: '---\n"@osvif/conformance": patch\n---\n\nx\n' }];
    for (const changesets of cases) {
      const root = repo(changesets);
      try {
        expect(() => execFileSync(process.execPath, [SCRIPT], { cwd: root, stdio: 'pipe' })).toThrow(/version-packages: /);
        expect(read(root, 'packages/sdk/package.json').version).toBe('0.1.3');
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  });
});
