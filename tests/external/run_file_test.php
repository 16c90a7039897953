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

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\external\run_file::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\external\report::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\engine::class)]
/**
 * The web service tool_enrolsync_run_file: a file uploaded to the draft area, run through the
 * engine with the page's options, recorded with origin webservice.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\external\run_file
 * @covers     \tool_enrolsync\external\report
 * @covers     \tool_enrolsync\engine
 */
final class run_file_test extends webservice_testcase {
    public function test_a_dry_run_answers_with_its_report_and_writes_nothing(): void {
        global $DB, $USER;
        $itemid = $this->upload(self::FILE . "add;MATH;NOBODY;student;;;;\n");
        $before = $this->table_counts();

        $report = $this->call('tool_enrolsync_run_file', ['itemid' => $itemid, 'dryrun' => true]);

        $this->assertSame(engine::STATUS_DONE, $report['status']);
        $this->assertTrue($report['dryrun']);
        $this->assertEquals(['webservice', $USER->id, 'enrols.csv'], [$report['origin'], $report['userid'], $report['file']]);
        $this->assertSame(['lines' => 5, 'applied' => 4, 'unchanged' => 0, 'failed' => 1, 'opsfailed' => 0], $report['counts']);
        $this->assertSame(
            [['name' => 'creategroup', 'count' => 2], ['name' => 'enrol', 'count' => 4], ['name' => 'addmember', 'count' => 2]],
            $report['operations']
        );
        $this->assertSame(1, $report['failedlines']['total']);
        $this->assertSame(['line' => 6, 'raw' => 'add;MATH;NOBODY;student;;;;', 'key' => 'unknownuser',
            'message' => "Unknown user 'NOBODY'", 'protection' => ''], $report['failedlines']['lines'][0]);
        $this->assertArrayNotHasKey('error', $report);
        $this->assertSame($before, $this->table_counts());
        // Recorded like any run, with its own copy of the file; the draft is gone.
        $run = $DB->get_record('tool_enrolsync_runs', ['id' => $report['runid']]);
        $this->assertEquals(['webservice', $USER->id, 1], [$run->origin, $run->userid, $run->dryrun]);
        $this->assertSame(self::FILE . "add;MATH;NOBODY;student;;;;\n", run_files::input($run->id)->get_content());
        $this->assertSame(0, $this->draft_files($itemid));
    }

    public function test_a_real_run_of_a_small_plan_is_applied_at_once(): void {
        $report = $this->call('tool_enrolsync_run_file', ['itemid' => $this->upload(self::FILE), 'dryrun' => false]);

        $this->assertSame(engine::STATUS_DONE, $report['status']);
        $this->assertFalse($report['dryrun']);
        $this->assertSame(['S1' => 0, 'S2' => 0, 'T1' => 0], $this->enrolments('MATH'));
        $this->assertSame(['S1:student', 'S2:student', 'T1:editingteacher'], $this->roles('MATH'));
        $this->assertSame(8, array_sum(array_column($report['operations'], 'count')));
        $this->assertSame([], \core\task\manager::get_adhoc_tasks(\tool_enrolsync\task\apply_part_task::class));
    }

    public function test_a_file_pushed_for_real_is_the_feed_arriving_and_a_dry_run_is_not(): void {
        $this->call('tool_enrolsync_run_file', ['itemid' => $this->upload(self::FILE), 'dryrun' => true]);
        $this->assertNull(\tool_enrolsync\feed::last_arrival());
        $this->call('tool_enrolsync_run_file', ['itemid' => $this->upload(self::FILE), 'dryrun' => false]);
        $this->assertEqualsWithDelta(time(), \tool_enrolsync\feed::last_arrival(), 60);
    }

