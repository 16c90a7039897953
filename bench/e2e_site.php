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
 * The part of bench/e2e.php that runs inside the Moodle site (CLI only), one step per process:
 *
 *   php e2e_site.php generate USERS COURSES SEED OUTDIR LINES...  users, courses, the tools' settings,
 *                                                                and the feeds
 *   php e2e_site.php measure ours|flatfile|floor FILE [OPTIONS]  one run of one tool, measured (JSON)
 *   php e2e_site.php worker                                      one cron worker applying a run's
 *                                                                parts, measured (JSON)
 *   php e2e_site.php outcome                                     what the bench courses hold (JSON)
 *
 * OPTIONS is a JSON object. For ours: run options (parts, fullsync, removalaction, threshold,
 * dryrun), and nojournal: the rows of the list of changes are not written (the bench's own
 * database class drops them; no setting of the plugin does this). For enrol_flatfile:
 * unenrolaction (the name of an ENROL_EXT_REMOVED_* constant). With E2E_SQLTRACE=FILE in the
 * environment, the measure also writes, for each statement its database driver sends, where it
 * comes from (the tool's API call, the observer), its kind and its time, to FILE (JSON), with the
 * PostgreSQL backend's pid (see bench/e2e_statements.php). With E2E_PROFILE=DIR, a measure (and
 * each cron worker) samples its own CPU time with the Excimer profiler (php-excimer), reports where
 * it went (bench_profile::split(): Moodle's calls for the operations, the transactions, the tool's
 * own code, the rest) and writes the stacks to DIR, one collapsed-stack file a process, for a flame
 * graph.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

define('CLI_SCRIPT', true);

require(__DIR__ . '/../../../../config.php');
require_once($CFG->libdir . '/clilib.php');
require_once($CFG->dirroot . '/course/lib.php');
require_once($CFG->dirroot . '/group/lib.php');
require_once($CFG->libdir . '/dml/pgsql_native_moodle_database.php');
require_once($CFG->libdir . '/dml/mariadb_native_moodle_database.php');
require_once(__DIR__ . '/e2e_feed.php');

// The bench's classes (its database drivers, its progress) live with the script that uses them.
// phpcs:disable PSR1.Classes.ClassDeclaration.MultipleClasses

use tool_enrolsync\engine;
use tool_enrolsync\local\executor;
use tool_enrolsync\local\journal;
use tool_enrolsync\local\state_reader;
use tool_enrolsync\run_options;

/**
 * What the bench's database drivers note and are told, whichever the database.
 */
class bench_db {
    /** @var bool[] tables whose rows are not written, by name */
    public static array $skip = [];
    /** @var float[] seconds in insert_records(), by table */
    public static array $seconds = [];
    /** @var array[]|null with E2E_SQLTRACE: each statement's API call, observer, kind and seconds */
    public static ?array $trace = null;
}

/**
 * What the profiler sampled so far (E2E_PROFILE), and where it was.
 */
class bench_profile {
    /** @var float seconds of CPU time between samples */
    const PERIOD = 0.001;
    /** @var string[] Moodle's calls that make an operation's change, whichever tool makes them (Excimer's frame
     * names: a function, or ::method of any class) */
    const OPERATION_CALLS = ['role_assign', 'role_unassign', 'groups_create_group', 'groups_add_member',
        'groups_remove_member', '::add_default_instance', '::enrol_user', '::update_user_enrol', '::unenrol_user'];
    /** @var string[] the delegated transactions' start and end */
    const TRANSACTION_CALLS = ['::start_delegated_transaction', '::allow_commit', '::rollback'];
    /** @var string[] each tool's own code, by the start of its frames' names */
    const OWN_CODE = ['ours' => 'tool_enrolsync\\', 'floor' => 'bench_floor_', 'flatfile' => 'enrol_flatfile_plugin::'];
    /** @var int[] samples by collapsed stack (frames from the outermost, separated by ;) */
    public static array $stacks = [];
    /** @var ExcimerProfiler|null the profiler while it runs */
    public static ?ExcimerProfiler $profiler = null;

