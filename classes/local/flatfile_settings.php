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

namespace tool_enrolsync\local;

/**
 * What enrol_flatfile's settings say, in this tool's settings' terms, so that a site switching
 * from enrol_flatfile keeps its outcomes: its role map (config map_<roleid>: the file's name of
 * that role) and its unenrol action (config unenrolaction: what a del line does). The plugin's
 * install and the upgrade that added those settings fill them from here.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class flatfile_settings {
    /**
     * enrol_flatfile's role map as the value of the setting rolemap: a line "name = shortname"
     * for each role whose name in files is not its own shortname. Names enrol_flatfile leaves
     * empty (a role files cannot name) have no equivalent and are left out; a name given to two
     * roles means the first, by id, as in enrol_flatfile.
     *
     * @return string '' when enrol_flatfile maps every role to its shortname
     */
    public static function role_map(): string {
        global $DB;
        $config = (array) get_config('enrol_flatfile');
        $lines = [];
        $taken = [];
        foreach ($DB->get_records('role', null, 'id', 'id, shortname') as $role) {
            $name = trim($config['map_' . $role->id] ?? '');
            $key = \core_text::strtolower($name);
            if ($name === '' || isset($taken[$key])) {
                continue;
            }
            $taken[$key] = true;
            if ($key !== \core_text::strtolower($role->shortname)) {
                $lines[] = "$name = $role->shortname";
            }
        }
        return implode("\n", $lines);
    }

    /**
     * enrol_flatfile's unenrol action (one of ENROL_EXT_REMOVED_*), or its default, "suspend and
     * remove roles", when the site has none.
     *
     * @return int
     */
    public static function unenrol_action(): int {
        $action = get_config('enrol_flatfile', 'unenrolaction');
        $known = [ENROL_EXT_REMOVED_UNENROL, ENROL_EXT_REMOVED_KEEP, ENROL_EXT_REMOVED_SUSPEND, ENROL_EXT_REMOVED_SUSPENDNOROLES];
        return is_numeric($action) && in_array((int) $action, $known, true) ? (int) $action : ENROL_EXT_REMOVED_SUSPENDNOROLES;
    }

    /**
     * Sets this tool's role map and flat-file del action from enrol_flatfile's, where they are
     * not set yet (at install, and in the upgrade that added them): never over an
     * administrator's choice.
     */
    public static function apply(): void {
        if (get_config('tool_enrolsync', 'rolemap') === false) {
            set_config('rolemap', self::role_map(), 'tool_enrolsync');
        }
        if (get_config('tool_enrolsync', 'delactionflatfile') === false) {
            set_config('delactionflatfile', self::unenrol_action(), 'tool_enrolsync');
        }
    }
}
