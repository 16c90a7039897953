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
 * The tool's page: upload and run a file, run the standard file, the report of a run, its
 * downloads, and the run history. Login and the capability tool/enrolsync:run are checked by
 * admin_externalpage_setup(); every action is a form with its sesskey.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A run's progress bar reaches the browser as the writes go (Moodle's progress_bar needs it).
define('NO_OUTPUT_BUFFERING', true);

require(__DIR__ . '/../../../config.php');
require_once($CFG->libdir . '/adminlib.php');

use tool_enrolsync\engine;
use tool_enrolsync\form\run_options_fields;
use tool_enrolsync\run_files;
use tool_enrolsync\run_options;

$runid = optional_param('runid', 0, PARAM_INT);
$download = optional_param('download', '', PARAM_ALPHA);
$dataformat = optional_param('dataformat', '', PARAM_ALPHA);
$confirm = optional_param('confirm', 0, PARAM_INT);
$reportpage = optional_param('page', 0, PARAM_INT);

$url = new moodle_url('/admin/tool/enrolsync/index.php');
admin_externalpage_setup('tool_enrolsync_run', '', null, $url);
$PAGE->set_heading(get_string('pluginname', 'tool_enrolsync'));

$run = $runid ? $DB->get_record('tool_enrolsync_runs', ['id' => $runid], '*', MUST_EXIST) : null;
if ($run && $download !== '' && $dataformat !== '') {
    \tool_enrolsync\report_download::send($run, $download === 'report' ? 'report' : 'failed', $dataformat);
    die();
}

$toolpage = new \tool_enrolsync\output\page($url);

if ($run && $confirm) {
    // Full sync's removals confirmed: the same file again, applied only if its removals are still
    // exactly those the refused run listed (the engine checks it can still be confirmed).
    require_sesskey();
    $input = run_files::required_input($run->id);
    $toolpage->run_with_progress(
        fn(engine $engine) => run_files::run_stored_file($engine, $input, $run->filename, engine::ORIGIN_PAGE),
        // As the refused run was: a full sync of its format, and a dry run still if it was one (run_options).
        ['confirms' => $run->id]
    );
    die();
}

if ($run) {
    echo $OUTPUT->header();
    $toolpage->report($run, $reportpage);
    echo $OUTPUT->continue_button($url);
    echo $OUTPUT->footer();
    die();
}

$standardfile = run_options::setting('standardfile');
$uploadform = new \tool_enrolsync\form\upload_form($url);
$standardform = new \tool_enrolsync\form\standard_form($url, ['standardfile' => $standardfile]);

if ($data = $uploadform->get_data()) {
    $path = $uploadform->save_temp_file('enrolfile');
    $filename = $uploadform->get_new_filename('enrolfile');
    $toolpage->run_uploaded_file($path, $filename, run_options_fields::overrides($data));
    die();
}
if ($data = $standardform->get_data()) {
    $toolpage->run_with_progress(fn(engine $engine, run_options $options) =>
        run_files::run_standard_file($engine, engine::ORIGIN_PAGE, $options), run_options_fields::overrides($data));
    die();
}

echo $OUTPUT->header();
$links = [html_writer::link(new moodle_url('/admin/tool/enrolsync/files.php'), get_string('commandfiles', 'tool_enrolsync'))];
if (has_capability('moodle/site:config', context_system::instance())) {
    $links[] = html_writer::link(
        new moodle_url('/admin/settings.php', ['section' => 'tool_enrolsync_settings']),
        get_string('settings', 'tool_enrolsync')
    );
    if (\tool_enrolsync\takeover::needed()) {
        $takeover = new moodle_url('/admin/tool/enrolsync/takeover.php');
        $links[] = html_writer::link($takeover, get_string('takeover', 'tool_enrolsync'));
    }
}
echo html_writer::tag('p', implode(' · ', $links));
$uploadform->display();
$standardform->display();
echo $OUTPUT->heading(get_string('history', 'tool_enrolsync'), 3);
echo html_writer::tag('p', html_writer::link(
    new moodle_url('/admin/tool/enrolsync/changes.php'),
    get_string('searchchanges', 'tool_enrolsync')
));
if ($chart = \tool_enrolsync\output\history_chart::make()) {
    echo html_writer::div($OUTPUT->render($chart), 'tool_enrolsync-chart');
}
(new \tool_enrolsync\output\history_table($url))->out(30, false);
echo $OUTPUT->footer();
