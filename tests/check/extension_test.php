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

namespace tool_enrolsync\check;

use core\check\result;
use core\hook\output\before_standard_top_of_body_html_generation;
use tool_enrolsync\extension;

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\extension::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\check\extension::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\hook_callbacks::class)]
/**
 * The plugin is installed and the extension is found, or clearly reported missing.
 *
 * @package    tool_enrolsync
 * @category   test
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\extension
 * @covers     \tool_enrolsync\check\extension
 * @covers     \tool_enrolsync\hook_callbacks
 */
final class extension_test extends \advanced_testcase {
    /**
     * An extension probe that finds no extension.
     *
     * @return extension
     */
    private function missing_extension(): extension {
        return new class extends extension {
            /**
             * As if the extension were not loaded.
             *
             * @return string|null
             */
            public function loaded_version(): ?string {
                return null;
            }
        };
    }

    public function test_plugin_is_installed(): void {
        $plugin = \core_plugin_manager::instance()->get_plugin_info('tool_enrolsync');
        $this->assertNotNull($plugin);
        $this->assertTrue($plugin->is_installed_and_upgraded());
        $this->assertSame('Enrolment sync', get_string('pluginname', 'tool_enrolsync'));
    }

    public function test_extension_is_available_with_the_crate_version(): void {
        $this->assertTrue(extension_loaded('enrolsync'));
        preg_match('/^version = "([^"]+)"/m', file_get_contents(__DIR__ . '/../../Cargo.toml'), $crate);
        $this->assertSame($crate[1], enrolsync_version());
        $extension = new extension();
        $this->assertSame(extension::OK, $extension->status());
        $this->assertNull($extension->problem());
        $result = (new \tool_enrolsync\check\extension())->get_result();
        $this->assertSame(result::OK, $result->get_status());
    }

    public function test_status_check_lists_the_plugin_check(): void {
        $names = array_map(fn($check) => $check->get_component(), \core\check\manager::get_status_checks());
        $this->assertContains('tool_enrolsync', $names);
    }

    public function test_missing_extension_is_an_error_saying_what_to_do(): void {
        $extension = $this->missing_extension();
        $this->assertSame(extension::MISSING, $extension->status());
        $result = (new \tool_enrolsync\check\extension($extension))->get_result();
        $this->assertSame(result::ERROR, $result->get_status());
        $this->assertStringContainsString('extension=enrolsync', $result->get_details());
        $this->assertStringContainsString('cargo build --release --features php', $result->get_details());
        $package = 'php' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION . '-enrolsync_' . $extension->expected_version();
        $this->assertStringContainsString("apt-get install ./{$package}_amd64.deb", $result->get_details());
    }

    public function test_version_mismatch_is_an_error(): void {
        $extension = new class extends extension {
            /**
             * As if another version were loaded.
             *
             * @return string|null
             */
            public function loaded_version(): ?string {
                return '0.0.0-other';
            }
        };
        $this->assertSame(extension::MISMATCH, $extension->status());
        $this->assertStringContainsString('0.0.0-other', $extension->problem());
    }

    public function test_admins_see_the_notice_on_the_notifications_page_only_when_missing(): void {
        global $PAGE;
        $this->resetAfterTest();
        $this->setAdminUser();
        $PAGE->set_url('/admin/index.php');
        $PAGE->set_pagetype('admin-index');

        $hook = new before_standard_top_of_body_html_generation(new \core_renderer($PAGE, RENDERER_TARGET_GENERAL));
        \tool_enrolsync\hook_callbacks::before_standard_top_of_body_html_generation($hook, $this->missing_extension());
        $this->assertStringContainsString('extension=enrolsync', $hook->get_output());

        $hook = new before_standard_top_of_body_html_generation(new \core_renderer($PAGE, RENDERER_TARGET_GENERAL));
        \tool_enrolsync\hook_callbacks::before_standard_top_of_body_html_generation($hook, new extension());
        $this->assertSame('', $hook->get_output());
    }

    public function test_other_users_never_see_the_notice(): void {
        global $PAGE;
        $this->resetAfterTest();
        $this->setUser($this->getDataGenerator()->create_user());
        $PAGE->set_url('/admin/index.php');
        $PAGE->set_pagetype('admin-index');
        $hook = new before_standard_top_of_body_html_generation(new \core_renderer($PAGE, RENDERER_TARGET_GENERAL));
        \tool_enrolsync\hook_callbacks::before_standard_top_of_body_html_generation($hook, $this->missing_extension());
        $this->assertSame('', $hook->get_output());
    }
}
