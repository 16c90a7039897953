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

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/../engine_testcase.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\output\page::class)]
/**
 * The tool's page runs an uploaded file and leaves nothing of it behind.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\output\page
 */
final class page_test extends \tool_enrolsync\engine_testcase {
    /**
     * Runs an uploaded file as the page does.
     *
     * @param array $overrides run options
     * @return string the uploaded copy's path
     */
    private function run_upload(array $overrides): string {
        global $PAGE;
        $PAGE->set_url(new \moodle_url('/admin/tool/enrolsync/index.php'));
        $PAGE->set_context(\context_system::instance());
        // Where the upload form saves the file: Moodle's temporary directory, kept past the request.
        $path = tempnam(make_temp_directory('forms'), 'tempup_');
        file_put_contents($path, self::FILE);
        ob_start();
        try {
            $page = new \tool_enrolsync\output\page(new \moodle_url('/admin/tool/enrolsync/index.php'));
            $page->run_uploaded_file($path, 'enrols.csv', $overrides);
        } finally {
            ob_end_clean();
        }
        return $path;
    }

    public function test_a_takeovers_report_escapes_the_path_it_names(): void {
        global $CFG, $PAGE;
        $url = new \moodle_url('/admin/tool/enrolsync/index.php');
        $PAGE->set_url($url);
        $PAGE->set_context(\context_system::instance());
        set_config('location', "$CFG->dataroot/<b>sis</b>.txt", 'enrol_flatfile');
        \core\plugininfo\enrol::enable_plugin('flatfile', 1);
        $options = new \tool_enrolsync\run_options(['dryrun' => true]);
        $run = \tool_enrolsync\takeover::run(new \tool_enrolsync\engine($options), $options, \tool_enrolsync\engine::ORIGIN_PAGE);

        ob_start();
        try {
            (new page($url))->report($run, 0);
        } finally {
            $html = ob_get_clean();
        }

        $this->assertStringContainsString('&lt;b&gt;sis&lt;/b&gt;.txt', $html);
        $this->assertStringNotContainsString('<b>sis', $html);
    }

    public function test_the_uploaded_copy_is_deleted_after_the_run(): void {
        $this->assertFileDoesNotExist($this->run_upload(['dryrun' => 1]));
    }

    public function test_the_uploaded_copy_is_deleted_when_the_run_throws(): void {
        $before = glob(make_temp_directory('forms') . '/tempup_*');
        try {
            // An option the extension refuses: the run stops on an exception.
            $this->run_upload(['fullsync' => 1, 'removalaction' => 'bogus']);
            $this->fail('the run did not throw');
        } catch (\EnrolSync\FileException $e) {
            $this->assertStringContainsString('removalaction', $e->getMessage());
        }
        $this->assertSame($before, glob(make_temp_directory('forms') . '/tempup_*'));
    }
}
