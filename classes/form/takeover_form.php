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
 * The take-over of enrol_flatfile, first as a dry run: what it would change is listed, and only
 * that list can then be applied (from the dry run's report).
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class takeover_form extends \moodleform {
    /**
     * The form's fields.
     */
    protected function definition() {
        $form = $this->_form;
        $form->addElement('header', 'takeoverheader', get_string('takeover', 'tool_enrolsync'));
        $form->addElement('static', 'takeoverstate', '', $this->_customdata['state']);
        $form->addElement('submit', 'takeoverdryrun', get_string('takeover_dryrun', 'tool_enrolsync'));
    }
}
