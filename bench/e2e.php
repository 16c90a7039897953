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
 * End-to-end benchmark on a real Moodle site: tool_enrolsync against Moodle core's enrol_flatfile
 * and against Moodle's API floor, the same feeds applied to the same site, measured in one run.
 * Command line only; the results are in bench/README.md.
 *
 *   MOODLE_DIR=/tmp/moodle-bench/moodle php bench/e2e.php [--durable=1,0] [--cases=...] [LINES...]
 *   MOODLE_DIR=... php bench/e2e.php --statements[=LINES]   statements per new enrolment, from PostgreSQL's log
 *   php bench/e2e.php --table=RESULTS.json[,MORE.json]       the table of earlier runs
 *
 * The site's database is PostgreSQL or MariaDB, as its env.sh says (setup.sh's DB); --statements
 * needs PostgreSQL.
 *
 * LINES: the sizes (default 10000). --durable: the database's durability settings to run, in order
 * (1: production: PostgreSQL's fsync, synchronous commit and full page writes on, MariaDB's log
 * flushed at each commit; 0: the test settings); switched with PG_DURABLE in
 * ../shared/moodle/setup.sh; default 1,0. --cases: a
 * comma-separated list of the case keys below (default: all but 6b); --dryrun-lines=N: the feed
 * of 6b (default 500000: about a million operations); --rounds=N: 5 and 5b measure the pair N
 * times (the floor first every other round), and so do 4 and 4b (each side restored to its state
 * after the initial apply, the order reversed every round); each side keeps its fastest: the
 * noise of a shared machine is larger than the difference they measure. --profile: every measure
 * samples its CPU time with the Excimer profiler (php-excimer), and the table shows PHP's CPU time inside
 * Moodle's calls that make the operations' changes (enrol_user(), role_assign(),
 * groups_add_member(), ...: the same work on both sides) and in each side's own code (with what
 * it asks of Moodle for itself: tool_enrolsync's reading and records, and the extension it calls;
 * the floor's loop; enrol_flatfile's reading and lookups): a measure of the overhead that the
 * machine's noise does not blur, both taken in the same process; the stacks go to
 * $BASE/e2e-feeds/profiles.
 *
 * Cases: 1 initial apply (ours with groups, enrol_flatfile); 1b ours without groups; 1c1, 1c2,
 * 1c3: ours in 1, 2, 3 parts applied by as many cron workers at once, with groups; 1d1..1d3:
 * the same without groups; 2 re-run of the same feed; 3 a 5 % change; 4 the nightly full roster
 * (ours: full sync, suspend), 4b the same without groups, 4c with groups in 2 parts applied by 2
 * cron workers; 5 and 5b the initial apply against
 * Moodle's API floor, with and without groups; 6 the initial apply without the list of changes;
 * 6b a dry run of --dryrun-lines, with and without the list of changes.
 *
 * The site is built by ../shared/moodle/setup.sh (best a site of its own, for its snapshot becomes
 * the bench data set: BASE=/tmp/moodle-bench PGPORT=5434 SKIP_PHPUNIT=1 PLUGIN=$PWD bash
 * ../shared/moodle/setup.sh; after editing the plugin, the same with --sync). The script adds
 * 5,000 users and 200 courses, writes the feeds (into $BASE/e2e-feeds), takes that state as the
 * site's snapshot (setup.sh --snapshot), then for each durability and size runs chains of cases,
 * each from the snapshot (setup.sh --reset), each measure in a process of its own; a chain that
 * needs the state after a case twice saves it as a database of its own (e2e_*: PostgreSQL's
 * template copy, or a MariaDB dump) and restores it. After each case it compares what both sides left. Results are
 * saved as they come ($BASE/e2e-feeds/results-*.json) and printed as one table.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// Outside the command line (a web request), refuse before doing anything. The bench drives Moodle
// through processes of its own, so it includes no config.php itself.
// phpcs:ignore moodle.Files.MoodleInternal.MoodleInternalGlobalState
if (PHP_SAPI !== 'cli') {
    http_response_code(403);
    exit('Command line scripts can not be executed from the web interface');
}

/** Users of the bench site. */
const E2E_USERS = 5000;
/** Courses of the bench site. */
const E2E_COURSES = 200;
/** The feeds' seed: the same feeds on every run. */
const E2E_SEED = 20261125;
/**
 * Bumped when what the snapshot holds changes (v2: welcome messages off by tool_enrolsync's setting;
 * v3: the install's adhoc tasks run; v4: the plugin's tables renamed for MariaDB).
 */
