#!/usr/bin/env bash
# Installs sshd, ssh and parallel-ssh from Debian for the deployment tests, if missing. The system
# sshd service is not started (tests start their own sshd on a loopback port).
set -euo pipefail
# shellcheck source=.ci/lib.sh
source "$(dirname "$0")/lib.sh"

need=()
[[ -x /usr/sbin/sshd ]] || need+=(openssh-server)
{ command -v ssh && command -v ssh-keygen; } >/dev/null || need+=(openssh-client)
command -v parallel-ssh >/dev/null || need+=(pssh)
if ((${#need[@]} == 0)); then
  say "install-apt: openssh-server, openssh-client and pssh already installed"
  exit 0
fi

# policy-rc.d exit 101 tells the packages' scripts not to start services.
policy=/usr/sbin/policy-rc.d
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
  as_root chmod 755 "$policy"
  trap 'as_root rm -f "$policy"' EXIT
fi
say "install-apt: installing ${need[*]}"
as_root apt-get update -q >&2
apt_install "${need[@]}"