    public function test_a_real_run_above_the_setting_is_queued_until_an_adhoc_task_applies_it(): void {
        global $DB;
        // The file plans 8 operations.
        set_config('webservicequeue', 7, 'tool_enrolsync');
        $itemid = $this->upload(self::FILE);

        $queued = $this->call('tool_enrolsync_run_file', ['itemid' => $itemid, 'dryrun' => false]);

        $this->assertSame(report::STATUS_QUEUED, $queued['status']);
        $this->assertSame(4, $queued['counts']['applied']);
        $this->assertSame([], $queued['operations']);
        $this->assertSame([], $this->enrolments('MATH'));
        $this->assertCount(1, \core\task\manager::get_adhoc_tasks(\tool_enrolsync\task\apply_part_task::class));
        // The task reads the run's own copy: the draft is gone already.
        $this->assertSame(0, $this->draft_files($itemid));
        $this->assertSame(self::FILE, run_files::input($queued['runid'])->get_content());

        // Until it is applied, another run would overlap it: refused with the page's message, and
        // its draft stays for the client to try again.
        $next = $this->upload("cid;uid;rolename\nPHYS;S2;student\n");
        try {
            $this->call('tool_enrolsync_run_file', ['itemid' => $next, 'dryrun' => true]);
            $this->fail('a run while another is queued');
        } catch (\moodle_exception $e) {
            $this->assertSame('error_locked', $e->errorcode);
            $this->assertSame(get_string('error_locked', 'tool_enrolsync'), $e->getMessage());
        }
        $this->assertSame(1, $this->draft_files($next));
        $this->assertSame(1, $DB->count_records('tool_enrolsync_runs'));

        ob_start();
        $this->runAdhocTasks(\tool_enrolsync\task\apply_part_task::class);
        ob_end_clean();

        $done = $this->call('tool_enrolsync_get_run', ['runid' => $queued['runid']]);
        $this->assertSame(engine::STATUS_DONE, $done['status']);
        $this->assertSame(8, array_sum(array_column($done['operations'], 'count')));
        $this->assertSame(['S1' => 0, 'S2' => 0, 'T1' => 0], $this->enrolments('MATH'));
        $next = $this->call('tool_enrolsync_run_file', ['itemid' => $next, 'dryrun' => false]);
        $this->assertSame(engine::STATUS_DONE, $next['status']);
    }

    public function test_a_refused_full_sync_lists_its_removals_and_is_confirmed_through_the_service(): void {
        $this->managed_students('MATH', 3);
        $refused = $this->call('tool_enrolsync_run_file', ['itemid' => $this->upload("cid;uid;rolename\nMATH;U1;student\n"),
            'dryrun' => false, 'fullsync' => true]);

        $this->assertSame(engine::STATUS_REFUSED, $refused['status']);
        $this->assertSame('refused', $refused['error']['key']);
        $this->assertStringContainsString('2 of the 3 active enrolments', $refused['error']['message']);
        $this->assertTrue($refused['confirmable']);
        $this->assertSame(2, $refused['removals']['total']);
        // In the order the site's database gave the enrolments (the state is read without ORDER BY).
        $this->assertEqualsCanonicalizing(['U2', 'U3'], array_column($refused['removals']['changes'], 'useridnumber'));
        $this->assertSame(['suspend', 'suspend'], array_column($refused['removals']['changes'], 'op'));
        $this->assertSame(['U1' => 0, 'U2' => 0, 'U3' => 0], $this->enrolments('MATH'));

        $confirmed = $this->call('tool_enrolsync_run_file', ['itemid' => 0, 'dryrun' => false, 'confirm' => $refused['runid']]);

        $this->assertSame(engine::STATUS_DONE, $confirmed['status']);
        $this->assertTrue($confirmed['fullsync']);
        $this->assertSame(['U1' => 0, 'U2' => 1, 'U3' => 1], $this->enrolments('MATH'));
        // Confirmed once: a second confirmation is a run the engine rejects, as on the page.
        $again = $this->call('tool_enrolsync_run_file', ['itemid' => 0, 'dryrun' => false, 'confirm' => $refused['runid']]);
        $this->assertSame([engine::STATUS_REJECTED, 'notconfirmable'], [$again['status'], $again['error']['key']]);
    }

