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
$page = optional_param('page', 0, PARAM_INT);

$url = new moodle_url('/admin/tool/enrolsync/index.php');
admin_externalpage_setup('tool_enrolsync_run', '', null, $url);
$PAGE->set_heading(get_string('pluginname', 'tool_enrolsync'));

$run = $runid ? $DB->get_record('tool_enrolsync_runs', ['id' => $runid], '*', MUST_EXIST) : null;
if ($run && $download !== '' && $dataformat !== '') {
    \tool_enrolsync\report_download::send($run, $download === 'report' ? 'report' : 'failed', $dataformat);
    die();
}

/**
 * Runs a file with a progress bar, then shows its report. The request may take as long as the
 * writes do: the progress bar keeps the connection alive.
 *
 * @param callable $start fn(engine $engine, run_options $options): ?\stdClass (null: no file)
 * @param array $overrides run options
 */
function tool_enrolsync_run_with_progress(callable $start, array $overrides): void {
    global $OUTPUT;
    core_php_time_limit::raise();
    raise_memory_limit(MEMORY_HUGE);
    echo $OUTPUT->header();
    $extension = new \tool_enrolsync\extension();
    if ($extension->status() !== \tool_enrolsync\extension::OK) {
        echo $OUTPUT->notification($extension->problem(), 'error');
        echo $OUTPUT->footer();
        return;
    }
    $options = new run_options($overrides);
    // The bar appears with the first write: reading and planning take a second at most.
    $progress = new \core\progress\display(false);
    $run = $start(new engine($options, $progress), $options);
    if (!$run) {
        echo $OUTPUT->notification(get_string('nostandardfile', 'tool_enrolsync', $options->get('standardfile')), 'warning');
    } else if ($run->status === engine::STATUS_LOCKED) {
        echo $OUTPUT->notification(get_string('error_locked', 'tool_enrolsync'), 'error');
    } else {
        tool_enrolsync_show_report($run, 0);
    }
    echo $OUTPUT->continue_button(new moodle_url('/admin/tool/enrolsync/index.php'));
    echo $OUTPUT->footer();
}

/**
 * The report of a run, and for a run that full sync's threshold refused, the form that confirms it.
 *
 * @param \stdClass $run
 * @param int $page
 */
function tool_enrolsync_show_report(\stdClass $run, int $page): void {
    global $OUTPUT;
    $report = (new \tool_enrolsync\output\report($run, $page))->export_for_template($OUTPUT);
    echo $OUTPUT->render_from_template('tool_enrolsync/report', $report);
    // Confirmed, the same file runs again: only while it is kept (the report links to it then).
    if ($report['refused'] && $report['fileurl']) {
        echo $OUTPUT->single_button(new moodle_url('/admin/tool/enrolsync/index.php', ['runid' => $run->id, 'confirm' => 1]),
            get_string('confirmremovals', 'tool_enrolsync'), 'post', ['type' => single_button::BUTTON_DANGER]);
    }
}

if ($run && $confirm) {
    // Full sync's removals confirmed: the same file again, with force.
    require_sesskey();
    $input = run_files::required_input($run->id);
    tool_enrolsync_run_with_progress(fn(engine $engine) => run_files::run_stored_file($engine, $input, $run->filename, 'page'),
        ['fullsync' => 1, 'force' => true, 'format' => $run->format]);
    die();
}

if ($run) {
    echo $OUTPUT->header();
    tool_enrolsync_show_report($run, $page);
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
    tool_enrolsync_run_with_progress(fn(engine $engine) => $engine->run($path, $filename, 'page'),
        run_options_fields::overrides($data));
    @unlink($path);
    die();
}
if ($data = $standardform->get_data()) {
    tool_enrolsync_run_with_progress(fn(engine $engine, run_options $options) =>
        run_files::run_standard_file($engine, 'page', $options), run_options_fields::overrides($data));
    die();
}

echo $OUTPUT->header();
$links = [html_writer::link(new moodle_url('/admin/tool/enrolsync/files.php'), get_string('commandfiles', 'tool_enrolsync'))];
if (has_capability('moodle/site:config', context_system::instance())) {
    $links[] = html_writer::link(new moodle_url('/admin/settings.php', ['section' => 'tool_enrolsync_settings']),
        get_string('settings', 'tool_enrolsync'));
}
echo html_writer::tag('p', implode(' · ', $links));
$uploadform->display();
$standardform->display();
echo $OUTPUT->heading(get_string('history', 'tool_enrolsync'), 3);
(new \tool_enrolsync\output\history_table($url))->out(30, false);
echo $OUTPUT->footer();
