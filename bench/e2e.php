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
 * End-to-end benchmark on a real Moodle site: tool_enrolsync against Moodle core's enrol_flatfile,
 * the same feed applied to the same site, measured in one run.
 *
 *   MOODLE_DIR=/tmp/moodle-bench/moodle php bench/e2e.php [LINES...]   (default 10000 100000)
 *
 * The site is built by ../shared/moodle/setup.sh (best a site of its own, for its snapshot becomes
 * the bench data set: BASE=/tmp/moodle-bench PGPORT=5434 SKIP_PHPUNIT=1 PLUGIN=$PWD bash
 * ../shared/moodle/setup.sh). The script adds 5,000 users and 200 courses, writes the feeds, takes
 * that state as the site's snapshot (setup.sh --snapshot), and then for each size and tool: resets
 * the site (setup.sh --reset), and measures, each in a process of its own, (1) the initial apply,
 * (2) a re-run of the same feed, (3) a 5 % change; and ours alone: the initial apply without groups,
 * and in 2 parts applied by 2 cron workers at once, with and without groups. After each case it checks that both tools left
 * the same enrolments and roles. Prints one table: ours, flatfile, and flatfile/ours.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// Outside the command line (a web request), refuse before doing anything.
if (PHP_SAPI !== 'cli') {
    http_response_code(403);
    exit('Command line scripts can not be executed from the web interface');
}

const E2E_USERS = 5000;
const E2E_COURSES = 200;
const E2E_SEED = 20261125;
const E2E_CASES = ['initial' => '1. initial apply', 'nogroups' => '1b. initial, ours without groups',
    'parts' => '1c. initial, ours in 2 parts, 2 workers', 'partsnogroups' => '1d. initial, ours without groups, in 2 parts',
    'rerun' => '2. re-run, nothing changes', 'change' => '3. 5 % change'];

$moodle = getenv('MOODLE_DIR') ?: exit("set MOODLE_DIR to the bench site's code (see the header of bench/e2e.php)\n");
$base = getenv('BASE') ?: dirname($moodle);
$setup = getenv('SETUP') ?: __DIR__ . '/../../shared/moodle/setup.sh';
$sizes = array_map('intval', array_slice($argv, 1)) ?: [10000, 100000];
// The feeds live outside the checkout, which setup.sh --sync copies into the site.
$data = sys_get_temp_dir() . '/enrolsync-e2e';
$site = "$moodle/admin/tool/enrolsync/bench/e2e_site.php";

/**
 * Runs a command; its standard output's last line, decoded from JSON.
 *
 * @param string $command
 * @return mixed
 */
function e2e_run(string $command) {
    exec($command . ' 2>&1', $output, $status);
    if ($status !== 0) {
        fwrite(STDERR, implode("\n", $output) . "\n");
        exit("failed: $command\n");
    }
    return json_decode((string) end($output), true);
}

/**
 * Restores the site's snapshot, or takes it.
 *
 * @param string $mode --reset or --snapshot
 */
function e2e_site_state(string $mode): void {
    global $setup, $base;
    // The site's port, as its env.sh tells it (setup.sh's default otherwise).
    $port = preg_match('/MOODLE_PGPORT=(\d+)/', (string) @file_get_contents("$base/env.sh"), $m) ? $m[1] : '5433';
    exec("BASE=" . escapeshellarg($base) . " PGPORT=$port bash " . escapeshellarg($setup) . " $mode 2>&1", $output, $status);
    if ($status !== 0) {
        exit(implode("\n", $output) . "\nsetup.sh $mode failed\n");
    }
}

// The snapshot is taken once, before any run: a later run starts from it, so that what an earlier
// run applied never becomes part of the data set.
$marker = "$base/e2e-snapshot-" . E2E_USERS . '-' . E2E_COURSES;
if (file_exists($marker)) {
    e2e_site_state('--reset');
}
fprintf(STDERR, "generating %d users, %d courses and the feeds...\n", E2E_USERS, E2E_COURSES);
e2e_run('php ' . escapeshellarg($site) . ' generate ' . E2E_USERS . ' ' . E2E_COURSES . ' ' . E2E_SEED . ' '
    . escapeshellarg($data) . ' ' . implode(' ', $sizes));
