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
 * What this tool needs to know about an enrolment plugin.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class enrol_method {
    /**
     * Whether the plugin can add an instance with its default settings (manual, self, guest…):
     * it overrides enrol_plugin::add_default_instance(), which adds nothing.
     *
     * @param \enrol_plugin $plugin
     * @return bool
     */
    public static function can_create_instances(\enrol_plugin $plugin): bool {
        $method = new \ReflectionMethod($plugin, 'add_default_instance');
        return $method->getDeclaringClass()->getName() !== \enrol_plugin::class;
    }
}
