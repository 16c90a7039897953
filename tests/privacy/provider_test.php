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

namespace tool_enrolsync\privacy;

use core_privacy\local\request\approved_contextlist;
use core_privacy\local\request\approved_userlist;
use core_privacy\local\request\userlist;
use core_privacy\local\request\writer;
use tool_enrolsync\engine;
use tool_enrolsync\run_files;
use tool_enrolsync\run_options;

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\privacy\provider::class)]
/**
 * The privacy provider: the runs a user started, the failed lines that name them, and the
 * enrolments the tool created for them, found, exported and deleted.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\privacy\provider
 */
final class provider_test extends \core_privacy\tests\provider_testcase {
    /** @var \stdClass a student the tool enrolled, named by a failed line too */
    private \stdClass $student;
    /** @var \stdClass the manager who ran the file */
    private \stdClass $manager;
    /** @var \stdClass someone the tool never heard of */
    private \stdClass $stranger;

    protected function setUp(): void {
        parent::setUp();
        if (!extension_loaded('enrolsync')) {
            $this->markTestSkipped('the enrolsync extension is not loaded');
        }
        $this->resetAfterTest();
        $generator = $this->getDataGenerator();
        $this->student = $generator->create_user(['idnumber' => 'S1']);
        $this->manager = $generator->create_user();
        $this->stranger = $generator->create_user();
        $generator->create_course(['shortname' => 'MATH']);
        $this->setUser($this->manager);
        $path = make_request_directory() . '/feed.csv';
        file_put_contents($path, "cid;uid;rolename\nMATH;S1;student\nMATH;S1;nosuchrole\nMATH;NOBODY;student\n");
        (new engine(new run_options()))->run($path, 'feed.csv', 'page');
        $this->setAdminUser();
    }

    public function test_the_system_context_holds_data_about_users_the_tool_knows(): void {
        $system = \context_system::instance()->id;
        $this->assertEquals([$system], $this->get_contexts_for_userid($this->student->id, 'tool_enrolsync')->get_contextids());
        $this->assertEquals([$system], $this->get_contexts_for_userid($this->manager->id, 'tool_enrolsync')->get_contextids());
        $this->assertSame([], $this->get_contexts_for_userid($this->stranger->id, 'tool_enrolsync')->get_contextids());

        $userlist = new userlist(\context_system::instance(), 'tool_enrolsync');
        provider::get_users_in_context($userlist);
        $userids = $userlist->get_userids();
        sort($userids);
        $this->assertEquals([$this->student->id, $this->manager->id], $userids);
    }

    public function test_export_gives_the_lines_enrolments_and_runs_of_the_user(): void {
        $context = \context_system::instance();
        $this->export_context_data_for_user($this->student->id, $context, 'tool_enrolsync');
        $writer = writer::with_context($context);
        $lines = $writer->get_data(['Enrolment sync', 'Failed lines'])->lines;
        $this->assertCount(1, $lines);
        $this->assertSame('MATH;S1;nosuchrole', $lines[0]->raw);
        $this->assertSame("Unknown role 'nosuchrole'", $lines[0]->reason);
        $changes = $writer->get_data(['Enrolment sync', 'What changed'])->changes;
        $this->assertSame(
            [['Enrolled', 'MATH', 'Student', 'Done', 2]],
            array_map(fn($c) => [$c->change, $c->course, $c->role, $c->result, (int) $c->line], $changes)
        );
        $enrolments = $writer->get_data(['Enrolment sync', 'Enrolments created by the tool'])->enrolments;
        $this->assertSame('MATH', $enrolments[0]->course);
        $this->assertEmpty($writer->get_data(['Enrolment sync', 'Runs started']));

        writer::reset();
        $this->export_context_data_for_user($this->manager->id, $context, 'tool_enrolsync');
        $runs = writer::with_context($context)->get_data(['Enrolment sync', 'Runs started'])->runs;
        $this->assertSame('feed.csv', $runs[0]->filename);
    }

    public function test_delete_for_one_user_leaves_the_others(): void {
        global $DB;
        $contextlist = new approved_contextlist($this->student, 'tool_enrolsync', [\context_system::instance()->id]);
        provider::delete_data_for_user($contextlist);
        $this->assertFalse($DB->record_exists('tool_enrolsync_lines', ['userid' => $this->student->id]));
        $this->assertFalse($DB->record_exists('tool_enrolsync_managed', ['userid' => $this->student->id]));
        $this->assertFalse($DB->record_exists('tool_enrolsync_changes', ['userid' => $this->student->id]));
        // The line naming no known user stays; the run keeps who started it.
        $this->assertEquals(1, $DB->count_records('tool_enrolsync_lines'));
        $this->assertTrue($DB->record_exists('tool_enrolsync_runs', ['userid' => $this->manager->id]));

        $userlist = new approved_userlist(\context_system::instance(), 'tool_enrolsync', [$this->manager->id]);
        provider::delete_data_for_users($userlist);
        $this->assertTrue($DB->record_exists('tool_enrolsync_runs', ['userid' => 0]));
        $this->assertFalse($DB->record_exists('tool_enrolsync_runs', ['userid' => $this->manager->id]));
    }