    /**
     * Folds a log of samples into the counts.
     *
     * @param ExcimerLog $log
     */
    public static function fold(ExcimerLog $log): void {
        foreach (explode("\n", rtrim($log->formatCollapsed())) as $line) {
            $space = strrpos($line, ' ');
            if ($space !== false) {
                $stack = substr($line, 0, $space);
                self::$stacks[$stack] = (self::$stacks[$stack] ?? 0) + (int) substr($line, $space + 1);
            }
        }
    }

    /**
     * The CPU time sampled, by where it was: inside Moodle's calls for the operations, inside the
     * transactions' start and commit, in the tool's own code (with the Moodle functions it calls
     * for itself: its reading, its records; the extension's calls count as the PHP that makes
     * them), and elsewhere (the script, the log store's flush at the end).
     *
     * @param string $tool ours, flatfile or floor
     * @return float[] seconds by calls, transactions, own, other
     */
    public static function split(string $tool): array {
        $split = ['calls' => 0, 'transactions' => 0, 'own' => 0, 'other' => 0];
        foreach (self::$stacks as $stack => $count) {
            $where = 'other';
            foreach (explode(';', $stack) as $frame) {
                if (self::names($frame, self::OPERATION_CALLS)) {
                    $where = 'calls';
                    break;
                }
                if (self::names($frame, self::TRANSACTION_CALLS)) {
                    $where = 'transactions';
                    break;
                }
                if (str_starts_with($frame, self::OWN_CODE[$tool])) {
                    $where = 'own';
                }
            }
            $split[$where] += $count * self::PERIOD;
        }
        return $split;
    }

    /**
     * Whether a frame is one of the functions or methods named.
     *
     * @param string $frame
     * @param string[] $names
     * @return bool
     */
    private static function names(string $frame, array $names): bool {
        foreach ($names as $name) {
            if (str_starts_with($name, '::') ? str_ends_with($frame, $name) : $frame === $name) {
                return true;
            }
        }
        return false;
    }
}

/**
 * A Moodle database driver, timing insert_records() per table (the list of changes and the
 * managed enrolments are written with it), and dropping the rows of the tables it is told to
 * skip. Swapped in for $DB by every measuring process, whatever the tool, so all pay the same.
 */
trait bench_db_hooks {
    /**
     * Writes the rows, timed, unless their table is skipped.
     *
     * @param string $table
     * @param array|Traversable $dataobjects
     */
    public function insert_records($table, $dataobjects) {
        if (isset(bench_db::$skip[$table])) {
            return;
        }
        $start = microtime(true);
        parent::insert_records($table, $dataobjects);
        bench_db::$seconds[$table] = (bench_db::$seconds[$table] ?? 0) + microtime(true) - $start;
    }

    /**
     * Notes where a statement comes from, when tracing.
     *
     * @param string $sql
     * @param array|null $params
     * @param int $type
     * @param mixed $extrainfo
     */
    protected function query_start($sql, ?array $params, $type, $extrainfo = null) {
        if (bench_db::$trace !== null) {
            bench_db::$trace[] = bench_statement_origin($sql, debug_backtrace(DEBUG_BACKTRACE_IGNORE_ARGS))
                + ['start' => microtime(true)];
        }
        parent::query_start($sql, $params, $type, $extrainfo);
    }

    /**
     * Notes when the statement is done (with the savepoint the driver sets after a write in a
     * transaction), when tracing.
     *
     * @param mixed $result
     */
    protected function query_end($result) {
        try {
            parent::query_end($result);
        } finally {
            if (bench_db::$trace) {
                $last = array_key_last(bench_db::$trace);
                bench_db::$trace[$last]['seconds'] = microtime(true) - bench_db::$trace[$last]['start'];
                unset(bench_db::$trace[$last]['start']);
            }
        }
    }
}

/**
 * Moodle's PostgreSQL driver, with the bench's hooks.
 */
class bench_pgsql_db extends pgsql_native_moodle_database {
    use bench_db_hooks;
}

/**
 * Moodle's MariaDB driver, with the bench's hooks.
 */
class bench_mariadb_db extends mariadb_native_moodle_database {
    use bench_db_hooks;
}