const E2E_SNAPSHOT = 'v4';
/** The outcome's hashes: enrolments with their status, roles, group memberships. */
const E2E_ALL = ['enrolhash', 'rolehash', 'memberhash'];
/**
 * The cases: what ours does (the table puts the case's key before it), what it is measured
 * against, and the ratio printed (against/ours: how many times faster ours is; ours/against: what
 * ours costs more), and what the outcomes must share (hashes of e2e_site.php's outcome).
 */
const E2E_CASES = [
    '1' => ['initial apply', 'enrol_flatfile', 'a/o', ['enrolhash', 'rolehash']],
    '1b' => ['initial apply, no groups', 'enrol_flatfile', 'a/o', ['enrolhash', 'rolehash']],
    '1c1' => ['initial, 1 part, 1 cron worker', 'ours in one process', 'a/o', E2E_ALL],
    '1c2' => ['initial, 2 parts, 2 cron workers', 'ours in one process', 'a/o', E2E_ALL],
    '1c3' => ['initial, 3 parts, 3 cron workers', 'ours in one process', 'a/o', E2E_ALL],
    '1d1' => ['no groups, 1 part, 1 cron worker', 'ours in one process', 'a/o', E2E_ALL],
    '1d2' => ['no groups, 2 parts, 2 cron workers', 'ours in one process', 'a/o', E2E_ALL],
    '1d3' => ['no groups, 3 parts, 3 cron workers', 'ours in one process', 'a/o', E2E_ALL],
    '2' => ['re-run, nothing changes', 'enrol_flatfile', 'a/o', ['enrolhash', 'rolehash']],
    '3' => ['5 % change', 'enrol_flatfile', 'a/o', ['enrolhash', 'rolehash']],
    '4' => ['nightly full roster', 'enrol_flatfile', 'a/o', ['enrolhash', 'activerolehash']],
    '4b' => ['nightly full roster, no groups', 'enrol_flatfile', 'a/o', ['enrolhash', 'activerolehash']],
    '4c' => ['nightly roster, 2 parts, 2 workers', 'enrol_flatfile', 'a/o', ['enrolhash', 'activerolehash']],
    '5' => ['initial apply', "Moodle's API floor", 'o/a', E2E_ALL],
    '5b' => ['initial apply, no groups', "Moodle's API floor", 'o/a', E2E_ALL],
    '6' => ['initial apply', 'ours without the list of changes', 'o/a', E2E_ALL],
    '6b' => ['dry run', 'ours without the list of changes', 'o/a', E2E_ALL],
];

$options = getopt('', ['durable:', 'cases:', 'statements::', 'dryrun-lines:', 'table:', 'rounds:', 'profile'], $rest);
if (isset($options['table'])) {
    $saved = array_map(fn($f) => json_decode(file_get_contents($f), true), explode(',', $options['table']));
    exit(e2e_print_table(array_replace_recursive(...array_column($saved, 'cases'))) ? 0 : 1);
}
$moodle = getenv('MOODLE_DIR') ?: e2e_fail("set MOODLE_DIR to the bench site's code (see the header of bench/e2e.php)");
// Moodle's root (admin/cli): the code tree, or from Moodle 5.1 the parent of its web root public/,
// which MOODLE_DIR names (it holds the plugins).
$root = is_file("$moodle/admin/cli/upgrade.php") ? $moodle : dirname($moodle);
$base = getenv('BASE') ?: dirname($root);
$setup = getenv('SETUP') ?: __DIR__ . '/../../shared/moodle/setup.sh';
// The site's port, as its env.sh tells it (setup.sh's default otherwise).
$env = (string) @file_get_contents("$base/env.sh");
$port = preg_match('/MOODLE_DBPORT=(\d+)/', $env, $m) ? $m[1] : '5433';
$mariadb = preg_match('/MOODLE_DB=mariadb/', $env) === 1;
$sizes = array_map('intval', array_slice($argv, $rest)) ?: [10000];
$durabilities = array_map('intval', explode(',', $options['durable'] ?? '1,0'));
$cases = explode(',', $options['cases'] ?? implode(',', array_diff(array_keys(E2E_CASES), ['6b'])));
if ($unknown = array_diff($cases, array_keys(E2E_CASES))) {
    e2e_fail('unknown cases: ' . implode(', ', $unknown) . ' (the keys: ' . implode(', ', array_keys(E2E_CASES)) . ')');
}
// In the order of E2E_CASES, which is the order of the chains' steps.
$cases = array_values(array_intersect(array_keys(E2E_CASES), $cases));
$dryrunlines = (int) ($options['dryrun-lines'] ?? 500000);
$rounds = max(1, (int) ($options['rounds'] ?? 1));
$statements = isset($options['statements']) ? ((int) $options['statements'] ?: 1000) : 0;
// The feeds live outside the checkout, which setup.sh --sync copies into the site.
$data = "$base/e2e-feeds";
$site = "$moodle/admin/tool/enrolsync/bench/e2e_site.php";
if (isset($options['profile'])) {
    // Read by every measuring process (e2e_site.php) and the cron workers it starts.
    @mkdir("$data/profiles", 0777, true);
    putenv("E2E_PROFILE=$data/profiles");
}

