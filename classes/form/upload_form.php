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

namespace tool_enrolsync\form;

defined('MOODLE_INTERNAL') || die();

require_once($CFG->libdir . '/formslib.php');

/**
 * "Upload and run": a file and the options of one run (dry run, format, full sync and its
 * confirmation), applied in one step.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class upload_form extends \moodleform {
    /**
     * The form's fields.
     */
    protected function definition() {
        $form = $this->_form;
        $form->addElement('header', 'uploadheader', get_string('uploadandrun', 'tool_enrolsync'));
        $form->addElement(
            'filepicker',
            'enrolfile',
            get_string('file'),
            null,
            ['accepted_types' => ['.csv', '.txt'], 'maxbytes' => get_max_upload_file_size()]
        );
        $form->addRule('enrolfile', null, 'required');
        $form->addHelpButton('enrolfile', 'file', 'tool_enrolsync');
        run_options_fields::add($form, true);
        $this->add_action_buttons(false, get_string('run', 'tool_enrolsync'));
    }
}
