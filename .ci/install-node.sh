#!/usr/bin/env bash
# Installs Node from the npm registry's node-linux-<arch> package into $OPSDESK_CACHE/node-<version>
# unless it is there. Prints the bin folder to put first on PATH.
set -euo pipefail
# shellcheck source=.ci/lib.sh
source "$(dirname "$0")/lib.sh"

if [[ -x $NODE_HOME/bin/node ]] && [[ $("$NODE_HOME/bin/node" --version) == "v$NODE_VERSION" ]]; then
  echo "$NODE_HOME/bin"
  exit 0
fi
case $(uname -m) in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) say "install-node: no node-linux package for $(uname -m)"; exit 1 ;;
esac
if ! command -v npm >/dev/null; then
  say "install-node: no npm to fetch the package with; installing Debian's npm"
  as_root apt-get update -q >&2
  apt_install npm
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/opsdesk-node.XXXXXX")
trap 'rm -rf "$work"' EXIT
say "install-node: fetching node-linux-$arch@$NODE_VERSION"
(cd "$work" && npm pack --silent "node-linux-$arch@$NODE_VERSION" >&2)
mkdir -p "$work/node"
tar xzf "$work"/node-linux-"$arch"-*.tgz -C "$work/node" --strip-components=1
"$work/node/bin/node" --version >&2
mkdir -p "$OPSDESK_CACHE"
rm -rf "$NODE_HOME"
mv "$work/node" "$NODE_HOME"
echo "$NODE_HOME/bin"
