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
 * The role map setting (spec §3): one mapping a line, "role name in the file = role shortname"
 * (read by run_options::role_mappings()). File names are matched trimmed and without regard to
 * case (by the extension); a name the map does not hold means the role of that shortname. Saving
 * refuses a line that is not a mapping, a name mapped twice, and a shortname no role has.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class setting_rolemap extends \admin_setting_configtextarea {
    /**
     * Makes the setting, with run_options' default.
     *
     * @param string $name
     * @param string $visiblename
     * @param string $description
     */
    public function __construct($name, $visiblename, $description) {
        parent::__construct($name, $visiblename, $description, \tool_enrolsync\run_options::DEFAULTS['rolemap'], PARAM_RAW, 40, 6);
    }

    /**
     * Accepts lines "name = shortname" (and blank lines), each name once, each shortname a role's.
     *
     * @param string $data
     * @return true|string true, or the error to show
     */
    public function validate($data) {
        $shortnames = array_map(fn($role) => \core_text::strtolower($role->shortname), get_all_roles());
        $seen = [];
        foreach (\tool_enrolsync\run_options::role_mappings((string) $data) as $number => [$name, $shortname]) {
            if ($name === '' || $shortname === '') {
                return get_string('rolemap_badline', 'tool_enrolsync', $number);
            }
            $key = \core_text::strtolower($name);
            if (isset($seen[$key])) {
                return get_string('rolemap_duplicate', 'tool_enrolsync', $number);
            }
            $seen[$key] = true;
            if (!in_array(\core_text::strtolower($shortname), $shortnames, true)) {
                return get_string('rolemap_unknown', 'tool_enrolsync', (object) ['line' => $number, 'shortname' => $shortname]);
            }
        }
        return true;
    }
}
