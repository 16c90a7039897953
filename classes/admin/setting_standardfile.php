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

namespace tool_enrolsync\admin;

/**
 * The standard file setting: a path relative to the command file area, which must stay inside it
 * (spec §5: no "..", no absolute path).
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class setting_standardfile extends \admin_setting_configtext {
    /**
     * Makes the setting, with run_options' default.
     *
     * @param string $name
     * @param string $visiblename
     * @param string $description
     */
    public function __construct($name, $visiblename, $description) {
        parent::__construct(
            $name,
            $visiblename,
            $description,
            \tool_enrolsync\run_options::DEFAULTS['standardfile'],
            PARAM_RAW_TRIMMED,
            40
        );
    }

    /**
     * Accepts a relative path to a file, inside the area.
     *
     * @param string $data
     * @return true|string true, or the error to show
     */
    public function validate($data) {
        $data = trim($data);
        if ($data === '' || str_ends_with($data, '/')) {
            return get_string('standardfile_needsname', 'tool_enrolsync');
        }
        if (
            str_starts_with($data, '/') || str_contains($data, '..') || str_contains($data, '\\')
                || clean_param($data, PARAM_PATH) !== $data
        ) {
            return get_string('standardfile_outside', 'tool_enrolsync');
        }
        return true;
    }
}
