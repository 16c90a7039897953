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

/**
 * English strings for tool_enrolsync.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['allchanges'] = 'All the changes: filter, download';
$string['applyingbanner'] = 'Being applied by adhoc tasks, in parts: the operations done show here once every part is applied.';
$string['atline'] = 'Line {$a}:';
$string['backtoreport'] = 'Back to the report of the run';
$string['change_addmember'] = 'Added to group';
$string['change_assign'] = 'Role assigned';
$string['change_creategroup'] = 'Group created';
$string['change_createinstance'] = 'Enrolment method added';
$string['change_enrol'] = 'Enrolled';
$string['change_removemember'] = 'Removed from group';
$string['change_suspend'] = 'Enrolment suspended';
$string['change_unassign'] = 'Role unassigned';
$string['change_unenrol'] = 'Unenrolled';
$string['change_update'] = 'Enrolment updated';
$string['changes'] = 'What changed';
$string['changesin'] = 'Changes in {$a}';
$string['changesofcourse'] = 'Enrolment sync changes';
$string['changesofrun'] = 'Changes of run {$a->id} ({$a->filename})';
$string['changesofuser'] = 'Enrolment sync: changes made';
$string['changesto'] = 'Changes to {$a}';
$string['chart_applied'] = 'Lines applied';
$string['chart_failed'] = 'Lines failed';
$string['chart_removed'] = 'Enrolments removed or suspended';
$string['chart_unchanged'] = 'Lines unchanged';
$string['chartdryrun'] = ' (dry run)';
$string['chartrun'] = 'Run {$a->id}{$a->dryrun}, {$a->time}';
$string['charttitle'] = 'The last {$a} runs';
$string['checkextension'] = 'Enrolment sync extension';
$string['checkextensionerror'] = 'The enrolsync PHP extension is not usable';
$string['checkextensionok'] = 'The enrolsync PHP extension {$a} is loaded';
$string['checklastrun'] = 'Last scheduled enrolment sync';
$string['checklastrun_applying'] = '{$a->time}: being applied by adhoc tasks';
$string['checklastrun_error'] = '{$a->time}: {$a->status}, nothing was applied';
$string['checklastrun_none'] = 'The scheduled task has not applied a file yet';
$string['checklastrun_ok'] = '{$a->time}: every line applied';
$string['checklastrun_partabandoned'] = '{$a->time}: a part of the run failed on each of its attempts and Moodle no longer tries it: the run is incomplete. See the adhoc task log, then run the file again';
$string['checklastrun_partfailed'] = '{$a->time}: a part of the run failed; Moodle tries its adhoc task again later (see the adhoc task log)';
$string['checklastrun_running'] = '{$a->time}: running';
$string['checklastrun_warning'] = '{$a->time}: {$a->failed} line(s) failed, {$a->operations} operation(s) failed';
$string['choice_add'] = 'add';
$string['choice_archive'] = 'Archive';
$string['choice_auto'] = 'Detect automatically';
$string['choice_comma'] = 'Comma (,)';
$string['choice_del'] = 'del';
$string['choice_delactionkeep'] = 'Do nothing: keep the enrolment and its roles (enrol_flatfile\'s "Keep user enrolled")';
$string['choice_delactionsuspend'] = 'Suspend the enrolment, keep its roles';
$string['choice_delactionsuspendnoroles'] = 'Suspend the enrolment and remove its roles';
$string['choice_delactiontoolsync'] = 'Unassign the line\'s role; unenrol when no role is left (tool_sync)';
$string['choice_delactionunenrol'] = 'Unenrol (the user\'s data in the course is deleted)';
$string['choice_delete'] = 'Delete';
$string['choice_disable'] = 'disable';
$string['choice_email'] = 'E-mail address';
$string['choice_enable'] = 'enable';
$string['choice_flatfile'] = 'Flat file (enrol_flatfile)';
$string['choice_id'] = 'Database id (discouraged)';
$string['choice_idnumber'] = 'ID number';
$string['choice_instance'] = 'As the enrolment method says';
$string['choice_iso88591'] = 'ISO-8859-1';
$string['choice_keep'] = 'Keep';
$string['choice_native'] = 'Native (with a header)';
$string['choice_never'] = 'Never';
$string['choice_pipe'] = 'Pipe (|)';
$string['choice_semicolon'] = 'Semicolon (;)';
$string['choice_shift'] = 'shift';
$string['choice_shortname'] = 'Short name';
$string['choice_suspend'] = 'Suspend';
$string['choice_tab'] = 'Tab';
$string['choice_unenrol'] = 'Unenrol';
$string['choice_username'] = 'Username';
$string['choice_utf8'] = 'UTF-8';
$string['choice_windows1252'] = 'Windows-1252';
$string['cleanuparchived'] = '{$a} archived command files deleted';
$string['cleanupdone'] = '{$a} old runs deleted';
$string['clichange'] = '  line {$a->line}: {$a->change} {$a->course} {$a->user} {$a->role}{$a->group} ({$a->method}): {$a->result} {$a->error}';
$string['clierror'] = 'Error ({$a->key}): {$a->message}';
$string['clifailedline'] = '  line {$a->line}: {$a->message}: {$a->raw}';
$string['clihelp'] = 'Applies an enrolment file to the site.

Options:
  --file=PATH       the file to apply (default: the standard file of the command file area)
  -n, --dry-run     plan and report, write nothing
  --json            print the report as one JSON document
  --format=FORMAT   auto, native or flatfile (default: the setting)
  --full-sync       full sync: enrolments this tool created that the file omits get the removal action
  --force           go ahead even when full sync exceeds the safety threshold (lines whose user cannot be told still withhold every removal)
  --confirm=RUNID   confirm a run refused by the safety threshold: its file again, applied only if it removes exactly what that run listed
  --changes[=N]     list the run\'s changes (the first N, 100 by default); with --json, in the document
  --parts=N         apply in N adhoc tasks run by cron workers (default: the setting; 0: in this process)
  -h, --help        this help

Progress goes to stderr. Exit status: 0 all lines applied, 1 some lines failed, 2 the file was rejected or full sync refused, 3 another run is in progress.

Example: sudo -u www-data php admin/tool/enrolsync/cli/sync.php --file=/srv/sis/enrols.csv --dry-run';
$string['clinotice'] = 'Notice: {$a}';
$string['clisummary'] = '{$a->file}: {$a->lines} lines ({$a->format}, {$a->encoding}, delimiter \'{$a->delimiter}\'): {$a->applied} applied, {$a->unchanged} unchanged, {$a->failed} failed';
$string['commandfiles'] = 'Command files';
$string['commandfiles_desc'] = 'The files the tool runs. The standard file is \'{$a}\'; files put in the drop folder (dataroot/sync) arrive here before each scheduled run; archived files are kept in the archive folder.';
$string['confirmremovals'] = 'Confirm the removals and apply this file';
$string['count_applied'] = 'Applied';
$string['count_failed'] = 'Failed';
$string['count_lines'] = 'Lines';
$string['count_opsfailed'] = 'Operations failed';
$string['count_unchanged'] = 'Unchanged';
$string['courseidentifier'] = 'Course identifier';
$string['courseidentifier_desc'] = 'The course field the cid column names. Short name is recommended: it is mandatory and unique.';
$string['createinstances'] = 'Create missing enrolment methods';
$string['createinstances_desc'] = 'When a course has no instance of the method a line names, add one (if the method allows it). Otherwise the line fails.';
$string['defaultcmd'] = 'Default command';
$string['defaultcmd_desc'] = 'The command of the lines of a file without a cmd column.';
$string['defaultrole'] = 'Default role';
$string['defaultrole_desc'] = 'The role of lines whose role is empty. None: such lines fail. The role must be one of the roles a run may assign.';
$string['delactionflatfile'] = 'What a del line does (flat files)';
$string['delactionflatfile_desc'] = 'As enrol_flatfile\'s "External unenrol action", which it was set from at installation. A user who holds roles in the course but not the line\'s is left as they are, as enrol_flatfile does. Suspending leaves an enrolment already suspended as it is. "Suspend the enrolment and remove its roles" removes the line\'s role and the other roles a run may assign.';
$string['delactionnative'] = 'What a del line does (native files)';
$string['delactionnative_desc'] = 'tool_sync\'s behaviour by default: the line\'s role is unassigned, and the user is unenrolled from the method\'s instance when they then hold no role in the course (with *: unenrolled). The other choices act as for flat files.';
$string['delimiter'] = 'Delimiter';
$string['delimiter_desc'] = 'Automatic: the one of ; , tab | that the header line uses most.';
$string['downloadfailed'] = 'Download the failed lines';
$string['downloadreport'] = 'Download the report';
$string['dropchanged'] = '\'{$a}\' changed in the drop folder while it was checked or read: it waits for the next run';
$string['dropnotregular'] = '\'{$a}\' is not a regular file of the drop folder (a symbolic link, or a file with another name elsewhere): it is not brought in';
$string['dropnotremoved'] = '\'{$a}\' was brought in but could not be removed from the drop folder: it will not be brought in again while it stays the same file';
$string['droppedfile'] = '\'{$a}\' moved from the drop folder into the command file area';
$string['dryrun'] = 'Dry run';
$string['dryrun_label'] = 'Plan and report only: write nothing';
$string['dryrunbanner'] = 'Dry run: nothing was written';
$string['encoding'] = 'Encoding';
$string['encoding_desc'] = 'Automatic: a byte order mark decides (UTF-8, UTF-16), otherwise UTF-8 when the file is valid UTF-8 or holds UTF-8 characters (a line with a byte that is not UTF-8 then fails on its own), else Windows-1252.';
$string['encodingreason_bom'] = 'byte order mark';
$string['encodingreason_multibyte'] = 'the file holds UTF-8 characters; {$a} line(s) not valid UTF-8 fail';
$string['encodingreason_nomultibyte'] = 'no UTF-8 character and some bytes beyond ASCII: read as Windows-1252';
$string['encodingreason_setting'] = 'set in the settings';
$string['encodingreason_valid'] = 'the file is valid UTF-8';
$string['enrolsync:run'] = 'Run enrolment files and see their reports';
$string['enrolwhendisabled'] = 'Enrol even when the method or instance is disabled';
$string['enrolwhendisabled_desc'] = 'Apply lines whose enrolment method is disabled at site level, or whose instance in the course is disabled: the report then says that those enrolments give no access until it is enabled. Otherwise such lines fail.';
$string['error_addmember'] = 'Could not add the user to the group \'{$a}\'';
$string['error_ambiguouscourse'] = '\'{$a}\' matches several courses';
$string['error_ambiguoususer'] = '\'{$a}\' matches several users';
$string['error_badcommand'] = 'Unknown command \'{$a}\' (expected add, del, shift, disable or enable)';
$string['error_baddate'] = '\'{$a}\' is not a date (expected YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or a Unix timestamp)';
$string['error_badgroupcommand'] = 'Unknown group command \'{$a}\' (expected gadd, gaddcreate, greplace, greplacecreate or gdel)';
$string['error_badid'] = '\'{$a}\' is not a database id';
$string['error_badoption'] = 'Invalid option: {$a}';
$string['error_badwildcard'] = 'The role \'*\' can only be used with the del command';
$string['error_duplicatecolumn'] = 'The column \'{$a}\' appears more than once in the header';
$string['error_emptyfile'] = 'The file has no data line';
$string['error_emptyvalue'] = 'The value of \'{$a}\' is empty';
$string['error_endbeforestart'] = 'The end date is before the start date';
$string['error_exception'] = 'The run stopped on an error: {$a}';
$string['error_extension'] = '{$a}';
$string['error_instancedisabled'] = 'The course\'s \'{$a}\' enrolment instance is disabled: an enrolment through it would give no access. Enable it in the course, or turn on the setting \'Enrol even when the method or instance is disabled\'.';
$string['error_interrupted'] = 'The run was interrupted: its process ended before it finished. What its committed batches did is in its list of changes; run the file again to finish.';
$string['error_invalidutf8'] = 'Not valid UTF-8: the line holds a byte that is not UTF-8 (the file is read as UTF-8)';
$string['error_locked'] = 'Another run is in progress: nothing was done';
$string['error_methoddisabled'] = 'The enrolment method \'{$a}\' is disabled on this site';
$string['error_methodnotallowed'] = 'The enrolment method \'{$a}\' does not let a tool enrol or unenrol through it';
$string['error_missingcolumn'] = 'The required column \'{$a}\' is missing from the header';
$string['error_nogroups'] = 'The group command needs at least one group name (g1 to g9)';
$string['error_noinstance'] = 'The course has no \'{$a}\' enrolment instance and none can be created';
$string['error_notconfirmable'] = 'Run {$a} can no longer be confirmed: only the latest refused run can be, within 24 hours, while its file is kept.';
$string['error_opfailed'] = 'Moodle refused the change: {$a}';
$string['error_refused'] = 'Full sync would remove or suspend {$a->removals} of the {$a->managed} active enrolments this tool manages, more than the safety threshold ({$a->threshold} %): nothing was done. Check the list below, and confirm it to go ahead.';
$string['error_removalschanged'] = 'The removals are no longer those that were shown (the site or the file changed since): nothing was done. Check the new list of {$a} removal(s) below, and confirm it if it is right.';
$string['error_rolenotallowed'] = 'The role \'{$a}\' is not one this tool may assign (see the setting Roles a run may assign)';
$string['error_rolenotassignable'] = 'The role \'{$a}\' cannot be assigned in a course';
$string['error_runinput'] = 'The file of run {$a} is no longer kept (the clean-up of old runs deletes it): it cannot be applied again.';
$string['error_sitecourse'] = 'The site front page cannot be a target';
$string['error_toofewfields'] = 'Too few fields: a flat-file line is "operation, role, user, course[, start[, end]]"';
$string['error_toolarge'] = 'The file is {$a->size}, more than the size limit of {$a->limit}: it was not read. The limit is the setting \'Largest file\'.';
$string['error_toomanyfields'] = 'More fields than the header has columns ({$a})';
$string['error_undecodable'] = 'The file is not valid {$a}';
$string['error_unknowncolumn'] = 'Unknown column \'{$a}\' in the header';
$string['error_unknowncourse'] = 'Unknown course \'{$a}\'';
$string['error_unknowngroup'] = 'Unknown group(s) in the course: {$a}';
$string['error_unknownmethod'] = 'Unknown enrolment method \'{$a}\'';
$string['error_unknownrole'] = 'Unknown role \'{$a}\'';
$string['error_unknownuser'] = 'Unknown user \'{$a}\'';
$string['error_unreadable'] = 'Cannot read the file \'{$a}\'';
$string['error_unterminatedquote'] = 'A quote opened on this line is never closed';
$string['extensionmismatch'] = 'The PHP extension {$a->name} {$a->loaded} is loaded, but this version of the plugin needs version {$a->expected}. Install the extension of the plugin\'s release (its Debian package php{$a->phpversion}-enrolsync {$a->expected}, its prebuilt module, or a build of the same source: cargo build --release --features php), then restart the web server.';
$string['extensionmissing'] = 'The PHP extension {$a->name} is not loaded, so enrolment files cannot be read. Install the extension of the plugin\'s release ({$a->expected}) built for PHP {$a->phpversion}, for both the command line and the web server. On Debian, its package enables it: apt-get install ./php{$a->phpversion}-enrolsync_{$a->expected}_amd64.deb. Elsewhere, copy its prebuilt enrolsync.so, or a build from the plugin\'s source (cargo build --release --features php, then target/release/libenrolsync.so), into PHP\'s extension directory (php-config --extension-dir) and enable it with "extension={$a->name}" in the php.ini of the command line and of the web server. Then restart the web server.';
$string['extensionmissing_env'] = 'The plugin needs the PHP extension enrolsync of its release: its Debian package, its prebuilt module, or a build from its source. See the plugin\'s README.';
$string['failedlines'] = 'Failed lines';
$string['file'] = 'File';
$string['fileaction'] = 'After a run';
$string['fileaction_desc'] = 'What happens to the standard file after a real run that was not rejected. With archive or delete, the scheduled task runs only when a new file is there.';
$string['format'] = 'File format';
$string['format_desc'] = 'Native (with a header, compatible with tool_sync) or flat file (compatible with enrol_flatfile). Automatic detection tells them apart by the first line.';
$string['format_setting'] = 'As in the settings';
$string['fullsync'] = 'Full sync';
$string['fullsync_desc'] = 'Run in full sync mode by default.';
$string['fullsync_label'] = 'Enrolments this tool created that the file omits get the removal action';
$string['heading_applying'] = 'Applying the file';
$string['heading_files'] = 'Files';
$string['heading_fullsync'] = 'Full sync';
$string['heading_fullsync_desc'] = 'In full sync, the file is the complete list of the enrolments this tool manages: an enrolment that an earlier run created and that the file no longer lists gets the removal action. Enrolments made otherwise are never touched.';
$string['heading_reading'] = 'Reading the file';
$string['history'] = 'Run history';
$string['item'] = 'Item';
$string['line'] = 'Line';
$string['maxfilesize'] = 'Largest file (MB)';
$string['maxfilesize_desc'] = 'A larger file is rejected before it is read. Reading and planning a file takes memory: about 10 times its size at most (the largest file of the default limit, 200 MB, took 2.1 GB, PHP\'s state of the site included). 0: no limit.';
$string['messageprovider:newstudents'] = 'New students enrolled in my courses by the enrolment sync';
$string['messageprovider:runreport'] = 'Enrolment sync runs with failed lines or a rejected file';
$string['method'] = 'Enrolment method';
$string['morecourses'] = '… and {$a} more course(s): see all the changes.';
$string['newstudents_body'] = '{$a->count} new student(s) enrolled in {$a->course}:
{$a->names}';
$string['newstudents_more'] = '… and {$a->more} more.';
$string['newstudents_subject'] = '{$a->course}: {$a->count} new student(s)';
$string['nostandardfile'] = 'The standard file \'{$a}\' is not in the command file area';
$string['notice_noaccess'] = '{$a->count} line(s) enrolled or reactivated users through an enrolment method or instance that is disabled (lines {$a->lines}): those enrolments give no access until it is enabled.';
$string['notices'] = 'Notices: the changes are done, but Moodle reported';
$string['notifyteachers'] = 'Notify editing teachers';
$string['notifyteachers_desc'] = 'After each real run, each editing teacher of a course that received new students gets one message listing them.';
$string['op_addmember'] = 'Group members added';
$string['op_assign'] = 'Roles assigned';
$string['op_creategroup'] = 'Groups created';
$string['op_createinstance'] = 'Enrolment methods added to courses';
$string['op_enrol'] = 'Users enrolled';
$string['op_removemember'] = 'Group members removed';
$string['op_suspend'] = 'Enrolments suspended';
$string['op_unassign'] = 'Roles unassigned';
$string['op_unenrol'] = 'Users unenrolled';
$string['op_update'] = 'Enrolments updated';
$string['operation'] = 'Change';
$string['operationsdone'] = 'Operations done';
$string['operationsplanned'] = 'Operations planned';
$string['origin_cli'] = 'Command line';
$string['origin_page'] = 'Tool\'s page';
$string['origin_task'] = 'Scheduled task';
$string['partapplied'] = 'Run {$a->run}: a part of {$a->courses} course(s) applied';
$string['parts'] = 'Apply in parts';
$string['parts_desc'] = '0: a run applies its plan itself. 1 or more: a run splits its plan by course into that many parts of about the same size, and queues an adhoc task for each, so that several cron workers apply it in parallel. Each part plans its courses again from the archived file, so the outcome is that of a single run. A new run waits until every part is applied.';
$string['pluginname'] = 'Enrolment sync';
$string['privacy:lines'] = 'Failed lines';
$string['privacy:managed'] = 'Enrolments created by the tool';
$string['privacy:metadata:core_files'] = 'Enrolment files name users: those waiting in the command file area, the command files archived after they ran (archive/), the copy of each run\'s input file and each run\'s failed lines. The history retention setting deletes them.';
$string['privacy:metadata:core_message'] = 'Teachers are told about new students, administrators about failed runs.';
$string['privacy:metadata:tool_enrolsync_changes'] = 'What each run changed, or would change, to users\' enrolments, roles and groups.';
$string['privacy:metadata:tool_enrolsync_changes:courseid'] = 'The course.';
$string['privacy:metadata:tool_enrolsync_changes:error'] = 'Moodle\'s error, when it failed.';
$string['privacy:metadata:tool_enrolsync_changes:groupname'] = 'The group the user was added to or removed from.';
$string['privacy:metadata:tool_enrolsync_changes:line'] = 'The line of the file that caused it.';
$string['privacy:metadata:tool_enrolsync_changes:method'] = 'The enrolment method.';
$string['privacy:metadata:tool_enrolsync_changes:op'] = 'The change (enrolled, suspended, role assigned…).';
$string['privacy:metadata:tool_enrolsync_changes:result'] = 'Whether it was done, failed, or only planned.';
$string['privacy:metadata:tool_enrolsync_changes:roleid'] = 'The role assigned or unassigned.';
$string['privacy:metadata:tool_enrolsync_changes:userid'] = 'The user changed.';
$string['privacy:metadata:tool_enrolsync_lines'] = 'The failed lines of each run, as the file gave them (they name users).';
$string['privacy:metadata:tool_enrolsync_lines:errorarg'] = 'The value the reason quotes: an identifier of the line (a user, course, role or group).';
$string['privacy:metadata:tool_enrolsync_lines:errorkey'] = 'Why the line failed.';
$string['privacy:metadata:tool_enrolsync_lines:rawline'] = 'The text of the line.';
$string['privacy:metadata:tool_enrolsync_lines:userid'] = 'The user the line names, when the site knows them.';
$string['privacy:metadata:tool_enrolsync_managed'] = 'The enrolments this tool created.';
$string['privacy:metadata:tool_enrolsync_managed:enrolid'] = 'The enrolment method instance.';
$string['privacy:metadata:tool_enrolsync_managed:runid'] = 'The run that created it.';
$string['privacy:metadata:tool_enrolsync_managed:userenrolid'] = 'The user enrolment.';
$string['privacy:metadata:tool_enrolsync_managed:userid'] = 'The enrolled user.';
$string['privacy:metadata:tool_enrolsync_runs'] = 'Every run of an enrolment file.';
$string['privacy:metadata:tool_enrolsync_runs:errorarg'] = 'What the rejection of the file or the stop of the run quoted: a value of the file (it can be a user identifier), or an error message.';
$string['privacy:metadata:tool_enrolsync_runs:filename'] = 'The name of the file run.';
$string['privacy:metadata:tool_enrolsync_runs:notices'] = 'What failed once the changes were made, such as a message that could not be sent (it can name its recipient).';
$string['privacy:metadata:tool_enrolsync_runs:timestarted'] = 'When the run started.';
$string['privacy:metadata:tool_enrolsync_runs:userid'] = 'The user who started the run.';
$string['privacy:runs'] = 'Runs started';
$string['progressline'] = '{$a} % of the operations done';
$string['protection_all'] = 'Full sync removed nothing in this run: this line\'s user could not be told.';
$string['protection_course'] = 'Full sync left this user\'s enrolments in this course alone.';
$string['protection_everycourse'] = 'Full sync left this user\'s enrolments alone in every course (the line\'s course could not be told).';
$string['rawline'] = 'Line as in the file';
$string['reading'] = '{$a->format} format, {$a->encoding}, delimiter \'{$a->delimiter}\'';
$string['reason'] = 'Reason';
$string['removalaction'] = 'Removal action';
$string['removalaction_desc'] = 'Suspend keeps the enrolment, its roles and grades, and a later add reactivates it. Unenrol deletes the user\'s data in the course: choose it knowingly.';
$string['removalsrefused'] = 'The enrolments confirming would remove or suspend';
$string['report'] = 'Report';
$string['reportof'] = 'Report of';
$string['result'] = 'Result';
$string['result_done'] = 'Done';
$string['result_failed'] = 'Failed';
$string['result_planned'] = 'Planned';
$string['retentiondays'] = 'History retention (days)';
$string['retentiondays_desc'] = 'Runs older than this, with their failed lines and files, and the command files archived before then, are deleted every night. 0 keeps them for ever.';
$string['rolegroup'] = 'Role or group';
$string['rolemap'] = 'Role map';
$string['rolemap_badline'] = 'Line {$a}: write "role name in the file = role short name".';
$string['rolemap_desc'] = 'One mapping a line: the role name the file uses = the short name of a role, for example "Etudiant = student" or "Teacher = editingteacher". File names are matched trimmed and in any case. A name without a line here means the role of that short name, in any case ("Student" finds student). Only the roles a run may assign can be given; a line mapped to another role fails.';
$string['rolemap_duplicate'] = 'Line {$a}: this role name is mapped twice.';
$string['rolemap_unknown'] = 'Line {$a->line}: no role has the short name \'{$a->shortname}\'.';
$string['roles'] = 'Roles a run may assign';
$string['roles_desc'] = 'A line naming another role fails, so that a file cannot give a course role you did not mean it to (manager, say). shift leaves the other roles alone.';
$string['run'] = 'Run';
$string['runpage'] = 'Run an enrolment file';
$string['runreport_subject'] = 'Enrolment sync: run {$a->id} of {$a->filename} needs attention';
$string['runstandard'] = 'Run the standard file';
$string['runstandardnow'] = 'Run it now';
$string['searchchanges'] = 'What changed: search the changes by user or course';
$string['searchcourse'] = 'Course';
$string['searchcourse_help'] = 'Part of a short name, full name or ID number: the changes in every course it matches.';
$string['searchuser'] = 'User';
$string['searchuser_help'] = 'Part of an ID number, username, e-mail address or name: the changes of every user it matches.';
$string['settings'] = 'Settings';
$string['standardfile'] = 'Standard file';
$string['standardfile_desc'] = 'Path of the file the scheduled task runs, relative to the command file area (for example enrols.csv or sis/enrols.csv).';
$string['standardfile_needsname'] = 'Give the path of a file, such as enrols.csv.';
$string['standardfile_outside'] = 'The path must stay inside the command file area: no leading /, no .., no \\.';
$string['started'] = 'Started';
$string['startedby'] = 'Started by';
$string['status'] = 'Status';
$string['status_applying'] = 'Being applied by its parts';
$string['status_done'] = 'Done';
$string['status_interrupted'] = 'Interrupted';
$string['status_locked'] = 'Another run in progress';
$string['status_refused'] = 'Refused by the safety threshold';
$string['status_rejected'] = 'File rejected';
$string['status_running'] = 'Running';
$string['task_applypart'] = 'Apply a part of an enrolment sync run';
$string['task_cleanup'] = 'Delete old enrolment sync history';
$string['task_sync'] = 'Apply the standard enrolment file';
$string['threshold'] = 'Safety threshold (%)';
$string['threshold_desc'] = 'A full sync that would remove or suspend more than this share of the active enrolments this tool manages stops before writing anything, and lists them, unless confirmed. Suspending an enrolment that is already suspended does not count.';
$string['uploadandrun'] = 'Upload and run';
$string['useridentifier'] = 'User identifier';
$string['useridentifier_desc'] = 'The user field the uid column names. ID number is recommended; database ids differ between sites. An e-mail shared by several users fails its line.';
$string['value'] = 'Value';
$string['welcomemessages'] = 'Welcome messages for enrolments made by this tool';
$string['welcomemessages_desc'] = 'As the enrolment method says: each new enrolment gets the course welcome message its instance is set to send (Moodle sends one by default for manual enrolments). Never: this tool\'s enrolments get none, whatever the instance says; the instances are not changed, and enrolments by hand still get theirs. A term-start load of thousands of enrolments otherwise sends thousands of e-mails.';
$string['withheldby'] = 'Full sync removed and suspended nothing in this run: the user of line(s) {$a} could not be told. Correct those lines and run the file again.';
