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
 * The web service test's helper (tests/webservice/rest.sh), run with the site's CLI:
 *   setup  enables web services and REST, enables the service "Enrolment sync", makes course
 *          WS101 without enrolments, users w1 to w4 (ID numbers W1 to W4), a client "wsclient"
 *          with tool/enrolsync:run and REST, a client "wsnocap" with REST only, both authorised
 *          on the service, a new token for each, and sets the queue setting (webservicequeue) to
 *          what it is given; prints the tokens, the client's and the course's ids as JSON
 *   state  prints what the test checks in the database, as JSON
 *   reset  restores the queue setting's default
 *
 * Usage: php site.php setup QUEUE | state | reset
 * On the site at MOODLE_DIR when that is set (so it runs from a checkout too), else on the site it
 * is installed in.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

define('CLI_SCRIPT', true);

require((getenv('MOODLE_DIR') ?: __DIR__ . '/../../../../..') . '/config.php');
require_once($CFG->dirroot . '/course/lib.php');
require_once($CFG->libdir . '/testing/generator/lib.php');

/** The course of the test's files. */
const COURSE = 'WS101';

/**
 * A user with this username (Moodle's test data generator makes it when missing).
 *
 * @param string $username
 * @return int
 */
function webservice_user(string $username): int {
    global $DB;
    $id = $DB->get_field('user', 'id', ['username' => $username, 'deleted' => 0]);
    return $id ?: (int) (new testing_data_generator())->create_user(['username' => $username,
        'idnumber' => strtoupper($username)])->id;
}

/**
 * A role with these capabilities at system level (made anew), given to a user there.
 *
 * @param string $shortname
 * @param string[] $capabilities
 * @param int $userid
 */
function webservice_role(string $shortname, array $capabilities, int $userid): void {
    global $DB;
    if ($old = $DB->get_record('role', ['shortname' => $shortname])) {
        delete_role($old->id);
    }
    $roleid = (new testing_data_generator())->create_role(['shortname' => $shortname] +
        array_fill_keys($capabilities, 'allow'));
    role_assign($roleid, $userid, context_system::instance()->id);
}

/**
 * A new token of the service for a user, authorised on it (their earlier tokens are deleted).
 *
 * @param stdClass $service
 * @param int $userid
 * @return string
 */
function webservice_token(stdClass $service, int $userid): string {
    global $DB;
    $DB->delete_records('external_tokens', ['externalserviceid' => $service->id, 'userid' => $userid]);
    if (!$DB->record_exists('external_services_users', ['externalserviceid' => $service->id, 'userid' => $userid])) {
        $DB->insert_record('external_services_users', ['externalserviceid' => $service->id, 'userid' => $userid,
            'timecreated' => time()]);
    }
    return \core_external\util::generate_token(EXTERNAL_TOKEN_PERMANENT, $service, $userid, context_system::instance());
}

switch ($argv[1] ?? '') {
    case 'setup':
        \core\session\manager::set_user(get_admin());
        set_config('enablewebservices', 1);
        $protocols = array_filter(explode(',', (string) get_config('core', 'webserviceprotocols')));
        set_config('webserviceprotocols', implode(',', array_unique(array_merge($protocols, ['rest']))));
        $service = $DB->get_record('external_services', ['shortname' => 'tool_enrolsync'], '*', MUST_EXIST);
        $DB->set_field('external_services', 'enabled', 1, ['id' => $service->id]);
        set_config('webservicequeue', (int) ($argv[2] ?? 0), 'tool_enrolsync');

        if ($course = $DB->get_record('course', ['shortname' => COURSE])) {
            delete_course($course, false);
        }
        $course = (new testing_data_generator())->create_course(['shortname' => COURSE, 'fullname' => 'Web service tests']);
        array_map('webservice_user', ['w1', 'w2', 'w3', 'w4']);
        $client = webservice_user('wsclient');
        $nocap = webservice_user('wsnocap');
        webservice_role('enrolsyncwsclient', ['tool/enrolsync:run', 'webservice/rest:use'], $client);
        webservice_role('enrolsyncwsnocap', ['webservice/rest:use'], $nocap);
        echo json_encode(['token' => webservice_token($service, $client), 'nocaptoken' => webservice_token($service, $nocap),
            'clientid' => $client, 'courseid' => (int) $course->id]), "\n";
        break;
    case 'state':
        $courseid = $DB->get_field('course', 'id', ['shortname' => COURSE], MUST_EXIST);
        // Enrolments: idnumber => status (0 active, 1 suspended).
        $enrolled = $DB->get_records_sql_menu("SELECT u.idnumber, ue.status FROM {user_enrolments} ue
            JOIN {enrol} e ON e.id = ue.enrolid JOIN {user} u ON u.id = ue.userid
            WHERE e.courseid = ? ORDER BY u.idnumber", [$courseid]);
        $groups = [];
        foreach (groups_get_all_groups($courseid) as $group) {
            $groups[$group->name] = array_column(groups_get_members($group->id, 'u.id, u.idnumber'), 'idnumber');
            sort($groups[$group->name]);
        }
        echo json_encode(['enrolled' => (object) array_map('intval', $enrolled), 'groups' => (object) $groups,
            'runs' => $DB->count_records('tool_enrolsync_runs')]), "\n";
        break;
    case 'reset':
        unset_config('webservicequeue', 'tool_enrolsync');
        break;
    default:
        cli_error('usage: php site.php setup QUEUE | state | reset');
}
