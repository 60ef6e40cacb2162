#!/usr/bin/env bash
# Builds FerretDB (MongoDB-compatible server on SQLite) from the Go module proxy into
# ${OPSDESK_CACHE:-~/.cache/opsdesk}/bin/ferretdb, unless a binary of that version is already there.
# Used by .ci/run and by the jest global setup (test/setup/). Progress goes to stderr; the binary's
# path is the only line on stdout. Needs `go`; exits 3 without it.
set -euo pipefail
# shellcheck source=.ci/lib.sh
source "$(dirname "$0")/lib.sh"

VERSION=v1.24.2 # also FERRETDB_VERSION in src/db/embedded-ferretdb.ts
OUT=${OPSDESK_FERRETDB_OUT:-$OPSDESK_CACHE/bin/ferretdb}

if [[ -x $OUT ]] && "$OUT" --version 2>/dev/null | grep -q "version: $VERSION\$"; then
  echo "$OUT"
  exit 0
fi
if ! command -v go >/dev/null; then
  say "build-ferretdb: go not found on PATH"
  exit 3
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/opsdesk-ferretdb-build.XXXXXX")
trap 'rm -rf "$work"' EXIT

# `go install …@version` needs the proxy's version list, which is refused here; a module that
# requires FerretDB at a fixed version downloads it with `go mod tidy` instead.
mkdir -p "$work/mod"
cat >"$work/mod/go.mod" <<GOMOD
module opsdesk/ferretdb-build

go 1.22

require github.com/FerretDB/FerretDB $VERSION
GOMOD
cat >"$work/mod/tools.go" <<'GO'
//go:build tools

package tools

import _ "github.com/FerretDB/FerretDB/cmd/ferretdb"
GO
say "build-ferretdb: downloading FerretDB $VERSION modules"
(cd "$work/mod" && GOFLAGS=-mod=mod quietly go mod tidy)

# The module cache is read-only and lacks the generated version file; build from a copy.
src="$(go env GOMODCACHE)/github.com/!ferret!d!b/!ferret!d!b@$VERSION"
cp -R "$src" "$work/src"
chmod -R u+w "$work/src"
echo "$VERSION" >"$work/src/build/version/version.txt"
say "build-ferretdb: compiling (about 2 minutes the first time)"
mkdir -p "$(dirname "$OUT")"
(cd "$work/src" && quietly go build -buildvcs=false -o "$OUT.tmp" ./cmd/ferretdb)
mv -f "$OUT.tmp" "$OUT"
say "build-ferretdb: $("$OUT" --version | head -1)"
echo "$OUT"
