#!/usr/bin/env bash
# The web services over HTTP, as an integrator calls them with curl: the Moodle site at MOODLE_DIR
# (with this plugin installed) served on MOODLE_URL (default http://localhost:8080; scripts/test.sh
# serves it when nothing does). tests/webservice/site.php enables web services, REST and the
# service "Enrolment sync", and makes two authorised clients with their tokens: one with
# tool/enrolsync:run, one without. Then: upload a file (webservice/upload.php), run it dry, run it
# for real, read the report and the changes back; a larger run is queued, and applied by Moodle's
# adhoc task runner as cron would; the client without the capability is refused. Only localhost.
# One line per check, "ok   ..." or "FAIL ..."; exits non-zero when one failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
[ -f "${MOODLE_DIR:-}/config.php" ] || { echo "FAIL set MOODLE_DIR to a Moodle site with the plugin installed"; exit 1; }
export MOODLE_DIR
url=${MOODLE_URL:-http://localhost:8080}
url=${url%/}
case "$url" in
    http://localhost:* | http://127.0.0.1:*) ;;
    *) echo "FAIL MOODLE_URL must be on localhost: $url"; exit 1 ;;
esac
failed=0
site() { php "$root/tests/webservice/site.php" "$@"; }
# A value of a JSON document (stdin) by its path, e.g. counts.applied or changes.0.op; arrays and
# objects (and true, false, null: what is not there) as JSON.
value() {
    php -r '$v = json_decode(stream_get_contents(STDIN));
        foreach (explode(".", $argv[1]) as $k) { $v = is_object($v) ? $v->$k ?? null : (is_array($v) ? $v[$k] ?? null : null); }
        echo is_scalar($v) && !is_bool($v) ? $v : json_encode($v);' "$1"
}
check() { # what, got, expected
    if [ "$2" = "$3" ]; then
        echo "ok   $1"
    else
        echo "FAIL $1: got '$2', expected '$3'"; failed=$((failed + 1))
    fi
}
# Uploads a file to the client's draft area; prints upload.php's answer.
upload() { # token, file
    curl -sS --max-time 60 -F "file_1=@$2" -F "token=$1" "$url/webservice/upload.php"
}
# Calls a function over REST; prints its JSON answer.
call() { # token, function, name=value...
    local token=$1 function=$2 args=()
    shift 2
    for arg in "$@"; do args+=(--data-urlencode "$arg"); done
    curl -sS --max-time 300 "$url/webservice/rest/server.php" -d "wstoken=$token" -d moodlewsrestformat=json \
        -d "wsfunction=$function" "${args[@]}"
}

# Two enrolments apply at once; five (the queued file: a group and its members too) are queued.
setup=$(site setup 2) || { echo "FAIL tests/webservice/site.php setup: $setup"; exit 1; }
trap 'site reset' EXIT
token=$(value token <<< "$setup")
nocap=$(value nocaptoken <<< "$setup")
clientid=$(value clientid <<< "$setup")
courseid=$(value courseid <<< "$setup")
runs=$(site state | value runs)

out=$(upload "$token" tests/fixtures/webservice.csv)
itemid=$(value 0.itemid <<< "$out")
check "upload.php stores the file in the client's draft area" "$(value 0.filename <<< "$out"):${itemid//[0-9]/}" \
    "webservice.csv:"

out=$(call "$token" tool_enrolsync_run_file itemid="$itemid" dryrun=1)
check "a dry run answers with its report" "$(value status <<< "$out") $(value dryrun <<< "$out")" "done true"
check "  its counts" "$(value counts <<< "$out")" '{"lines":3,"applied":2,"unchanged":0,"failed":1,"opsfailed":0}'
check "  recorded as the client's, from the web service" "$(value origin <<< "$out") $(value userid <<< "$out")" \
    "webservice $clientid"
check "  and nothing written" "$(site state | value enrolled)" "{}"
dryrunid=$(value runid <<< "$out")

