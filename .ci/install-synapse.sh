#!/usr/bin/env bash
# Creates a Python venv with Synapse (Matrix homeserver, for the end-to-end tests) unless a working
# one of the pinned version is there. Prints the venv's path (export it as OPSDESK_SYNAPSE_VENV).
set -euo pipefail
# shellcheck source=.ci/lib.sh
source "$(dirname "$0")/lib.sh"

SYNAPSE_VERSION=${OPSDESK_SYNAPSE_VERSION:-1.163.2}
VENV=${OPSDESK_SYNAPSE_VENV:-$OPSDESK_CACHE/synapse-venv}

installed() { "$VENV/bin/python" -c 'import synapse; print(synapse.__version__)' 2>/dev/null; }

if [[ $(installed) == "$SYNAPSE_VERSION" && -x $VENV/bin/synapse_homeserver ]]; then
  echo "$VENV"
  exit 0
fi
if ! command -v python3 >/dev/null; then
  as_root apt-get update -q >&2
  apt_install python3 python3-venv
fi
# A venv whose python no longer runs (interpreter moved or upgraded) is made anew.
if [[ -d $VENV ]] && ! "$VENV/bin/python" -c '' 2>/dev/null; then rm -rf "$VENV"; fi
if [[ ! -x $VENV/bin/pip ]]; then
  if ! python3 -m venv "$VENV" >&2; then
    rm -rf "$VENV"
    as_root apt-get update -q >&2
    apt_install python3-venv
    python3 -m venv "$VENV" >&2
  fi
fi
say "install-synapse: pip install matrix-synapse==$SYNAPSE_VERSION"
"$VENV/bin/pip" install -q --disable-pip-version-check "matrix-synapse==$SYNAPSE_VERSION" >&2
say "install-synapse: synapse $(installed) in $VENV"
echo "$VENV"
