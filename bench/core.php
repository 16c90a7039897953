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
 * Benchmark of the extension's core (no Moodle): a generated native file of N lines (default
 * 1,000,000; 100k users, 5k courses) and a site state where about 70 % of it is already applied.
 * Measured in one run, each case in its own process so that peak memory is its own:
 *  (a) the csv crate reading the file and counting records (the floor),
 *  (b) the extension: read, validate, collect keys, fill the snapshot from PHP rows, plan; on
 *      every core, and on one (the spec's measure),
 *  (c) plain PHP: fgetcsv, the same validation and a hash-map diff.
 * (a) and (b) are the best of three runs, (c) runs once. The operation counts of (b) and (c) are
 * compared, so the baseline is known to do the same work.
 * Then the reading time of 10 MB of clean lines next to 10 MB of lines whose quotes never close
 * (bench_quotes()): of the same order, since reading is linear whatever the quotes.
 *
 * Usage: php bench/core.php [LINES]    (or --quotes: only the last measure)
 * The extension is the one PHP loads; to measure another build, load it in every process (the
 * cases run in child processes), e.g. with PHP_INI_SCAN_DIR pointing at a directory whose ini
 * files load it instead.
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

require(__DIR__ . '/lib.php');

if (($argv[1] ?? '') === '--measure') {
    bench_measure($argv[2], $argv[3], (int) $argv[4]);
    exit(0);
}

if (!extension_loaded('enrolsync')) {
    fwrite(STDERR, "the enrolsync extension is not loaded: run scripts/install.sh\n");
    exit(2);
}
$showquotes = function () {
    echo "\nreading, clean lines and lines whose quotes never close:\n";
    foreach (bench_quotes() as $kind => $r) {
        printf(
            "  %-32s %5.1f MB %9s lines %9s rejected %7.3f s\n",
            $kind,
            $r['mb'],
            number_format($r['lines']),
            number_format($r['rejected']),
            $r['seconds']
        );
    }
};
if (($argv[1] ?? '') === '--quotes') {
    $showquotes();
    exit(0);
}
$lines = (int) ($argv[1] ?? 1000000);
$site = new bench_site($lines);
$path = sys_get_temp_dir() . "/enrolsync-bench-$lines.csv";
$site->write_feed($path);
$size = filesize($path);
printf(
    "file: %s lines, %.1f MB; %s users, %s courses; %d %% already applied\n",
    number_format($lines),
    $size / 1e6,
    number_format($site->users),
    number_format($site->courses),
    bench_site::APPLIED_PERCENT
);

$floor = bench_best(3, fn() => bench_floor($path));
$ours = bench_best(3, fn() => bench_child('ours', $path, $lines));
// The spec's measure (§10): one core.
$onecore = bench_best(3, fn() => bench_child('ours', $path, $lines, 1));
$php = bench_child('php', $path, $lines);

// Peak RSS of the process, and its growth during the case (the state rows, built before, are PHP's).
$mb = fn(array $r) => sprintf('%.0f MB (+%.0f)', $r['rss'] / 1e6, ($r['rss'] - $r['rss_before']) / 1e6);
printf("\n%-52s %9s %18s %s\n", 'case', 'seconds', 'peak RSS (growth)', '');
printf("%-52s %9.3f %18s\n", '(a) csv crate, count records (floor)', $floor['seconds'], '');
printf(
    "%-52s %9.3f %18s  %s\n",
    '(b) enrolsync: read, validate, keys, snapshot, plan',
    $ours['seconds'],
    $mb($ours),
    bench_phases($ours['phases'])
);
printf(
    "%-52s %9.3f %18s  %s\n",
    '(b) the same on one core (RAYON_NUM_THREADS=1)',
    $onecore['seconds'],
    $mb($onecore),
    bench_phases($onecore['phases'])
);
printf(
    "%-52s %9.3f %18s  %s\n",
    '(c) plain PHP: fgetcsv, validate, hash-map diff',
    $php['seconds'],
    $mb($php),
    bench_phases($php['phases'])
);
printf(
    "\n(b)/(a) = %.2f (target <= 3)   (c)/(b) = %.1f (target >= 20)   "
        . "(b) peak RSS / file = %.1f, growth / file = %.1f (target < 10)\n",
    $ours['seconds'] / $floor['seconds'],
    $php['seconds'] / $ours['seconds'],
    $ours['rss'] / $size,
    ($ours['rss'] - $ours['rss_before']) / $size
);
printf(
    "operations: (b) %s   (c) %s   %s\n",
    bench_counts($ours['operations']),
    bench_counts($php['operations']),
    $ours['operations'] == $php['operations'] ? 'same' : 'DIFFERENT'
);
printf("lines: (b) %s   (c) %s\n", bench_counts($ours['lines']), bench_counts($php['lines']));
$showquotes();
exit($ours['operations'] == $php['operations'] && $ours['lines'] == $php['lines'] ? 0 : 1);
