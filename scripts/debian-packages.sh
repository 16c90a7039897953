#!/usr/bin/env bash
# Installs those of the given Debian packages that are not installed yet (as root, on Debian 12).
# Used by scripts/install.sh and scripts/package.sh.
set -euo pipefail
missing=$(for p in "$@"; do dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"; done)
if [ -n "$missing" ]; then
    echo "== installing:" $missing
    apt-get -o DPkg::Lock::Timeout=300 update -qq
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq $missing > /dev/null
fi
