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

namespace tool_enrolsync\check;

use core\check\check;
use core\check\result;
use tool_enrolsync\extension as enrolsync_extension;

/**
 * Status check (Site administration > Reports > System status): is the PHP extension loaded,
 * and is it the plugin's version?
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class extension extends check {
    /** @var enrolsync_extension what is asked about the extension */
    private enrolsync_extension $extension;

    /**
     * Constructor.
     *
     * @param enrolsync_extension|null $extension the extension probe (tests pass their own)
     */
    public function __construct(?enrolsync_extension $extension = null) {
        $this->extension = $extension ?? new enrolsync_extension();
    }

    /**
     * Name of the check.
     *
     * @return string
     */
    public function get_name(): string {
        return get_string('checkextension', 'tool_enrolsync');
    }

    /**
     * The result: OK with the version, or ERROR saying what to install.
     *
     * @return result
     */
    public function get_result(): result {
        $problem = $this->extension->problem();
        if ($problem === null) {
            $summary = get_string('checkextensionok', 'tool_enrolsync', $this->extension->loaded_version());
            return new result(result::OK, $summary);
        }
        return new result(result::ERROR, get_string('checkextensionerror', 'tool_enrolsync'), $problem);
    }
}