/**
 * Where a statement comes from: the call the tool's own code made (our engine and executor, the
 * floor's loop, enrol_flatfile's lib.php), or its own query; and the innermost event observer or
 * hook callback on the way, if any.
 *
 * @param string $sql
 * @param array[] $frames debug_backtrace(), innermost first
 * @return array api, observer, kind
 */
function bench_statement_origin(string $sql, array $frames): array {
    $name = fn(array $frame) => ($frame['class'] ?? '') . ($frame['type'] ?? '') . $frame['function'];
    $api = 'other';
    $observer = null;
    foreach ($frames as $i => $frame) {
        $file = $frame['file'] ?? '';
        if ($observer === null && preg_match('#/lib/classes/(event|hook)/manager\.php$#', $file)) {
            // Through call_user_func(), the observer is the frame inside it.
            $observer = $name($frame['function'] === 'call_user_func' && $i > 0 ? $frames[$i - 1] : $frame);
        }
        if (preg_match('#/admin/tool/enrolsync/(classes|bench)/|/enrol/flatfile/lib\.php$#', $file)) {
            $dml = is_a($frame['class'] ?? '', moodle_database::class, true) || ($frame['function'] === 'get_recordset_sql');
            $api = $dml ? 'own query in ' . $name($frames[$i + 1] ?? ['function' => '?']) : $name($frame);
            break;
        }
    }
    return ['api' => $api, 'observer' => $observer, 'kind' => bench_statement_kind($sql)];
}

/**
 * A statement's command and first table: "INSERT user_enrolments", "SELECT role_assignments",
 * "BEGIN", ...
 *
 * @param string $sql
 * @return string
 */
function bench_statement_kind(string $sql): string {
    $sql = trim(preg_replace('/--[^\n]*/', '', $sql));
    if (preg_match('/^(INSERT INTO|UPDATE|DELETE FROM)\s+\w*?(?:mdl_)?(\w+)/i', $sql, $m)) {
        return strtoupper(strtok($m[1], ' ')) . ' ' . $m[2];
    }
    if (preg_match('/^SELECT\b.*?\bFROM\s+mdl_(\w+)/is', $sql, $m)) {
        return 'SELECT ' . $m[1];
    }
    return strtoupper((string) strtok($sql, " ;\n"));
}

/**
 * Progress that notes when the executor starts and ends its writes, so that a run's time splits
 * into before (record, read, state, plan), the writes, and after (counts, report).
 */
class bench_progress extends \core\progress\none {
    /** @var float[] microtime() at start_progress() and end_progress() */
    public array $marks = [];

    /**
     * Notes the start of the writes (the executor's first progress).
     *
     * @param string $description
     * @param int $max
     * @param int $parentcount
     */
    public function start_progress($description, $max = self::INDETERMINATE, $parentcount = 1) {
        $this->marks['start'] ??= microtime(true);
        parent::start_progress($description, $max, $parentcount);
    }

    /**
     * The end of the writes.
     */
    public function end_progress() {
        parent::end_progress();
        $this->marks['end'] = microtime(true);
    }
}

/**
 * Replaces $DB with the bench's driver for the same database, on the same connection settings.
 */
function bench_swap_db(): void {
    global $DB, $CFG;
    $db = match ($CFG->dbtype) {
        'pgsql' => new bench_pgsql_db(),
        'mariadb' => new bench_mariadb_db(),
        default => throw new coding_exception('the e2e bench runs on PostgreSQL or MariaDB'),
    };
    $db->connect($CFG->dbhost, $CFG->dbuser, $CFG->dbpass, $CFG->dbname, $CFG->prefix, $CFG->dboptions);
    $old = $DB;
    $DB = $db;
    \core\di::set(\moodle_database::class, $db);
    $old->dispose();
}

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
 * The tools' settings: enrol_flatfile enabled, unenrolling on del (the meaning of del in
 * tool_enrolsync; the nightly roster sets its own action), and mailing nobody; tool_enrolsync
 * sends no course welcome message (setting welcomemessages = never: enrol_flatfile sends none),
 * and no message to teachers. The manual instances are left as Moodle makes them (a welcome
 * message per enrolment), so that the setting is what keeps ours quiet.
 */
