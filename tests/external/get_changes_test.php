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

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/webservice_testcase.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\external\get_changes::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\journal::class)]
/**
 * The web service tool_enrolsync_get_changes: the changes of a run, or across runs for a user or
 * a course, with the filters of the page What changed, a page at a time.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\external\get_changes
 * @covers     \tool_enrolsync\local\journal
 */
final class get_changes_test extends webservice_testcase {
    public function test_the_changes_of_a_run_in_the_order_of_its_lines_a_page_at_a_time(): void {
        $run = $this->run_file(self::FILE);

        $all = $this->call('tool_enrolsync_get_changes', ['runid' => $run->id]);
        $this->assertSame(8, $all['total']);
        $this->assertSame([2, 2, 2, 3, 3, 3, 4, 5], array_column($all['changes'], 'line'));
        // Line 2's groups are created first, then its user enrolled and put in them.
        $this->assertSame(['creategroup', 'enrol', 'addmember'], array_column(array_slice($all['changes'], 0, 3), 'op'));
        $first = $all['changes'][1];
        $this->assertEquals([$run->id, 'enrols.csv', 'enrol', $this->courses['MATH']->id, 'MATH', $this->users['S1']->id,
            'S1', fullname($this->users['S1']), 'student', 'manual', 'done', ''], [$first['runid'], $first['file'],
            $first['op'], $first['courseid'], $first['course'], $first['userid'], $first['useridnumber'],
            $first['userfullname'], $first['role'], $first['method'], $first['result'], $first['error']]);
        $groups = array_values(array_filter($all['changes'], fn($change) => $change['op'] === 'creategroup'));
        $this->assertSame(['Group A', 'Group B'], array_column($groups, 'groupname'));
        $this->assertSame([0, 0], array_column($groups, 'userid'));

        $page = $this->call('tool_enrolsync_get_changes', ['runid' => $run->id, 'op' => 'addmember', 'page' => 1, 'perpage' => 1]);
        $this->assertSame(2, $page['total']);
        $this->assertSame([[3, 'S2', 'Group B']], array_map(fn($change) => [$change['line'], $change['useridnumber'],
            $change['groupname']], $page['changes']));
    }

    public function test_the_changes_of_a_user_or_a_course_across_runs_newest_run_first(): void {
        global $DB;
        $first = $this->run_file(self::FILE);
        $second = $this->run_file("cmd;cid;uid;rolename\ndel;MATH;S1;*\n");
        $DB->set_field('user', 'email', 'ann.smith@example.org', ['id' => $this->users['S1']->id]);
        $expected = [[$second->id, 'unenrol'], [$second->id, 'unenrolrole'], [$first->id, 'enrol'], [$first->id, 'addmember']];
        $changes = fn(array $args) => array_map(
            fn($change) => [$change['runid'], $change['op']],
            $this->call('tool_enrolsync_get_changes', $args)['changes']
        );

        $this->assertEquals($expected, $changes(['userid' => $this->users['S1']->id, 'courseid' => $this->courses['MATH']->id]));
        $this->assertEquals($expected, $changes(['user' => 'ANN.SMITH', 'course' => 'math']));
        $this->assertEquals([[$first->id, 'enrol']], $changes(['user' => 'S1', 'course' => 'PHYS']));
        $this->assertSame(['total' => 0, 'changes' => []], $this->call('tool_enrolsync_get_changes', ['user' => 'nobody at all']));
    }

    public function test_a_dry_run_lists_what_it_would_do_as_planned(): void {
        $run = $this->run_file(self::FILE, ['dryrun' => true], engine::ORIGIN_WEBSERVICE);
        $changes = $this->call('tool_enrolsync_get_changes', ['runid' => $run->id])['changes'];
        $this->assertSame(['planned'], array_values(array_unique(array_column($changes, 'result'))));
    }

    /**
     * Filters the service refuses.
     *
     * @return array[]
     */
    public static function refused_filters(): array {
        return [
            'an unknown kind of change' => [['op' => 'destroy'], \invalid_parameter_exception::class],
            'a kind of change that is not a word' => [['op' => 'add-member'], \invalid_parameter_exception::class],
            'a page before the first' => [['page' => -1], \invalid_parameter_exception::class],
            'too many per page' => [['perpage' => get_changes::MAX_PER_PAGE + 1], \invalid_parameter_exception::class],
            'a run that does not exist' => [['runid' => 999], \dml_missing_record_exception::class],
        ];
    }

    /**
     * A filter the service refuses throws, before any query.
     *
     * @dataProvider refused_filters
     * @param array $args
     * @param string $exception
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('refused_filters')]
    public function test_filters_are_checked(array $args, string $exception): void {
        $this->run_file(self::FILE);
        $this->expectException($exception);
        $this->call('tool_enrolsync_get_changes', $args);
    }

    public function test_a_user_without_the_capability_is_refused(): void {
        $this->run_file(self::FILE);
        $this->setUser($this->getDataGenerator()->create_user());
        $this->expectException(\required_capability_exception::class);
        $this->call('tool_enrolsync_get_changes');
    }
}
