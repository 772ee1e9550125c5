#!/usr/bin/env bash
# Runs every test: set-up if needed, type-check of sources and tests, then Jest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "test: type-check" >&2
npx tsc -p tsconfig.json
echo "test: jest" >&2
npx jest --ci "$@"
