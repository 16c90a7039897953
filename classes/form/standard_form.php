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
 * "Run the standard file now", with the dry run option.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class standard_form extends \moodleform {
    /**
     * The form's fields.
     */
    protected function definition() {
        $form = $this->_form;
        $form->addElement('header', 'standardheader', get_string('runstandard', 'tool_enrolsync'));
        $form->addElement(
            'static',
            'standardfile',
            get_string('standardfile', 'tool_enrolsync'),
            s($this->_customdata['standardfile'])
        );
        $form->addHelpButton('standardfile', 'standardfile', 'tool_enrolsync');
        run_options_fields::add($form, false);
        // Named apart from the upload form's button: both forms are on one page.
        $form->addElement('submit', 'runstandard', get_string('runstandardnow', 'tool_enrolsync'));
    }
}
