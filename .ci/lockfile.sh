#!/usr/bin/env bash
# A fresh clone stays clean after `npm install`: npm resolves package.json against the committed
# package-lock.json and writes the lockfile back; the result must be byte for byte what is
# committed (npm 11 reorders keys and drops or adds fields when the lockfile was written by another
# npm version). Runs on a copy of the two files with --package-lock-only, so it touches neither the
# checkout nor node_modules and takes a second or two. Fix when it fails: `npm install`, commit
# package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=.ci/lib.sh
source .ci/lib.sh

work=$(mktemp -d "${TMPDIR:-/tmp}/opsdesk-lock.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp package.json package-lock.json "$work/"
[[ ! -f .npmrc ]] || cp .npmrc "$work/"
(cd "$work" && quietly npm install --package-lock-only --ignore-scripts --no-audit --no-fund)
if ! cmp -s package-lock.json "$work/package-lock.json"; then
  say "npm $(npm --version) rewrites package-lock.json (a fresh clone is dirty after npm install):"
  diff -u package-lock.json "$work/package-lock.json" | head -40 >&2 || true
  say "fix: npm install, then commit package-lock.json"
  exit 1
fi
say "npm $(npm --version) leaves package-lock.json as committed"
