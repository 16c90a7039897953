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
 * The command file area (standard file, files from the drop folder, archive), in Moodle's file
 * manager.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

require(__DIR__ . '/../../../config.php');
require_once($CFG->libdir . '/adminlib.php');

use tool_enrolsync\form\files_form;
use tool_enrolsync\run_files;

$url = new moodle_url('/admin/tool/enrolsync/files.php');
admin_externalpage_setup('tool_enrolsync_files', '', null, $url);
$context = context_system::instance();
$back = new moodle_url('/admin/tool/enrolsync/index.php');

$data = file_prepare_standard_filemanager(
    new stdClass(),
    'commands',
    files_form::OPTIONS,
    $context,
    'tool_enrolsync',
    run_files::AREA_COMMANDS,
    0
);
$form = new files_form($url);
$form->set_data($data);
if ($form->is_cancelled()) {
    redirect($back);
}
if ($data = $form->get_data()) {
    file_postupdate_standard_filemanager(
        $data,
        'commands',
        files_form::OPTIONS,
        $context,
        'tool_enrolsync',
        run_files::AREA_COMMANDS,
        0
    );
    redirect($back, get_string('changessaved'), null, \core\output\notification::NOTIFY_SUCCESS);
}

echo $OUTPUT->header();
echo $OUTPUT->heading(get_string('commandfiles', 'tool_enrolsync'));
$standardfile = s(\tool_enrolsync\run_options::setting('standardfile'));
echo html_writer::tag('p', get_string('commandfiles_desc', 'tool_enrolsync', $standardfile));
$form->display();
echo $OUTPUT->footer();
