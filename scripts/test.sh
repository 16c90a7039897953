#!/usr/bin/env bash
# Runs every test level and prints one closing line "N passed, N failed":
#   1. lint: cargo fmt --check and cargo clippy -D warnings (core, and with the php feature)
#   2. Rust unit and integration tests (cargo test; no PHP needed)
#   3. the built extension in a real php: phpt tests with run-tests.php, and the planner against
#      the plain-PHP baseline of bench/core.php on a small generated file (when it is enabled)
#   4. php -l over every PHP file, the tests' PHPUnit 9.6 and 11 compatibility (attributes beside
#      doc-comment tags, no method PHPUnit 11 declares final), scripts/package.sh's refusal of
#      versions that differ, and the documentation against the code (tests/docs/check.php: its
#      commands run, its paths, options and settings exist)
#   5. Moodle PHPUnit tests (and Moodle's privacy compliance test for the plugin), when MOODLE_DIR
#      points at a site with the plugin installed (Moodle 4.5, 5.0 or 5.1: MOODLE_DIR is the
#      folder that holds admin/tool/enrolsync and config.php, 5.1's public/); any deprecation,
#      warning or risky test PHPUnit reports counts as a failure
#   6. cli/sync.php's exit statuses on that site
#   7. the web services over REST with curl on that site (tests/webservice/rest.sh)
#   8. browser tests of the tool's pages on that site
#   (steps 7 and 8 serve the site at MOODLE_URL, by default the site's wwwroot, with PHP's
#   built-in server when nothing serves it)
# Needs the packages scripts/install.sh installs. Exits non-zero when anything failed.
# MOODLE_ONLY=1 runs only the Moodle steps 5 and 6 against MOODLE_DIR, whatever its database: CI
# runs every step on its PostgreSQL site, then these on its MariaDB site; with WITH_WEB=1 also
# steps 7 and 8, what the site answers over the web (CI's Moodle 5.1 site). The closing line then
# counts those steps only.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
passed=0
failed=0
log=$(mktemp -d)
# The server steps 7 and 8 may start (serve_site): stopped at the end.
server=
trap '[ -z "$server" ] || kill -- -"$server"; rm -rf "$log"' EXIT

count() { passed=$((passed + $1)); failed=$((failed + $2)); }
# Runs a script that prints one line per check, "ok   ..." or "FAIL ...", and counts them; a
# script that fails without a FAIL line counts as one failure.
checks() {
    "$@" | tee "$log/checks"; local status=${PIPESTATUS[0]} p f
    p=$(grep -c '^ok ' "$log/checks"); f=$(grep -c '^FAIL ' "$log/checks")
    [ "$status" = 0 ] || [ "$f" != 0 ] || f=1
    count "$p" "$f"
}
# Each step's heading; the time the one before took, for CI's budget.
step_started=
step_time() { [ -z "$step_started" ] || printf '(%d s)\n' $(($(date +%s) - step_started)); }
step() { step_time; step_started=$(date +%s); printf '\n== %s\n' "$*"; }
moodle_only=${MOODLE_ONLY:-0}
# The site's root (admin/cli, vendor/, phpunit.xml: MOODLE_DIR's parent from Moodle 5.1), its
# database (dbtype in the root's config.php) and its Moodle release, named in the Moodle steps'
# headings.
dbtype=
site=
if [ -n "${MOODLE_DIR:-}" ] && [ -f "$MOODLE_DIR/config.php" ] && moodle_root=$(bash scripts/moodle-root.sh "$MOODLE_DIR"); then
    dbtype=$(sed -nE "s/^\\\$CFG->dbtype *= *'([a-z]+)'.*/\\1/p" "$moodle_root/config.php" | head -1)
    release=$(sed -nE "s/^\\\$release *= *'([^ ']+).*/\\1/p" "$MOODLE_DIR/version.php")
    site=" ($dbtype, Moodle $release)"
    wwwroot=$(sed -nE "s/^\\\$CFG->wwwroot *= *'([^']+)'.*/\\1/p" "$moodle_root/config.php" | head -1)
    # Where MOODLE_DIR is, seen from the root ("." or "public"): Moodle's own test files are there.
    web=$(realpath --relative-to="$moodle_root" "$MOODLE_DIR")
fi