function bench_configure(): void {
    $enabled = explode(',', get_config('core', 'enrol_plugins_enabled'));
    if (!in_array('flatfile', $enabled)) {
        set_config('enrol_plugins_enabled', implode(',', array_merge($enabled, ['flatfile'])));
    }
    set_config('unenrolaction', ENROL_EXT_REMOVED_UNENROL, 'enrol_flatfile');
    foreach (['mailstudents', 'mailteachers', 'mailadmins'] as $mail) {
        set_config($mail, 0, 'enrol_flatfile');
    }
    set_config('notifyteachers', 0, 'tool_enrolsync');
    set_config('welcomemessages', 'never', 'tool_enrolsync');
}

/**
 * Runs one tool on a file and measures it: wall time, database reads and writes (Moodle's own
 * counters), peak memory. Log events buffered by the log store are written inside the measure.
 *
 * @param string $tool ours, flatfile or floor
 * @param string $file
 * @param array $options see the file's header
 * @return array
 */
function bench_measure(string $tool, string $file, array $options): array {
    global $DB;
    \core\session\manager::set_user(get_admin());
    if (!empty($options['nojournal'])) {
        bench_db::$skip[journal::TABLE] = true;
    }
    $prepared = $tool === 'floor' ? bench_floor_prepare($file) : null;
    if ($tool === 'flatfile') {
        // Its settings, and the copy it reads (it deletes the file it has read), before the clock.
        set_config('unenrolaction', constant($options['unenrolaction'] ?? 'ENROL_EXT_REMOVED_UNENROL'), 'enrol_flatfile');
        $copy = make_request_directory() . '/enrolments.txt';
        copy($file, $copy);
        set_config('location', $copy, 'enrol_flatfile');
    }
    bench_profile_start();
    $cpu = bench_cpu();
    $deadlocks = bench_deadlocks();
    $reads = $DB->perf_get_reads();
    $writes = $DB->perf_get_writes();
    $start = microtime(true);
    $workers = [];
    $detail = [];
    if ($tool === 'ours') {
        $runoptions = new run_options(array_intersect_key($options, run_options::DEFAULTS + ['dryrun' => 1]));
        $progress = new bench_progress();
        $run = (new engine($runoptions, $progress))->run($file, basename($file), engine::ORIGIN_CLI);
        if ($run->status === engine::STATUS_APPLYING) {
            // Cron runs an adhoc task from the second after it was queued (nextruntime < now): a
            // worker started in the same second finds nothing to do and leaves the others all
            // parts. The wait is measured, as cron's would be.
            time_sleep_until(floor(microtime(true)) + 1.01);
            $workers = bench_workers((int) $options['parts']);
            $run = $DB->get_record('tool_enrolsync_runs', ['id' => $run->id], '*', MUST_EXIST);
        }
        if ($run->status !== engine::STATUS_DONE) {
            throw new moodle_exception('generalexceptionmessage', 'error', '', "run $run->id: $run->status $run->errorkey");
        }
        $marks = $progress->marks;
        $detail = ['applied' => (int) $run->applied, 'unchanged' => (int) $run->unchanged, 'failed' => (int) $run->failed,
            'opsfailed' => (int) $run->opsfailed, 'operations' => json_decode($run->operations, true)];
        if ($workers) {
            $detail['workers'] = $workers;
        }
        if (isset($marks['start'], $marks['end'])) {
            $detail['phases'] = ['before' => $marks['start'] - $start, 'writes' => $marks['end'] - $marks['start']];
        }
    } else if ($tool === 'floor') {
        $detail = ['operations' => bench_floor_apply($prepared)];
    } else {
        enrol_get_plugin('flatfile')->sync(new null_progress_trace());
    }
    get_log_manager()->dispose();
    $seconds = microtime(true) - $start;
    $cpu = array_map(fn($after, $before) => $after - $before, bench_cpu(), $cpu);
    $profile = bench_profile_stop($tool);
    if ($profile !== null) {
        // With parts, the workers' too.
        foreach (array_column($workers, 'profile') as $worker) {
            foreach ($worker as $where => $cputime) {
                $profile[$where] += $cputime;
            }
        }
        $detail['profile'] = $profile;
    }
    foreach ($workers as $worker) {
        // MariaDB's figure is the whole server's, the workers' included already.
        $cpu = [$cpu[0] + $worker['cpu'][0], $cpu[1] + (bench_is_pgsql() ? $worker['cpu'][1] : 0)];
    }
    // The samples cannot add up to more CPU time than the processes used: a check on the profiler
    // (a sampling error of a few periods, and of the process's CPU time read by its tick, allowed).
    if (isset($detail['profile']) && array_sum($detail['profile']) > 1.05 * $cpu[0] + 0.1) {
        cli_error(sprintf('the profile sampled %.1f s of CPU time where PHP used %.1f s', array_sum($detail['profile']), $cpu[0]));
    }
    if (isset($detail['phases'])) {
        $detail['phases']['after'] = $seconds - $detail['phases']['before'] - $detail['phases']['writes'];
        $detail['phases']['changes'] = bench_db::$seconds[journal::TABLE] ?? 0;
        $detail['phases']['managed'] = bench_db::$seconds['tool_enrolsync_managed'] ?? 0;
    }
    $load = sys_getloadavg();
    return ['seconds' => $seconds,
        'reads' => $DB->perf_get_reads() - $reads + array_sum(array_column($workers, 'reads')),
        'writes' => $DB->perf_get_writes() - $writes + array_sum(array_column($workers, 'writes')),
        'peakmb' => max([memory_get_peak_usage(true) / 1048576, ...array_column($workers, 'peakmb')]),
        'cpu' => ['php' => $cpu[0], 'db' => $cpu[1]], 'deadlocks' => bench_deadlocks() - $deadlocks,
        'durable' => bench_durable(), 'load' => $load[0],
        'tables' => bench_table_sizes()] + $detail;
}

