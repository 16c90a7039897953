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
 * Test helper: holds the tool's run lock, as a run in progress would, so that
 * tests/cli/exit_statuses.sh can check that cli/sync.php then exits with status 3. Prints "locked"
 * once it holds the lock, and releases it after the given number of seconds.
 *
 * Usage: php hold_lock.php SECONDS
 * On the site at MOODLE_DIR when that is set (so it runs from a checkout too), else on the site it
 * is installed in.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

define('CLI_SCRIPT', true);

require((getenv('MOODLE_DIR') ?: __DIR__ . '/../../../../..') . '/config.php');

$lock = \core\lock\lock_config::get_lock_factory('tool_enrolsync')->get_lock('run', 5);
if (!$lock) {
    cli_error('could not get the lock');
}
echo "locked\n";
sleep(max(1, (int) ($argv[1] ?? 10)));
$lock->release();
