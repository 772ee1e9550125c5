// docs/objects/ is generated from the registry (src/docs/object-pages.ts); this fails when the checked-in
// pages are not what the generator writes now: run `npm run docs:objects` and commit the result.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { objectRegistry } from '@osvif/objects';
import { renderObjectPages } from '../../src/docs/object-pages';

const DIR = resolve(__dirname, '../../../../docs/objects');
const pages = renderObjectPages();

describe('docs/objects (npm run docs:objects)', () => {
  it('has a page per registered object class, plus the index, and nothing else', () => {
    expect(pages.size).toBe(objectRegistry.names().length + 1);
    const onDisk = readdirSync(DIR).filter((f) => f.endsWith('.md'));
    expect(onDisk.sort()).toEqual([...pages.keys()].sort());
  });

  it.each([...pages.keys()])('%s is what the generator writes', (file) => {
    expect(readFileSync(join(DIR, file), 'utf8')).toBe(pages.get(file));
  });
});
