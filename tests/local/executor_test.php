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

use tool_enrolsync\engine;
use tool_enrolsync\run_report;

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/../engine_testcase.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\executor::class)]
/**
 * The executor on a real site: batches in transactions, operations tried alone when their batch
 * fails, the list of changes written with what committed, and what happens after a commit.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\local\executor
 */
final class executor_test extends \tool_enrolsync\engine_testcase {
    protected function setUp(): void {
        parent::setUp();
        // A batch's transaction must be the outermost one, as in a real run: then it commits, and
        // Moodle sends the messages of the transaction.
        $this->preventResetByRollback();
    }

    public function test_a_message_that_fails_after_the_commit_is_a_notice_not_a_rollback(): void {
        global $DB;
        // The course welcome message of manual enrolments, to a user whose address the mailer
        // refuses: Moodle sends it once the batch has committed, and throws "Message was not sent".
        $DB->set_field(
            'enrol',
            'customint1',
            ENROL_SEND_EMAIL_FROM_NOREPLY,
            ['courseid' => $this->courses['MATH']->id, 'enrol' => 'manual']
        );
        $DB->set_field('user', 'email', 'not an address', ['id' => $this->users['S1']->id]);
        $run = $this->run_file("cid;uid;rolename\nMATH;S1;student\nMATH;S2;student\n");
        $this->resetDebugging();

        $this->assertSame(engine::STATUS_DONE, $run->status);
        $this->assertSame(['S1' => 0, 'S2' => 0], $this->enrolments('MATH'));
        $this->assertEquals(
            [2, 0, 0],
            [$run->applied, $run->failed, $run->opsfailed],
            json_encode($DB->get_records(journal::TABLE, ['runid' => $run->id]))
        );
        $this->assertSame(['enrol' => 2], json_decode($run->operations, true));
        [$notice] = run_report::summary($run)['notices'];
        $this->assertStringContainsString('Message was not sent', $notice);
        $this->assertEquals(2, $DB->count_records(journal::TABLE, ['runid' => $run->id, 'result' => journal::DONE]));
        $this->assertSame(run_report::EXIT_APPLIED, run_report::exit_status($run));
    }

    public function test_an_operation_that_always_fails_leaves_the_rest_of_its_batch_applied(): void {
        global $DB;
        // A group name longer than Moodle's column: creating it fails on every run.
        $long = str_repeat('g', 300);
        $content = "cid;uid;rolename;gcmd;g1\nMATH;S1;student;gaddcreate;$long\nMATH;S2;student;;\nPHYS;S3;student;;\n";
        $run = $this->run_file($content);

        $this->assertSame(['S1' => 0, 'S2' => 0], $this->enrolments('MATH'));
        $this->assertSame(['S3' => 0], $this->enrolments('PHYS'));
        $this->assertSame([], $this->group_members('MATH'));
        $this->assertEquals([2, 1, 2], [$run->applied, $run->failed, $run->opsfailed]);
        $this->assertSame(['enrol' => 3], json_decode($run->operations, true));
        [$line] = run_report::failed_lines($run->id);
        $this->assertEquals([2, 'opfailed'], [$line['line'], $line['key']]);
        $this->assertStringContainsString('Moodle refused the change', $line['message']);
        $failed = $DB->get_records(journal::TABLE, ['runid' => $run->id, 'result' => journal::FAILED], 'id');
        $this->assertSame(['creategroup', 'addmember'], array_values(array_column($failed, 'op')));
        $this->assertSame(run_report::EXIT_LINES_FAILED, run_report::exit_status($run));
        // The failed-lines file holds that line, to correct and run again.
        $this->assertStringContainsString("MATH;S1;student;gaddcreate;$long", \tool_enrolsync\run_files::failed_lines_file(
            $run->id
        )->get_content());

        // A re-run converges: only what failed is tried again.
        $again = $this->run_file($content);
        $this->assertEquals([0, 2, 1, 2], [$again->applied, $again->unchanged, $again->failed, $again->opsfailed]);
        $this->assertSame([], json_decode($again->operations, true));
    }

