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
 * bench/e2e.php --statements[=LINES]: where the time of an initial apply goes, statement by
 * statement. PostgreSQL logs every statement with its duration (log_min_duration_statement = 0 on
 * the bench cluster, for the time of this step only), and the measured process notes, for every
 * statement its database driver sends, the Moodle API call the tool made (enrol_user, role_assign,
 * groups_add_member, its own queries, ...) and the event observer or hook callback on the way, if
 * any, with the time the statement took as PHP saw it (bench_db in e2e_site.php). The two lists are
 * joined in order (the savepoint the driver sets after each write inside a transaction goes with
 * its write). It runs ours with and without groups, the API floor, and enrol_flatfile on LINES new
 * enrolments, each from the site's snapshot, and prints each run's statements per line of the feed.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// Outside the command line (a web request), refuse before doing anything. A script that runs
// without Moodle, so no config.php: this check stands for Moodle's.
// phpcs:ignore moodle.Files.MoodleInternal.MoodleInternalGlobalState
if (PHP_SAPI !== 'cli') {
    http_response_code(403);
    exit('Command line scripts can not be executed from the web interface');
}

/** What the driver sends after each write inside a transaction (MDL-35506), and without PHP's notice. */
const E2E_SAVEPOINT = 'RELEASE SAVEPOINT moodle_pg_savepoint; SAVEPOINT moodle_pg_savepoint';

/**
 * Runs the step and prints its tables.
 *
 * @param int $lines
 */
function e2e_statements(int $lines): void {
    global $base, $data, $site;
    $log = "$base/pg/server.log";
    $runs = [
        'ours, with groups' => ['ours', "$data/ours-$lines-initial.csv"],
        'the API floor, with groups' => ['floor', "$data/ours-$lines-initial.csv"],
        'ours, without groups' => ['ours', "$data/ours-$lines-initial-nogroups.csv"],
        'the API floor, without groups' => ['floor', "$data/ours-$lines-initial-nogroups.csv"],
        'enrol_flatfile' => ['flatfile', "$data/flatfile-$lines-initial.txt"],
    ];
    $tracefile = "$data/statements.json";
    e2e_sql('ALTER SYSTEM SET log_min_duration_statement = 0');
    e2e_sql('SELECT pg_reload_conf()');
    try {
        foreach ($runs as $name => [$tool, $file]) {
            e2e_setup('--reset');
            e2e_log('statements of %s, %d lines...', $name, $lines);
            clearstatcache();
            $offset = filesize($log);
            $result = e2e_run('E2E_SQLTRACE=' . escapeshellarg($tracefile) . ' php ' . escapeshellarg($site)
                . " measure $tool " . escapeshellarg($file));
            // The server writes its log a little after the statement.
            usleep(500000);
            clearstatcache();
            $trace = json_decode(file_get_contents($tracefile), true);
            $logged = e2e_read_log($log, $offset, filesize($log), $trace['pid']);
            e2e_print_statements($name, $lines, $result, e2e_join($logged, $trace['statements']));
        }
    } finally {
        e2e_sql('ALTER SYSTEM RESET log_min_duration_statement');
        e2e_sql('SELECT pg_reload_conf()');
        @unlink($tracefile);
    }
}

/**
 * The statements one backend logged between two offsets of the log: SQL and time in the server
 * (parse, bind and execute).
 *
 * @param string $log
 * @param int $from
 * @param int $to
 * @param int $pid
 * @return array[] sql, ms
 */
function e2e_read_log(string $log, int $from, int $to, int $pid): array {
    $handle = fopen($log, 'r');
    fseek($handle, $from);
    $text = fread($handle, $to - $from);
    fclose($handle);
    $entries = preg_split('/^(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \w+ \[\d+\] )/m', $text, -1, PREG_SPLIT_NO_EMPTY);
    $statements = [];
    $pending = 0.0;
    foreach ($entries as $entry) {
        if (
            !preg_match(
                '/^\S+ \S+ \w+ \[' . $pid . '\] LOG:  duration: ([\d.]+) ms  (parse|bind|execute|statement)[^:]*: (.*)$/s',
                $entry,
                $m
            )
        ) {
            continue;
        }
        [, $ms, $phase, $sql] = $m;
        $pending += (float) $ms;
        if ($phase === 'execute' || $phase === 'statement') {
            $statements[] = ['sql' => trim($sql), 'ms' => $pending];
            $pending = 0.0;
        }
    }
    return $statements;
}

/**
 * A statement's command and first table, as bench_statement_kind() in e2e_site.php says it.
 *
 * @param string $sql
 * @return string
 */
