#!/usr/bin/env bash
# The extension for PHP 8.4, Debian 13's, built and tested in a Debian 13 ("trixie") chroot, with
# Debian's packages only (issue 28's stretch; not part of CI, for its time):
#   1. the chroot: made once with debootstrap (minbase) from deb.debian.org, then kept in
#      ENROLSYNC_CHROOT (default /var/cache/enrolsync-trixie, outside the checkout) and reused;
#      in it, the packages scripts/package.sh installs on Debian 12 for PHP 8.2, here for 8.4
#      (php8.4-cli php8.4-dev libclang-dev clang zip dpkg-dev), with gcc, git and unzip;
#   2. the build: cargo build --release --locked --features php in the chroot, against php8.4's
#      headers, with the host's Rust (rustup's and cargo's homes bind-mounted, so cargo's registry
#      cache is shared and nothing is downloaded twice), into target/php8.4 (the host's target/
#      is left alone);
#   3. the phpt suite (php/tests) with the chroot's PHP 8.4 loading the module built;
#   4. the packages: scripts/package.sh in the chroot (its PHP is read from php-config8.4), into
#      dist/php8.4/: php8.4-enrolsync_<version>_<arch>.deb (Depends on phpapi-20240924 and
#      php8.4-common), the PIE-named ZIP for PHP 8.4 and the plugin ZIP;
#   5. that .deb installed in the chroot with apt-get: php8.4 -m must list enrolsync.
# It prints each stage's time. Measured on the project's 2-core machine (2026-12-07): 164 s the
# first time (the chroot 71 s, the build 89 s), 7 s again with the chroot and target/php8.4 kept,
# 120 s with the chroot kept and a clean build. The chroot takes about 1.5 GB.
# Needs: root on Debian (it installs Debian's debootstrap when missing), Rust installed with
# rustup for root, cargo-deb 3.8.0 (scripts/package.sh installs it when missing), deb.debian.org.
# Every mount it makes in the chroot is undone on exit, failure included. Never delete the chroot
# while this script runs: the checkout, /dev and Rust's homes are mounted inside it then.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

[ "$(id -u)" = 0 ] || { echo "php84.sh: run it as root (debootstrap, chroot, mount)" >&2; exit 1; }
cache=${ENROLSYNC_CHROOT:-/var/cache/enrolsync-trixie}
jail=$cache/root
rustup_home=${RUSTUP_HOME:-$HOME/.rustup}
cargo_home=${CARGO_HOME:-$HOME/.cargo}
[ -x "$cargo_home/bin/cargo" ] || { echo "php84.sh: no cargo in $cargo_home/bin: install Rust (rustup) first" >&2; exit 1; }
# The checkout's git directory, when it is elsewhere (a worktree): package.sh lists the tracked files.
git_dir=$(git rev-parse --path-format=absolute --git-common-dir)

began=$SECONDS
stage_start=$SECONDS
stage() { echo "== $1"; stage_start=$SECONDS; }
took() { echo "-- $1: $((SECONDS - stage_start)) s"; }

mounts=()
unmount_all() {
    local i
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
        umount "${mounts[i]}" 2> /dev/null || umount -l "${mounts[i]}" || echo "php84.sh: could not unmount ${mounts[i]}" >&2
    done
    mounts=()
}
trap unmount_all EXIT
# bind SOURCE [ro]: SOURCE at the same path inside the chroot.
bind() {
    mkdir -p "$jail$1"
    mount --bind "$1" "$jail$1"
    mounts+=("$jail$1")
    if [ "${2:-}" = ro ]; then mount -o remount,bind,ro "$jail$1"; fi
}
# jailed COMMAND...: runs a command in the chroot, in the checkout, built for and run by PHP 8.4.
# shellcheck disable=SC2016 # expanded by the shell in the chroot
jailed() {
    chroot "$jail" /usr/bin/env -i HOME="$HOME" LANG=C.UTF-8 TERM="${TERM:-dumb}" DEBIAN_FRONTEND=noninteractive \
        PATH="$cargo_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
        RUSTUP_HOME="$rustup_home" CARGO_HOME="$cargo_home" CARGO_TARGET_DIR="$repo/target/php8.4" \
        PHP=/usr/bin/php8.4 PHP_CONFIG=/usr/bin/php-config8.4 \
        bash -c 'cd "$0" && "$@"' "$repo" "$@"
}

