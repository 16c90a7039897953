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
 * The part of bench/e2e.php that runs inside the Moodle site (CLI), one step per process:
 *
 *   php e2e_site.php generate USERS COURSES SEED OUTDIR LINES...  users, courses, enrol_flatfile's
 *                                                                settings, and the feeds
 *   php e2e_site.php measure ours|flatfile FILE                  one run of one tool, measured (JSON)
 *   php e2e_site.php measure parts FILE                          ours in 2 parts, applied by 2
 *                                                                cron workers (processes) at once
 *   php e2e_site.php worker                                      one such worker, measured (JSON)
 *   php e2e_site.php outcome                                     the enrolments and roles of the
 *                                                                bench courses, as a hash (JSON)
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

define('CLI_SCRIPT', true);

require(__DIR__ . '/../../../../config.php');
require_once($CFG->dirroot . '/course/lib.php');
require_once(__DIR__ . '/e2e_feed.php');

/**
 * Creates the users and courses the feeds name, when missing. Users are inserted in bulk (as
 * Moodle's own test data generator backend does for large sites), courses with create_course().
 *
 * @param int $users
 * @param int $courses
 */
function bench_generate_site(int $users, int $courses): void {
    global $DB, $CFG;
    $have = $DB->count_records_select('user', $DB->sql_like('idnumber', ':p'), ['p' => 'BU%']);
    $rows = [];
    for ($i = $have; $i < $users; $i++) {
        $key = e2e_feed::user($i);
        $rows[] = ['auth' => 'manual', 'confirmed' => 1, 'mnethostid' => $CFG->mnet_localhost_id,
            'username' => strtolower($key), 'idnumber' => $key, 'firstname' => 'Bench', 'lastname' => $key,
            'email' => strtolower($key) . '@example.com', 'password' => 'not cached', 'timecreated' => time(),
            'timemodified' => time(), 'lang' => 'en', 'calendartype' => 'gregorian'];
        if (count($rows) === 5000) {
            $DB->insert_records('user', $rows);
            $rows = [];
        }
    }
    if ($rows) {
        $DB->insert_records('user', $rows);
    }
    \context_helper::create_instances(CONTEXT_USER);
    for ($c = $DB->count_records_select('course', $DB->sql_like('idnumber', ':p'), ['p' => 'BC%']); $c < $courses; $c++) {
        $key = e2e_feed::course($c);
        create_course((object) ['shortname' => $key, 'idnumber' => $key, 'fullname' => "Bench course $key",
            'category' => 1]);
    }
}

/**
 * The tools' settings: enrol_flatfile enabled, and unenrolling on del (the meaning of del in
 * tool_enrolsync); nobody mailed: enrol_flatfile's mails off, and no course welcome message from
 * the manual enrolment instances tool_enrolsync enrols through (on by default in Moodle 4.5, where
 * each enrolment would send one, by hand as well).
 */
function bench_configure(): void {
    global $DB;
    set_config('sendcoursewelcomemessage', 0, 'enrol_manual');
    $DB->set_field('enrol', 'customint1', 0, ['enrol' => 'manual']);
    $enabled = explode(',', get_config('core', 'enrol_plugins_enabled'));
    if (!in_array('flatfile', $enabled)) {
        set_config('enrol_plugins_enabled', implode(',', array_merge($enabled, ['flatfile'])));
    }
    set_config('unenrolaction', ENROL_EXT_REMOVED_UNENROL, 'enrol_flatfile');
    foreach (['mailstudents', 'mailteachers', 'mailadmins'] as $mail) {
        set_config($mail, 0, 'enrol_flatfile');
    }
    set_config('notifyteachers', 0, 'tool_enrolsync');
}

/**
 * Runs one tool on a file and measures it: wall time, database reads and writes (Moodle's own
 * counters), peak memory. Log events buffered by the log store are written inside the measure.
 *
 * @param string $tool ours or flatfile
 * @param string $file
 * @return array
 */
