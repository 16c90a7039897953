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

use EnrolSync\Plan;

/**
 * The messages of a run (db/messages.php): to each editing teacher, one message per course listing
 * the new students; to administrators, the report of a run that failed lines or was rejected, and
 * word of a feed that is late, and back. Each message is written in its recipient's language.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class notifier {
    /** Students named in a teacher's message; the total says how many more there are. */
    const NAMES_SHOWN = 20;
    /** Failed lines quoted in an administrator's report. */
    const LINES_SHOWN = 20;

    /**
     * Tells the editing teachers (enrolled, active, able to update the course) of each course about
     * its new students: those the plan enrolled as students and whose batch was committed.
     *
     * @param Plan $plan
     * @param int[][] $enrolled courseid => users enrolled by the run
     * @return string[] why messages could not be sent (the others were)
     */
    public static function new_students(Plan $plan, array $enrolled): array {
        global $DB;
        $failures = [];
        foreach ($enrolled as $courseid => $userids) {
            $students = array_values(array_intersect($plan->new_students($courseid), $userids));
            $context = \context_course::instance($courseid);
            $teachers = $students ? self::active_teachers($context) : [];
            if (!$teachers) {
                continue;
            }
            $course = get_course($courseid);
            $shown = $DB->get_records_list(
                'user',
                'id',
                array_slice($students, 0, self::NAMES_SHOWN),
                'lastname, firstname',
                implode(',', array_merge(['id'], \core_user\fields::get_name_fields()))
            );
            $url = new \moodle_url('/user/index.php', ['id' => $courseid]);
            foreach ($teachers as $teacher) {
                $failures[] = self::in_language($teacher, function () use ($teacher, $course, $context, $shown, $students, $url) {
                    $a = (object) [
                        'course' => format_string($course->fullname, true, ['context' => $context]),
                        'count' => count($students),
                        'more' => count($students) - count($shown),
                        'names' => implode("\n", array_map(fn($user) => '- ' . fullname($user), $shown)),
                    ];
                    $body = get_string('newstudents_body', 'tool_enrolsync', $a);
                    if ($a->more > 0) {
                        $body .= "\n" . get_string('newstudents_more', 'tool_enrolsync', $a);
                    }
                    return self::send(
                        'newstudents',
                        $teacher,
                        get_string('newstudents_subject', 'tool_enrolsync', $a),
                        $body,
                        $url,
                        $a->course,
                        $course->id
                    );
                });
            }
        }
        return array_values(array_filter($failures));
    }

    /**
     * The editing teachers of a course whose enrolment is active now. Moodle's own "only active"
     * rounds the time down to 100 seconds, so teachers enrolled by this very run (their
     * enrolment starts when the run started) would be left out.
     *
     * @param \context_course $context
     * @return \stdClass[]
     */
    private static function active_teachers(\context_course $context): array {
        global $DB;
        $teachers = get_enrolled_users($context, 'moodle/course:update', 0, 'u.*', null, 0, 0, false);
        if (!$teachers) {
            return [];
        }
        [$insql, $params] = $DB->get_in_or_equal(array_keys($teachers), SQL_PARAMS_NAMED);
        $active = $DB->get_fieldset_sql(
            "SELECT DISTINCT ue.userid
                                           FROM {user_enrolments} ue
                                           JOIN {enrol} e ON e.id = ue.enrolid
                                           JOIN {user} u ON u.id = ue.userid
                                          WHERE e.courseid = :courseid AND ue.userid $insql
                                                AND ue.status = :active AND e.status = :enabled AND u.suspended = 0
                                                AND ue.timestart <= :now1 AND (ue.timeend = 0 OR ue.timeend > :now2)",
            $params + ['courseid' => $context->instanceid, 'active' => ENROL_USER_ACTIVE, 'enabled' => ENROL_INSTANCE_ENABLED,
            'now1' => time(),
            'now2' => time()]
        );
        return array_intersect_key($teachers, array_flip($active));
    }

    /**
     * Sends the report of a run that failed lines or operations, or was rejected or refused, to the
     * site's administrators.
     *
     * @param \stdClass $run a record of tool_enrolsync_runs
     * @return string[] why messages could not be sent (the others were)
     */
    public static function run_report(\stdClass $run): array {
        $url = new \moodle_url('/admin/tool/enrolsync/index.php', ['runid' => $run->id]);
        return self::to_admins($url, fn() => [
            get_string('runreport_subject', 'tool_enrolsync', $run),
            report_text::of_run($run, self::LINES_SHOWN),
        ]);
    }

    /**
     * Tells the site's administrators that no feed has arrived for longer than expected.
     *
     * @param int $since when the feed last arrived
     * @param int $hours the hours a feed is expected in
     * @return string[] why messages could not be sent
     */
    public static function feed_late(int $since, int $hours): array {
        return self::to_admins(self::tool_url(), function (\stdClass $admin) use ($since, $hours) {
            $a = (object) ['time' => self::time_for($admin, $since), 'hours' => $hours];
            return [get_string('feedlate_subject', 'tool_enrolsync', $a), get_string('feedlate_body', 'tool_enrolsync', $a)];
        });
    }

    /**
     * Tells the site's administrators that the feed arrived again.
     *
     * @param int $since when it had last arrived before
     * @param int $arrived when it arrived again
     * @return string[] why messages could not be sent
     */
    public static function feed_back(int $since, int $arrived): array {
        return self::to_admins(self::tool_url(), function (\stdClass $admin) use ($since, $arrived) {
            $a = (object) ['since' => self::time_for($admin, $since), 'time' => self::time_for($admin, $arrived)];
            return [get_string('feedagain_subject', 'tool_enrolsync', $a), get_string('feedagain_body', 'tool_enrolsync', $a)];
        });
    }

    /**
     * The tool's page, where its history and command files are.
     *
     * @return \moodle_url
     */
    private static function tool_url(): \moodle_url {
        return new \moodle_url('/admin/tool/enrolsync/index.php');
    }

    /**
     * A time as a user reads it: in their language (the current one) and time zone.
     *
     * @param \stdClass $user
     * @param int $time
     * @return string
     */
    private static function time_for(\stdClass $user, int $time): string {
        return userdate($time, '', \core_date::get_user_timezone($user));
    }

    /**
     * Sends a message of provider runreport to each of the site's administrators, in their language.
     *
     * @param \moodle_url $url where the message leads
     * @param callable $write fn(\stdClass $admin): [subject, body], called in the administrator's language
     * @return string[] why messages could not be sent (the others were)
     */
    private static function to_admins(\moodle_url $url, callable $write): array {
        $failures = [];
        foreach (get_admins() as $admin) {
            $failures[] = self::in_language($admin, function () use ($admin, $url, $write) {
                [$subject, $body] = $write($admin);
                return self::send('runreport', $admin, $subject, $body, $url, get_string('pluginname', 'tool_enrolsync'), SITEID);
            });
        }
        return array_values(array_filter($failures));
    }

    /**
     * Tells the site's administrators that the remote writer's lock has stayed in the drop folder
     * for more than 3 hours: the scheduled task takes nothing from it meanwhile. Each message is
     * in its recipient's language, with the time in their time zone.
     *
     * @param int $since when the lock was put there (its time)
     * @return string[] why messages could not be sent (the others were)
     */
    public static function stale_drop_lock(int $since): array {
        return self::to_admins(self::tool_url(), function (\stdClass $admin) use ($since) {
            $a = (object) ['lock' => \tool_enrolsync\run_files::WRITER_LOCK,
                'folder' => \tool_enrolsync\run_files::drop_folder_path(), 'since' => self::time_for($admin, $since)];
            return [
                get_string('droplockstale_subject', 'tool_enrolsync', $a),
                get_string('droplockstale_body', 'tool_enrolsync', $a),
            ];
        });
    }

    /**
     * Sends one plain-text notification from the no-reply user.
     *
     * @param string $provider
     * @param \stdClass $to
     * @param string $subject
     * @param string $body
     * @param \moodle_url $url
     * @param string $urlname
     * @param int $courseid
     * @return string|null why it could not be sent
     */
    private static function send(
        string $provider,
        \stdClass $to,
        string $subject,
        string $body,
        \moodle_url $url,
        string $urlname,
        int $courseid
    ): ?string {
        $message = new \core\message\message();
        $message->component = 'tool_enrolsync';
        $message->name = $provider;
        $message->userfrom = \core_user::get_noreply_user();
        $message->userto = $to;
        $message->subject = $subject;
        $message->fullmessage = $body;
        $message->fullmessageformat = FORMAT_PLAIN;
        $message->fullmessagehtml = text_to_html(s($body), false, false, true);
        $message->smallmessage = $subject;
        $message->notification = 1;
        $message->contexturl = $url->out(false);
        $message->contexturlname = $urlname;
        $message->courseid = $courseid;
        // One message that cannot be sent must not keep the others from their recipients.
        try {
            message_send($message);
            return null;
        } catch (\Throwable $e) {
            return $e->getMessage();
        }
    }

    /**
     * Runs $write with the strings in $user's language.
     *
     * @param \stdClass $user
     * @param callable $write
     * @return mixed what $write returns
     */
    private static function in_language(\stdClass $user, callable $write) {
        $previous = force_current_language($user->lang ?? '');
        try {
            return $write();
        } finally {
            force_current_language($previous);
        }
    }
}
