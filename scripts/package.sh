#!/usr/bin/env bash
# Builds what a site installs without Rust, into dist/ (not in git; made anew each time):
#   tool_enrolsync-<release>.zip  the Moodle plugin as Moodle's plugin installer expects it: one
#                                 top folder enrolsync/ with version.php at its top, and only what
#                                 a site runs (the lists below)
#   php<X.Y>-enrolsync_<version>_<arch>.deb
#                                 the extension for Debian's PHP, made with cargo-deb: the module
#                                 in PHP's extension directory, its ini in mods-available, enabled
#                                 for every SAPI on install and disabled on removal; Depends on the
#                                 PHP API it was built for (php-config --phpapi)
#   php_enrolsync-<version>_php<X.Y>-<arch>-<os>-<libc>-<nts|zts>.zip
#                                 the module alone (enrolsync.so), named as PHP's installer PIE
#                                 expects a prebuilt extension
#   SHA256SUMS
# The plugin's release (version.php), the crate's version (Cargo.toml) and the packages' version
# are the same: it refuses to build (exit status 2) when the first two differ;
# "package.sh --check-versions" only checks that.
# Built for the PHP that PHP_CONFIG (default: php-config) describes, the one ext-php-rs builds
# against; PHP 8.2 (Debian 12's) when there is none yet. Run as root on Debian: it installs the
# Debian packages it needs (php<X.Y>-cli and php<X.Y>-dev of that PHP) and, when missing,
# cargo-deb (a pinned version). DIST=dist/php8.4 writes into that folder instead of dist/
# (scripts/php84.sh: PHP 8.4 in a Debian 13 chroot).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

cargo_deb_version=3.8.0

# What the plugin ZIP holds: every tracked file under these paths. Every other top-level path
# must be in "left out", so that a new one is put in one list or the other on purpose.
zip_paths="version.php lib.php settings.php index.php changes.php files.php takeover.php environment.xml README.md
           docs classes cli db lang templates"
# Not for a site: the crate and its build (src, Cargo.*, build.rs), the extension's API stub and
# phpt tests (php), benchmarks, the example and its Moodle-less preview script, the tests (PHPUnit,
# Rust, browser with its Node.js project), the scripts that install, test and package, CI,
# packaging templates, git's files.
left_out="src Cargo.toml Cargo.lock build.rs php bench examples tests scripts .ci packaging
          .gitignore .gitattributes"

refuse() { echo "package.sh: $*" >&2; exit 2; }

release=$(sed -nE "s/^\\\$plugin->release *= *'([^']*)'.*/\1/p" version.php)
crate=$(sed -nE '/^\[package\]/,/^\[/ s/^version *= *"([^"]*)".*/\1/p' Cargo.toml)
[ -n "$release" ] || refuse "version.php has no \$plugin->release"
[ -n "$crate" ] || refuse "Cargo.toml's [package] has no version"
if [ "$release" != "$crate" ]; then
    refuse "the versions differ: the plugin's release (version.php) is $release, the crate's (Cargo.toml) is $crate. They must be the same: the plugin checks that the loaded extension has its release."
fi
version=$release
if [ "${1:-}" = --check-versions ]; then echo "the plugin's release and the crate's version are $version"; exit 0; fi
echo "== version $version (the plugin's release and the crate's)"

# The PHP it is built for: the one whose headers ext-php-rs builds against (PHP_CONFIG, or
# php-config on PATH); Debian 12's 8.2 on a machine that has no php-config yet.
php_config=${PHP_CONFIG:-php-config}
php_version=$("$php_config" --version 2> /dev/null | cut -d. -f1,2) || php_version=8.2
bash scripts/debian-packages.sh "php$php_version-cli" "php$php_version-dev" libclang-dev clang zip dpkg-dev
command -v cargo > /dev/null || { echo "cargo is missing: install Rust (https://rustup.rs) first" >&2; exit 1; }
if [ "$(cargo deb --version 2> /dev/null)" != "cargo-deb $cargo_deb_version" ]; then
    echo "== installing cargo-deb $cargo_deb_version"
    # In a target directory of its own (cargo install's temporary one), not the project's.
    env -u CARGO_TARGET_DIR cargo install --locked --quiet cargo-deb --version "$cargo_deb_version"
fi

php_version=$("$php_config" --version | cut -d. -f1,2)
php_api=$("$php_config" --phpapi)
ext_dir=$("$php_config" --extension-dir)
php=$("$php_config" --php-binary)
ts=$("$php" -n -r 'echo PHP_ZTS ? "zts" : "nts";')
debug=$("$php" -n -r 'echo PHP_DEBUG ? "-debug" : "";')
deb_arch=$(dpkg --print-architecture)
case "$(uname -m)" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) arch=$(uname -m) ;;
esac
os=$(uname -s | tr '[:upper:]' '[:lower:]')
if getconf GNU_LIBC_VERSION > /dev/null 2>&1; then libc=glibc; else libc=musl; fi
deb_name="php$php_version-enrolsync"
echo "PHP $php_version ($ts$debug), API $php_api, extension directory $ext_dir"

echo "== building the extension"
cargo build --release --locked --features php
target=$(bash scripts/target-dir.sh)
so=$target/release/libenrolsync.so
built=$("$php" -n -d extension="$so" -r 'echo enrolsync_version();')
[ "$built" = "$version" ] || { echo "package.sh: the module built reports version $built, not $version" >&2; exit 1; }