/**
 * Whether the site's database is PostgreSQL (otherwise MariaDB).
 *
 * @return bool
 */
function bench_is_pgsql(): bool {
    global $CFG;
    return $CFG->dbtype === 'pgsql';
}

/**
 * The deadlocks the database server has detected so far (PostgreSQL: in the site's database).
 *
 * @return int
 */
function bench_deadlocks(): int {
    global $DB;
    return (int) $DB->get_field_sql(bench_is_pgsql()
        ? 'SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()'
        : "SELECT variable_value FROM information_schema.global_status WHERE variable_name = 'INNODB_DEADLOCKS'");
}

/**
 * The CPU time (user and system) this process and the database have used so far (Linux; from
 * /proc, which the bench, as root on the database's machine, can read): PostgreSQL's backend of
 * this connection, or the whole MariaDB server (one process, its connections are threads).
 *
 * @return float[] [PHP, database] in seconds
 */
function bench_cpu(): array {
    global $DB;
    $usage = getrusage();
    $php = $usage['ru_utime.tv_sec'] + $usage['ru_stime.tv_sec'] + ($usage['ru_utime.tv_usec'] + $usage['ru_stime.tv_usec']) / 1e6;
    $pid = bench_is_pgsql() ? (int) $DB->get_field_sql('SELECT pg_backend_pid()')
        : (int) @file_get_contents($DB->get_field_sql('SELECT @@pid_file'));
    $stat = (string) @file_get_contents("/proc/$pid/stat");
    // The fields after the command's closing parenthesis start at the third: utime is the 14th, stime the 15th.
    $fields = explode(' ', substr($stat, strrpos($stat, ')') + 2));
    return [$php, count($fields) > 12 ? ((int) $fields[11] + (int) $fields[12]) / 100 : 0.0];
}

/**
 * Whether the database runs with production durability: PostgreSQL's fsync, synchronous commit
 * and full page writes all on; MariaDB's log flushed at each commit.
 *
 * @return bool
 */
function bench_durable(): bool {
    global $DB;
    if (!bench_is_pgsql()) {
        return (string) $DB->get_field_sql('SELECT @@innodb_flush_log_at_trx_commit') === '1';
    }
    foreach (['fsync', 'synchronous_commit', 'full_page_writes'] as $setting) {
        if ($DB->get_field_sql("SHOW $setting") !== 'on') {
            return false;
        }
    }
    return true;
}

