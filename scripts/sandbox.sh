#!/usr/bin/env bash
# The main job, in a sandbox: set-up if needed, then the demo inside a fresh
# network namespace with a private Open vSwitch (see apps/sandbox).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node apps/sandbox/dist/main.js "$@"