itemid=$(value 0.itemid <<< "$(upload "$token" tests/fixtures/webservice.csv)")
out=$(call "$token" tool_enrolsync_run_file itemid="$itemid" dryrun=0)
runid=$(value runid <<< "$out")
check "a real run of a small plan answers with its report" "$(value status <<< "$out") $(value dryrun <<< "$out")" \
    "done false"
check "  and it is applied" "$(site state | value enrolled)" '{"W1":0,"W2":0}'

out=$(call "$token" tool_enrolsync_get_run runid="$runid")
check "get_run reads the report back" "$(value operations <<< "$out")" '[{"name":"enrol","count":2}]'
check "  with the failed line and its reason" \
    "$(value failedlines.total <<< "$out") $(value failedlines.lines.0.line <<< "$out") $(value failedlines.lines.0.message <<< "$out")" \
    "1 4 Unknown user 'NOBODY'"
check "get_run without an id reads the latest run" "$(value runid <<< "$(call "$token" tool_enrolsync_get_run)")" "$runid"

out=$(call "$token" tool_enrolsync_get_changes runid="$runid")
check "get_changes lists the run's changes" \
    "$(value total <<< "$out") $(value changes.0.op <<< "$out") $(value changes.0.useridnumber <<< "$out") $(value changes.1.useridnumber <<< "$out") $(value changes.0.result <<< "$out")" \
    "2 enrol W1 W2 done"
# This course (made anew by the setup): earlier runs of this test changed courses since deleted.
out=$(call "$token" tool_enrolsync_get_changes user=W1 courseid="$courseid")
check "get_changes lists a user's changes in a course across runs, newest first" \
    "$(value total <<< "$out") $(value changes.0.runid <<< "$out"):$(value changes.0.result <<< "$out") $(value changes.1.runid <<< "$out"):$(value changes.1.result <<< "$out")" \
    "2 $runid:done $dryrunid:planned"

itemid=$(value 0.itemid <<< "$(upload "$token" tests/fixtures/webservice-queued.csv)")
out=$(call "$token" tool_enrolsync_run_file itemid="$itemid" dryrun=0)
queuedid=$(value runid <<< "$out")
check "a real run of a larger plan is queued" "$(value status <<< "$out")" "queued"
check "  get_run says so until cron applies it" "$(value status <<< "$(call "$token" tool_enrolsync_get_run runid="$queuedid")")" \
    "queued"
check "  nothing is applied yet" "$(site state | value enrolled)" '{"W1":0,"W2":0}'
itemid=$(value 0.itemid <<< "$(upload "$token" tests/fixtures/webservice.csv)")
out=$(call "$token" tool_enrolsync_run_file itemid="$itemid" dryrun=1)
check "  meanwhile, another run is refused with the page's message" "$(value errorcode <<< "$out"): $(value message <<< "$out")" \
    "error_locked: Another run is in progress: nothing was done"
php "$(bash scripts/moodle-root.sh "$MOODLE_DIR")/admin/cli/adhoc_task.php" --execute --classname='\tool_enrolsync\task\apply_part_task' > /dev/null 2>&1
out=$(call "$token" tool_enrolsync_get_run runid="$queuedid")
check "  once cron ran its adhoc task, get_run says done" "$(value status <<< "$out") $(value counts.applied <<< "$out")" "done 2"
check "  and it is applied" "$(site state | value groups)" '{"Team":["W3","W4"]}'

runs=$(( runs + 3 ))
itemid=$(value 0.itemid <<< "$(upload "$nocap" tests/fixtures/webservice.csv)")
for request in "tool_enrolsync_run_file itemid=$itemid dryrun=1" "tool_enrolsync_get_run runid=$runid" \
        "tool_enrolsync_get_changes runid=$runid"; do
    # shellcheck disable=SC2086 # the function, then its arguments
    out=$(call "$nocap" $request)
    check "a client without tool/enrolsync:run is refused: ${request%% *}" "$(value errorcode <<< "$out")" "nopermissions"
done
check "  and nothing ran" "$(site state | value runs)" "$runs"
check "an unknown token is refused" "$(value errorcode <<< "$(call 0123456789abcdef tool_enrolsync_get_run)")" "invalidtoken"

[ "$failed" = 0 ]