function e2e_statement_kind(string $sql): string {
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
 * Joins the server's list of statements with the process's, in order: each logged statement gets
 * its origin and the time PHP saw; a savepoint goes with the write before it.
 *
 * @param array[] $logged sql, ms
 * @param array[] $traced api, observer, kind, seconds
 * @return array[] kind, api, observer, ms (server), client (ms, PHP's), savepoint (bool)
 */
function e2e_join(array $logged, array $traced): array {
    $joined = [];
    $t = 0;
    $unmatched = 0;
    foreach ($logged as $statement) {
        $kind = e2e_statement_kind($statement['sql']);
        if ($statement['sql'] === E2E_SAVEPOINT && $joined) {
            $joined[] = ['kind' => 'SAVEPOINT (after a write)', 'savepoint' => true, 'client' => 0.0]
                + array_intersect_key(end($joined), ['api' => 1, 'observer' => 1]) + $statement;
            continue;
        }
        // A few driver calls send nothing (pg_version()), or send what PHP did not see (CLOSE ALL).
        $skip = 0;
        while (isset($traced[$t + $skip]) && $traced[$t + $skip]['kind'] !== $kind && $skip < 3) {
            $skip++;
        }
        if (isset($traced[$t + $skip]) && $traced[$t + $skip]['kind'] === $kind) {
            $origin = $traced[$t + $skip];
            $t += $skip + 1;
        } else {
            $origin = ['api' => 'not matched', 'observer' => null, 'seconds' => 0];
            $unmatched++;
        }
        $joined[] = ['kind' => $kind, 'api' => $origin['api'], 'observer' => $origin['observer'], 'ms' => $statement['ms'],
            'client' => ($origin['seconds'] ?? 0) * 1000, 'savepoint' => false];
    }
    if ($unmatched) {
        fprintf(STDERR, "%d of %d logged statements not matched with the process's\n", $unmatched, count($logged));
    }
    return $joined;
}

/**
 * Prints a run's statements per line of the feed: by API call and, under it, by observer; then by
 * kind of statement.
 *
 * @param string $name
 * @param int $lines
 * @param array $result the run's measure
 * @param array[] $statements as e2e_join() made them
 */
function e2e_print_statements(string $name, int $lines, array $result, array $statements): void {
    $sum = function (array $list) {
        $total = ['n' => 0, 'savepoints' => 0, 'ms' => 0.0, 'client' => 0.0];
        foreach ($list as $s) {
            $total['n']++;
            $total['savepoints'] += (int) $s['savepoint'];
            $total['ms'] += $s['ms'];
            $total['client'] += $s['client'];
        }
        return $total;
    };
    $all = $sum($statements);
    printf(
        "\n%s: %s lines in %.1f s (%.2f ms a line); PostgreSQL logged %d statements, %.1f a line (%.1f of them"
        . " savepoints), %.2f ms a line in the server; PHP waited %.2f ms a line for them\n",
        $name,
        number_format($lines),
        $result['seconds'],
        $result['seconds'] * 1000 / $lines,
        $all['n'],
        $all['n'] / $lines,
        $all['savepoints'] / $lines,
        $all['ms'] / $lines,
        $all['client'] / $lines
    );
    $row = fn(string $label, array $t) => printf(
        "  %-86s %7.2f %7.2f %9.3f %9.3f\n",
        mb_strimwidth($label, 0, 86, '…'),
        $t['n'] / $lines,
        $t['savepoints'] / $lines,
        $t['ms'] / $lines,
        $t['client'] / $lines
    );
    printf(
        "  %-86s %7s %7s %9s %9s\n",
        'by API call, and the observer or hook callback that sent them',
        'stmts',
        'of them',
        'server',
        'PHP'
    );
    printf("  %-86s %7s %7s %9s %9s\n", '', 'a line', 'savepts', 'ms a line', 'ms a line');
    $byapi = [];
    foreach ($statements as $s) {
        $byapi[$s['api']][$s['observer'] ?? '(the call itself)'][] = $s;
    }
    uasort($byapi, fn($a, $b) => count(array_merge(...array_values($b))) <=> count(array_merge(...array_values($a))));
    foreach ($byapi as $api => $observers) {
        $total = $sum(array_merge(...array_values($observers)));
        if ($total['n'] / $lines < 0.02) {
            continue;
        }
        $row($api, $total);
        uasort($observers, fn($a, $b) => count($b) <=> count($a));
        foreach ($observers as $observer => $list) {
            if (count($observers) > 1 && count($list) / $lines >= 0.02) {
                $row("    $observer", $sum($list));
            }
        }
    }
    printf("  %-86s\n", 'by statement');
    $bykind = [];
    foreach ($statements as $s) {
        $bykind[$s['kind']][] = $s;
    }
    uasort($bykind, fn($a, $b) => count($b) <=> count($a));
    foreach ($bykind as $kind => $list) {
        if (count($list) / $lines >= 0.02) {
            $row("    $kind", $sum($list));
        }
    }
}
