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
 * The command file area, in Moodle's file manager.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class files_form extends \moodleform {
    /** Options of the file manager. */
    const OPTIONS = ['subdirs' => 1, 'maxfiles' => -1, 'accepted_types' => ['.csv', '.txt']];

    /**
     * The form's fields.
     */
    protected function definition() {
        $this->_form->addElement(
            'filemanager',
            'commands_filemanager',
            get_string('commandfiles', 'tool_enrolsync'),
            null,
            self::OPTIONS + ['maxbytes' => get_max_upload_file_size()]
        );
        $this->_form->addHelpButton('commands_filemanager', 'commandfiles', 'tool_enrolsync');
        $this->add_action_buttons();
    }
}
