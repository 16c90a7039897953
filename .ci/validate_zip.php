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
 * CI: checks the plugin ZIP as Moodle's plugin installer does (Site administration > Plugins >
 * Install plugins, core_plugin_manager::install_plugins()): Moodle's code manager unzips it, then
 * core\update\validator checks its layout (one root folder), version.php, language pack, and that
 * it can go to admin/tool/. Prints the validator's messages; exits 1 when it refuses the ZIP.
 *
 * Usage: MOODLE_DIR=/path/to/moodle php .ci/validate_zip.php ZIP
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

define('CLI_SCRIPT', true);

require(getenv('MOODLE_DIR') . '/config.php');

$zip = realpath($argv[1] ?? '');
if ($zip === false) {
    cli_error('usage: MOODLE_DIR=/path/to/moodle php .ci/validate_zip.php ZIP');
}
$tmp = make_request_directory();
// Without renaming its root folder, so that the ZIP's own folder name is what is checked.
$files = core_plugin_manager::instance()->unzip_plugin_file($zip, $tmp);
$validator = \core\update\validator::instance($tmp, $files);
$validator->assert_plugin_type('tool');
$validator->assert_moodle_version($CFG->version);
$ok = $validator->execute();
foreach ($validator->get_messages() as $message) {
    $info = $validator->message_code_info($message->msgcode, $message->addinfo);
    if ($info === null || $info === '') {
        $info = is_string($message->addinfo) ? $message->addinfo : json_encode($message->addinfo);
    }
    echo '  [', $validator->message_level_name($message->level), '] ',
        $validator->message_code_name($message->msgcode), ' ', $info, "\n";
}
$versionphp = $validator->get_versionphp_info();
if ($ok && ($validator->get_rootdir() !== 'enrolsync' || ($versionphp['component'] ?? '') !== 'tool_enrolsync')) {
    echo "  the ZIP's root folder must be enrolsync/ and hold tool_enrolsync's version.php\n";
    $ok = false;
}
echo $ok ? "Moodle's validator accepts " : "Moodle's validator refuses ", basename($zip), "\n";
exit($ok ? 0 : 1);
