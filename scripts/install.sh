#!/usr/bin/env bash
# Installs what the project needs on Debian 12, builds the PHP extension enrolsync, enables it
# for PHP (command line, and the web server if one is installed), then shows what the example
# file would do.
set -euo pipefail
cd "$(dirname "$0")/.."

packages="php8.2-cli php8.2-dev libclang-dev clang"
missing=$(for p in $packages; do dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"; done)
if [ -n "$missing" ]; then
    echo "== installing: $missing"
    apt-get -o DPkg::Lock::Timeout=300 update -qq
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq $missing >/dev/null
fi
command -v cargo >/dev/null || { echo "cargo is missing: install Rust (https://rustup.rs) first" >&2; exit 1; }

echo "== building the extension"
cargo build --release --locked --features php

echo "== enabling it"
extdir=$(php-config --extension-dir)
install -m 0644 target/release/libenrolsync.so "$extdir/enrolsync.so"
echo "extension=enrolsync.so" > /etc/php/8.2/mods-available/enrolsync.ini
phpenmod -v 8.2 enrolsync
php -r 'echo "enrolsync ", enrolsync_version(), " loaded\n";'

echo "== example: examples/enrols.csv (dry run, no Moodle needed)"
php examples/preview.php examples/enrols.csv