    public function test_the_options_default_to_the_settings_as_on_the_page(): void {
        set_config('fullsync', 1, 'tool_enrolsync');
        $report = $this->call('tool_enrolsync_run_file', ['itemid' => $this->upload(self::FILE), 'dryrun' => true]);
        $this->assertTrue($report['fullsync']);
        $this->assertSame('native', $report['format']);

        $report = $this->call('tool_enrolsync_run_file', ['itemid' => $this->upload("add;MATH;S1;student\n"),
            'dryrun' => true, 'fullsync' => false, 'format' => 'flatfile']);
        $this->assertFalse($report['fullsync']);
        // Read as told: as a flat file, its one line has too few fields.
        $this->assertSame(['flatfile', 1], [$report['format'], $report['counts']['failed']]);
    }

    /**
     * Parameters the service refuses before anything runs, with the exception and the message
     * that say why.
     *
     * @return array[]
     */
    public static function refused_parameters(): array {
        return [
            'no file in the draft area' => [0, ['dryrun' => true], 'error_draftfile', 'holds 0 files'],
            'two files in the draft area' => [2, ['dryrun' => true], 'error_draftfile', 'holds 2 files'],
            'an unknown format' => [1, ['dryrun' => true, 'format' => 'csv'], 'invalidparameter', 'format'],
            'a format that is not a word' => [1, ['dryrun' => true, 'format' => 'flat-file'], 'invalidparameter', 'format'],
            'a file and a confirmation' => [1, ['dryrun' => true, 'confirm' => 1], 'invalidparameter', 'itemid'],
            'a confirmation of no run' => [0, ['itemid' => 0, 'dryrun' => false, 'confirm' => 999], 'invalidrecord', ''],
        ];
    }

    /**
     * Parameters are checked before anything runs: nothing is recorded, the draft stays.
     *
     * @dataProvider refused_parameters
     * @param int $files how many files the draft area holds
     * @param array $args the other arguments
     * @param string $errorcode
     * @param string $message part of the message or debugging info
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('refused_parameters')]
    public function test_parameters_are_checked_before_anything_runs(
        int $files,
        array $args,
        string $errorcode,
        string $message
    ): void {
        global $DB;
        $itemid = file_get_unused_draft_itemid();
        for ($i = 1; $i <= $files; $i++) {
            $this->upload(self::FILE, $itemid, "enrols$i.csv");
        }
        try {
            $this->call('tool_enrolsync_run_file', $args + ['itemid' => $itemid]);
            $this->fail('the parameters were accepted');
        } catch (\moodle_exception $e) {
            $this->assertSame($errorcode, $e->errorcode);
            $this->assertStringContainsString($message, $e->getMessage() . ' ' . $e->debuginfo);
        }
        $this->assertSame(0, $DB->count_records('tool_enrolsync_runs'));
        $this->assertSame($files, $this->draft_files($itemid));
    }

    public function test_a_user_without_the_capability_is_refused_and_nothing_runs(): void {
        global $DB;
        $user = $this->getDataGenerator()->create_user();
        $this->setUser($user);
        $itemid = $this->upload(self::FILE);
        try {
            $this->call('tool_enrolsync_run_file', ['itemid' => $itemid, 'dryrun' => true]);
            $this->fail('a user without tool/enrolsync:run ran a file');
        } catch (\required_capability_exception $e) {
            $this->assertSame('nopermissions', $e->errorcode);
        }
        $this->assertSame(0, $DB->count_records('tool_enrolsync_runs'));

        // The capability alone is enough: the run is theirs.
        self::assignUserCapability('tool/enrolsync:run', \context_system::instance()->id);
        $report = $this->call('tool_enrolsync_run_file', ['itemid' => $itemid, 'dryrun' => true]);
        $this->assertEquals([engine::STATUS_DONE, $user->id], [$report['status'], $report['userid']]);
    }
}
