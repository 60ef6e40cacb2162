#!/usr/bin/env bash
# The production install, as the Dockerfile's runtime stage has it: only the production
# dependencies (`npm ci --omit=dev`) beside the compiled dist/. Checks that the CLI starts, that the
# example config validates and that a report through the console becomes a case on the embedded
# database. Catches a runtime import of a dev dependency, which the tests (with dev dependencies
# installed) cannot see. Needs `npm run build` first (npm test does it).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=.ci/lib.sh
source .ci/lib.sh

[[ -f dist/src/cli.js ]] || { say "dist/ is missing: run npm run build"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/opsdesk-prod.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp package.json package-lock.json "$work/"
cp -r dist "$work/dist"
mkdir -p "$work/fixtures"
sed "s#dataDir: ./data#dataDir: $work/data#; s#port: 8080#port: 0#" fixtures/opsdesk.example.yaml >"$work/fixtures/opsdesk.example.yaml"
cd "$work"
MONGOMS_DISABLE_POSTINSTALL=1 quietly npm ci --omit=dev --no-audit --no-fund
[[ ! -d node_modules/jest && ! -d node_modules/typescript ]] || { say "dev dependencies were installed"; exit 1; }

version=$(node dist/src/cli.js --version)
say "opsdesk --version: $version"
node dist/src/cli.js check-config fixtures/opsdesk.example.yaml >&2
out=$(printf 'the printer in room 12 prints nothing\n:quit\n' |
  env -u MONGODB_URI timeout 120 node dist/src/cli.js console --config fixtures/opsdesk.example.yaml 2>"$work/stderr.log") || {
  say "console run failed"; tail -20 "$work/stderr.log" >&2; exit 1; }
if ! grep -q 'INC-1 the printer in room 12 prints nothing' <<<"$out"; then
  say "no case number in the console output:"; printf '%s\n' "$out" >&2; tail -20 "$work/stderr.log" >&2; exit 1
fi
say "production install answers: $(grep -m1 'INC-1' <<<"$out")"
