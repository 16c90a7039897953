#!/usr/bin/env bash
# cli/sync.php's (and cli/takeover.php's) exit statuses on the Moodle site at MOODLE_DIR, with the plugin installed there
# (a copy of this checkout, or the plugin ZIP unzipped): 0, 1, 2, and 3 while another process
# holds the run lock. Dry runs and rejected files only: nothing is written. One line per check,
# "ok   ..." or "FAIL ..."; exits non-zero when one failed. Run by scripts/test.sh, and by CI on
# the site where the plugin ZIP was installed.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
[ -f "${MOODLE_DIR:-}/config.php" ] || { echo "FAIL set MOODLE_DIR to a Moodle site with the plugin installed"; exit 1; }
export MOODLE_DIR
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0

script() { # the script (sync.php, takeover.php), the expected status, then the arguments
    local name=$1 expected=$2; shift 2
    php "$MOODLE_DIR/admin/tool/enrolsync/cli/$name" "$@" > "$out/cli" 2> "$out/cli.err"
    local status=$?
    if [ "$status" = "$expected" ]; then
        echo "ok   exit $status: $name $*"
    else
        echo "FAIL exit $status, expected $expected: $name $*"; cat "$out/cli" "$out/cli.err"; failed=$((failed + 1))
    fi
}
cli() { script sync.php "$@"; }
cli 0 --help
cli 1 --dry-run --file="$root/examples/enrols.csv"
cli 2 --dry-run --file="$root/tests/fixtures/unknown-column.csv"
cli 2 --dry-run --format=csv --file="$root/examples/enrols.csv"
cli 2 --no-such-option
# Another process holds the run lock, as a run in progress does (the helper is this checkout's:
# a site's copy of the plugin need not have the tests).
php "$root/tests/cli/hold_lock.php" 20 > "$out/holder" 2>&1 &
holder=$!
for _ in $(seq 50); do grep -q locked "$out/holder" && break; sleep 0.2; done
cli 3 --dry-run --file="$root/examples/enrols.csv"
kill "$holder" 2> /dev/null; wait "$holder" 2> /dev/null
cli 1 --dry-run --json --file="$root/tests/fixtures/native.csv"
if php -r 'exit(json_decode(stream_get_contents(STDIN), true)["dryrun"] === true ? 0 : 1);' < "$out/cli"; then
    echo "ok   --json prints one JSON document"
else
    echo "FAIL --json output:"; cat "$out/cli"; failed=$((failed + 1))
fi
# A file of 150 failing lines: the first 100 are printed, then how many more (the report has
# them all); --json gives the same 100 and the count of the others.
{ echo "cid;uid;rolename"; for i in $(seq 150); do echo "NOCOURSE;NOBODY$i;student"; done; } > "$out/failing.csv"
cli 1 --dry-run --file="$out/failing.csv"
shown=$(grep -c '^  line [0-9]*: ' "$out/cli")
if [ "$shown" = 100 ] && grep -q "^  \.\.\. and 50 more failed lines" "$out/cli"; then
    echo "ok   150 failed lines: 100 printed, then '... and 50 more'"
else
    echo "FAIL 150 failed lines: $shown printed:"; tail -3 "$out/cli"; failed=$((failed + 1))
fi
cli 1 --dry-run --json --file="$out/failing.csv"
if php -r '$r = json_decode(stream_get_contents(STDIN), true); exit(count($r["failedlines"]) === 100 && $r["morefailedlines"] === 50 ? 0 : 1);' < "$out/cli"; then
    echo "ok   --json: 100 failed lines and morefailedlines 50"
else
    echo "FAIL --json failed lines:"; head -c 300 "$out/cli"; failed=$((failed + 1))
fi
# The take-over of enrol_flatfile: only from enrol_flatfile; on a site that never enabled it,
# nothing to take over (no run recorded).
script takeover.php 0 --help
script takeover.php 2 --from=database --dry-run
script takeover.php 2 --from=flatfile --no-such-option
if php -r 'define("CLI_SCRIPT", true); require getenv("MOODLE_DIR") . "/config.php";
        exit(\tool_enrolsync\takeover::needed() ? 1 : 0);'; then
    script takeover.php 0 --from=flatfile --dry-run
fi
[ "$failed" = 0 ]
