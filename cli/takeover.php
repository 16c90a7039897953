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
 * Takes over from another enrolment plugin (enrol_flatfile) from the command line: its settings
 * and its enrolments, as the tool's take-over page does. Exit status: 0 taken over (or nothing
 * to take over), 1 some operations failed, 2 refused (see --help), 3 another run holds the lock.
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
use tool_enrolsync\takeover;

[$options, $unrecognised] = cli_get_params([
    'from' => '',
    'dry-run' => false,
    'json' => false,
    'changes' => false,
    'help' => false,
], ['h' => 'help', 'n' => 'dry-run']);

if ($unrecognised) {
    cli_error(get_string('cliunknowoption', 'admin', implode("\n  ", $unrecognised)), run_report::EXIT_REJECTED);
}
if ($options['help']) {
    echo get_string('takeover_clihelp', 'tool_enrolsync'), "\n";
    exit(0);
}
if ($options['from'] !== \tool_enrolsync\local\takeover_plan::FROM) {
    cli_error(get_string('takeover_clifrom', 'tool_enrolsync', $options['from']), run_report::EXIT_REJECTED);
}

\core\session\manager::set_user(get_admin());
$runoptions = new run_options(['dryrun' => $options['dry-run']]);
$run = takeover::run(new engine($runoptions, new \tool_enrolsync\local\cli_progress(STDERR)), $runoptions, engine::ORIGIN_CLI);
if (!$run) {
    cli_writeln(get_string('error_nothingtotakeover', 'tool_enrolsync'));
    exit(run_report::EXIT_APPLIED);
}

$summary = run_report::summary($run);
// The option --changes lists them, 100 unless it says how many.
$limit = $options['changes'] === false ? 0 : (is_numeric($options['changes']) ? (int) $options['changes'] : 100);
$changes = $run->id && $limit > 0 ? \tool_enrolsync\local\journal::listing($run->id, $limit) : [];
if ($options['json']) {
    echo json_encode($summary + ($limit > 0 ? ['changes' => $changes] : []), JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE), "\n";
} else {
    echo \tool_enrolsync\local\report_text::text($summary, [], $changes), takeover::advice(), "\n";
}
exit(run_report::exit_status($run));
