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

#[\PHPUnit\Framework\Attributes\CoversNothing]
/**
 * The tool's capability declares what its holders can do: change the site's configuration of
 * enrolments and roles, show the text of files to others, see and write personal data, destroy
 * course data (unenrolment).
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @coversNothing
 */
final class access_test extends \advanced_testcase {
    public function test_the_run_capability_declares_its_risks(): void {
        $risks = RISK_CONFIG | RISK_XSS | RISK_PERSONAL | RISK_DATALOSS;
        $this->assertSame($risks, load_capability_def('tool_enrolsync')['tool/enrolsync:run']['riskbitmask']);
        // And the site knows them (Moodle updates capabilities when the plugin's version changes).
        $this->assertEquals($risks, get_capability_info('tool/enrolsync:run')->riskbitmask);
    }
}
