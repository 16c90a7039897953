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

namespace tool_enrolsync\external;

use tool_enrolsync\engine;
use tool_enrolsync\run_files;

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/webservice_testcase.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\external\get_run::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\external\report::class)]
#[\PHPUnit\Framework\Attributes\CoversMethod(\tool_enrolsync\run_parts::class, 'started')]
/**
 * The web service tool_enrolsync_get_run: a run's status and report, by id or the latest.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\external\get_run
 * @covers     \tool_enrolsync\external\report
 * @covers     \tool_enrolsync\run_parts::started
 */
final class get_run_test extends webservice_testcase {
    public function test_a_run_by_id_or_the_latest(): void {
        $first = $this->run_file(self::FILE, ['dryrun' => true]);
        $latest = $this->run_file("cid;uid;rolename\nPHYS;S2;student\n", [], engine::ORIGIN_PAGE);

        $report = $this->call('tool_enrolsync_get_run', ['runid' => $first->id]);
        $this->assertEquals([$first->id, engine::STATUS_DONE, true, 'cli'], [$report['runid'], $report['status'],
            $report['dryrun'], $report['origin']]);
        $this->assertSame(4, $report['counts']['lines']);

        $report = $this->call('tool_enrolsync_get_run');
        $this->assertEquals([$latest->id, false, 'page'], [$report['runid'], $report['dryrun'], $report['origin']]);
        $this->assertSame([['name' => 'enrol', 'count' => 1]], $report['operations']);
        $this->assertEquals([$latest->timestarted, $latest->timefinished], [$report['timestarted'], $report['timefinished']]);
    }

    public function test_no_such_run(): void {
        $this->expectException(\dml_missing_record_exception::class);
        $this->call('tool_enrolsync_get_run');
    }

    public function test_failed_lines_come_a_page_at_a_time_with_their_reasons(): void {
        $lines = "cid;uid;rolename\nMATH;S1;student\n";
        for ($i = 1; $i <= 5; $i++) {
            $lines .= "MATH;NOBODY$i;student\n";
        }
        $run = $this->run_file($lines, ['dryrun' => true]);

        $report = $this->call('tool_enrolsync_get_run', ['runid' => $run->id, 'page' => 1, 'perpage' => 2]);

        $this->assertSame(5, $report['failedlines']['total']);
        $this->assertSame([5, 6], array_column($report['failedlines']['lines'], 'line'));
        $this->assertSame(
            ["Unknown user 'NOBODY3'", "Unknown user 'NOBODY4'"],
            array_column($report['failedlines']['lines'], 'message')
        );
        $this->assertSame(['total' => 0, 'changes' => []], $report['removals']);
        $last = $this->call('tool_enrolsync_get_run', ['runid' => $run->id, 'page' => 2, 'perpage' => 2]);
        $this->assertSame([7], array_column($last['failedlines']['lines'], 'line'));
    }

    public function test_a_rejected_file_says_why_as_the_page_does(): void {
        $run = $this->run_file("cid;uid;rolename;colour\nMATH;S1;student;red\n");
        $report = $this->call('tool_enrolsync_get_run', ['runid' => $run->id]);
        $this->assertSame(engine::STATUS_REJECTED, $report['status']);
        $this->assertSame(['key' => 'unknowncolumn', 'arg' => 'colour', 'line' => 1,
            'message' => "Unknown column 'colour' in the header"], $report['error']);
    }