    public function test_delete_for_all_users(): void {
        global $DB;
        provider::delete_data_for_all_users_in_context(\context_system::instance());
        $this->assertFalse($DB->record_exists_select('tool_enrolsync_lines', 'userid > 0'));
        $this->assertEquals(0, $DB->count_records('tool_enrolsync_managed'));
        $this->assertEquals(0, $DB->count_records('tool_enrolsync_changes'));
        $this->assertFalse($DB->record_exists_select('tool_enrolsync_runs', 'userid > 0'));
    }

    public function test_deleting_every_user_data_interrupts_a_run_being_applied(): void {
        global $DB;
        $this->getDataGenerator()->create_user(['idnumber' => 'S2']);
        $run = $this->run_feed("cid;uid;rolename\nMATH;S2;student\n", ['parts' => 1]);
        $this->assertSame(engine::STATUS_APPLYING, $run->status);

        provider::delete_data_for_all_users_in_context(\context_system::instance());

        // Its input is gone with every user's data: the run cannot go on, and says so at once.
        $interrupted = $DB->get_record('tool_enrolsync_runs', ['id' => $run->id]);
        $this->assertEquals([engine::STATUS_INTERRUPTED, 'runinput'], [$interrupted->status, $interrupted->errorkey]);
        $this->assertNull(run_files::input($run->id));
        // The next run is not kept waiting, and the part left in the queue writes nothing.
        $this->assertSame(engine::STATUS_DONE, $this->run_feed("cid;uid;rolename\nMATH;S1;student\n")->status);
        $before = $DB->count_records('user_enrolments');
        ob_start();
        $this->runAdhocTasks(\tool_enrolsync\task\apply_part_task::class);
        ob_end_clean();
        $this->assertEquals($before, $DB->count_records('user_enrolments'));
        $this->assertSame(engine::STATUS_INTERRUPTED, $DB->get_field('tool_enrolsync_runs', 'status', ['id' => $run->id]));
    }

    public function test_a_line_whose_user_key_is_ambiguous_is_found_exported_and_deleted_for_each_user(): void {
        global $DB;
        $generator = $this->getDataGenerator();
        $twins = [$generator->create_user(['email' => 'twin@example.org']),
            $generator->create_user(['email' => 'TWIN@example.org'])];
        $run = $this->run_feed("cid;uid;rolename\nMATH;twin@example.org;student\n", ['useridentifier' => 'email']);
        $this->assertSame(['ambiguoususer'], array_column(\tool_enrolsync\run_report::failed_lines($run->id), 'key'));

        $context = \context_system::instance();
        $userlist = new userlist($context, 'tool_enrolsync');
        provider::get_users_in_context($userlist);
        foreach ($twins as $twin) {
            $this->assertContains((int) $twin->id, array_map('intval', $userlist->get_userids()));
            $this->assertEquals([$context->id], $this->get_contexts_for_userid($twin->id, 'tool_enrolsync')->get_contextids());
            writer::reset();
            $this->export_context_data_for_user($twin->id, $context, 'tool_enrolsync');
            $lines = writer::with_context($context)->get_data(['Enrolment sync', 'Failed lines'])->lines;
            $this->assertSame(['MATH;twin@example.org;student'], array_column($lines, 'raw'));
        }

        provider::delete_data_for_users(new approved_userlist($context, 'tool_enrolsync', [$twins[1]->id]));
        $this->assertFalse($DB->record_exists('tool_enrolsync_lines', ['runid' => $run->id]));
        $this->assertSame([], $this->get_contexts_for_userid($twins[0]->id, 'tool_enrolsync')->get_contextids());
    }

    /**
     * The files of the tool's areas: "area/path/name", sorted.
     *
     * @return string[]
     */
    private function tool_files(): array {
        $files = [];
        $context = \context_system::instance();
        foreach ([run_files::AREA_COMMANDS, run_files::AREA_FAILED, run_files::AREA_RUNS] as $area) {
            $areafiles = get_file_storage()->get_area_files($context->id, 'tool_enrolsync', $area, false, 'filepath', false);
            foreach ($areafiles as $file) {
                $files[] = $area . $file->get_filepath() . $file->get_filename();
            }
        }
        return $files;
    }

    public function test_files_naming_users_are_declared_and_deleted_with_every_user_data(): void {
        $summaries = [];
        $metadata = provider::get_metadata(new \core_privacy\local\metadata\collection('tool_enrolsync'));
        foreach ($metadata->get_collection() as $item) {
            $summaries[$item->get_name()] = get_string($item->get_summary(), 'tool_enrolsync');
        }
        $this->assertStringContainsString('archive', $summaries['core_files']);

        $context = \context_system::instance();
        foreach (['/archive/' => '20260101-021500-run1-feed.csv', '/' => 'enrols.csv'] as $filepath => $filename) {
            $record = [
                'contextid' => $context->id,
                'component' => 'tool_enrolsync',
                'filearea' => run_files::AREA_COMMANDS,
                'itemid' => 0,
                'filepath' => $filepath,
                'filename' => $filename,
            ];
            get_file_storage()->create_file_from_string($record, "cid;uid;rolename\nMATH;S1;student\n");
        }
        $this->assertCount(4, $this->tool_files());

        provider::delete_data_for_all_users_in_context($context);
        // What ran is gone; the file waiting for the next run is the operator's.
        $this->assertSame(['commands/enrols.csv'], $this->tool_files());
    }

