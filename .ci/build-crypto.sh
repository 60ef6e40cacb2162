#!/usr/bin/env bash
# Builds the native end-to-end encryption binding of matrix-bot-sdk (@matrix-org/matrix-sdk-crypto-nodejs,
# a napi-rs module) with cargo from the Rust sources in .ci/matrix-sdk-crypto-nodejs (dependencies
# from crates.io) into ${OPSDESK_CACHE:-~/.cache/opsdesk}/matrix-crypto/, unless a binding of that
# version is already there and loads. The npm package's own install step downloads the binary from
# GitHub, which CI cannot reach. Progress goes to stderr; the binding's path is the only line on
# stdout (export it as MATRIX_CRYPTO_BINDING). Needs cargo with rustc >= 1.77 and a C compiler;
# exits 3 without them (the encrypted Matrix tests then skip and say why).
# The first build takes long (about 290 crates: measured in docs/matrix.md). To keep CI within its
# budget, cargo gets OPSDESK_CRYPTO_BUILD_BUDGET seconds (default 1500); past that it is stopped and
# the script exits 3 (tests skip, saying why). The target folder is kept in the cache until the
# build succeeds, so the next run continues where the stopped one was.
set -euo pipefail
# shellcheck source=.ci/lib.sh
source "$(dirname "$0")/lib.sh"

VERSION=0.4.0 # the version in .ci/matrix-sdk-crypto-nodejs/SOURCE, which matrix-bot-sdk 0.8 requires
SRC=$(cd "$(dirname "$0")/matrix-sdk-crypto-nodejs" && pwd)
DIR=$OPSDESK_CACHE/matrix-crypto
OUT=$DIR/matrix-sdk-crypto-$VERSION.linux-x64-gnu.node
MIN_RUSTC=1.77
BUDGET=${OPSDESK_CRYPTO_BUILD_BUDGET:-1500}

# The binding is there when node can load it and it exports the OlmMachine the SDK uses.
loads() { [[ -f $1 ]] && node -e 'process.exit(typeof require(process.argv[1]).OlmMachine === "function" ? 0 : 1)' "$1" 2>/dev/null; }

if loads "$OUT"; then
  echo "$OUT"
  exit 0
fi
if [[ $(uname -sm) != "Linux x86_64" ]]; then
  say "build-crypto: only linux-x64 is built here (this is $(uname -sm))"
  exit 3
fi
if ! command -v cargo >/dev/null; then
  say "build-crypto: cargo not found on PATH (Debian 12's cargo is too old: rustc >= $MIN_RUSTC is needed)"
  exit 3
fi
have=$(rustc --version | awk '{print $2}')
if [[ $(printf '%s\n%s\n' "$MIN_RUSTC" "$have" | sort -V | head -1) != "$MIN_RUSTC" ]]; then
  say "build-crypto: rustc $have is older than $MIN_RUSTC"
  exit 3
fi
command -v cc >/dev/null || apt_install gcc libc6-dev

mkdir -p "$DIR"
started=$(date +%s)
say "build-crypto: cargo build --release of matrix-sdk-crypto-nodejs $VERSION (load: $(cut -d' ' -f1-3 /proc/loadavg))"
# --locked: exactly the crates.io versions of Cargo.lock; the target folder lives in the cache.
rc=0
CARGO_TARGET_DIR=$DIR/target quietly timeout -s INT -k 30 "$BUDGET" \
  cargo build --release --locked --manifest-path "$SRC/Cargo.toml" || rc=$?
if ((rc == 124)); then
  say "build-crypto: not finished within ${BUDGET} s (OPSDESK_CRYPTO_BUILD_BUDGET); the next run continues it"
  exit 3
fi
((rc == 0)) || exit "$rc"
so=$DIR/target/release/libmatrix_sdk_crypto_nodejs.so
strip --strip-unneeded -o "$OUT.tmp" "$so" 2>/dev/null || cp "$so" "$OUT.tmp"
mv -f "$OUT.tmp" "$OUT"
if ! loads "$OUT"; then
  say "build-crypto: the built binding does not load in node"
  exit 1
fi
rm -rf "$DIR/target"
say "build-crypto: built in $(($(date +%s) - started)) s, $(du -h "$OUT" | cut -f1) at $OUT"
echo "$OUT"
