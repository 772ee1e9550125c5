#!/usr/bin/env bash
# API reports of the public packages (API Extractor over the built declarations in dist/).
#   bash scripts/api.sh          rewrite packages/<pkg>/report.api.md (npm run api; builds first)
#   bash scripts/api.sh --check  fail if a public API differs from its checked-in report, or on any
#                                API Extractor warning (forgotten export, TSDoc syntax) or on an export without
#                                a doc comment (npm run api:check; after the build)
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGES=(objects sdk ovsdb netlink-socket unix-socket runtime testkit plugin-ovs plugin-linux-bridge plugin-noop)
mode=update
if [ "${1:-}" = "--check" ]; then mode=check; fi
if [ "$mode" = update ]; then npx tsc -b tsconfig.build.json; fi
failed=()
for pkg in "${PACKAGES[@]}"; do
  args=(run --config "packages/$pkg/api-extractor.json")
  if [ "$mode" = update ]; then args+=(--local); fi
  mkdir -p "packages/$pkg/temp"
  if ! npx api-extractor "${args[@]}" >"packages/$pkg/temp/api-extractor.log" 2>&1; then
    failed+=("$pkg")
    cat "packages/$pkg/temp/api-extractor.log" >&2
  elif grep -q 'Warning:' "packages/$pkg/temp/api-extractor.log"; then
    grep 'Warning:' "packages/$pkg/temp/api-extractor.log" >&2
  fi
  # Every exported declaration has a doc comment (members are marked in the report, not enforced).
  if grep -n '^// @[a-z]* (undocumented)' "packages/$pkg/report.api.md" >&2; then
    echo "api: $pkg: the exports above have no doc comment" >&2
    failed+=("$pkg")
  fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  failed_list=$(printf '%s\n' "${failed[@]}" | sort -u | tr '\n' ' ')
  echo "api: ${failed_list% }: public API differs from report.api.md or has warnings (run npm run api and review the diff)" >&2
  exit 1
fi
if [ "$mode" = update ]; then echo "api: ${#PACKAGES[@]} reports updated" >&2; else echo "api: ${#PACKAGES[@]} reports match the public API" >&2; fi
