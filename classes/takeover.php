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

namespace tool_enrolsync;

use tool_enrolsync\local\executor;
use tool_enrolsync\local\journal;
use tool_enrolsync\local\takeover_plan;

/**
 * Taking over from enrol_flatfile (spec §2.2): a run of this tool, under its lock, recorded with
 * its list of changes and the settings it changed. In order: enrol_flatfile stops (as Moodle does
 * before it migrates a plugin's enrolments), its role map and del action become this tool's, a
 * file waiting where it reads becomes the standard file, and its enrolments move to the manual
 * method through Moodle's enrolment APIs (events, caches, logs), where this tool manages them
 * (see takeover_plan). A dry run lists all of it and writes nothing else; the tool's page applies
 * only what its dry run listed. Once done, there is nothing left to take over: a take-over is not
 * recorded twice.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class takeover {
    /** The format of a take-over's run: it reads enrol_flatfile's enrolments, not a file. */
    const FORMAT = 'takeover';
    /** The run's "file", in the history. */
    const FILENAME = 'enrol_flatfile';

    /**
     * Whether there is something to take over: enrol_flatfile runs, or holds enrolments.
     *
     * @return bool
     */
    public static function needed(): bool {
        global $DB;
        if (!array_key_exists(takeover_plan::FROM, enrol_get_plugins(false))) {
            return false;
        }
        return enrol_is_enabled(takeover_plan::FROM) || $DB->record_exists_sql(
            'SELECT 1 FROM {user_enrolments} ue JOIN {enrol} e ON e.id = ue.enrolid WHERE e.enrol = ?',
            [takeover_plan::FROM]
        );
    }

    /**
     * Takes over from enrol_flatfile, or says what it would do (a dry run). With a dry run to
     * confirm (options' confirms), it applies only if it would still do what that dry run listed;
     * otherwise it lists what it would do now, as a new dry run.
     *
     * @param engine $engine made with $options: it holds the lock and records the run
     * @param run_options $options dryrun, and confirms
     * @param string $origin engine::ORIGIN_PAGE or ORIGIN_CLI
     * @return \stdClass|null the run (status locked: none was stored), null when there is nothing to take over
     */
    public static function run(engine $engine, run_options $options, string $origin): ?\stdClass {
        if (!self::needed()) {
            return null;
        }
        return $engine->exclusively(
            self::FILENAME,
            $origin,
            fn(\stdClass $run) => self::process($engine, $run, $options->confirms),
            // It reads no lines: what it does is in its changes.
            ['format' => self::FORMAT, 'fullsync' => 0, 'linecount' => 0, 'applied' => 0, 'unchanged' => 0, 'failed' => 0]
        );
    }

    /**
     * The take-over, holding the lock.
     *
     * @param engine $engine
     * @param \stdClass $run
     * @param int $confirms the dry run it confirms, or 0
     * @return \stdClass the finished run
     */
    private static function process(engine $engine, \stdClass $run, int $confirms): \stdClass {
        if ($confirms && !self::confirmable($confirms)) {
            return $engine->finish($run, engine::STATUS_REJECTED, ['errorkey' => 'takeovernotconfirmable',
                'errorarg' => $confirms]);
        }
        if (!enrol_is_enabled(takeover_plan::TO)) {
            // Moved there, the enrolments would give no access.
            return $engine->finish($run, engine::STATUS_REJECTED, ['errorkey' => 'manualdisabled']);
        }
        if (!self::needed()) {
            // Taken over by the run that held the lock before this one.
            return $engine->finish($run, engine::STATUS_REJECTED, ['errorkey' => 'nothingtotakeover']);
        }
        $plan = takeover_plan::read(run_options::setting('standardfile'));
        $run->settings = json_encode($plan->settings);
        $notices = $plan->heldbackleft ? [get_string('takeover_heldbackleft', 'tool_enrolsync', $plan->heldbackleft)] : [];
        $fields = ['notices' => $notices];
        if ($confirms && !self::lists($confirms, $plan)) {
            // Not what the dry run listed: this run lists what the take-over would do now.
            $run->dryrun = 1;
            $fields['errorkey'] = 'takeoverchanged';
        }
        if ($run->dryrun) {
            journal::insert(array_map(fn($op) => journal::row($run->id, $op, journal::PLANNED), $plan->all_operations()));
            return self::finish($engine, $run, $fields);
        }
        $fields['notices'] = array_merge($notices, self::apply_settings($plan->settings));
        $executor = new executor($run->id, $engine->progress(), false);
        $executor->execute_operations($plan->operations);
        self::forget_held_back($run->id, $plan->heldback);
        $fields['notices'] = array_merge($fields['notices'], $executor->notices);
        return self::finish($engine, $run, $fields);
    }

    /**
     * Finishes a take-over with what its list of changes holds.
     *
     * @param engine $engine
     * @param \stdClass $run
     * @param array $fields
     * @return \stdClass
     */
    private static function finish(engine $engine, \stdClass $run, array $fields): \stdClass {
        [$operations, $opsfailed] = journal::counts($run->id, $run->dryrun ? journal::PLANNED : journal::DONE);
        return $engine->finish($run, engine::STATUS_DONE, $fields + ['operations' => json_encode($operations),
            'opsfailed' => $opsfailed]);
    }

    /**
     * Whether a dry run of the take-over can be confirmed: the latest one, not confirmed yet.
     *
     * @param int $runid
     * @return bool
     */
    public static function confirmable(int $runid): bool {
        global $DB;
        $run = $DB->get_record('tool_enrolsync_runs', ['id' => $runid]);
        if (!$run || $run->format !== self::FORMAT || !$run->dryrun || $run->status !== engine::STATUS_DONE) {
            return false;
        }
        $latest = $DB->get_field_sql(
            'SELECT MAX(id) FROM {tool_enrolsync_runs} WHERE format = ? AND dryrun = 1',
            [self::FORMAT]
        );
        $confirmed = $DB->record_exists('tool_enrolsync_runs', ['confirmedrun' => $runid, 'dryrun' => 0,
            'status' => engine::STATUS_DONE]);
        return (int) $latest === (int) $runid && !$confirmed;
    }

    /**
     * Whether a dry run listed exactly what the plan does: the same changes and settings.
     *
     * @param int $runid the dry run
     * @param takeover_plan $plan
     * @return bool
     */
    private static function lists(int $runid, takeover_plan $plan): bool {
        global $DB;
        $key = fn($row) => implode(':', [$row['op'], $row['courseid'], $row['userid'], $row['roleid'], $row['enrolid']]);
        $listed = array_map(
            fn($row) => $key((array) $row),
            $DB->get_records(journal::TABLE, ['runid' => $runid], 'id', 'id, op, courseid, userid, roleid, enrolid')
        );
        $planned = array_map(fn($op) => $key(journal::row(0, $op, journal::PLANNED)), $plan->all_operations());
        $settings = $DB->get_field('tool_enrolsync_runs', 'settings', ['id' => $runid]);
        return array_values($listed) === $planned && json_decode((string) $settings, true) === $plan->settings;
    }

    /**
     * Changes the settings, each as an administrator would: enrol_flatfile first, so that its
     * task stops before anything moves.
     *
     * @param array[] $settings name => [now, then]
     * @return string[] notices
     */
    private static function apply_settings(array $settings): array {
        $notices = [];
        foreach ($settings as $name => [$now, $then]) {
            if ($name === 'enabled') {
                \core\plugininfo\enrol::enable_plugin(takeover_plan::FROM, 0);
            } else if ($name === 'location') {
                if (!run_files::bring_in_standard_file($now, $then)) {
                    $notices[] = get_string('takeover_notremoved', 'tool_enrolsync', $now);
                }
            } else {
                add_to_config_log($name, $now, $then, 'tool_enrolsync');
                set_config($name, $then, 'tool_enrolsync');
            }
        }
        return $notices;
    }

    /**
     * Deletes the enrolments enrol_flatfile held back that the take-over made.
     *
     * @param int $runid
     * @param int[] $heldback ids of enrol_flatfile's rows the take-over was to make
     */
    private static function forget_held_back(int $runid, array $heldback): void {
        global $DB;
        if (!$heldback) {
            return;
        }
        $made = [];
        $done = ['runid' => $runid, 'op' => 'enrol', 'result' => journal::DONE];
        $rows = $DB->get_recordset(journal::TABLE, $done, '', 'id, courseid, userid');
        foreach ($rows as $row) {
            $made["$row->courseid:$row->userid"] = true;
        }
        $rows->close();
        $ids = array_keys(array_filter(
            $DB->get_records_list('enrol_flatfile', 'id', $heldback, '', 'id, courseid, userid'),
            fn($row) => isset($made["$row->courseid:$row->userid"])
        ));
        $DB->delete_records_list('enrol_flatfile', 'id', $ids);
    }

    /**
     * What there is to take over, in a sentence: whether enrol_flatfile runs, and its enrolments.
     *
     * @return string
     */
    public static function state(): string {
        global $DB;
        $counts = $DB->get_record_sql(
            'SELECT COUNT(ue.id) AS enrolments, COUNT(DISTINCT e.courseid) AS courses
               FROM {user_enrolments} ue
               JOIN {enrol} e ON e.id = ue.enrolid
              WHERE e.enrol = ?',
            [takeover_plan::FROM]
        );
        $counts->heldback = $DB->count_records('enrol_flatfile');
        $key = enrol_is_enabled(takeover_plan::FROM) ? 'takeover_stateenabled' : 'takeover_statedisabled';
        return get_string($key, 'tool_enrolsync', $counts);
    }

    /**
     * Where the feed goes once enrol_flatfile no longer reads it: the drop folder, as the
     * standard file.
     *
     * @return string
     */
    public static function advice(): string {
        global $CFG;
        return get_string('takeover_advice', 'tool_enrolsync', (object) [
            'location' => takeover_plan::location(),
            'dropfile' => $CFG->dataroot . '/' . run_files::DROP_FOLDER . '/' . basename(run_options::setting('standardfile')),
        ]);
    }

    /**
     * What a take-over's run changed (or would change) in the settings, to show: label, before and
     * after, as text.
     *
     * @param \stdClass $run
     * @return array[] label, now, then
     */
    public static function settings_changes(\stdClass $run): array {
        $changes = [];
        foreach (json_decode((string) ($run->settings ?? ''), true) ?: [] as $name => [$now, $then]) {
            $changes[] = ['name' => $name, 'label' => get_string('takeover_' . $name, 'tool_enrolsync'),
                'now' => self::setting_text($name, $now), 'then' => $name === 'location'
                    ? get_string('takeover_standardfile', 'tool_enrolsync', $then) : self::setting_text($name, $then)];
        }
        return $changes;
    }

    /**
     * A setting's value as text.
     *
     * @param string $name
     * @param string|null $value
     * @return string
     */
    private static function setting_text(string $name, ?string $value): string {
        if ($value === null || $value === '') {
            return get_string('none');
        }
        return match ($name) {
            'enabled' => get_string($value ? 'enabled' : 'disabled', 'admin'),
            'delactionflatfile' => get_string(match ((int) $value) {
                ENROL_EXT_REMOVED_UNENROL => 'extremovedunenrol',
                ENROL_EXT_REMOVED_KEEP => 'extremovedkeep',
                ENROL_EXT_REMOVED_SUSPEND => 'extremovedsuspend',
                default => 'extremovedsuspendnoroles',
            }, 'enrol'),
            default => $value,
        };
    }
}