    public function test_the_metadata_declares_every_stored_field_about_a_person(): void {
        $declared = [];
        $metadata = provider::get_metadata(new \core_privacy\local\metadata\collection('tool_enrolsync'));
        foreach ($metadata->get_collection() as $item) {
            if ($item instanceof \core_privacy\local\metadata\types\database_table) {
                $declared[$item->get_name()] = array_keys($item->get_privacy_fields());
            }
        }
        $expected = [
            // Who started a run, the file's name (often a person's), what a rejection or a failure
            // after the commit quoted (a value of the file, an address).
            'tool_enrolsync_runs' => ['userid', 'filename', 'timestarted', 'errorarg', 'notices'],
            // A failed line names a user; its reason quotes the line's values (user identifiers).
            'tool_enrolsync_lines' => ['userid', 'rawline', 'errorkey', 'errorarg'],
            'tool_enrolsync_managed' => ['userid', 'userenrolid', 'enrolid', 'runid'],
            'tool_enrolsync_changes' => ['userid', 'courseid', 'op', 'roleid', 'groupname', 'method', 'line', 'result',
                'error'],
        ];
        foreach ($expected as $table => $fields) {
            $this->assertEqualsCanonicalizing($fields, array_intersect($declared[$table] ?? [], $fields), $table);
        }
    }

    /**
     * Runs a file as the manager did.
     *
     * @param string $content
     * @param array $options run_options overrides
     * @return \stdClass the run
     */
    private function run_feed(string $content, array $options = []): \stdClass {
        $path = make_request_directory() . '/feed.csv';
        file_put_contents($path, $content);
        return (new engine(new run_options($options)))->run($path, 'feed.csv', engine::ORIGIN_CLI);
    }

    /**
     * The status of a user's enrolment in MATH (0 active, 1 suspended), null when not enrolled.
     *
     * @param \stdClass $user
     * @return int|null
     */
    private function math_status(\stdClass $user): ?int {
        global $DB;
        $status = $DB->get_field_sql('SELECT ue.status FROM {user_enrolments} ue JOIN {enrol} e ON e.id = ue.enrolid
            JOIN {course} c ON c.id = e.courseid WHERE c.shortname = ? AND ue.userid = ?', ['MATH', $user->id]);
        return $status === false ? null : (int) $status;
    }

    public function test_deleting_a_user_data_leaves_their_enrolments_which_full_sync_no_longer_manages(): void {
        global $DB;
        $generator = $this->getDataGenerator();
        $other = $generator->create_user(['idnumber' => 'S2']);
        $generator->create_user(['idnumber' => 'S3']);
        $this->run_feed("cid;uid;rolename\nMATH;S2;student\n");
        $this->assertEquals(2, $DB->count_records('tool_enrolsync_managed'));

        $contextlist = new approved_contextlist($this->student, 'tool_enrolsync', [\context_system::instance()->id]);
        provider::delete_data_for_user($contextlist);

        // The enrolment is Moodle's (core_enrol's privacy provider covers it): it stays, and the
        // tool no longer holds that it made it.
        $this->assertSame(0, $this->math_status($this->student));
        $this->assertFalse($DB->record_exists('tool_enrolsync_managed', ['userid' => $this->student->id]));
        // Full sync of a file that lists neither: the other student, still managed, is suspended;
        // this one is left alone, like an enrolment made by hand.
        $run = $this->run_feed("cid;uid;rolename\nMATH;S3;student\n", ['fullsync' => 1, 'force' => 1]);
        $this->assertSame(engine::STATUS_DONE, $run->status);
        $this->assertSame(1, $this->math_status($other));
        $this->assertSame(0, $this->math_status($this->student));
    }

    public function test_a_line_rejected_while_reading_is_found_by_its_user(): void {
        global $DB;
        $path = make_request_directory() . '/dates.csv';
        file_put_contents($path, "cid;uid;rolename;starttime\nMATH;S1;student;2026-13-01\n");
        (new engine(new run_options()))->run($path, 'dates.csv', 'page');
        $line = $DB->get_record('tool_enrolsync_lines', ['errorkey' => 'baddate']);
        $this->assertEquals($this->student->id, $line->userid);

        $context = \context_system::instance();
        $this->export_context_data_for_user($this->student->id, $context, 'tool_enrolsync');
        $raws = array_column(writer::with_context($context)->get_data(['Enrolment sync', 'Failed lines'])->lines, 'raw');
        $this->assertContains('MATH;S1;student;2026-13-01', $raws);
        provider::delete_data_for_user(new approved_contextlist($this->student, 'tool_enrolsync', [$context->id]));
        $this->assertFalse($DB->record_exists('tool_enrolsync_lines', ['id' => $line->id]));
    }
}
