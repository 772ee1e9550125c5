// The Jest preset as a plugin package uses it: the noop template's own `npm test` (its jest.config.js names
// `preset: '@osvif/testkit'`) passes on its own, and the host guard fails a run that leaves a test namespace
// behind. Both run Jest in a child process, as a plugin author would.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NETNS_DIR, NETNS_PREFIX } from '@osvif/testkit';

const REPO = join(__dirname, '../../..');
const JEST = join(REPO, 'node_modules/.bin/jest');
const PRESET = join(REPO, 'packages/testkit/jest-preset.js');

interface Run {
  readonly code: number | null;
  readonly output: string;
}

function runJest(cwd: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Without CI: under CI the guard also counts every running private OVS as leaked, and this run's own tests
    // (the outer run) have some running at the same time.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'CI'));
    const child = spawn(JEST, [...args], { cwd, env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** A pid no process can have (Linux's PID_MAX_LIMIT is 2^22): a namespace named after it reads as leaked by a dead run. */
const NO_SUCH_PID = 2 ** 22 + 1;

describe('the test kit Jest preset', () => {
  it("runs the noop template's own tests from its package directory", async () => {
    const r = await runJest(join(REPO, 'packages/plugin-noop'), ['--ci']);
    expect({ code: r.code, tail: r.output.slice(-1500) }).toEqual({ code: 0, tail: expect.stringContaining('Tests:') });
    expect(r.output).toMatch(/Tests:\s+3 passed, 3 total/);
  });

  it('fails a run that leaves a test namespace behind, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'osvif-preset-'));
    const leak = `${NETNS_PREFIX}${NO_SUCH_PID}-presetcheck`;
    try {
      writeFileSync(
        join(dir, 'leak.test.js'),
        `const { execFileSync } = require('node:child_process');
         test('forgets its namespace', () => { execFileSync('ip', ['netns', 'add', ${JSON.stringify(leak)}]); });`,
      );
      const config = JSON.stringify({ rootDir: dir, preset: PRESET, testMatch: ['<rootDir>/*.test.js'] });
      // A process of this (outer) run that creates its first namespace sweeps stale ones, ours included, and may do
      // so before the inner run's guard looks. Then the namespace is gone and the run rightly passes: try again.
      let caught: Run | undefined;
      for (let attempt = 0; attempt < 5 && !caught; attempt++) {
        const r = await runJest(dir, ['--ci', '--config', config]);
        expect(r.output).toMatch(/Tests:\s+1 passed, 1 total/);
        if (r.code !== 0) caught = r;
        else expect(existsSync(`${NETNS_DIR}/${leak}`)).toBe(false); // passed only because someone swept it
      }
      expect(caught?.output).toContain(`host guard: test namespaces left behind: ${leak}`);
    } finally {
      await promisify(execFile)('ip', ['netns', 'del', leak]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
