#!/usr/bin/env bash
# Benchmarks (never part of the tests): osvif beside os-vif 3.0.0, same run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node apps/bench/dist/main.js "$@"
