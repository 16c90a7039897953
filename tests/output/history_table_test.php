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

use tool_enrolsync\run_files;
defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/../engine_testcase.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\output\history_table::class)]
#[\PHPUnit\Framework\Attributes\CoversMethod(\tool_enrolsync\run_files::class, 'inputs')]
/**
 * The run history on the tool's page.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\output\history_table
 * @covers     \tool_enrolsync\run_files::inputs
 */
final class history_table_test extends \tool_enrolsync\engine_testcase {
    public function test_each_run_links_to_its_archived_file_with_the_same_queries_for_any_number_of_rows(): void {
        $first = $this->run_file("cid;uid;rolename\nMATH;S1;student\n", ['dryrun' => true]);
        $this->render_history();
        [, $readsforone] = $this->render_history();

        $runs = [$first];
        foreach (['S2', 'S3', 'T1'] as $user) {
            $runs[] = $this->run_file("cid;uid;rolename\nMATH;$user;student\n");
        }
        // A run whose input was not kept lists its name without a link.
        get_file_storage()->delete_area_files(
            \context_system::instance()->id,
            'tool_enrolsync',
            run_files::AREA_RUNS,
            end($runs)->id
        );
        [$html, $readsforfour] = $this->render_history();

        $this->assertSame($readsforone, $readsforfour);
        $this->assertSame(3, substr_count($html, '/tool_enrolsync/' . run_files::AREA_RUNS . '/'));
        foreach (array_slice($runs, 0, 3) as $run) {
            $this->assertStringContainsString('/tool_enrolsync/' . run_files::AREA_RUNS . "/{$run->id}/enrols.csv", $html);
        }
        $this->assertStringNotContainsString('/' . run_files::AREA_RUNS . '/' . end($runs)->id . '/', $html);
    }

    public function test_each_run_says_who_started_it_and_how(): void {
        $this->run_file(self::FILE, ['dryrun' => true], \tool_enrolsync\engine::ORIGIN_WEBSERVICE);
        $this->run_file(self::FILE, ['dryrun' => true], \tool_enrolsync\engine::ORIGIN_TASK);
        [$html] = $this->render_history();
        $this->assertStringContainsString('Admin User (Web service)', $html);
        $this->assertStringContainsString('>Scheduled task<', $html);
    }

    /**
     * Renders the history table as the page does.
     *
     * @return array the HTML, and the number of database reads it took
     */
    private function render_history(): array {
        global $DB;
        $reads = $DB->perf_get_reads();
        ob_start();
        (new \tool_enrolsync\output\history_table(new \moodle_url('/admin/tool/enrolsync/index.php')))->out(30, false);
        return [ob_get_clean(), $DB->perf_get_reads() - $reads];
    }
}