url=${MOODLE_URL:-${wwwroot:-http://localhost:8080}}
site_up() { php -r 'exit(@file_get_contents($argv[1]) === false ? 1 : 0);' "$url/login/index.php"; }
# Serves the site on $url with PHP's built-in server, a few workers, on localhost only (the
# site's wwwroot), unless something serves it already. In a session of its own, so that stopping
# it stops its workers too.
serve_site() {
    [ -n "$server" ] && return
    site_up && return
    PHP_CLI_SERVER_WORKERS=4 setsid php -S "${url#http://}" -t "$MOODLE_DIR" tests/browser/router.php \
        > "$log/server" 2>&1 &
    server=$!
    for _ in $(seq 50); do site_up && break; sleep 0.2; done
}

if [ "$moodle_only" = 1 ] && [ -z "$dbtype" ]; then
    echo "FAILED: MOODLE_ONLY=1 needs MOODLE_DIR, a Moodle site with this plugin installed"; count 0 1
fi

# Steps 1 to 4 need no Moodle: skipped with MOODLE_ONLY=1.
if [ "$moodle_only" != 1 ]; then

step "lint: cargo fmt, cargo clippy"
for check in "cargo fmt --check" "cargo clippy --locked --all-targets -- -D warnings" \
             "cargo clippy --locked --release --features php -- -D warnings"; do
    if $check > "$log/lint" 2>&1; then count 1 0; echo "ok: $check"; else count 0 1; cat "$log/lint"; echo "FAILED: $check"; fi
done

step "Rust tests (cargo test)"
# --show-output: the damage property test's closing "damage:" line (its cases, and those excluded).
cargo test --locked -- --show-output 2>&1 | tee "$log/cargo" | grep -E '^test result|FAILED|panicked|^damage:' || true
read -r p f < <(awk '/^test result:/ {p += $4; f += $6} END {print p+0, f+0}' "$log/cargo")
[ "${PIPESTATUS[0]}" = 0 ] || grep -q '^test result' "$log/cargo" || f=$((f + 1))
grep -qE '^error(\[|:)' "$log/cargo" && { tail -30 "$log/cargo"; f=$((f + 1)); }
count "$p" "$f"

step "extension: build and phpt tests"
if cargo build --locked --release --features php > "$log/build" 2>&1; then
    so=$(bash "$root/scripts/target-dir.sh")/release/libenrolsync.so
    NO_INTERACTION=1 php "$(php-config --extension-dir)/build/run-tests.php" -n -P -q --show-diff \
        -d extension="$so" php/tests < /dev/null > "$log/phpt" 2>&1
    sed 's/\x1b\[[0-9;]*m//g' "$log/phpt" > "$log/phpt.txt"
    grep -oE '(PASS|FAIL|SKIP|BORK) .*\]' "$log/phpt.txt"
    grep -q 'FAIL ' "$log/phpt.txt" && sed -n '/^========DIFF========/,/^========DONE========/p' "$log/phpt.txt"
    p=$(sed -nE 's/^Tests passed *: *([0-9]+).*/\1/p' "$log/phpt.txt")
    f=$(sed -nE 's/^Tests failed *: *([0-9]+).*/\1/p' "$log/phpt.txt")
    if [ -z "$p" ]; then tail -20 "$log/phpt.txt"; count 0 1; else count "$p" "${f:-0}"; fi
else
    tail -30 "$log/build"; count 0 1
fi

step "the planner against plain PHP (bench/core.php on 20,000 generated lines: same operations, same line outcomes)"
# grep without -q reads all of php -m: with -q it leaves at its match, php dies of SIGPIPE
# (it writes a line at a time) and, under pipefail, the test said the extension was missing.
if php -m | grep -x enrolsync > /dev/null; then
    if php bench/core.php 20000 > "$log/bench" 2>&1; then
        grep -E '^(operations|lines):' "$log/bench"; count 1 0
    else
        tail -20 "$log/bench"; echo "FAILED: bench/core.php 20000"; count 0 1
    fi
else
    echo "SKIPPED: the extension is not enabled for php (scripts/install.sh enables it)"
fi

step "php -l"
while IFS= read -r -d '' file; do
    if php -n -l "$file" > "$log/lint" 2>&1; then count 1 0; else cat "$log/lint"; count 0 1; fi
done < <(git ls-files -z --cached --others --exclude-standard '*.php')
echo "checked $(git ls-files --cached --others --exclude-standard '*.php' | wc -l) files"

step "PHPUnit 9.6 and 11: attributes beside doc-comment tags, no method PHPUnit 11 declares final (tests/phpunit/compat.sh)"
checks bash tests/phpunit/compat.sh

step "packaging: scripts/package.sh keeps the versions in step (tests/package/versions.sh)"
checks bash tests/package/versions.sh

step "documentation: README.md, docs/ and bench/README.md against the code (tests/docs/check.php)"
checks php tests/docs/check.php
fi # steps 1 to 4

step "Moodle PHPUnit$site"
if [ -n "$dbtype" ]; then
    # PHPUnit 10 and later name each deprecation, warning and notice only when asked (9.6 always).
    details=()
    (cd "$moodle_root" && vendor/bin/phpunit --version) | grep -q '^PHPUnit 9\.' \
        || details=(--display-deprecations --display-phpunit-deprecations --display-warnings --display-notices)
    moodle_phpunit() { (cd "$moodle_root" && vendor/bin/phpunit "${details[@]}" "$@"); }
    # What a run's log says: $tests run, $bad failed (Failures, Errors), and $issues, what must not
    # happen either (Warnings, Deprecations, PHPUnit Deprecations, Notices, Risky), from its
    # summary: "OK (N tests, ...)", or "Tests: N, Assertions: N, Failures: N, ...".
    outcome() {
        local summary
        summary=$(grep -E '^(OK \(|Tests: )' "$1" | tail -1)
        tests=$(sed -nE 's/^OK \(([0-9]+) tests?.*/\1/p; s/^Tests: ([0-9]+).*/\1/p' <<< "$summary")
        sum() { grep -oE "(^|, )($1): [0-9]+" <<< "$summary" | awk -F': ' '{s += $2} END {print s+0}'; }
        bad=$(sum 'Failures|Errors')
        issues=$(sum 'Warnings|Deprecations|PHPUnit Deprecations|Notices|Risky')
    }
    moodle_phpunit --testsuite tool_enrolsync_testsuite > "$log/phpunit" 2>&1
    tail -25 "$log/phpunit"
    outcome "$log/phpunit"
    [ "$issues" = 0 ] || echo "FAILED: PHPUnit reported $issues deprecations, warnings, notices or risky tests (above)"
    if [ -z "$tests" ]; then count 0 1; else count $((tests - bad)) $((bad + issues)); fi
    # Moodle's own compliance test of privacy providers, for this plugin's (metadata strings,
    # every table declared). Moodle 5.x's copy of it still has doc-comment metadata, which PHPUnit
    # 11 reports: those reports are Moodle's, not the plugin's.
    moodle_phpunit "$web/privacy/tests/privacy/provider_test.php" --filter tool_enrolsync > "$log/privacy" 2>&1
    outcome "$log/privacy"
    moodles=$(grep -cE '^[0-9]+\) Metadata found in doc-comment for (class|method) core_privacy\\privacy\\provider_test' \
        "$log/privacy")
    if [ -n "$tests" ] && [ "$tests" != 0 ] && [ "$bad" = 0 ] && [ "$issues" = "$moodles" ]; then
        echo "ok: Moodle's privacy provider compliance test"; count 1 0
    else
        tail -25 "$log/privacy"; echo "FAILED: Moodle's privacy provider compliance test"; count 0 1
    fi
else
    echo "SKIPPED: set MOODLE_DIR to a Moodle 4.5, 5.0 or 5.1 site with this plugin installed (see README) to run them"
fi

step "CLI exit statuses$site (cli/sync.php on the site, dry runs and rejected files: nothing is written)"
if [ -n "$dbtype" ]; then
    checks bash tests/cli/exit_statuses.sh
else
    echo "SKIPPED: needs MOODLE_DIR"
fi

web_steps=1
[ "$moodle_only" != 1 ] || [ "${WITH_WEB:-0}" = 1 ] || web_steps=0
if [ "$web_steps" = 1 ] && [ -n "$dbtype" ]; then
    # The site's copy of the plugin may bring strings or templates that changed without a new
    # version, which Moodle serves from its caches until they are purged.
    php "$moodle_root/admin/cli/purge_caches.php"
fi

step "web services over REST$site (tests/webservice/rest.sh: curl on the site served at $url)"
if [ "$web_steps" = 0 ]; then
    echo "SKIPPED: MOODLE_ONLY=1 (WITH_WEB=1 runs them)"
elif [ -n "$dbtype" ]; then
    serve_site
    checks env MOODLE_URL="$url" bash tests/webservice/rest.sh
else
    echo "SKIPPED: needs MOODLE_DIR (the site is served at its wwwroot for the tests)"
fi

step "browser tests$site (tests/browser/run.mjs: headless Chromium, Playwright, on the site served at $url)"
if [ "$web_steps" = 0 ]; then
    echo "SKIPPED: MOODLE_ONLY=1 (WITH_WEB=1 runs them)"
elif [ -n "$dbtype" ]; then
    if ! command -v node > /dev/null || [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
        echo "FAILED: the browser tests need Node.js and Chromium: apt-get install nodejs npm chromium"; count 0 1
    else
        [ -d tests/browser/node_modules ] || (cd tests/browser && npm ci --no-audit --no-fund > "$log/npm" 2>&1) || cat "$log/npm"
        serve_site
        MOODLE_URL=$url node tests/browser/run.mjs > "$log/browser" 2>&1
        cat "$log/browser"
        read -r p f < <(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$log/browser" | tail -1)
        if [ -z "${p:-}" ]; then count 0 1; else count "$p" "$f"; fi
    fi
else
    echo "SKIPPED: needs MOODLE_DIR (the site is served at its wwwroot for the tests)"
fi

step_time
echo
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
