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
use tool_enrolsync\run_options;
use tool_enrolsync\takeover;

/**
 * What the tool's page (index.php) prints for a run: the run itself, with its progress bar, and
 * a run's report.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class page {
    /** Changes listed on a run's report (the rest are a link away). */
    const CHANGES_SHOWN = 20;
    /** Courses in a run's table of changes per course (the busiest). */
    const COURSES_SHOWN = 50;

    /** @var \moodle_url the tool's page */
    private \moodle_url $url;

    /**
     * The tool's page at this address.
     *
     * @param \moodle_url $url the tool's page
     */
    public function __construct(\moodle_url $url) {
        $this->url = $url;
    }

    /**
     * Runs a file with a progress bar, then shows its report: the whole page. The request may
     * take as long as the writes do: the progress bar keeps the connection alive.
     *
     * @param callable $start fn(engine $engine, run_options $options): ?\stdClass (null: no file)
     * @param array $overrides run options
     * @param string|null $nothing what to say when $start had nothing to run (default: the standard
     *     file is missing)
     */
    public function run_with_progress(callable $start, array $overrides, ?string $nothing = null): void {
        global $OUTPUT;
        \core_php_time_limit::raise();
        raise_memory_limit(MEMORY_HUGE);
        // Leaving the page must not stop a run halfway: it goes on, and its report stays.
        ignore_user_abort(true);
        echo $OUTPUT->header();
        $options = new run_options($overrides);
        // The bar appears with the first write: reading and planning take a second at most.
        $progress = new \core\progress\display(false);
        $run = $start(new engine($options, $progress), $options);
        if (!$run) {
            $nothing ??= get_string('nostandardfile', 'tool_enrolsync', $options->get('standardfile'));
            echo $OUTPUT->notification($nothing, 'warning');
        } else if ($run->status === engine::STATUS_LOCKED) {
            echo $OUTPUT->notification(get_string('error_locked', 'tool_enrolsync'), 'error');
        } else {
            $this->report($run, 0);
        }
        echo $OUTPUT->continue_button($this->url);
        echo $OUTPUT->footer();
    }

    /**
     * Runs an uploaded file (the copy the form saved on disk), then deletes the copy, also when
     * the run throws.
     *
     * @param string $path
     * @param string $filename the file's name
     * @param array $overrides run options
     */
    public function run_uploaded_file(string $path, string $filename, array $overrides): void {
        try {
            $this->run_with_progress(fn(engine $engine) => $engine->run($path, $filename, engine::ORIGIN_PAGE), $overrides);
        } finally {
            @unlink($path);
        }
    }

    /**
     * The report of a run, and for a run that full sync's threshold refused, the form that
     * confirms it.
     *
     * @param \stdClass $run
     * @param int $page page of failed lines, from 0
     */
    public function report(\stdClass $run, int $page): void {
        global $OUTPUT, $PAGE;
        $report = (new report($run, $page))->export_for_template($PAGE->get_renderer('core'));
        echo $OUTPUT->render_from_template('tool_enrolsync/report', $report);
        if ($run->format === takeover::FORMAT) {
            $this->takeover_settings($run);
        }
        $this->changes($run);
        $siteconfig = has_capability('moodle/site:config', \context_system::instance());
        if ($run->format === takeover::FORMAT && $siteconfig && takeover::confirmable($run->id)) {
            // Confirmed, the take-over applies only what this dry run listed.
            echo $OUTPUT->single_button(
                new \moodle_url('/admin/tool/enrolsync/takeover.php', ['confirm' => $run->id]),
                get_string('takeover_confirm', 'tool_enrolsync'),
                'post',
                ['type' => \single_button::BUTTON_PRIMARY]
            );
        }
        // Confirmed, the same file runs again and applies only if its removals are those listed.
        if ($run->status === engine::STATUS_REFUSED && engine::confirmable($run->id)) {
            echo $OUTPUT->single_button(
                new \moodle_url($this->url, ['runid' => $run->id, 'confirm' => 1]),
                get_string('confirmremovals', 'tool_enrolsync'),
                'post',
                ['type' => \single_button::BUTTON_DANGER]
            );
        }
    }

    /**
     * What a take-over changed (or would change) in the settings, and where the feed goes from now on.
     *
     * @param \stdClass $run
     */
    private function takeover_settings(\stdClass $run): void {
        global $OUTPUT;
        $changes = takeover::settings_changes($run);
        if ($changes) {
            echo $OUTPUT->heading(get_string('takeover_settings', 'tool_enrolsync'), 4);
            $table = new \html_table();
            $table->head = [get_string('item', 'tool_enrolsync'), get_string('takeover_before', 'tool_enrolsync'),
                get_string('takeover_after', 'tool_enrolsync')];
            $table->attributes['class'] = 'generaltable tool_enrolsync-takeoversettings';
            // Settings hold text (role names, a path): escaped, kept on their lines.
            $cell = fn(string $text) => \html_writer::tag('pre', s($text), ['class' => 'mb-0']);
            $table->data = array_map(fn($change) => [s($change['label']), $cell($change['now']), $cell($change['then'])], $changes);
            echo \html_writer::table($table);
        }
        // Text holding paths an administrator set: escaped.
        echo $OUTPUT->notification(s(takeover::advice()), 'info', false);
    }

    /**
     * How many changes of each kind a run made (or planned) in each course, the busiest courses
     * first.
     *
     * @param int $runid
     * @return array the template's data
     */
    public static function changes_by_course(int $runid): array {
        global $DB;
        $rows = $DB->get_recordset_sql("SELECT ch.courseid, ch.op, COUNT(1) AS n, MAX(c.shortname) AS shortname
                                          FROM {" . \tool_enrolsync\local\journal::TABLE . "} ch
                                     LEFT JOIN {course} c ON c.id = ch.courseid
                                         WHERE ch.runid = ? AND ch.result <> ?
                                      GROUP BY ch.courseid, ch.op", [$runid, \tool_enrolsync\local\journal::KEPT]);
        $courses = [];
        $ops = [];
        foreach ($rows as $row) {
            $courses[$row->courseid] ??= ['shortname' => $row->shortname ?? '#' . $row->courseid, 'counts' => [], 'total' => 0];
            $courses[$row->courseid]['counts'][$row->op] = (int) $row->n;
            $courses[$row->courseid]['total'] += (int) $row->n;
            $ops[$row->op] = true;
        }
        $rows->close();
        $ops = array_values(array_filter(\tool_enrolsync\local\journal::OPERATIONS, fn($op) => isset($ops[$op])));
        uasort($courses, fn($a, $b) => $b['total'] <=> $a['total']);
        $shown = array_slice($courses, 0, self::COURSES_SHOWN, true);
        $changes = new \moodle_url('/admin/tool/enrolsync/changes.php', ['runid' => $runid]);
        return [
            'ops' => array_map(fn($op) => ['name' => $op, 'label' => get_string('change_' . $op, 'tool_enrolsync')], $ops),
            'courses' => array_values(array_map(fn($courseid, $course) => [
                'shortname' => $course['shortname'],
                'url' => (new \moodle_url($changes, ['courseid' => $courseid]))->out(false),
                'counts' => array_map(fn($op) => ['value' => $course['counts'][$op] ?? 0], $ops),
            ], array_keys($shown), $shown)),
            'more' => count($courses) - count($shown),
        ];
    }

    /**
     * The first changes of a run (for a refused run, the removals a confirmation confirms), with
     * a link to all of them, where they can be filtered and downloaded.
     *
     * @param \stdClass $run
     */
    private function changes(\stdClass $run): void {
        global $DB, $OUTPUT;
        if (!$DB->record_exists(\tool_enrolsync\local\journal::TABLE, ['runid' => $run->id])) {
            return;
        }
        $heading = $run->status === engine::STATUS_REFUSED ? 'removalsrefused' : 'changes';
        echo $OUTPUT->heading(get_string($heading, 'tool_enrolsync'), 4);
        echo $OUTPUT->render_from_template('tool_enrolsync/changes_by_course', self::changes_by_course($run->id));
        $all = new \moodle_url('/admin/tool/enrolsync/changes.php', ['runid' => $run->id]);
        $table = new changes_table('tool_enrolsync_runchanges', $all, ['runid' => $run->id]);
        $table->out(self::CHANGES_SHOWN, false);
        echo \html_writer::tag(
            'p',
            \html_writer::link($all, get_string('allchanges', 'tool_enrolsync')),
            ['class' => 'tool_enrolsync-allchanges']
        );
    }
}
