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
 * What changed, and why: the list of changes of one run, or every change the tool made to a user
 * or a course across runs ("who removed this student from this course, when, from which file and
 * line?"), filterable, a page at a time, and downloadable.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

require(__DIR__ . '/../../../config.php');
require_once($CFG->libdir . '/adminlib.php');

use tool_enrolsync\form\changes_filter_form;
use tool_enrolsync\output\changes_table;

$runid = optional_param('runid', 0, PARAM_INT);
$op = optional_param('op', '', PARAM_ALPHA);
$usersearch = optional_param('user', '', PARAM_RAW_TRIMMED);
$coursesearch = optional_param('course', '', PARAM_RAW_TRIMMED);
$courseid = optional_param('courseid', 0, PARAM_INT);
$userid = optional_param('userid', 0, PARAM_INT);
$download = optional_param('download', '', PARAM_ALPHA);

$params = array_filter(['runid' => $runid, 'op' => $op, 'user' => $usersearch, 'course' => $coursesearch,
    'courseid' => $courseid, 'userid' => $userid]);
$url = new moodle_url('/admin/tool/enrolsync/changes.php', $params);
admin_externalpage_setup('tool_enrolsync_changes', '', null, $url);
$run = $runid ? $DB->get_record('tool_enrolsync_runs', ['id' => $runid], '*', MUST_EXIST) : null;

$filters = \tool_enrolsync\local\journal::filters($runid, $op, $userid, $usersearch, $courseid, $coursesearch);
$table = new changes_table('tool_enrolsync_changes', $url, $filters);
$table->is_downloadable(true);
$name = $run ? pathinfo($run->filename, PATHINFO_FILENAME) . '-changes-run' . $run->id : 'enrolsync-changes';
if ($table->is_downloading($download, clean_filename($name))) {
    \core\session\manager::write_close();
    $table->out(1000, false);
    die();
}

$form = new changes_filter_form($url, null, 'get');
$form->set_data(['runid' => $runid, 'op' => $op, 'user' => $usersearch, 'course' => $coursesearch]);

echo $OUTPUT->header();
if ($run) {
    $heading = get_string('changesofrun', 'tool_enrolsync', (object) ['id' => $run->id, 'filename' => s($run->filename)]);
} else if ($userid) {
    $heading = get_string('changesto', 'tool_enrolsync', s(fullname(core_user::get_user($userid, '*', MUST_EXIST))));
} else if ($courseid) {
    $heading = get_string('changesin', 'tool_enrolsync', format_string(get_course($courseid)->shortname));
} else {
    $heading = get_string('changes', 'tool_enrolsync');
}
echo $OUTPUT->heading($heading);
if ($run) {
    echo html_writer::tag('p', html_writer::link(
        new moodle_url('/admin/tool/enrolsync/index.php', ['runid' => $run->id]),
        get_string('backtoreport', 'tool_enrolsync')
    ));
}
$form->display();
$table->out(50, false);
echo $OUTPUT->footer();
