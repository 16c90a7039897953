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
 * Memory for the largest file the size limit allows (setting maxfilesize, 200 MB by default): the
 * feed of bench/core.php with as many lines (a multiple of 10,000) as fit in the limit, read,
 * validated and planned by the extension against its site state, in a process of its own. Prints
 * the file's size, the process's peak resident memory (RSS), and its growth during the case (the
 * state rows, built before, are PHP's, as the engine's are).
 *
 * Usage: php bench/limit.php [MB]   (default 200)
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

if (!extension_loaded('enrolsync')) {
    fwrite(STDERR, "the enrolsync extension is not loaded: run scripts/install.sh\n");
    exit(2);
}
$limit = (int) ($argv[1] ?? 200) * 1024 * 1024;

// Bytes per line, from a small feed of the same shape; then the most lines that fit.
$sample = sys_get_temp_dir() . '/enrolsync-bench-10000.csv';
(new bench_site(10000))->write_feed($sample);
$lines = (int) floor($limit / (filesize($sample) / 10000) / 10000) * 10000;
do {
    $path = sys_get_temp_dir() . "/enrolsync-bench-$lines.csv";
    (new bench_site($lines))->write_feed($path);
    $size = filesize($path);
    if ($size > $limit) {
        $lines -= 10000;
    }
} while ($size > $limit);

$result = bench_child('ours', $path, $lines);
$growth = $result['rss'] - $result['rss_before'];
$mib = 1024 * 1024;
printf("file: %s lines, %.1f MB (%.1f MiB; limit %.0f MiB)\n", number_format($lines), $size / 1e6, $size / $mib, $limit / $mib);
printf("read, validate, keys, snapshot, plan: %.2f s (%s)\n", $result['seconds'], bench_phases($result['phases']));
printf("peak RSS %.0f MB = %.1f x the file\n", $result['rss'] / 1e6, $result['rss'] / $size);
printf("growth during the case %.0f MB = %.1f x the file\n", $growth / 1e6, $growth / $size);
printf("before it: %.0f MB (PHP and the state rows)\n", $result['rss_before'] / 1e6);