/**
 * The size on disk (PostgreSQL: table, indexes, TOAST; MariaDB: data and indexes, from InnoDB's
 * statistics, refreshed first) and rows of this tool's list of changes and managed enrolments.
 *
 * @return array[] table => [bytes, rows]
 */
function bench_table_sizes(): array {
    global $DB, $CFG;
    $sizes = [];
    foreach ([journal::TABLE, 'tool_enrolsync_managed'] as $table) {
        if (bench_is_pgsql()) {
            $bytes = $DB->get_field_sql("SELECT pg_total_relation_size('{$CFG->prefix}$table')");
        } else {
            $DB->execute("ANALYZE TABLE {{$table}}");
            $bytes = $DB->get_field_sql('SELECT data_length + index_length FROM information_schema.tables
                WHERE table_schema = DATABASE() AND table_name = ?', [$CFG->prefix . $table]);
        }
        $sizes[$table] = [(int) $bytes, $DB->count_records($table)];
    }
    return $sizes;
}

/**
 * Moodle's API floor, prepared outside the measure: the plan our engine would make for the file
 * (its operations, with every id resolved), the courses' instances, groups and contexts.
 *
 * @param string $file
 * @return array
 */
function bench_floor_prepare(string $file): array {
    global $DB;
    $options = new run_options();
    $enrolsync = \EnrolSync\File::open($file, $options->read_options());
    $plan = $enrolsync->plan(state_reader::read($enrolsync, $options), $options->plan_options(time()));
    $courses = [];
    foreach ($plan->courses() as $courseid) {
        $batches = [];
        for ($offset = 0; $ops = $plan->operations($courseid, $offset, executor::BATCH); $offset += executor::BATCH) {
            $batches[] = $ops;
        }
        $courses[$courseid] = ['context' => \context_course::instance($courseid), 'batches' => $batches,
            'instances' => $DB->get_records('enrol', ['courseid' => $courseid]),
            'groups' => $DB->get_records('groups', ['courseid' => $courseid])];
    }
    return ['courses' => $courses, 'welcome' => $options->get('welcomemessages') !== 'never'];
}

/**
 * Moodle's API floor: the calls our executor makes for the plan (enrol_user, role_assign,
 * groups_create_group, groups_add_member, ...), with the same arguments, in transactions of the
 * same batches, in a bare loop: no run record, no list of changes, no managed enrolments, no
 * reading or planning.
 *
 * @param array $prepared as bench_floor_prepare() made it
 * @return int[] operations performed, by name
 */
function bench_floor_apply(array $prepared): array {
    global $DB;
    $plugins = [];
    $counts = [];
    foreach ($prepared['courses'] as $courseid => $course) {
        $context = $course['context'];
        $instances = $course['instances'];
        $groups = $course['groups'];
        $created = [];
        foreach ($course['batches'] as $ops) {
            $transaction = $DB->start_delegated_transaction();
            foreach ($ops as $op) {
                $counts[$op['op']] = ($counts[$op['op']] ?? 0) + 1;
                $userid = $op['userid'] ?? 0;
                $plugin = isset($op['method']) ? ($plugins[$op['method']] ??= enrol_get_plugin($op['method'])) : null;
                $instance = fn() => $instances[$op['instanceid'] ?: $created['method:' . $op['method']]];
                $group = fn() => $groups[$op['groupid'] ?: $created['group:' . $op['groupname']]];
                switch ($op['op']) {
                    case 'createinstance':
                        $id = $plugin->add_default_instance(get_course($courseid));
                        $created['method:' . $op['method']] = $id;
                        $instances[$id] = $DB->get_record('enrol', ['id' => $id]);
                        break;
                    case 'creategroup':
                        $id = groups_create_group((object) ['courseid' => $courseid, 'name' => $op['groupname']]);
                        $created['group:' . $op['groupname']] = $id;
                        $groups[$id] = $DB->get_record('groups', ['id' => $id]);
                        break;
                    case 'enrol':
                        $protected = $plugin->roles_protected();
                        $plugin->enrol_user(
                            $prepared['welcome'] ? $instance() : executor::without_welcome($instance()),
                            $userid,
                            $protected ? null : ($op['roleid'] ?: null),
                            $op['timestart'],
                            $op['timeend'],
                            ENROL_USER_ACTIVE
                        );
                        if ($protected && $op['roleid']) {
                            role_assign($op['roleid'], $userid, $context->id);
                        }
                        break;
                    case 'update':
                    case 'suspend':
                        $plugin->update_user_enrol($instance(), $userid, $op['status'], $op['timestart'], $op['timeend']);
                        break;
                    case 'unenrol':
                        $plugin->unenrol_user($instance(), $userid);
                        break;
                    case 'assign':
                        role_assign($op['roleid'], $userid, $context->id);
                        break;
                    case 'unassign':
                        role_unassign($op['roleid'], $userid, $context->id);
                        break;
                    case 'addmember':
                        groups_add_member($group(), (object) ['id' => $userid, 'deleted' => 0]);
                        break;
                    case 'removemember':
                        groups_remove_member($group(), $userid);
                        break;
                }
            }
            $transaction->allow_commit();
        }
    }
    ksort($counts);
    return $counts;
}

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
        $output = stream_get_contents($outputs[$i]);
        proc_close($process);
        // What cron printed, for a look afterwards.
        file_put_contents(make_temp_directory('tool_enrolsync_bench') . "/worker-$i.log", $output);
        $lines = explode("\n", trim($output));
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
    bench_profile_start();
    $cpu = bench_cpu();
    $reads = $DB->perf_get_reads();
    $writes = $DB->perf_get_writes();
    $start = microtime(true);
    \core\cron::run_adhoc_tasks(time(), 0, false, null, null, \tool_enrolsync\task\apply_part_task::class);
    get_log_manager()->dispose();
    return ['seconds' => microtime(true) - $start, 'reads' => $DB->perf_get_reads() - $reads,
        'writes' => $DB->perf_get_writes() - $writes, 'peakmb' => memory_get_peak_usage(true) / 1048576,
        'cpu' => array_map(fn($after, $before) => $after - $before, bench_cpu(), $cpu),
        'profile' => bench_profile_stop('ours')];
}

