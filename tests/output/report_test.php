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

namespace tool_enrolsync\output;

use tool_enrolsync\engine;
use tool_enrolsync\run_files;
defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/../engine_testcase.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\output\report::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\output\page::class)]
/**
 * The report of a run as the tool's page shows it.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\output\report
 * @covers     \tool_enrolsync\output\page
 */
final class report_test extends \tool_enrolsync\engine_testcase {
    public function test_failed_lines_come_a_page_at_a_time_after_the_summary(): void {
        global $PAGE;
        $lines = "cid;uid;rolename\nMATH;S1;student\n";
        $failed = \tool_enrolsync\output\report::PER_PAGE + 10;
        for ($i = 1; $i <= $failed; $i++) {
            $lines .= "MATH;NOBODY$i;student\n";
        }
        $run = $this->run_file($lines, ['dryrun' => true]);
        $output = $PAGE->get_renderer('core');

        $first = (new \tool_enrolsync\output\report($run, 0))->export_for_template($output);
        $this->assertTrue($first['dryrun']);
        $this->assertSame(
            ['lines' => $failed + 1, 'applied' => 1, 'unchanged' => 0, 'failed' => $failed, 'opsfailed' => 0],
            array_column($first['counts'], 'value', 'name')
        );
        $this->assertSame(['enrol' => 1], array_column($first['operations'], 'value', 'name'));
        $this->assertCount(\tool_enrolsync\output\report::PER_PAGE, $first['failedlines']);
        $this->assertSame(3, $first['failedlines'][0]['line']);
        $this->assertSame("Unknown user 'NOBODY1'", $first['failedlines'][0]['reason']);
        $this->assertStringContainsString('page=1', $first['pagingbar']);
        $this->assertNotNull($first['downloadfailed']);

        $second = (new \tool_enrolsync\output\report($run, 1))->export_for_template($output);
        $this->assertCount(10, $second['failedlines']);
        $this->assertSame($failed + 2, end($second['failedlines'])['line']);
    }

    public function test_a_refused_run_offers_its_confirmation_while_its_file_is_kept(): void {
        $page = new \tool_enrolsync\output\page(new \moodle_url('/admin/tool/enrolsync/index.php'));
        $confirm = get_string('confirmremovals', 'tool_enrolsync');
        $shown = function (\stdClass $run) use ($page): string {
            ob_start();
            $page->report($run, 0);
            return ob_get_clean();
        };
        $done = $this->run_file("cid;uid;rolename\nMATH;S1;student\nMATH;S2;student\n");
        $this->assertStringNotContainsString($confirm, $shown($done));

        $refused = $this->run_file("cid;uid;rolename\nMATH;S1;student\n", ['fullsync' => 1]);
        $this->assertSame(engine::STATUS_REFUSED, $refused->status);
        $this->assertStringContainsString($confirm, $shown($refused));
        // Once the archived file is gone there is nothing to run again.
        run_files::delete_run_files($refused->id);
        $html = $shown($refused);
        $this->assertStringContainsString('1 of the 2 active enrolments', $html);
        $this->assertStringNotContainsString($confirm, $html);
    }

    public function test_the_template_escapes_what_comes_from_the_file(): void {
        global $OUTPUT, $PAGE;
        $run = $this->run_file("cid;uid;rolename\nMATH;<script>alert(1)</script>;student\n", ['dryrun' => true]);
        $html = $OUTPUT->render_from_template(
            'tool_enrolsync/report',
            (new \tool_enrolsync\output\report($run))->export_for_template($PAGE->get_renderer('core'))
        );
        $this->assertStringNotContainsString('<script>', $html);
        $this->assertStringContainsString('&lt;script&gt;alert(1)&lt;/script&gt;', $html);
        $this->assertStringContainsString('Dry run: nothing was written', $html);
    }

    public function test_the_report_says_who_started_the_run_and_how(): void {
        global $PAGE;
        $output = $PAGE->get_renderer('core');
        $startedby = fn(string $origin) => (new \tool_enrolsync\output\report(
            $this->run_file(self::FILE, ['dryrun' => true], $origin)
        ))->export_for_template($output)['startedby'];
        $this->assertSame('Admin User (Web service)', $startedby(engine::ORIGIN_WEBSERVICE));
        $this->assertSame('Scheduled task', $startedby(engine::ORIGIN_TASK));
    }
}