    public function test_an_enrolment_made_by_hand_after_the_plan_is_not_the_tool_s(): void {
        global $DB;
        set_config('notifyteachers', 1, 'tool_enrolsync');
        $generator = $this->getDataGenerator();
        $math = $this->courses['MATH']->id;
        $generator->enrol_user($this->users['T1']->id, $math, 'editingteacher');
        // Once the run has read the site and planned, before its first write, a teacher enrols S1
        // by hand, with the dates of the file.
        $byhand = fn() => $generator->enrol_user($this->users['S1']->id, $math, 'student');
        $progress = $this->when_writes_begin($byhand);
        $path = make_request_directory() . '/enrols.csv';
        file_put_contents($path, "cid;uid;rolename\nMATH;S1;student\nMATH;S2;student\n");
        $sink = $this->redirectMessages();
        $run = (new engine(new \tool_enrolsync\run_options(), $progress))->run($path, 'enrols.csv', engine::ORIGIN_CLI);
        $messages = $sink->get_messages();
        $sink->close();

        $this->assertSame(['S1' => 0, 'S2' => 0, 'T1' => 0], $this->enrolments('MATH'));
        // Only S2's enrolment is the tool's: full sync may never touch S1's.
        $managed = $DB->get_fieldset_sql('SELECT u.idnumber FROM {tool_enrolsync_managed} m JOIN {user} u ON u.id = m.userid');
        $this->assertSame(['S2'], $managed);
        $changes = $DB->get_records(journal::TABLE, ['runid' => $run->id], 'id', 'id, line, op, result, error');
        $this->assertSame(
            [[2, 'enrol', journal::FAILED], [3, 'enrol', journal::DONE]],
            array_map(fn($row) => [(int) $row->line, $row->op, $row->result], array_values($changes))
        );
        $this->assertEquals([1, 1, 1], [$run->applied, $run->failed, $run->opsfailed]);
        $this->assertSame(['enrol' => 1], json_decode($run->operations, true));
        [$line] = run_report::failed_lines($run->id);
        $this->assertEquals([2, 'enrolledmeanwhile'], [$line['line'], $line['key']]);
        $this->assertStringContainsString(
            "Someone enrolled this user in the course through 'manual' after this run read the site",
            $line['message']
        );
        // The teacher hears of S2 alone.
        $news = array_values(array_filter($messages, fn($m) => $m->eventtype === 'newstudents'));
        $this->assertCount(1, $news);
        $this->assertStringContainsString(': 1 new student(s)', $news[0]->subject);
        $this->assertStringContainsString(fullname($this->users['S2']), $news[0]->fullmessage);

        // Full sync with a file that no longer lists S1 leaves the enrolment made by hand.
        $this->run_file("cid;uid;rolename\nMATH;S2;student\n", ['fullsync' => 1, 'threshold' => 100]);
        $this->assertSame(['S1' => 0, 'S2' => 0, 'T1' => 0], $this->enrolments('MATH'));
    }

    public function test_welcome_messages_follow_the_instance_or_are_never_sent(): void {
        global $DB;
        $instance = ['courseid' => $this->courses['MATH']->id, 'enrol' => 'manual'];
        $DB->set_field('enrol', 'customint1', ENROL_SEND_EMAIL_FROM_NOREPLY, $instance);
        $welcomes = function (string $content): int {
            $sink = $this->redirectMessages();
            $this->run_file($content);
            $count = count(array_filter($sink->get_messages(), fn($m) => $m->eventtype === 'enrolcoursewelcomemessage'));
            $sink->close();
            return $count;
        };

        $this->assertSame(1, $welcomes("cid;uid;rolename\nMATH;S1;student\n"));
        set_config('welcomemessages', 'never', 'tool_enrolsync');
        $this->assertSame(0, $welcomes("cid;uid;rolename\nMATH;S2;student\n"));
        $this->assertSame(['S1' => 0, 'S2' => 0], $this->enrolments('MATH'));
        // The instance is as it was: enrolments by hand still send theirs.
        $this->assertEquals(ENROL_SEND_EMAIL_FROM_NOREPLY, $DB->get_field('enrol', 'customint1', $instance));
    }
}
