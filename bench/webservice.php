<?php
// This file is part of Moodle - https://moodle.org/
//
// Moodle is free software: you can redistribute it and/or modify
// it under the terms of the GNU General Public License as published by
// the Free Software Foundation, either version 3 of the License, or
// (at your option) any later version.
//
// Moodle is distributed in the hope that it will be useful,
// but WITHOUT ANY WARRANTY; without even the implied warranty of
// MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
// GNU General Public License for more details.
//
// You should have received a copy of the GNU General Public License
// along with Moodle.  If not, see <https://www.gnu.org/licenses/>.

/**
 * What calling the web service adds to the run of a 1,000-line file on the test site: the same
 * file run by the engine in this process (as cli/sync.php does, without PHP's start) and by a
 * client over HTTP (upload with webservice/upload.php, then tool_enrolsync_run_file), rounds in
 * turn, the median of each. Two cases: a dry run that plans 1,000 enrolments (it writes its list of
 * changes), and a real run of a file the site already has (1,000 unchanged lines). Prints both
 * sides (the web service's in its two requests), their difference and ratio, and what a call that
 * reads one small run costs (Moodle's start, the token, the answer: what every request pays). A
 * measure, not a test.
 *
 * Needs the site served on its wwwroot, on localhost (e.g. PHP's built-in server with
 * tests/browser/router.php), and tests/webservice/site.php, which sets up web services, REST and
 * a client's token. Makes 100 users wsbench001..100 and 10 courses WSBENCH01..10 (kept).
 *
 * Usage: php bench/webservice.php [ROUNDS]   (default 5; the site at MOODLE_DIR, else the one it
 *        is installed in)
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

define('CLI_SCRIPT', true);

require((getenv('MOODLE_DIR') ?: __DIR__ . '/../../../..') . '/config.php');
require_once($CFG->libdir . '/testing/generator/lib.php');

use tool_enrolsync\engine;
use tool_enrolsync\run_options;

/** Users of the bench's file. */
const BENCH_USERS = 100;
/** Courses of the bench's file: each user in each. */
const BENCH_COURSES = 10;

/**
 * A file of one line per bench user and course (made when missing), as students.
 *
 * @param string $path
 * @param string $suffix of the courses' short names: two files name different courses
 */
function bench_file(string $path, string $suffix): void {
    global $DB;
    $generator = new testing_data_generator();
    $idnumbers = [];
    for ($u = 1; $u <= BENCH_USERS; $u++) {
        $username = sprintf('wsbench%03d', $u);
        $idnumbers[] = strtoupper($username);
        if (!$DB->record_exists('user', ['username' => $username])) {
            $generator->create_user(['username' => $username, 'idnumber' => strtoupper($username)]);
        }
    }
    $lines = ['cid;uid;rolename'];
    for ($c = 1; $c <= BENCH_COURSES; $c++) {
        $course = sprintf('WSBENCH%02d%s', $c, $suffix);
        if (!$DB->record_exists('course', ['shortname' => $course])) {
            $generator->create_course(['shortname' => $course]);
        }
        foreach ($idnumbers as $idnumber) {
            $lines[] = "$course;$idnumber;student";
        }
    }
    file_put_contents($path, implode("\n", $lines) . "\n");
}

/**
 * A POST to the site, its answer decoded.
 *
 * @param string $url
 * @param array $fields
 * @return array
 */
function bench_post(string $url, array $fields): array {
    $curl = curl_init($url);
    curl_setopt_array($curl, [CURLOPT_POST => true, CURLOPT_POSTFIELDS => $fields, CURLOPT_RETURNTRANSFER => true,
        CURLOPT_TIMEOUT => 600]);
    $answer = json_decode((string) curl_exec($curl), true);
    curl_close($curl);
    if (!is_array($answer) || isset($answer['exception']) || isset($answer['error'])) {
        cli_error("$url answered: " . json_encode($answer));
    }
    return $answer;
}

/**
 * A function called over REST, its answer decoded.
 *
 * @param string $token
 * @param string $function
 * @param array $args
 * @return array
 */
function bench_call(string $token, string $function, array $args): array {
    global $CFG;
    return bench_post("$CFG->wwwroot/webservice/rest/server.php", ['wstoken' => $token, 'moodlewsrestformat' => 'json',
        'wsfunction' => $function] + $args);
}

/**
 * The file run over HTTP as a client runs it: uploaded, then run.
 *
 * @param string $token
 * @param string $path
 * @param bool $dryrun
 * @return float[] seconds: upload, run
 */
