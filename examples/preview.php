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
 * Shows what an enrolment file would do, without Moodle: reads it with the enrolsync extension and
 * plans it, as a dry run, against a fresh site where every user and course the file names exists
 * (standard roles, manual enrolments enabled, no enrolment yet).
 *
 * Usage: php examples/preview.php FILE
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

if ($argc !== 2) {
    fwrite(STDERR, "usage: php examples/preview.php FILE\n");
    exit(2);
}
if (!extension_loaded('enrolsync')) {
    fwrite(STDERR, "the enrolsync extension is not loaded: run scripts/install.sh\n");
    exit(2);
}

try {
    $file = \EnrolSync\File::open($argv[1], []);
} catch (\EnrolSync\FileException $e) {
    printf("file rejected (%s, line %d): %s\n", $e->get_error_key(), $e->get_line_number(), $e->getMessage());
    exit(2);
}
$summary = $file->summary();
printf(
    "enrolsync %s: %s, %s format, encoding %s, delimiter '%s'\n",
    enrolsync_version(),
    $argv[1],
    $summary['format'],
    $summary['encoding'],
    $summary['delimiter']
);
printf("%d data lines: %d valid, %d rejected while reading\n", $summary['lines'], $summary['valid'], $summary['rejected']);

// A fresh site that has every user and course of the file.
$keys = $file->keys();
$snapshot = new \EnrolSync\Snapshot();
$snapshot->add_users($keys['users'], range(101, 100 + count($keys['users'])), array_fill(0, count($keys['users']), false));
$courseids = range(2, 1 + count($keys['courses']));
$snapshot->add_courses($keys['courses'], $courseids);
// The roles a run may give by default: not manager.
$snapshot->add_roles(
    ['manager', 'editingteacher', 'teacher', 'student'],
    [1, 3, 4, 5],
    [true, true, true, true],
    [false, true, true, true],
    [false, false, false, true]
);
$snapshot->add_methods(['manual'], [true], [true], [true], [true]);
$snapshot->add_instances($courseids, array_fill(0, count($courseids), 'manual'), $courseids);
$stamps = array_map(fn($date) => (new DateTime($date))->getTimestamp(), $keys['dates']);
$snapshot->add_dates($keys['dates'], $stamps);

$plan = $file->plan($snapshot, []);
$totals = $plan->summary();
echo "dry run: nothing is written\n";
foreach ($totals['operations'] as $name => $count) {
    if ($count) {
        printf("  %-14s %d\n", $name, $count);
    }
}
printf(
    "lines: %d applied, %d unchanged, %d failed\n",
    $totals['lines']['applied'],
    $totals['lines']['unchanged'],
    $totals['lines']['failed']
);
foreach ($plan->lines(0, PHP_INT_MAX, false) as $line) {
    $detail = trim(($line['status'] === 'failed' ? $line['message'] . ' ' : '') . $line['ops'] . ' operation(s)');
    printf("  line %3d  %-9s %s\n", $line['line'], $line['status'], $detail);
}