/**
 * With E2E_PROFILE=DIR in the environment, starts sampling this process's CPU time (the Excimer
 * profiler); otherwise nothing.
 */
function bench_profile_start(): void {
    if (!getenv('E2E_PROFILE')) {
        return;
    }
    if (!extension_loaded('excimer')) {
        cli_error('E2E_PROFILE needs the Excimer profiler (Debian: apt-get install php-excimer)');
    }
    // A sample a millisecond of CPU time; the log is folded into counts every 10,000 samples, so
    // that a run of half an hour keeps no more than that in memory.
    bench_profile::$stacks = [];
    $profiler = new ExcimerProfiler();
    $profiler->setEventType(EXCIMER_CPU);
    $profiler->setPeriod(bench_profile::PERIOD);
    $profiler->setFlushCallback(fn(ExcimerLog $log) => bench_profile::fold($log), 10000);
    $profiler->start();
    bench_profile::$profiler = $profiler;
}

/**
 * Stops the profiler, writes the stacks it sampled to E2E_PROFILE's folder (collapsed stacks:
 * one line a stack, with its count) and tells where the CPU time went (bench_profile::split()).
 *
 * @param string $tool ours, flatfile or floor
 * @return float[]|null null without a profiler
 */
function bench_profile_stop(string $tool): ?array {
    $profiler = bench_profile::$profiler;
    if (!$profiler) {
        return null;
    }
    // Stopping flushes what is left through the callback; the log it leaves holds the same
    // samples again (folding it as well counted them twice).
    $profiler->stop();
    // Excimer aborts the process if a profiler with a flush callback is left for PHP's shutdown.
    bench_profile::$profiler = null;
    unset($profiler);
    $stacks = '';
    foreach (bench_profile::$stacks as $stack => $count) {
        $stacks .= "$stack $count\n";
    }
    file_put_contents(sprintf('%s/%s-%s-%d.collapsed', getenv('E2E_PROFILE'), $tool, date('Ymd-His'), getmypid()), $stacks);
    return bench_profile::split($tool);
}

/**
 * What a tool left in the bench courses, whatever the enrolment method and role component: each
 * user enrolment (user, course, status), each role (user, course, role), the roles of users whose
 * enrolment in the course is active, and each group membership (user, course, group name). Counts
 * and hashes, compared between the tools.
 *
 * @return array
 */
