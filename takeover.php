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
 * Taking over from enrol_flatfile: what it does, a dry run that lists what it would change, and
 * (from that dry run's report) the take-over of exactly that. It changes the site's settings: it
 * needs moodle/site:config (admin_externalpage_setup() checks it, with login) and
 * tool/enrolsync:run; every action is a form with its sesskey.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

require(__DIR__ . '/../../../config.php');
require_once($CFG->libdir . '/adminlib.php');

use tool_enrolsync\engine;
use tool_enrolsync\run_options;
use tool_enrolsync\takeover;

$confirm = optional_param('confirm', 0, PARAM_INT);

$url = new moodle_url('/admin/tool/enrolsync/takeover.php');
admin_externalpage_setup('tool_enrolsync_takeover', '', null, $url);
require_capability('tool/enrolsync:run', context_system::instance());
$PAGE->set_heading(get_string('pluginname', 'tool_enrolsync'));

$toolpage = new \tool_enrolsync\output\page($url);
$nothing = get_string('error_nothingtotakeover', 'tool_enrolsync');
$start = fn(engine $engine, run_options $options) => takeover::run($engine, $options, engine::ORIGIN_PAGE);

if ($confirm) {
    // The dry run's list, applied only if the take-over would still do exactly that.
    require_sesskey();
    $toolpage->run_with_progress($start, ['dryrun' => false, 'confirms' => $confirm], $nothing);
    die();
}

$form = new \tool_enrolsync\form\takeover_form($url, ['state' => s(takeover::state())]);
if ($form->get_data()) {
    $toolpage->run_with_progress($start, ['dryrun' => true], $nothing);
    die();
}

echo $OUTPUT->header();
echo $OUTPUT->heading(get_string('takeover', 'tool_enrolsync'));
echo html_writer::tag('p', get_string('takeover_intro', 'tool_enrolsync'));
echo $OUTPUT->notification(s(takeover::advice()), 'info', false);
if (takeover::needed()) {
    $form->display();
} else {
    echo $OUTPUT->notification($nothing, 'info', false);
}
echo $OUTPUT->continue_button(new moodle_url('/admin/tool/enrolsync/index.php'));
echo $OUTPUT->footer();