function bench_measure(string $tool, string $file): array {
    global $DB;
    \core\session\manager::set_user(get_admin());
    $reads = $DB->perf_get_reads();
    $writes = $DB->perf_get_writes();
    $start = microtime(true);
    $workers = [];
    if ($tool === 'ours' || $tool === 'parts') {
        $options = new \tool_enrolsync\run_options(['parts' => $tool === 'parts' ? BENCH_WORKERS : 0]);
        $run = (new \tool_enrolsync\engine($options))->run($file, basename($file), 'cli');
        $detail = ['applied' => (int) $run->applied, 'unchanged' => (int) $run->unchanged, 'failed' => (int) $run->failed];
        if ($run->status === \tool_enrolsync\engine::STATUS_APPLYING) {
            // Cron runs an adhoc task from the second after it was queued (nextruntime < now): a
            // worker started in the same second finds nothing to do and leaves the other one
            // both parts. The wait is measured, as cron's would be.
            time_sleep_until(floor(microtime(true)) + 1.01);
            $workers = bench_workers(BENCH_WORKERS);
        }
    } else {
        // enrol_flatfile deletes the file it has read: it reads a copy.
        $copy = make_request_directory() . '/enrolments.txt';
        copy($file, $copy);
        set_config('location', $copy, 'enrol_flatfile');
        enrol_get_plugin('flatfile')->sync(new null_progress_trace());
        $detail = [];
    }
    get_log_manager()->dispose();
    return ['seconds' => microtime(true) - $start,
        'reads' => $DB->perf_get_reads() - $reads + array_sum(array_column($workers, 'reads')),
        'writes' => $DB->perf_get_writes() - $writes + array_sum(array_column($workers, 'writes')),
        'peakmb' => max([memory_get_peak_usage(true) / 1048576, ...array_column($workers, 'peakmb')])] + $detail;
}

/** Cron workers that apply a run in parts. */
const BENCH_WORKERS = 2;

/**
 * Starts $count cron workers at once and waits for them.
 *
 * @param int $count
 * @return array[] what each measured
 */
function bench_workers(int $count): array {
    $processes = [];
    $outputs = [];
    for ($i = 0; $i < $count; $i++) {
        $processes[] = proc_open([PHP_BINARY, __FILE__, 'worker'], [1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
        $outputs[] = $pipes[1];
    }
    $results = [];
    foreach ($processes as $i => $process) {
        $lines = explode("\n", trim(stream_get_contents($outputs[$i])));
        proc_close($process);
        $results[] = json_decode(end($lines), true);
    }
    return $results;
}

/**
 * One cron worker: runs the queued part tasks as cron does (a task at a time, each under its lock),
 * measured like a run.
 *
 * @return array
 */
function bench_worker(): array {
    global $DB;
    $reads = $DB->perf_get_reads();
    $writes = $DB->perf_get_writes();
    \core\cron::run_adhoc_tasks(time(), 0, false, null, null, \tool_enrolsync\task\apply_part_task::class);
    get_log_manager()->dispose();
    return ['reads' => $DB->perf_get_reads() - $reads, 'writes' => $DB->perf_get_writes() - $writes,
        'peakmb' => memory_get_peak_usage(true) / 1048576];
}

/**
 * What a tool left in the bench courses, whatever the enrolment method and role component: for
 * each user enrolment its user, course and status; for each role assignment its user, course and
 * role. Compared between the tools.
 *
 * @return array
 */
function bench_outcome(): array {
    global $DB;
    $like = $DB->sql_like('c.idnumber', ':p');
    $enrolments = $DB->get_fieldset_sql("SELECT " . $DB->sql_concat('c.idnumber', "'|'", 'u.idnumber', "'|'", 'ue.status') . "
        FROM {user_enrolments} ue JOIN {enrol} e ON e.id = ue.enrolid JOIN {course} c ON c.id = e.courseid
        JOIN {user} u ON u.id = ue.userid WHERE $like", ['p' => 'BC%']);
    $roles = $DB->get_fieldset_sql("SELECT DISTINCT " . $DB->sql_concat('c.idnumber', "'|'", 'u.idnumber', "'|'", 'r.shortname') . "
        FROM {role_assignments} ra JOIN {context} x ON x.id = ra.contextid AND x.contextlevel = " . CONTEXT_COURSE . "
        JOIN {course} c ON c.id = x.instanceid JOIN {user} u ON u.id = ra.userid JOIN {role} r ON r.id = ra.roleid
        WHERE $like", ['p' => 'BC%']);
    sort($enrolments);
    sort($roles);
    return ['enrolments' => count($enrolments), 'roles' => count($roles),
        'hash' => sha1(implode("\n", $enrolments) . "\n\n" . implode("\n", $roles))];
}

$command = $argv[1] ?? '';
if ($command === 'generate') {
    [, , $users, $courses, $seed, $out] = $argv;
    bench_configure();
    bench_generate_site((int) $users, (int) $courses);
    foreach (array_slice($argv, 6) as $lines) {
        (new e2e_feed((int) $users, (int) $courses, (int) $lines, (int) $seed))->write($out);
    }
    echo json_encode(['users' => (int) $users, 'courses' => (int) $courses]), "\n";
} else if ($command === 'measure') {
    echo json_encode(bench_measure($argv[2], $argv[3])), "\n";
} else if ($command === 'worker') {
    echo json_encode(bench_worker()), "\n";
} else if ($command === 'outcome') {
    echo json_encode(bench_outcome()), "\n";
} else {
    cli_error('usage: php e2e_site.php generate|measure|outcome ...');
}
