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

namespace tool_enrolsync\form;

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\form\run_options_fields::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\form\upload_form::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\form\standard_form::class)]
/**
 * The fields of the run forms (the run options, the uploaded file, the standard file) each have
 * a help icon whose text exists in English and in French.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\form\run_options_fields
 * @covers     \tool_enrolsync\form\upload_form
 * @covers     \tool_enrolsync\form\standard_form
 */
final class run_options_fields_test extends \advanced_testcase {
    /** Elements that are not fields a user fills in. */
    const NOT_FIELDS = ['header', 'hidden', 'submit', 'button', 'html'];

    /**
     * The forms of the tool's page that run a file, with each field's help string.
     *
     * @return array[]
     */
    public static function forms(): array {
        $options = ['dryrun' => 'dryrun', 'fullsync' => 'fullsync'];
        return [
            'upload and run' => [upload_form::class, ['enrolfile' => 'file', 'format' => 'format'] + $options],
            'run the standard file' => [standard_form::class, ['standardfile' => 'standardfile'] + $options],
        ];
    }

    /**
     * Every field has a help icon that shows its help string, which French has too.
     *
     * @dataProvider forms
     * @param string $class
     * @param string[] $help field => the identifier of its help string
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('forms')]
    public function test_every_field_has_help_in_english_and_french(string $class, array $help): void {
        global $PAGE;
        $this->resetAfterTest();
        $this->setAdminUser();
        $PAGE->set_url(new \moodle_url('/admin/tool/enrolsync/index.php'));
        $form = new $class(null, ['standardfile' => 'enrols.csv']);
        // The form's fields, as moodleform keeps them.
        $quickform = (new \ReflectionProperty(\moodleform::class, '_form'))->getValue($form);
        $fields = array_filter($quickform->_elements, fn($element) => !in_array($element->getType(), self::NOT_FIELDS));
        $this->assertEqualsCanonicalizing(array_keys($help), array_values(array_map(fn($field) => $field->getName(), $fields)));
        $string = [];
        require(__DIR__ . '/../../lang/fr/tool_enrolsync.php');
        foreach ($fields as $field) {
            $identifier = $help[$field->getName()] . '_help';
            // The icon's popover: its text, as HTML in an attribute (Bootstrap 5's data-bs-content
            // from Moodle 5.0, Bootstrap 4's data-content before).
            preg_match('/data-(?:bs-)?content="([^"]*)"/', $field->_helpbutton ?? '', $popover);
            $shown = html_entity_decode(strip_tags(html_entity_decode($popover[1] ?? '')), ENT_QUOTES);
            $this->assertStringContainsString(get_string($identifier, 'tool_enrolsync'), $shown, $field->getName());
            $this->assertArrayHasKey($identifier, $string, $field->getName() . ' has no help in French');
        }
    }
}
