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

use tool_enrolsync\local\notifier;

/**
 * The feed, and whether it stopped (spec §5, "A feed that stops"). A feed arrives when a real run
 * reads a file that reached the tool by itself: the standard file (however it entered the command
 * file area: the drop folder, the command files page, a web service), or a file run from the
 * command line. It arrived when that file was written (its time in the file API, or on disk),
 * not when it ran: a kept standard file run again every night is no new feed. A dry run, or a
 * file someone uploads on the tool's page, is not the feed. Past the setting feedhours without
 * one (0: no feed is expected), the feed is late: the status check warns, and the administrators
 * are told once when it becomes late and once when it arrives again. No feed is expected before
 * the first one.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class feed {
    /**
     * Records the arrival of the feed when a run read it for real: the time its file was written.
     *
     * @param \stdClass $run the run (status locked: nothing was read)
     * @param int $written when its file was written
     */
    public static function ran(\stdClass $run, int $written): void {
        if ($run->id && !$run->dryrun && $written > (int) self::last_arrival()) {
            set_config('feedarrived', $written, 'tool_enrolsync');
        }
    }

    /**
     * When the feed last arrived.
     *
     * @return int|null null before the first one
     */
    public static function last_arrival(): ?int {
        $time = get_config('tool_enrolsync', 'feedarrived');
        return $time ? (int) $time : null;
    }

    /**
     * The hours a feed is expected in (setting feedhours; 0: none is).
     *
     * @return int
     */
    public static function hours(): int {
        return (int) run_options::setting('feedhours');
    }

    /**
     * Whether the feed is late: it arrived once, but not in the hours expected.
     *
     * @param int|null $now
     * @return bool
     */
    public static function is_late(?int $now = null): bool {
        $arrived = self::last_arrival();
        return self::hours() > 0 && $arrived !== null && ($now ?? time()) - $arrived > self::hours() * HOURSECS;
    }

    /**
     * Tells the administrators when the feed became late, and when it arrived again: once each,
     * however often this is called (setting feedlate: the arrival it was late after).
     *
     * @return string[] why messages could not be sent
     */
    public static function watch(): array {
        $toldlate = (int) get_config('tool_enrolsync', 'feedlate');
        $arrived = (int) self::last_arrival();
        if (self::is_late() && !$toldlate) {
            set_config('feedlate', $arrived, 'tool_enrolsync');
            return notifier::feed_late($arrived, self::hours());
        }
        if ($toldlate && !self::is_late()) {
            unset_config('feedlate', 'tool_enrolsync');
            // Back, unless no feed is expected any more.
            return $arrived > $toldlate ? notifier::feed_back($toldlate, $arrived) : [];
        }
        return [];
    }
}
