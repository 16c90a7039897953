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
 * Progress of a run as lines on a stream (the CLI's stderr), at most one per whole percent.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class cli_progress extends \core\progress\base {
    /** @var resource */
    private $stream;
    /** @var int the last percent written */
    private int $shown = -1;

    /**
     * Progress written to a stream (the command line's standard error).
     *
     * @param resource $stream
     */
    public function __construct($stream) {
        $this->stream = $stream;
    }

    /**
     * Writes the percentage of operations done when it has grown by one.
     */
    public function update_progress() {
        [$done] = $this->get_progress_proportion_range();
        $percent = (int) floor($done * 100);
        if ($percent > $this->shown) {
            $this->shown = $percent;
            fwrite($this->stream, get_string('progressline', 'tool_enrolsync', $percent) . "\n");
        }
    }
}