    public function test_a_refused_run_lists_its_removals_a_page_at_a_time_while_it_can_be_confirmed(): void {
        $this->managed_students('MATH', 4);
        $refused = $this->run_file("cid;uid;rolename\nMATH;U1;student\n", ['fullsync' => 1]);

        $report = $this->call('tool_enrolsync_get_run', ['runid' => $refused->id, 'page' => 1, 'perpage' => 2]);

        $this->assertSame(engine::STATUS_REFUSED, $report['status']);
        $this->assertSame(\tool_enrolsync\run_report::summary($refused)['error']['message'], $report['error']['message']);
        $this->assertTrue($report['confirmable']);
        $this->assertSame(3, $report['removals']['total']);
        $this->assertCount(1, $report['removals']['changes']);
        $removal = $report['removals']['changes'][0];
        $this->assertEquals([$refused->id, 0, 'suspend', 'MATH', 'U4', 'manual', 'planned'], [$removal['runid'],
            $removal['line'], $removal['op'], $removal['course'], $removal['useridnumber'], $removal['method'],
            $removal['result']]);
        // Once its file is gone it cannot be confirmed.
        run_files::delete_run_files($refused->id);
        $this->assertFalse($this->call('tool_enrolsync_get_run', ['runid' => $refused->id])['confirmable']);
    }

    public function test_a_refused_runs_removals_are_the_enrolments_a_confirmation_would_remove(): void {
        set_config('removalaction', 'unenrol', 'tool_enrolsync');
        $this->managed_students('MATH', 4);
        // NOWHERE is a course not created yet: the line keeps U2, which the list of changes says
        // (a kept row), and the unenrolments would remove roles (role rows): no removal either.
        $refused = $this->run_file("cid;uid;rolename\nMATH;U1;student\nNOWHERE;U2;student\n", ['fullsync' => 1]);

        $report = $this->call('tool_enrolsync_get_run', ['runid' => $refused->id]);

        $this->assertSame(engine::STATUS_REFUSED, $report['status']);
        $this->assertSame(2, $report['removals']['total']);
        $summary = fn(array $change) => [$change['op'], $change['useridnumber'], $change['result']];
        $this->assertSame(
            [['unenrol', 'U3', 'planned'], ['unenrol', 'U4', 'planned']],
            array_map($summary, $report['removals']['changes'])
        );
        // The list of changes has them all.
        $changes = $this->call('tool_enrolsync_get_changes', ['runid' => $refused->id]);
        $this->assertContains(['unenrol', 'U2', 'kept'], array_map($summary, $changes['changes']));
    }

    public function test_a_queued_run_is_queued_then_applying_then_done(): void {
        global $DB;
        set_config('webservicequeue', 0, 'tool_enrolsync');
        $run = $this->run_file(self::FILE, [], engine::ORIGIN_WEBSERVICE);
        $this->assertSame(engine::STATUS_APPLYING, $run->status);
        $this->assertSame(report::STATUS_QUEUED, $this->call('tool_enrolsync_get_run')['status']);

        // A cron worker takes its task.
        $DB->set_field('task_adhoc', 'timestarted', time(), ['classname' => '\\' . \tool_enrolsync\task\apply_part_task::class]);
        $this->assertSame(engine::STATUS_APPLYING, $this->call('tool_enrolsync_get_run')['status']);

        $DB->set_field('task_adhoc', 'timestarted', null);
        ob_start();
        $this->runAdhocTasks(\tool_enrolsync\task\apply_part_task::class);
        ob_end_clean();
        $this->assertSame(engine::STATUS_DONE, $this->call('tool_enrolsync_get_run')['status']);
    }

    public function test_a_page_out_of_bounds_is_refused(): void {
        $run = $this->run_file(self::FILE, ['dryrun' => true]);
        foreach ([['page' => -1], ['perpage' => 0], ['perpage' => get_changes::MAX_PER_PAGE + 1]] as $args) {
            try {
                $this->call('tool_enrolsync_get_run', $args + ['runid' => $run->id]);
                $this->fail('accepted ' . json_encode($args));
            } catch (\invalid_parameter_exception $e) {
                $this->assertStringContainsString('perpage', $e->debuginfo);
            }
        }
    }

    public function test_a_user_without_the_capability_is_refused(): void {
        $run = $this->run_file(self::FILE, ['dryrun' => true]);
        $this->setUser($this->getDataGenerator()->create_user());
        $this->expectException(\required_capability_exception::class);
        $this->call('tool_enrolsync_get_run', ['runid' => $run->id]);
    }
}