stage=$target/package
out=${DIST:-dist}
rm -rf "$stage" "$out"
mkdir -p "$stage" "$out"
dist=$root/$out

echo "== plugin ZIP"
unlisted=$(git ls-files | cut -d/ -f1 | sort -u | while read -r top; do
    case " $(echo $zip_paths $left_out) " in *" $top "*) ;; *) echo "$top" ;; esac
done)
[ -z "$unlisted" ] || { echo "package.sh: put these in zip_paths or left_out: $unlisted" >&2; exit 1; }
# shellcheck disable=SC2086
if [ -n "$(git status --porcelain -- $zip_paths)" ]; then
    echo "warning: the ZIP holds uncommitted changes:"; git status --short -- $zip_paths
fi
mkdir -p "$stage/zip/enrolsync"
# shellcheck disable=SC2086
git ls-files -z -- $zip_paths | xargs -0 cp --parents -t "$stage/zip/enrolsync"
zip_file=tool_enrolsync-$version.zip
(cd "$stage/zip" && zip -q -r -X "$dist/$zip_file" enrolsync)
# The listing read once: "unzip | grep -q" fails at random under pipefail (grep leaves as soon as
# it matches, and unzip, still writing a listing of several kilobytes, dies of SIGPIPE).
listing=$(unzip -Z1 "$out/$zip_file")
tops=$(cut -d/ -f1 <<< "$listing" | sort -u)
[ "$tops" = enrolsync ] && grep -qx enrolsync/version.php <<< "$listing" \
    || { echo "package.sh: the ZIP must hold one folder enrolsync/ with version.php at its top" >&2; exit 1; }

echo "== Debian package (cargo-deb $cargo_deb_version)"
# cargo-deb takes what it packages from a Cargo.toml: this one is written here, for the PHP found
# above (package name, Depends, paths), and describes the module already built (--no-build).
meta() { cargo metadata --no-deps --format-version 1 | "$php" -n -r '$p = json_decode(stream_get_contents(STDIN))->packages[0]; echo $p->{$argv[1]};' "$1"; }
mkdir -p "$stage/deb/scripts"
for script in postinst postrm; do
    sed "s/@PHP_VERSION@/$php_version/g" "packaging/$script" > "$stage/deb/scripts/$script"
done
: > "$stage/deb/lib.rs"
cat > "$stage/deb/Cargo.toml" <<TOML
# Written by scripts/package.sh: the Debian package of the enrolsync module built for PHP
# $php_version (API $php_api). Nothing is built from here: cargo deb --no-build.
[package]
name = "enrolsync"
version = "$version"
edition = "2024"
license = "$(meta license)"
description = "PHP $php_version module for the Moodle plugin tool_enrolsync"
publish = false

[lib]
path = "lib.rs"

[workspace]

[package.metadata.deb]
name = "$deb_name"
maintainer = "tool_enrolsync contributors"
copyright = "2026 tool_enrolsync contributors"
revision = ""
section = "php"
priority = "optional"
depends = "php$php_version-common, phpapi-$php_api, \$auto"
provides = "php-enrolsync"
extended-description = """\\
The PHP extension enrolsync, which the Moodle plugin tool_enrolsync $version needs to read, \\
validate and plan enrolment files, built for PHP $php_version (API $php_api). It is enabled for \\
every SAPI (command line, Apache, FPM...) on installation and disabled on removal."""
maintainer-scripts = "scripts"
conf-files = ["/etc/php/$php_version/mods-available/enrolsync.ini"]
assets = [
    ["$so", "${ext_dir#/}/enrolsync.so", "644"],
    ["$root/packaging/enrolsync.ini", "etc/php/$php_version/mods-available/enrolsync.ini", "644"],
]
TOML
cargo deb --manifest-path "$stage/deb/Cargo.toml" --no-build --no-strip --deb-version "$version" \
    --output "$dist/" > "$stage/deb/cargo-deb.log" 2>&1 || { cat "$stage/deb/cargo-deb.log"; exit 1; }
deb_file=${deb_name}_${version}_$deb_arch.deb
[ -f "$out/$deb_file" ] || { cat "$stage/deb/cargo-deb.log"; echo "package.sh: cargo-deb made no $out/$deb_file" >&2; ls "$out"; exit 1; }
[ "$(dpkg-deb -f "$out/$deb_file" Version)" = "$version" ] \
    || { echo "package.sh: the package's version is not $version" >&2; exit 1; }

echo "== prebuilt module (PIE's naming)"
pie_file=php_enrolsync-${version}_php$php_version-$arch-$os-$libc$debug-$ts.zip
mkdir -p "$stage/pie"
cp "$so" "$stage/pie/enrolsync.so"
(cd "$stage/pie" && zip -q -X "$dist/$pie_file" enrolsync.so)

(cd "$out" && sha256sum "$zip_file" "$deb_file" "$pie_file" > SHA256SUMS)

echo "== $out/"
ls -l "$out"
dpkg-deb -f "$out/$deb_file" Package Version Architecture Depends Provides
echo "Files: $(dpkg-deb -c "$out/$deb_file" | awk '$1 !~ /^d/ {print $NF}' | tr '\n' ' ')"
glibc=$(objdump -T "$so" | grep -oE 'GLIBC_[0-9.]+' | sort -uV | tail -1)
echo "The module needs ${glibc/_/ } or later; the ZIP holds $(unzip -Z1 "$out/$zip_file" | grep -vc '/$') files."