function bench_over_rest(string $token, string $path, bool $dryrun): array {
    global $CFG;
    $start = microtime(true);
    $uploaded = bench_post("$CFG->wwwroot/webservice/upload.php", ['token' => $token,
        'file_1' => new CURLFile($path, 'text/csv', basename($path))]);
    $uploadtime = microtime(true) - $start;
    $report = bench_call($token, 'tool_enrolsync_run_file', ['itemid' => $uploaded[0]['itemid'], 'dryrun' => (int) $dryrun]);
    bench_check($report['status'], $report['counts']['lines']);
    return [$uploadtime, microtime(true) - $start - $uploadtime];
}

/**
 * The file run by the engine in this process.
 *
 * @param string $path
 * @param bool $dryrun
 * @return float seconds
 */
function bench_in_process(string $path, bool $dryrun): float {
    $start = microtime(true);
    $run = (new engine(new run_options(['dryrun' => $dryrun])))->run($path, basename($path), engine::ORIGIN_CLI);
    $seconds = microtime(true) - $start;
    bench_check($run->status, (int) $run->linecount);
    return $seconds;
}

/**
 * Stops the bench unless a run did what it measures.
 *
 * @param string $status
 * @param int $lines
 */
function bench_check(string $status, int $lines): void {
    if ($status !== engine::STATUS_DONE || $lines !== BENCH_USERS * BENCH_COURSES) {
        cli_error("a run was $status with $lines lines");
    }
}

/**
 * The median.
 *
 * @param float[] $values
 * @return float
 */
function bench_median(array $values): float {
    sort($values);
    $middle = intdiv(count($values), 2);
    return count($values) % 2 ? $values[$middle] : ($values[$middle - 1] + $values[$middle]) / 2;
}

$rounds = max(1, (int) ($argv[1] ?? 5));
if (!preg_match('#^http://(localhost|127\.0\.0\.1)(:\d+)?(/|$)#', $CFG->wwwroot)) {
    cli_error("the site's wwwroot is not on localhost: $CFG->wwwroot");
}
\core\session\manager::set_user(get_admin());
$helper = escapeshellarg(__DIR__ . '/../tests/webservice/site.php');
$setup = json_decode((string) shell_exec("php $helper setup " . run_options::DEFAULTS['webservicequeue']), true);
if (empty($setup['token'])) {
    cli_error('tests/webservice/site.php setup failed');
}
$dir = make_request_directory();
bench_file("$dir/planned.csv", '');
bench_file("$dir/unchanged.csv", 'U');
// The unchanged case's file is the site's already.
bench_in_process("$dir/unchanged.csv", false);

$cases = ['dry run, 1,000 enrolments planned' => ["$dir/planned.csv", true],
    'real run, 1,000 lines unchanged' => ["$dir/unchanged.csv", false]];
printf("%d rounds each, medians; the engine in this process against a client over HTTP (upload + run_file)\n", $rounds);
foreach ($cases as $name => [$path, $dryrun]) {
    $times = ['engine' => [], 'upload' => [], 'run' => [], 'call' => []];
    for ($round = 0; $round < $rounds; $round++) {
        // In turn, each side first every other round: the machine's load falls on both alike.
        if ($round % 2) {
            [$upload, $run] = bench_over_rest($setup['token'], $path, $dryrun);
            $engine = bench_in_process($path, $dryrun);
        } else {
            $engine = bench_in_process($path, $dryrun);
            [$upload, $run] = bench_over_rest($setup['token'], $path, $dryrun);
        }
        // What any call costs: a request that reads one small record (the latest run, no line).
        $start = microtime(true);
        bench_call($setup['token'], 'tool_enrolsync_get_run', ['perpage' => 1]);
        array_push($times['call'], microtime(true) - $start);
        array_push($times['engine'], $engine);
        array_push($times['upload'], $upload);
        array_push($times['run'], $run);
    }
    $median = array_map('bench_median', $times);
    $service = $median['upload'] + $median['run'];
    printf(
        "%s: engine %.3f s, web service %.3f s (upload %.3f s + run_file %.3f s): +%.3f s (%.2fx); " .
            "a call that reads one run: %.3f s\n",
        $name,
        $median['engine'],
        $service,
        $median['upload'],
        $median['run'],
        $service - $median['engine'],
        $service / $median['engine'],
        $median['call']
    );
}
shell_exec("php $helper reset");