/**
 * Runs a command; its standard output's last line, decoded from JSON.
 *
 * @param string $command
 * @return mixed
 */
function e2e_run(string $command) {
    for ($attempt = 1; true; $attempt++) {
        $output = [];
        exec($command . ' 2>&1', $output, $status);
        if ($status === 0) {
            return json_decode((string) end($output), true);
        }
        // The extension is installed globally by others: a process that starts while it is being
        // copied finds none, and its run is rejected before it writes anything. Once more, later.
        if ($attempt === 1 && preg_grep('/rejected extension/', $output)) {
            e2e_log('the extension was missing (being installed?): once more in 30 s');
            sleep(30);
            continue;
        }
        e2e_fail(implode("\n", array_slice($output, -40)) . "\nfailed: $command");
    }
}

/**
 * Stops the bench with a message.
 *
 * @param string $message
 */
function e2e_fail(string $message): void {
    fwrite(STDERR, "$message\n");
    exit(2);
}

/**
 * Runs setup.sh: --reset restores the site's snapshot, --snapshot takes it; with $durable, a
 * plain run that switches the database's durability.
 *
 * @param string $mode --reset, --snapshot or '' (with $durable)
 * @param int|null $durable PG_DURABLE
 */
function e2e_setup(string $mode, ?int $durable = null): void {
    global $setup, $base, $port, $mariadb;
    $env = "BASE=" . escapeshellarg($base) . ($mariadb ? " DB=mariadb MARIADB_PORT=$port" : " PGPORT=$port")
        . ' SKIP_PHPUNIT=1' . ($durable === null ? '' : " PG_DURABLE=$durable");
    exec("$env bash " . escapeshellarg($setup) . " $mode 2>&1", $output, $status);
    if ($status !== 0) {
        e2e_fail(implode("\n", $output) . "\nsetup.sh $mode failed");
    }
}

/**
 * Runs SQL on the bench's database server as its superuser (PostgreSQL: one statement, for CREATE
 * DATABASE runs alone, in its database postgres); its output.
 *
 * @param string $sql
 * @return string
 */
function e2e_sql(string $sql): string {
    global $base, $port, $mariadb;
    $client = $mariadb ? e2e_mariadb_client('mariadb') . ' -N -B -e '
        : 'runuser -u postgres -- psql -h ' . escapeshellarg("$base/pg") . " -p $port -d postgres -v ON_ERROR_STOP=1 -qAt -c ";
    exec($client . escapeshellarg($sql) . ' 2>&1', $output, $status);
    if ($status !== 0) {
        e2e_fail(implode("\n", $output) . "\nfailed: $sql");
    }
    return implode("\n", $output);
}

/**
 * A MariaDB client command on the bench server's socket, as its superuser.
 *
 * @param string $client mariadb or mariadb-dump
 * @return string
 */
function e2e_mariadb_client(string $client): string {
    global $base;
    return "$client --protocol=socket -S " . escapeshellarg("$base/mariadb/mysqld.sock") . ' -uroot';
}

/**
 * Copies database $from into $to (PostgreSQL's template copy; MariaDB: a dump loaded again).
 *
 * @param string $from
 * @param string $to
 */
