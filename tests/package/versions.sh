#!/usr/bin/env bash
# scripts/package.sh keeps the versions in step: it refuses to build (exit status 2, before
# building or installing anything) when the plugin's release (version.php) and the crate's
# version (Cargo.toml) differ, and this checkout's two agree (package.sh --check-versions). One
# line per check, "ok   ..." or "FAIL ..."; exits non-zero when one failed. Run by scripts/test.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

if out=$(bash scripts/package.sh --check-versions 2>&1); then
    ok "this checkout: $(tail -1 <<< "$out")"
else
    fail "this checkout: $out"
fi

# A copy of what package.sh reads first, with one version changed.
refused() { # what was changed, then the sed expression, then the file
    rm -rf "$tmp/copy"; mkdir -p "$tmp/copy/scripts"
    cp version.php Cargo.toml "$tmp/copy/"
    cp scripts/package.sh "$tmp/copy/scripts/"
    sed -i -E "$2" "$tmp/copy/$3"
    bash "$tmp/copy/scripts/package.sh" > "$tmp/out" 2>&1
    local status=$?
    if [ "$status" = 2 ] && grep -q "$4" "$tmp/out" && [ ! -e "$tmp/copy/dist" ]; then
        ok "refused when $1: $(grep "^package.sh:" "$tmp/out")"
    else
        fail "when $1: exit $status, expected 2 with \"$4\" and no dist/:"; cat "$tmp/out"
    fi
}
refused "the plugin's release differs" "s/^(\\\$plugin->release *= *)'[^']*'/\\1'9.9.9'/" version.php "release (version.php) is 9.9.9"
refused "the crate's version differs" '/^\[package\]/,/^\[/ s/^version = "[^"]*"/version = "9.9.9"/' Cargo.toml "crate's (Cargo.toml) is 9.9.9"
refused "the plugin has no release" '/^\$plugin->release/d' version.php "no \$plugin->release"
[ "$failed" = 0 ]
