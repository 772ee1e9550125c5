#!/usr/bin/env node
// `npm run version-packages`: turns the pending changesets (.changeset/*.md, written with `npm run changeset`)
// into the next version of every @osvif package at once, the ranges between them, and a CHANGELOG.md section.
// Why not `changeset version`: it bumps a package *major* when a peer dependency leaves its range, and a 0.x minor
// of @osvif/sdk leaves the plugins' `^0.1.0`, so with one version for all every package became 1.0.0.
// Here the highest bump asked for (patch < minor < major) applies to the one shared version, as semver says.
'use strict';
const { readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const RANK = { patch: 1, minor: 2, major: 3 };

/** The changesets: { file, bumps: Map<package, bump>, summary }. */
function readChangesets(root) {
  const dir = join(root, '.changeset');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const m = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
      if (!m) throw new Error(`.changeset/${file}: no front matter`);
      const bumps = new Map();
      for (const line of m[1].split('\n').filter((l) => l.trim())) {
        const kv = /^\s*["']?([^"':]+)["']?\s*:\s*(patch|minor|major)\s*$/.exec(line);
        if (!kv) throw new Error(`.changeset/${file}: cannot read "${line}"`);
        bumps.set(kv[1], kv[2]);
      }
      return { file: join(dir, file), bumps, summary: m[2].trim() };
    });
}

function bumpVersion(version, bump) {
  const [major, minor, patch] = version.split('.').map(Number);
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

function main(root = process.cwd()) {
  const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const workspaces = rootPkg.workspaces.map((w) => join(root, w, 'package.json'));
  const manifests = workspaces.map((file) => ({ file, pkg: JSON.parse(readFileSync(file, 'utf8')) }));
  const published = manifests.filter((m) => !m.pkg.private && m.pkg.name.startsWith('@osvif/'));
  const current = published[0].pkg.version;
  if (published.some((m) => m.pkg.version !== current)) throw new Error('the @osvif packages do not share one version');

  const changesets = readChangesets(root);
  if (changesets.length === 0) throw new Error('no changesets: run `npm run changeset` first');
  const names = new Set(published.map((m) => m.pkg.name));
  let bump = 'patch';
  for (const c of changesets)
    for (const [name, b] of c.bumps) {
      if (!names.has(name)) throw new Error(`${c.file}: ${name} is not a published @osvif package`);
      if (RANK[b] > RANK[bump]) bump = b;
    }
  const next = bumpVersion(current, bump);

  for (const { file, pkg } of manifests) {
    if (names.has(pkg.name)) pkg.version = next;
    for (const field of ['dependencies', 'peerDependencies', 'devDependencies'])
      for (const dep of Object.keys(pkg[field] ?? {}))
        if (names.has(dep) && pkg[field][dep] === `^${current}`) pkg[field][dep] = `^${next}`;
    writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  }

  const changelog = join(root, 'CHANGELOG.md');
  const text = readFileSync(changelog, 'utf8');
  const entries = changesets.map((c) => `- ${c.summary.replace(/\n/g, '\n  ')} (${[...c.bumps.keys()].join(', ')})`);
  const section = `## ${next}\n\n${entries.join('\n')}\n\n`;
  const at = text.indexOf('\n## ');
  writeFileSync(changelog, at < 0 ? `${text}\n${section}` : `${text.slice(0, at + 1)}${section}${text.slice(at + 1)}`);
  for (const c of changesets) rmSync(c.file);
  process.stdout.write(`@osvif packages ${current} -> ${next} (${bump}), ${changesets.length} changeset(s)\n`);
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`version-packages: ${e.message}\n`);
    process.exitCode = 1;
  }
}
module.exports = { main, bumpVersion };