if (!file_exists($marker)) {
    e2e_site_state('--snapshot');
    touch($marker);
}

$results = [];
$outcomes = [];
foreach ($sizes as $lines) {
    foreach (['ours' => "$data/ours-$lines-%s.csv", 'flatfile' => "$data/flatfile-$lines-%s.txt"] as $tool => $pattern) {
        e2e_site_state('--reset');
        foreach (['initial' => 'initial', 'rerun' => 'initial', 'change' => 'change'] as $case => $feed) {
            fprintf(STDERR, "%d lines, %s: %s...\n", $lines, $tool, E2E_CASES[$case]);
            $results[$lines][$case][$tool] = e2e_run('php ' . escapeshellarg($site) . " measure $tool "
                . escapeshellarg(sprintf($pattern, $feed)));
            $outcomes[$lines][$case][$tool] = e2e_run('php ' . escapeshellarg($site) . ' outcome');
        }
    }
    // Ours alone, against enrol_flatfile's initial apply: without the groups enrol_flatfile cannot
    // make (like for like), and in 2 parts that 2 cron workers apply at once (spec §10), with and
    // without groups.
    $alone = ['nogroups' => ['ours', "$data/ours-$lines-initial-nogroups.csv"], 'parts' => ['parts', "$data/ours-$lines-initial.csv"],
        'partsnogroups' => ['parts', "$data/ours-$lines-initial-nogroups.csv"]];
    foreach ($alone as $case => [$mode, $feed]) {
        e2e_site_state('--reset');
        fprintf(STDERR, "%d lines, ours: %s...\n", $lines, E2E_CASES[$case]);
        $results[$lines][$case] = ['ours' => e2e_run('php ' . escapeshellarg($site) . " measure $mode " . escapeshellarg($feed)),
            'flatfile' => $results[$lines]['initial']['flatfile']];
        $outcomes[$lines][$case] = ['ours' => e2e_run('php ' . escapeshellarg($site) . ' outcome'),
            'flatfile' => $outcomes[$lines]['initial']['flatfile']];
    }
}

printf("%-46s %-22s %12s %12s %14s\n", 'case, lines', 'figure', 'ours', 'flatfile', 'flatfile/ours');
$same = true;
foreach ($results as $lines => $cases) {
    foreach (array_keys(E2E_CASES) as $case) {
        $tools = $cases[$case];
        $label = sprintf('%s, %s', E2E_CASES[$case], number_format($lines));
        // The 5 % change feed holds a twentieth of the lines.
        $perline = $case === 'change' ? intdiv($lines, 20) : $lines;
        $figures = [
            'wall time (s)' => fn($r) => $r['seconds'],
            'database reads' => fn($r) => $r['reads'],
            'database writes' => fn($r) => $r['writes'],
            'queries per feed line' => fn($r) => ($r['reads'] + $r['writes']) / $perline,
            'peak PHP memory (MB)' => fn($r) => $r['peakmb'],
        ];
        foreach ($figures as $figure => $value) {
            [$ours, $flat] = [$value($tools['ours']), $value($tools['flatfile'])];
            printf("%-46s %-22s %12s %12s %14s\n", $label, $figure, e2e_number($ours), e2e_number($flat),
                $ours > 0 ? sprintf('%.1f×', $flat / $ours) : '-');
            $label = '';
        }
        $o = $outcomes[$lines][$case];
        $identical = $o['ours']['hash'] === $o['flatfile']['hash'];
        $same = $same && $identical;
        printf("%-46s %-22s %12s %12s %14s\n", '', 'enrolments, roles', $o['ours']['enrolments'] . ', ' . $o['ours']['roles'],
            $o['flatfile']['enrolments'] . ', ' . $o['flatfile']['roles'], $identical ? 'identical' : 'DIFFERENT');
    }
}
echo $same ? "Both tools left the same enrolments and roles after every case.\n" : "The outcomes differ.\n";
exit($same ? 0 : 1);

/**
 * A figure, rounded for the table.
 *
 * @param float|int $value
 * @return string
 */
function e2e_number($value): string {
    return $value >= 100 ? number_format($value) : number_format($value, $value >= 10 ? 1 : 2);
}
