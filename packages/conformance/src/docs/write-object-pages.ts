// npm run docs:objects: rewrites docs/objects/ from the registry (object-pages.ts), removing pages of classes
// that no longer exist.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderObjectPages } from './object-pages';

/** docs/objects/, from dist/docs/ (where this runs) or src/docs/. */
const OUT = resolve(__dirname, '../../../../docs/objects');

const pages = renderObjectPages();
mkdirSync(OUT, { recursive: true });
for (const f of readdirSync(OUT)) if (f.endsWith('.md') && !pages.has(f)) rmSync(join(OUT, f));
for (const [file, text] of pages) writeFileSync(join(OUT, file), text);
console.log(`docs:objects: ${pages.size} pages in ${OUT}`);
