// docs/troubleshooting.md ends with an index of every error an operator can meet, generated from errors.md
// (scripts/docs-troubleshooting.js): this fails when a code was added or changed and the page was not regenerated
// (npm run docs:troubleshooting), so no operator-facing code is left out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitCodeFor } from '../../../runtime/src/cli/exit-codes';

const DOCS = join(__dirname, '../../../../docs');
const script = require('../../../../scripts/docs-troubleshooting.js') as {
  renderIndex(errorsMd: string, exit: typeof exitCodeFor): string;
  withIndex(page: string, index: string): string;
  operatorPart(todo: string): string | undefined;
};

describe('docs/troubleshooting.md', () => {
  const errors = readFileSync(join(DOCS, 'errors.md'), 'utf8');
  const page = readFileSync(join(DOCS, 'troubleshooting.md'), 'utf8');

  it('has the current index of every operator-facing code (npm run docs:troubleshooting)', () => {
    expect(page).toBe(script.withIndex(page, script.renderIndex(errors, exitCodeFor)));
  });

  it('names every code whose "What to do" has an operator part, with its exit status', () => {
    const operatorCodes = [...errors.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|.*\bO:.*\|$/gm)].map((m) => m[1]);
    expect(operatorCodes.length).toBeGreaterThan(50);
    for (const code of operatorCodes) expect(page).toMatch(new RegExp(`^\\| \\d \\([^)]*\\) \\| \`${code}\` \\|`, 'm'));
    expect(page).toMatch(/^\| 3 \(try again later: a lock\) \| `LOCK_TIMEOUT` \|/m);
    expect(page).toMatch(/^\| 2 \(command line or configuration\) \| `CONFIG_VALUE` \|/m);
  });

  it("takes the operator's part of a row that has both", () => {
    expect(script.operatorPart('P: check `isSet()` / use `getIfSet()`; O: the input lacks that field.')).toBe(
      'the input lacks that field.',
    );
    expect(script.operatorPart('O: check the version. P: use a registered class.')).toBe('check the version.');
    expect(script.operatorPart('Report a bug.')).toBeUndefined();
  });
});