stage "the Debian 13 chroot ($jail)"
if [ ! -x "$jail/usr/bin/apt-get" ]; then
    bash scripts/debian-packages.sh debootstrap
    # Made aside and moved into place whole: a failed debootstrap leaves no chroot to reuse.
    rm -rf "$cache/new"
    mkdir -p "$cache"
    nice debootstrap --variant=minbase trixie "$cache/new" http://deb.debian.org/debian > "$cache/debootstrap.log" \
        || { tail -20 "$cache/debootstrap.log"; exit 1; }
    echo 'APT::Install-Recommends "false";' > "$cache/new/etc/apt/apt.conf.d/90enrolsync"
    mv "$cache/new" "$jail"
fi
cp /etc/resolv.conf "$jail/etc/resolv.conf"
mount -t proc proc "$jail/proc"
mounts+=("$jail/proc")
bind /dev
bind /dev/pts
bind "$repo"
case "$git_dir" in "$repo"/*) ;; *) bind "$git_dir" ro ;; esac
bind "$rustup_home" ro
bind "$cargo_home"
jailed nice bash scripts/debian-packages.sh php8.4-cli php8.4-dev libclang-dev clang zip dpkg-dev gcc libc6-dev git unzip
jailed php8.4 -n -r 'echo "PHP ", PHP_VERSION, " (Debian ", trim(file_get_contents("/etc/debian_version")), ")\n";'
took "chroot"

stage "build (cargo build --release --locked --features php, PHP 8.4)"
jailed nice cargo build --release --locked --features php
so=$repo/target/php8.4/release/libenrolsync.so
jailed php8.4 -n -d extension="$so" -r 'echo "enrolsync ", enrolsync_version(), " loads in PHP ", PHP_VERSION, "\n";'
took "build"

stage "phpt suite (php/tests) with PHP 8.4 and the module built"
log=$repo/target/php8.4/phpt.log
# shellcheck disable=SC2016 # expanded by the shell in the chroot
jailed sh -c 'NO_INTERACTION=1 php8.4 "$(php-config8.4 --extension-dir)/build/run-tests.php" -n -P -q --show-diff -d extension="$0" php/tests < /dev/null' "$so" \
    > "$log" 2>&1 && status=0 || status=$?
sed -i 's/\x1b\[[0-9;]*m//g' "$log"
grep -oE '(PASS|FAIL|SKIP|BORK) .*\]' "$log" || true
[ "$status" = 0 ] || { sed -n '/^========DIFF========/,/^========DONE========/p' "$log"; echo "php84.sh: phpt suite failed ($log)" >&2; exit 1; }
echo "phpt under PHP 8.4: $(sed -nE 's/^Tests passed *: *([0-9]+).*/\1/p' "$log") passed, $(sed -nE 's/^Tests failed *: *([0-9]+).*/\1/p' "$log") failed"
took "phpt"

stage "packages (scripts/package.sh for PHP 8.4, into dist/php8.4/)"
jailed nice env DIST=dist/php8.4 bash scripts/package.sh
deb=$(echo dist/php8.4/php8.4-enrolsync_*.deb)
took "package"

stage "install $deb in the chroot"
# shellcheck disable=SC2016 # expanded by the shell in the chroot
jailed sh -c 'dpkg-query -W -f="\${Status}" php8.4-enrolsync 2> /dev/null | grep -q "ok installed" && apt-get purge -y -qq php8.4-enrolsync > /dev/null; true'
jailed apt-get install -y -qq "./$deb" > /dev/null
jailed php8.4 -m | grep -x enrolsync > /dev/null || { echo "php84.sh: php8.4 -m does not list enrolsync after installing $deb" >&2; exit 1; }
echo "php8.4 -m lists enrolsync ($(jailed php8.4 -r 'echo enrolsync_version();'), from $(jailed dpkg -S "$(jailed php-config8.4 --extension-dir)/enrolsync.so"))"
echo "Depends: $(dpkg-deb -f "$deb" Depends)"
took "install"

echo "== PHP 8.4 done in $((SECONDS - began)) s"
