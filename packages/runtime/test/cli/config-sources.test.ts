// Where the CLI looks for config files when no --config-file/--config-dir is given (the ordering of the flags
// themselves is checked through the built CLI in cli.host.test.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFiles, implicitConfigSources } from '../../src/cli/config-sources';

let etc: string;
beforeEach(() => {
  etc = mkdtempSync(join(tmpdir(), 'osvif-etc-'));
});
afterEach(() => rmSync(etc, { recursive: true, force: true }));

describe('implicit config sources', () => {
  it('reads nothing when /etc/osvif has nothing', () => {
    expect(implicitConfigSources({}, etc)).toEqual([]);
  });

  it('reads /etc/osvif/osvif.conf, then /etc/osvif/osvif.conf.d/*.conf in lexical order', () => {
    mkdirSync(join(etc, 'osvif/osvif.conf.d'), { recursive: true });
    writeFileSync(join(etc, 'osvif/osvif.conf'), '');
    for (const n of ['b.conf', 'a.conf', 'c.conf.disabled']) writeFileSync(join(etc, 'osvif/osvif.conf.d', n), '');
    const sources = implicitConfigSources({}, etc);
    expect(sources).toEqual([
      { kind: 'file', path: join(etc, 'osvif/osvif.conf') },
      { kind: 'dir', path: join(etc, 'osvif/osvif.conf.d') },
    ]);
    expect(configFiles(sources)).toEqual([
      join(etc, 'osvif/osvif.conf'),
      join(etc, 'osvif/osvif.conf.d/a.conf'),
      join(etc, 'osvif/osvif.conf.d/b.conf'),
    ]);
  });

  it('prefers OSVIF_CONFIG_FILE, several paths separated by ":" (a directory counts as --config-dir)', () => {
    writeFileSync(join(etc, 'x.conf'), '');
    mkdirSync(join(etc, 'osvif'));
    writeFileSync(join(etc, 'osvif/osvif.conf'), '');
    expect(implicitConfigSources({ OSVIF_CONFIG_FILE: `${join(etc, 'x.conf')}::${join(etc, 'osvif')}` }, etc)).toEqual([
      { kind: 'file', path: join(etc, 'x.conf') },
      { kind: 'dir', path: join(etc, 'osvif') },
    ]);
  });
});
