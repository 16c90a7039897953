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
 * Applies an enrolment file from the command line. Exit status: 0 every line applied, 1 some
 * lines failed, 2 the file was rejected (or full sync refused), 3 another run holds the lock.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

define('CLI_SCRIPT', true);

require(__DIR__ . '/../../../../config.php');
require_once($CFG->libdir . '/clilib.php');

use tool_enrolsync\engine;
use tool_enrolsync\run_options;
use tool_enrolsync\run_report;

[$options, $unrecognised] = cli_get_params([
    'file' => '',
    'dry-run' => false,
    'json' => false,
    'format' => '',
    'full-sync' => false,
    'force' => false,
    'parts' => '',
    'changes' => false,
    'confirm' => 0,
    'help' => false,
], ['h' => 'help', 'n' => 'dry-run']);

if ($unrecognised) {
    cli_error(get_string('cliunknowoption', 'admin', implode("\n  ", $unrecognised)), run_report::EXIT_REJECTED);
}
if ($options['help']) {
    echo get_string('clihelp', 'tool_enrolsync'), "\n";
    exit(0);
}

\core\session\manager::set_user(get_admin());
$overrides = ['dryrun' => $options['dry-run'], 'force' => $options['force']];
if ($options['format'] !== '') {
    $overrides['format'] = $options['format'];
}
if ($options['full-sync']) {
    $overrides['fullsync'] = 1;
}
if ($options['parts'] !== '') {
    $overrides['parts'] = (int) $options['parts'];
}
if ($options['confirm']) {
    // A refused full sync, confirmed as listed: its file again, applied only if its removals are the
    // same; as that run was (full sync, its format, a dry run if it was one: see run_options).
    $overrides['confirms'] = (int) $options['confirm'];
}
$runoptions = new run_options($overrides);
$engine = new engine($runoptions, new \tool_enrolsync\local\cli_progress(STDERR));

if ($runoptions->confirms) {
    $refused = $DB->get_record('tool_enrolsync_runs', ['id' => $runoptions->confirms], '*', MUST_EXIST);
    $run = \tool_enrolsync\run_files::run_stored_file(
        $engine,
        \tool_enrolsync\run_files::required_input($refused->id),
        $refused->filename,
        engine::ORIGIN_CLI
    );
} else if ($options['file'] !== '') {
    // A file given here is the feed, as old as its last write.
    $written = (int) @filemtime($options['file']);
    $run = $engine->run($options['file'], basename($options['file']), engine::ORIGIN_CLI);
    \tool_enrolsync\feed::ran($run, $written ?: time());
} else {
    $run = \tool_enrolsync\run_files::run_standard_file($engine, engine::ORIGIN_CLI, $runoptions);
    if (!$run) {
        cli_error(
            get_string('nostandardfile', 'tool_enrolsync', $runoptions->get('standardfile')),
            run_report::EXIT_REJECTED
        );
    }
}

// The option --changes lists them, 100 unless it says how many.
$limit = $options['changes'] === false ? 0 : (is_numeric($options['changes']) ? (int) $options['changes'] : 100);
$changes = $run->id && $limit > 0 ? \tool_enrolsync\local\journal::listing($run->id, $limit) : [];
// The first failed lines, and how many more: the run's report has them all.
$shown = \tool_enrolsync\local\report_text::FAILED_SHOWN;
if ($options['json']) {
    [$failed, $others] = $run->id ? run_report::first_failed_lines($run->id, $shown) : [[], 0];
    $extra = ['failedlines' => $failed, 'morefailedlines' => $others] + ($limit > 0 ? ['changes' => $changes] : []);
    echo json_encode(run_report::summary($run) + $extra, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE), "\n";
} else {
    echo \tool_enrolsync\local\report_text::of_run($run, $shown, $changes);
}
exit(run_report::exit_status($run));
