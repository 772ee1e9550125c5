#!/usr/bin/env node
// `npm pack` / `npm publish` of a public package (its "prepack" script, run in the package's directory): build it,
// and put the project's NOTICE, and LICENSE unless the package has its own (the vendored MIT addon), beside it,
// so every tarball carries them. The copies are git-ignored.
'use strict';
const { execFileSync } = require('node:child_process');
const { copyFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const pkg = require(join(process.cwd(), 'package.json'));
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [root] }), '-b'], { stdio: 'inherit' });
copyFileSync(join(root, 'NOTICE'), 'NOTICE');
if (pkg.license === 'Apache-2.0') copyFileSync(join(root, 'LICENSE'), 'LICENSE');
else if (!existsSync('LICENSE')) throw new Error(`${pkg.name}: license ${pkg.license} but no LICENSE file of its own`);
