#!/usr/bin/env bash
# Installs what the project needs on Debian 12, builds the PHP extension enrolsync from source,
# enables it for PHP (command line, and the web server if one is installed), then shows what the
# example file would do. (A site without Rust installs the Debian package that
# scripts/package.sh makes instead: see the README.)
set -euo pipefail
cd "$(dirname "$0")/.."

# The package owns the module and its ini: copying over them would leave dpkg's files changed.
if dpkg-query -W -f='${Status}\n' php8.2-enrolsync 2> /dev/null | grep -q 'install ok installed'; then
    echo "The Debian package php8.2-enrolsync is installed and provides the extension; remove it" >&2
    echo "first (apt-get remove php8.2-enrolsync) to build and enable it from source." >&2
    exit 1
fi

bash scripts/debian-packages.sh php8.2-cli php8.2-dev libclang-dev clang
command -v cargo >/dev/null || { echo "cargo is missing: install Rust (https://rustup.rs) first" >&2; exit 1; }

echo "== building the extension"
cargo build --release --locked --features php

echo "== enabling it"
extdir=$(php-config --extension-dir)
install -m 0644 "$(bash scripts/target-dir.sh)/release/libenrolsync.so" "$extdir/enrolsync.so"
# The same ini as the package's, so that installing the package later finds it unchanged.
install -m 0644 packaging/enrolsync.ini /etc/php/8.2/mods-available/enrolsync.ini
phpenmod -v 8.2 enrolsync
php -r 'echo "enrolsync ", enrolsync_version(), " loaded\n";'

echo "== example: examples/enrols.csv (dry run, no Moodle needed)"
php examples/preview.php examples/enrols.csv
