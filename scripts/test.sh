#!/usr/bin/env bash
# Runs every test: set-up if needed (install + build), type-check of sources and tests, lint, the API report
# check, the API reference (TypeDoc, warnings are errors) and knip, then Jest in two
# projects: `unit` (*.test.ts: no root, no namespaces, no OVS, no Python) first, on this Node (20) and again on
# Node 22 and 24 (the registry's `node` package, through npx: what `engines` claims is what runs), then `host`
# (*.host.test.ts: namespaces, a private OVS, the real os-vif, the built CLI) under the test kit's host guard.
# Extra arguments (e.g. a path) go to every Jest run; a run with no test of one kind passes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "test: type-check" >&2
npx tsc -p tsconfig.json
echo "test: lint (ESLint, Prettier), API reports, API reference (TypeDoc), unused code (knip)" >&2
npm run --silent lint
npm run --silent api:check
# The built declarations are current (setup.sh builds), so TypeDoc runs alone: about 15-20 s, any warning fails.
npx typedoc --logLevel Warn
npx knip
echo "test: jest (unit)" >&2
npx jest --ci --passWithNoTests "$@" --selectProjects unit
for major in 22 24; do
  echo "test: jest (unit) on Node $major" >&2
  npx -y "node@$major" node_modules/.bin/jest --ci --passWithNoTests "$@" --selectProjects unit
done
echo "test: jest (host)" >&2
npx jest --ci --passWithNoTests "$@" --selectProjects host