function bench_outcome(): array {
    global $DB;
    $like = $DB->sql_like('c.idnumber', ':p');
    $key = fn(...$fields) => $DB->sql_concat(...array_merge(...array_map(fn($f) => [$f, "'|'"], $fields)));
    $enrolments = $DB->get_fieldset_sql("SELECT " . $key('c.idnumber', 'u.idnumber', 'ue.status') . "
        FROM {user_enrolments} ue JOIN {enrol} e ON e.id = ue.enrolid JOIN {course} c ON c.id = e.courseid
        JOIN {user} u ON u.id = ue.userid WHERE $like", ['p' => 'BC%']);
    $roles = $DB->get_records_sql("SELECT DISTINCT " . $key('c.idnumber', 'u.idnumber', 'r.shortname') . " AS k,
               (SELECT MIN(ue.status) FROM {user_enrolments} ue JOIN {enrol} e ON e.id = ue.enrolid
                 WHERE e.courseid = c.id AND ue.userid = u.id) AS status
        FROM {role_assignments} ra JOIN {context} x ON x.id = ra.contextid AND x.contextlevel = " . CONTEXT_COURSE . "
        JOIN {course} c ON c.id = x.instanceid JOIN {user} u ON u.id = ra.userid JOIN {role} r ON r.id = ra.roleid
        WHERE $like", ['p' => 'BC%']);
    $members = $DB->get_fieldset_sql("SELECT " . $key('c.idnumber', 'u.idnumber', 'g.name') . "
        FROM {groups_members} gm JOIN {groups} g ON g.id = gm.groupid JOIN {course} c ON c.id = g.courseid
        JOIN {user} u ON u.id = gm.userid WHERE $like", ['p' => 'BC%']);
    $active = array_keys(array_filter($roles, fn($r) => (string) $r->status === (string) ENROL_USER_ACTIVE));
    $roles = array_keys($roles);
    $hash = function (array $values): string {
        sort($values);
        return sha1(implode("\n", $values));
    };
    return ['enrolments' => count($enrolments), 'roles' => count($roles), 'members' => count($members),
        'suspended' => count(array_filter($enrolments, fn($e) => substr($e, -2) !== '0|')),
        'activeroles' => count($active), 'enrolhash' => $hash($enrolments), 'rolehash' => $hash($roles),
        'activerolehash' => $hash($active), 'memberhash' => $hash($members)];
}

$command = $argv[1] ?? '';
if ($command === 'generate') {
    [, , $users, $courses, $seed, $out] = $argv;
    bench_configure();
    bench_generate_site((int) $users, (int) $courses);
    // The adhoc tasks the install queued (a theme's CSS, a setting), run as a site's cron would
    // have: waiting in the queue, they would take the only cron worker Moodle's fair share gives
    // to our part tasks' class while other classes wait (see bench/README.md).
    \core\cron::run_adhoc_tasks(time(), 0, false);
    foreach (array_slice($argv, 6) as $lines) {
        (new e2e_feed((int) $users, (int) $courses, (int) $lines, (int) $seed))->write($out);
    }
    echo json_encode(['users' => (int) $users, 'courses' => (int) $courses]), "\n";
} else if ($command === 'measure' || $command === 'worker') {
    bench_swap_db();
    if ($command === 'worker') {
        echo json_encode(bench_worker()), "\n";
    } else {
        $trace = getenv('E2E_SQLTRACE');
        $pid = $trace ? (int) $DB->get_field_sql('SELECT pg_backend_pid()') : 0;
        bench_db::$trace = $trace ? [] : null;
        $result = bench_measure($argv[2], $argv[3], json_decode($argv[4] ?? '{}', true));
        if ($trace) {
            $statements = bench_db::$trace;
            bench_db::$trace = null;
            file_put_contents($trace, json_encode(['pid' => $pid, 'statements' => $statements]));
        }
        echo json_encode($result), "\n";
    }
} else if ($command === 'outcome') {
    echo json_encode(bench_outcome()), "\n";
} else {
    cli_error('usage: php e2e_site.php generate|measure|worker|outcome ...');
}
