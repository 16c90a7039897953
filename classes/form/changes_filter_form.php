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

use tool_enrolsync\local\journal;

/**
 * The filters of a list of changes: the operation, a user (identifier, name or e-mail) and a
 * course (short name, full name or ID number). Sent by GET, so a filtered list has its address.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class changes_filter_form extends \moodleform {
    /**
     * The form's fields.
     */
    protected function definition() {
        $form = $this->_form;
        $form->addElement('hidden', 'runid', 0);
        $form->setType('runid', PARAM_INT);
        $operations = ['' => get_string('any')];
        foreach (journal::OPERATIONS as $op) {
            $operations[$op] = get_string('change_' . $op, 'tool_enrolsync');
        }
        $form->addElement('select', 'op', get_string('operation', 'tool_enrolsync'), $operations);
        $form->addElement('text', 'user', get_string('user'), ['size' => 30]);
        $form->setType('user', PARAM_RAW_TRIMMED);
        $form->addHelpButton('user', 'searchuser', 'tool_enrolsync');
        $form->addElement('text', 'course', get_string('course'), ['size' => 30]);
        $form->setType('course', PARAM_RAW_TRIMMED);
        $form->addHelpButton('course', 'searchcourse', 'tool_enrolsync');
        $form->addElement('submit', 'filter', get_string('filter'));
        $form->disable_form_change_checker();
    }
}
