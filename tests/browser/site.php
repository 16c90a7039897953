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
 * Browser test helper, run with the site's CLI: "setup" makes the site the tests expect (course
 * BROWSER101 without enrolments, users B1 and B2, a user "nocap" without the tool's capability, no
 * run history, developer debugging shown on the pages, no e-mail), "flatfile" a site that ran
 * enrol_flatfile (course BROWSER102 where it enrolled B1 and B2), "state" prints what the tests
 * check in the database, and "paths" where a request could write files, as JSON.
 *
 * Usage: php site.php setup|flatfile|state|paths
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

define('CLI_SCRIPT', true);

require(__DIR__ . '/../../../../../config.php');
require_once($CFG->dirroot . '/user/lib.php');
require_once($CFG->dirroot . '/course/lib.php');

/** The password of the users the tests log in as. */
const PASSWORD = 'Browser123!';

/**
 * A user with this username, created when missing.
 *
 * @param string $username
 * @param string $idnumber
 * @return int
 */
function browser_user(string $username, string $idnumber): int {
    global $DB, $CFG;
    $id = $DB->get_field('user', 'id', ['username' => $username, 'deleted' => 0]);
    return $id ?: user_create_user(['username' => $username, 'idnumber' => $idnumber, 'password' => PASSWORD,
        'firstname' => ucfirst($username), 'lastname' => 'Browser', 'email' => "$username@example.com",
        'mnethostid' => $CFG->mnet_localhost_id, 'confirmed' => 1, 'auth' => 'manual']);
}

switch ($argv[1] ?? '') {
    case 'setup':
        // Developer debugging, shown on the pages: the tests look for its messages there (a call
        // to something deprecated among them).
        set_config('debug', DEBUG_DEVELOPER);
        set_config('debugdisplay', 1);
        // No e-mail from a test site (it has no mail server, and Moodle finds its no-reply address
        // at localhost invalid): the messages of a run go to the site's notifications.
        \core_message\api::update_processor_status($DB->get_record('message_processors', ['name' => 'email']), 0);
        // The courses of the last run are deleted without a backup for the recycle bin (which,
        // with developer debugging, prints its log).
        set_config('categorybinenable', 0, 'tool_recyclebin');
        foreach (['BROWSER101', 'BROWSER102'] as $shortname) {
            $course = $DB->get_record('course', ['shortname' => $shortname]);
            if ($course) {
                delete_course($course, false);
            }
        }
        \core\plugininfo\enrol::enable_plugin('flatfile', 0);
        create_course((object) ['shortname' => 'BROWSER101', 'fullname' => 'Browser tests', 'category' => 1]);
        browser_user('b1', 'B1');
        browser_user('b2', 'B2');
        browser_user('nocap', 'NOCAP');
        foreach (['tool_enrolsync_lines', 'tool_enrolsync_runs', 'tool_enrolsync_managed'] as $table) {
            $DB->delete_records($table);
        }
        get_file_storage()->delete_area_files(context_system::instance()->id, 'tool_enrolsync');
        echo json_encode(['password' => PASSWORD]), "\n";
        break;
    case 'flatfile':
        // What enrol_flatfile leaves: its instance in the course, its enrolments, its roles.
        \core\plugininfo\enrol::enable_plugin('flatfile', 1);
        $course = create_course((object) ['shortname' => 'BROWSER102', 'fullname' => 'Taken over', 'category' => 1]);
        $flatfile = enrol_get_plugin('flatfile');
        $instance = $DB->get_record('enrol', ['id' => $flatfile->add_instance($course)]);
        $student = $DB->get_field('role', 'id', ['shortname' => 'student']);
        foreach (['b1', 'b2'] as $username) {
            $flatfile->enrol_user($instance, browser_user($username, strtoupper($username)), $student);
        }
        echo json_encode(['courseid' => $course->id]), "\n";
        break;
    case 'state':
        $courseid = $DB->get_field('course', 'id', ['shortname' => 'BROWSER101'], MUST_EXIST);
        // Enrolments: idnumber => status (0 active, 1 suspended).
        $enrolled = $DB->get_records_sql_menu("SELECT u.idnumber, ue.status FROM {user_enrolments} ue
            JOIN {enrol} e ON e.id = ue.enrolid JOIN {user} u ON u.id = ue.userid
            WHERE e.courseid = ? ORDER BY u.idnumber", [$courseid]);
        $groups = [];
        foreach (groups_get_all_groups($courseid) as $group) {
            $groups[$group->name] = array_values(array_column(groups_get_members($group->id, 'u.id, u.idnumber'), 'idnumber'));
        }
        // The methods of BROWSER102's enrolments (a take-over moves them): idnumber => method.
        $methods = $DB->get_records_sql_menu("SELECT u.idnumber, e.enrol FROM {user_enrolments} ue
            JOIN {enrol} e ON e.id = ue.enrolid JOIN {user} u ON u.id = ue.userid JOIN {course} c ON c.id = e.courseid
            WHERE c.shortname = ? ORDER BY u.idnumber", ['BROWSER102']);
        echo json_encode(['enrolled' => (object) array_map('intval', $enrolled), 'groups' => $groups,
            'runs' => $DB->count_records('tool_enrolsync_runs'), 'takenover' => (object) $methods]), "\n";
        break;
    case 'paths':
        // Where a request could write: the data root (temp and caches in it) and PHP's temp dir.
        echo json_encode(['dataroot' => realpath($CFG->dataroot), 'tempdir' => realpath($CFG->tempdir),
            'tmp' => realpath(sys_get_temp_dir())]), "\n";
        break;
    default:
        cli_error('usage: php site.php setup|flatfile|state|paths');
}
