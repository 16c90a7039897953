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

namespace tool_enrolsync;

use core\hook\output\before_standard_top_of_body_html_generation;

/**
 * Hook callbacks.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class hook_callbacks {
    /** @var string[] Page types where administrators are told when the extension is unusable. */
    private const NOTICE_PAGES = ['admin-index', 'admin-setting-tool_enrolsync_settings', 'admin-tool-enrolsync-index'];

    /**
     * Shows administrators, on the notifications page and the tool's pages, what is wrong with
     * the extension and how to fix it.
     *
     * @param before_standard_top_of_body_html_generation $hook
     * @param extension|null $extension the extension probe (tests pass their own)
     */
    public static function before_standard_top_of_body_html_generation(
        before_standard_top_of_body_html_generation $hook,
        ?extension $extension = null
    ): void {
        global $PAGE, $OUTPUT;
        if (during_initial_install() || !in_array($PAGE->pagetype, self::NOTICE_PAGES) || !is_siteadmin()) {
            return;
        }
        $problem = ($extension ?? new extension())->problem();
        if ($problem !== null) {
            $hook->add_html($OUTPUT->notification($problem, \core\output\notification::NOTIFY_ERROR));
        }
    }
}
