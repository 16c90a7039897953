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

/**
 * The run options both forms of the tool's page offer, and the run_options overrides they give.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class run_options_fields {
    /**
     * Adds the fields: dry run (checked by default: look before you write), and for uploads the
     * format; full sync. A full sync above the safety threshold is confirmed on its report, where
     * the removals are listed, never blind.
     *
     * @param \MoodleQuickForm $form
     * @param bool $upload
     */
    public static function add(\MoodleQuickForm $form, bool $upload): void {
        $form->addElement(
            'advcheckbox',
            'dryrun',
            get_string('dryrun', 'tool_enrolsync'),
            get_string('dryrun_label', 'tool_enrolsync')
        );
        $form->setDefault('dryrun', 1);
        $form->addHelpButton('dryrun', 'dryrun', 'tool_enrolsync');
        if ($upload) {
            $form->addElement('select', 'format', get_string('format', 'tool_enrolsync'), [
                '' => get_string('format_setting', 'tool_enrolsync'),
                'auto' => get_string('choice_auto', 'tool_enrolsync'),
                'native' => get_string('choice_native', 'tool_enrolsync'),
                'flatfile' => get_string('choice_flatfile', 'tool_enrolsync'),
            ]);
            $form->addHelpButton('format', 'format', 'tool_enrolsync');
        }
        $form->addElement(
            'advcheckbox',
            'fullsync',
            get_string('fullsync', 'tool_enrolsync'),
            get_string('fullsync_label', 'tool_enrolsync')
        );
        $form->setDefault('fullsync', (int) \tool_enrolsync\run_options::setting('fullsync'));
        $form->addHelpButton('fullsync', 'fullsync', 'tool_enrolsync');
    }

    /**
     * The run_options overrides of the submitted fields.
     *
     * @param \stdClass $data
     * @return array
     */
    public static function overrides(\stdClass $data): array {
        $overrides = ['dryrun' => !empty($data->dryrun), 'fullsync' => (int) !empty($data->fullsync)];
        if (!empty($data->format)) {
            $overrides['format'] = $data->format;
        }
        return $overrides;
    }
}