function e2e_copy_database(string $from, string $to): void {
    global $mariadb;
    if ($mariadb) {
        e2e_sql("DROP DATABASE IF EXISTS $to; CREATE DATABASE $to DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        // Through bash with pipefail: a dump that fails must fail the copy, not load half a database.
        $copy = e2e_mariadb_client('mariadb-dump') . " --single-transaction --quick $from | "
            . e2e_mariadb_client('mariadb') . " $to";
        e2e_run('bash -o pipefail -c ' . escapeshellarg("$copy && echo null"));
        return;
    }
    foreach ([$from, $to] as $name) {
        e2e_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$name' AND pid <> pg_backend_pid()");
    }
    e2e_sql("DROP DATABASE IF EXISTS $to");
    e2e_sql("CREATE DATABASE $to OWNER moodle TEMPLATE $from");
}

/**
 * Saves the site's state (database and data root) under a name, for e2e_restore().
 *
 * @param string $name
 */
function e2e_save(string $name): void {
    global $base, $root;
    e2e_run('php ' . escapeshellarg("$root/admin/cli/purge_caches.php") . ' && echo null');
    e2e_copy_database('moodle', "e2e_$name");
    e2e_run("mkdir -p " . escapeshellarg("$base/e2e-saved") . " && rsync -a --delete " . escapeshellarg("$base/moodledata/") . " "
        . escapeshellarg("$base/e2e-saved/$name/") . " && echo null");
}

/**
 * Restores the state saved under a name.
 *
 * @param string $name
 */
function e2e_restore(string $name): void {
    global $base, $root;
    e2e_copy_database("e2e_$name", 'moodle');
    e2e_run('rsync -a --delete ' . escapeshellarg("$base/e2e-saved/$name/") . ' ' . escapeshellarg("$base/moodledata/")
        . ' && echo null');
    e2e_run('php ' . escapeshellarg("$root/admin/cli/purge_caches.php") . ' && echo null');
}

/**
 * Drops the saved states.
 */
function e2e_forget_saved(): void {
    global $base, $mariadb;
    $saved = e2e_sql($mariadb ? "SHOW DATABASES LIKE 'e2e\\_%'" : "SELECT datname FROM pg_database WHERE datname LIKE 'e2e\\_%'");
    foreach (array_filter(explode("\n", $saved)) as $name) {
        e2e_sql("DROP DATABASE IF EXISTS $name");
    }
    exec('rm -rf ' . escapeshellarg("$base/e2e-saved"));
}

/**
 * One measured run, in a process of its own, and what it left.
 *
 * @param string $tool ours, flatfile or floor
 * @param string $file
 * @param array $options see bench/e2e_site.php
 * @return array the measure, with the outcome and the feed's number of lines
 */
function e2e_measure(string $tool, string $file, array $options = []): array {
    global $site;
    $command = 'php ' . escapeshellarg($site) . " measure $tool " . escapeshellarg($file) . ' '
        . escapeshellarg(json_encode((object) $options));
    $result = e2e_run($command);
    $result['outcome'] = e2e_run('php ' . escapeshellarg($site) . ' outcome');
    $result['lines'] = count(file($file, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES)) - (str_ends_with($file, '.csv') ? 1 : 0);
    return $result;
}

/**
 * Records a case's two sides, and saves all results so far.
 *
 * @param int $durable
 * @param int $lines
 * @param string $case
 * @param array $ours
 * @param array $against
 */
function e2e_record(int $durable, int $lines, string $case, array $ours, array $against): void {
    global $results, $resultsfile;
    foreach (['ours' => $ours, 'against' => $against] as $side => $result) {
        if ($result['durable'] !== (bool) $durable) {
            e2e_fail("case $case: the database's durability is not what was asked ($durable)");
        }
    }
    $results['cases'][$durable][$lines][$case] = ['ours' => $ours, 'against' => $against];
    file_put_contents($resultsfile, json_encode($results, JSON_PRETTY_PRINT));
}

/**
 * Logs a step.
 *
 * @param string $format
 * @param mixed ...$args
 */
function e2e_log(string $format, ...$args): void {
    fprintf(STDERR, "[%s] %s\n", date('H:i:s'), vsprintf($format, $args));
}

// The bench's snapshot is taken once, from setup.sh's clean one: every case starts from it, so that
// what an earlier run applied never becomes part of the data set.
$marker = "$base/e2e-snapshot-" . E2E_USERS . '-' . E2E_COURSES . '-' . E2E_SNAPSHOT;
e2e_setup('--reset');
$feedsizes = array_unique(array_merge($sizes, $statements ? [$statements] : [], in_array('6b', $cases) ? [$dryrunlines] : []));
e2e_log('generating %d users, %d courses and the feeds...', E2E_USERS, E2E_COURSES);
e2e_run('php ' . escapeshellarg($site) . ' generate ' . E2E_USERS . ' ' . E2E_COURSES . ' ' . E2E_SEED . ' '
    . escapeshellarg($data) . ' ' . implode(' ', $feedsizes));
if (!file_exists($marker)) {
    e2e_setup('--snapshot');
    touch($marker);
}
if ($statements) {
    if ($mariadb) {
        e2e_fail('--statements reads PostgreSQL\'s log: a site on PostgreSQL');
    }
    require(__DIR__ . '/e2e_statements.php');
    e2e_statements($statements);
    exit(0);
}

$results = [];
$resultsfile = "$data/results-" . date('Ymd-His') . '.json';
$need = fn(string ...$keys) => (bool) array_intersect($keys, $cases);
foreach ($durabilities as $durable) {
    e2e_setup('', $durable);
    foreach ($sizes as $lines) {
        $ours = fn(string $which, bool $groups = true) => "$data/ours-$lines-$which" . ($groups ? '' : '-nogroups') . '.csv';
        $flat = fn(string $which) => "$data/flatfile-$lines-$which.txt";
        $fullsync = ['fullsync' => 1, 'removalaction' => 'suspend', 'threshold' => 10];
        // Enrol_flatfile's only action that suspends (which also takes the roles away).
        $suspend = ['unenrolaction' => 'ENROL_EXT_REMOVED_SUSPENDNOROLES'];
        $r = [];
        $step = function (string $key, string $what, string $tool, string $file, array $options = []) use (&$r, $lines, $durable) {
            global $results, $resultsfile;
            if ($key === 'round') {
                // Rounds are kept under their number.
                $key = 'round' . count($results['measures'][$durable][$lines] ?? []);
            }
            e2e_log('durable=%d, %d lines: %s...', $durable, $lines, $what);
            $r[$key] = e2e_measure($tool, $file, $options);
            // Every measure is kept as it comes, should a later one fail.
            $results['measures'][$durable][$lines][$key] = $r[$key];
            file_put_contents($resultsfile, json_encode($results, JSON_PRETTY_PRINT));
            return $r[$key];
        };
        // More rounds of measures taken once (--rounds): each side again from its state (its restore
        // callable), in turn, the order reversed every round (the floor first in round 2 of 5 and
        // 5b); each side keeps its fastest measure, with every round's time under 'rounds'.
        // $sides: key => [the first measure, restore, tool, file, options].
        $morerounds = function (string $what, array $sides) use ($rounds, $step): array {
            $best = array_map(fn($side) => $side[0] + ['rounds' => [$side[0]['seconds']]], $sides);
            for ($round = 2; $round <= $rounds; $round++) {
                foreach ($round % 2 ? array_keys($sides) : array_reverse(array_keys($sides)) as $key) {
                    [, $restore, $tool, $file, $options] = $sides[$key];
                    $restore();
                    $measure = $step('round', "round $round of $what: $key", $tool, $file, $options);
                    $times = [...$best[$key]['rounds'], $measure['seconds']];
                    if ($measure['seconds'] < $best[$key]['seconds']) {
                        $best[$key] = $measure;
                    }
                    $best[$key]['rounds'] = $times;
                }
            }
            return $best;
        };
        // Ours, with groups: 1, 2, then 3, 4 and 4c, each from the state after 1 (saved when more
        // than one of them needs it).
        if ($need('1', '2', '3', '4', '4c', '5', '6', '1c1', '1c2', '1c3')) {
            e2e_setup('--reset');
            $step('ours1', 'ours, initial apply', 'ours', $ours('initial'));
            if ($need('2')) {
                $step('ours2', 'ours, re-run', 'ours', $ours('initial'));
            }
            $after1 = array_values(array_intersect(['3', '4', '4c'], $cases));
            if (count($after1) > 1 || ($rounds > 1 && $need('4'))) {
                e2e_save('ours');
            }
            foreach ($after1 as $i => $case) {
                if ($i > 0) {
                    e2e_restore('ours');
                }
                if ($case === '3') {
                    $step('ours3', 'ours, 5 % change', 'ours', $ours('change'));
                } else if ($case === '4') {
                    $step('ours4', 'ours, nightly roster (full sync)', 'ours', $ours('roster'), $fullsync);
                } else {
                    $step(
                        'ours4c',
                        'ours, nightly roster (full sync) in 2 parts',
                        'ours',
                        $ours('roster'),
                        $fullsync + ['parts' => 2]
                    );
                }
            }
        }
        // Enrol_flatfile: 1, 2, 3 (del unenrols), 4 (del suspends: its only way, which also takes the roles away).
        if ($need('1', '1b', '2', '3', '4', '4b', '4c')) {
            e2e_setup('--reset');
            $step('flat1', 'enrol_flatfile, initial apply', 'flatfile', $flat('initial'));
            if ($need('2')) {
                $step('flat2', 'enrol_flatfile, re-run', 'flatfile', $flat('initial'));
            }
            if (($need('3') && $need('4', '4b', '4c')) || ($rounds > 1 && $need('4', '4b'))) {
                e2e_save('flatfile');
            }
            if ($need('3')) {
                $step('flat3', 'enrol_flatfile, 5 % change', 'flatfile', $flat('change'));
            }
            if ($need('4', '4b', '4c')) {
                if ($need('3')) {
                    e2e_restore('flatfile');
                }
                $step('flat4', 'enrol_flatfile, nightly roster', 'flatfile', $flat('roster'), $suspend);
            }
        }
        // Ours without groups: 1b, 4b.
        if ($need('1b', '4b', '5b', '1d1', '1d2', '1d3')) {
            e2e_setup('--reset');
            $step('ours1b', 'ours, initial apply without groups', 'ours', $ours('initial', false));
            if ($need('4b')) {
                if ($rounds > 1) {
                    e2e_save('oursb');
                }
                $step('ours4b', 'ours, nightly roster without groups (full sync)', 'ours', $ours('roster', false), $fullsync);
            }
        }
        if ($rounds > 1 && $need('4', '4b')) {
            $sides = ['flat4' => [$r['flat4'], fn() => e2e_restore('flatfile'), 'flatfile', $flat('roster'), $suspend]];
            if ($need('4')) {
                $sides['ours4'] = [$r['ours4'], fn() => e2e_restore('ours'), 'ours', $ours('roster'), $fullsync];
            }
            if ($need('4b')) {
                $sides['ours4b'] = [$r['ours4b'], fn() => e2e_restore('oursb'), 'ours', $ours('roster', false), $fullsync];
            }
            $r = array_replace($r, $morerounds('the roster', $sides));
        }
        foreach (['5' => true, '5b' => false] as $case => $groups) {
            if ($need($case)) {
                e2e_setup('--reset');
                $step("floor$case", "Moodle's API floor" . ($groups ? '' : ' without groups'), 'floor', $ours('initial', $groups));
                $reset = fn() => e2e_setup('--reset');
                $best = $morerounds("case $case", [
                    'ours' => [$r[$groups ? 'ours1' : 'ours1b'], $reset, 'ours', $ours('initial', $groups), []],
                    'floor' => [$r["floor$case"], $reset, 'floor', $ours('initial', $groups), []],
                ]);
                $r["bestours$case"] = $best['ours'];
                $r["bestfloor$case"] = $best['floor'];
            }
        }
        foreach (['1c' => true, '1d' => false] as $prefix => $groups) {
            foreach ([1, 2, 3] as $parts) {
                if ($need("$prefix$parts")) {
                    e2e_setup('--reset');
                    $step(
                        "$prefix$parts",
                        "ours in $parts parts" . ($groups ? '' : ' without groups'),
                        'ours',
                        $ours('initial', $groups),
                        ['parts' => $parts]
                    );
                }
            }
        }
        if ($need('6')) {
            e2e_setup('--reset');
            $step('nolist', 'ours, initial apply without the list of changes', 'ours', $ours('initial'), ['nojournal' => 1]);
        }
        // The cases, as pairs.
        $pairs = ['1' => ['ours1', 'flat1'], '1b' => ['ours1b', 'flat1'], '2' => ['ours2', 'flat2'], '3' => ['ours3', 'flat3'],
            '4' => ['ours4', 'flat4'], '4b' => ['ours4b', 'flat4'], '4c' => ['ours4c', 'flat4'],
            '5' => ['bestours5', 'bestfloor5'], '5b' => ['bestours5b', 'bestfloor5b'], '6' => ['ours1', 'nolist'],
            '1c1' => ['1c1', 'ours1'], '1c2' => ['1c2', 'ours1'], '1c3' => ['1c3', 'ours1'],
            '1d1' => ['1d1', 'ours1b'], '1d2' => ['1d2', 'ours1b'], '1d3' => ['1d3', 'ours1b']];
        foreach ($pairs as $case => [$o, $a]) {
            if ($need($case)) {
                e2e_record($durable, $lines, $case, $r[$o], $r[$a]);
            }
        }
    }
    if ($need('6b')) {
        $r = [];
        foreach (['with' => [], 'without' => ['nojournal' => 1]] as $key => $nolist) {
            e2e_setup('--reset');
            e2e_log('durable=%d: dry run of %d lines, %s the list of changes...', $durable, $dryrunlines, $key);
            $r[$key] = e2e_measure('ours', "$data/ours-$dryrunlines-initial.csv", ['dryrun' => 1] + $nolist);
        }
        e2e_record($durable, $dryrunlines, '6b', $r['with'], $r['without']);
    }
}
e2e_forget_saved();
e2e_log('results saved in %s', $resultsfile);
exit(e2e_print_table($results['cases'] ?? []) ? 0 : 1);

/**
 * A figure, rounded for the table.
 *
 * @param float|int|null $value
 * @return string
 */
function e2e_number($value): string {
    if ($value === null) {
        return '-';
    }
    if (is_int($value)) {
        return number_format($value);
    }
    return $value >= 100 ? number_format($value) : number_format($value, $value >= 10 ? 1 : 2);
}

/**
 * Prints the table of results: per size and case, the figures of ours, of what it is measured
 * against, and their ratio, for each durability setting side by side (production first).
 *
 * @param array $results durable => lines => case => [ours, against]
 * @return bool whether every case left the same outcome on both sides
 */
function e2e_print_table(array $results): bool {
    krsort($results);
    $durabilities = array_keys($results);
    $rows = [];
    foreach ($results as $durable => $sizes) {
        foreach ($sizes as $lines => $cases) {
            foreach ($cases as $case => $pair) {
                $rows[$lines][$case][$durable] = $pair;
            }
        }
    }
    ksort($rows);
    // The first column as wide as its longest title.
    $titles = [];
    foreach ($rows as $lines => $cases) {
        foreach (array_keys($cases) as $case) {
            $titles[$lines][$case] = [sprintf('%s. %s, %s', $case, E2E_CASES[$case][0], number_format($lines)),
                sprintf('  (vs %s, %s)', E2E_CASES[$case][1], E2E_CASES[$case][2] === 'a/o' ? 'them/ours' : 'ours/them')];
        }
    }
    $lengths = [];
    array_walk_recursive($titles, function ($title) use (&$lengths) {
        $lengths[] = mb_strlen($title);
    });
    $width = [max($lengths), 33];
    $head = sprintf("%-{$width[0]}s %-{$width[1]}s", 'case, lines', 'figure');
    $rule = sprintf("%-{$width[0]}s %-{$width[1]}s", '', '');
    foreach ($durabilities as $durable) {
        $head .= sprintf(' | %11s %11s %8s', 'ours', 'against', 'ratio');
        $rule .= sprintf(' | %-32s', $durable ? 'production durability' : 'test settings (no flush)');
    }
    echo "$rule\n$head\n";
    $same = true;
    $order = array_flip(array_keys(E2E_CASES));
    foreach ($rows as $lines => $cases) {
        uksort($cases, fn($a, $b) => $order[$a] <=> $order[$b]);
        foreach ($cases as $case => $bydurability) {
            [, , $ratio, $compare] = E2E_CASES[$case];
            $figures = [
                'wall time (s)' => fn($r) => $r['seconds'],
                'database reads' => fn($r) => $r['reads'],
                'database writes' => fn($r) => $r['writes'],
                'queries per feed line' => fn($r) => ($r['reads'] + $r['writes']) / max(1, $r['lines']),
                'peak PHP memory (MB)' => fn($r) => $r['peakmb'],
                // Runs before the database's figure was named db called it pg (PostgreSQL's).
                'CPU: PHP, database (s)' => fn($r) => isset($r['cpu'])
                    ? sprintf('%.1f+%.1f', $r['cpu']['php'], $r['cpu']['db'] ?? $r['cpu']['pg']) : null,
                "CPU: PHP in Moodle's calls (s)" => fn($r) => $r['profile']['calls'] ?? null,
                'CPU: PHP in its own code (s)' => fn($r) => $r['profile']['own'] ?? null,
            ];
            if (str_starts_with($case, '1c') || str_starts_with($case, '1d') || $case === '4c') {
                $figures += [
                    "ours: each worker's time (s)" => fn($r) => isset($r['workers'])
                        ? implode(' ', array_map(fn($w) => sprintf('%.0f', $w['seconds'] ?? 0), $r['workers'])) : null,
                    'deadlocks' => fn($r) => $r['deadlocks'] ?? null,
                ];
            }
            if (in_array($case, ['4', '4b', '5', '5b'])) {
                $figures += [
                    'wall time of each round (s)' => fn($r) => isset($r['rounds'])
                        ? implode(' ', array_map(fn($t) => sprintf($t < 100 ? '%.1f' : '%.0f', $t), $r['rounds'])) : null,
                ];
            }
            if (in_array($case, ['5', '5b', '6'])) {
                $figures += [
                    'ours before the writes (s)' => fn($r) => $r['phases']['before'] ?? null,
                    'ours: list of changes (s)' => fn($r) => isset($r['phases']) ? $r['phases']['changes'] : null,
                    'ours: managed records (s)' => fn($r) => isset($r['phases']) ? $r['phases']['managed'] : null,
                    'ours after the writes (s)' => fn($r) => $r['phases']['after'] ?? null,
                ];
            }
            if (in_array($case, ['5', '5b', '6', '6b'])) {
                $figures += [
                    'changes: rows' => fn($r) => $r['tables']['tool_enrolsync_changes'][1],
                    'changes: table size (MB)' => fn($r) => $r['tables']['tool_enrolsync_changes'][0] / 1048576,
                ];
            }
            // What both sides left in the bench courses, as the outcome's hashes compare it.
            $active = in_array('activerolehash', $compare);
            $figures += [
                'left: enrolments' => fn($r) => $r['outcome']['enrolments'],
                'left: of them suspended' => fn($r) => $active ? $r['outcome']['suspended'] : null,
                'left: roles' => fn($r) => $active ? null : $r['outcome']['roles'],
                'left: roles of active enrolments' => fn($r) => $active ? $r['outcome']['activeroles'] : null,
                'left: group memberships' => fn($r) => in_array('memberhash', $compare) ? $r['outcome']['members'] : null,
            ];
            $title = $titles[$lines][$case];
            foreach ($figures as $figure => $value) {
                $shown = false;
                foreach ($bydurability as $pair) {
                    $shown = $shown || $value($pair['ours']) !== null || $value($pair['against']) !== null;
                }
                if (!$shown) {
                    continue;
                }
                printf("%-{$width[0]}s %-{$width[1]}s", array_shift($title) ?? '', $figure);
                foreach ($durabilities as $durable) {
                    $pair = $bydurability[$durable] ?? null;
                    if (!$pair) {
                        printf(' | %32s', '');
                        continue;
                    }
                    [$o, $a] = [$value($pair['ours']), $value($pair['against'])];
                    if (is_string($o) || is_string($a)) {
                        printf(' | %11s %11s %8s', $o ?? '-', $a ?? '-', '');
                        continue;
                    }
                    $r = $ratio === 'a/o' ? [$a, $o] : [$o, $a];
                    // A size, or one side's detail: no ratio.
                    $noratio = preg_match('/^(changes|ours|left|CPU: PHP in)/', $figure) === 1;
                    // Padded by characters: printf() pads by bytes, and × takes two.
                    $shown = !$noratio && $r[0] !== null && $r[1] ? sprintf('%.2f×', $r[0] / $r[1]) : '-';
                    $shown = str_repeat(' ', max(0, 8 - mb_strlen($shown))) . $shown;
                    printf(' | %11s %11s %s', e2e_number($o), e2e_number($a), $shown);
                }
                echo "\n";
            }
            printf("%-{$width[0]}s %-{$width[1]}s", array_shift($title) ?? '', 'the same outcome');
            foreach ($durabilities as $durable) {
                $pair = $bydurability[$durable] ?? null;
                $identical = (bool) $pair;
                foreach ($pair ? $compare : [] as $hash) {
                    $identical = $identical && $pair['ours']['outcome'][$hash] === $pair['against']['outcome'][$hash];
                }
                $same = $same && (!$pair || $identical);
                printf(' | %11s %11s %8s', '', '', $pair ? ($identical ? 'yes' : 'NO') : '');
            }
            echo "\n";
        }
    }
    echo $same ? "Both sides left the same enrolments, statuses and roles (and groups, where both make them) after every case.\n"
        : "The outcomes differ.\n";
    return $same;
}
