#!/usr/bin/env bash
# Prints cargo's target directory for this crate: target/ unless CARGO_TARGET_DIR (or cargo's
# configuration) puts the build elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo metadata --no-deps --format-version 1 | php -n -r 'echo json_decode(stream_get_contents(STDIN))->target_directory, "\n";'
