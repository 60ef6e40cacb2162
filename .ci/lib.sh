# shellcheck shell=bash disable=SC2034
# Shared by the .ci scripts (sourced, not run). Versions and cache places live here only.
OPSDESK_CACHE=${OPSDESK_CACHE:-${HOME:-/root}/.cache/opsdesk}
NODE_VERSION=24.21.0
NODE_HOME=$OPSDESK_CACHE/node-$NODE_VERSION

say() { printf '[ci %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Runs a command as root: directly when root, else through passwordless sudo.
as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    say "needs root (or passwordless sudo) for: $*"
    return 1
  fi
}

apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o DPkg::Lock::Timeout=300 "$@" >&2
}

# quietly CMD...: runs CMD with its output kept aside; shows the output's end only if it fails.
quietly() {
  local out rc=0
  out=$(mktemp "${TMPDIR:-/tmp}/opsdesk-ci-out.XXXXXX")
  "$@" >"$out" 2>&1 || rc=$?
  if ((rc != 0)); then
    say "failed ($rc): $*"
    tail -n 40 "$out" >&2
  fi
  rm -f "$out"
  return "$rc"
}
