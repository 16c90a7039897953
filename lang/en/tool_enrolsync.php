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
$string['change_merge'] = 'Duplicate removed (enrolled manually already)';
$string['change_move'] = 'Enrolment moved to the manual method';
$string['change_removemember'] = 'Removed from group';
$string['change_suspend'] = 'Enrolment suspended';
$string['change_unassign'] = 'Role unassigned';
$string['change_unenrol'] = 'Unenrolled';
$string['change_unenrolrole'] = 'Role removed with the enrolment';
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
$string['checkdropfolder'] = 'Enrolment sync drop folder';
$string['checkdropfolder_locked'] = 'The remote writer\'s lock {$a->lock} has been in the drop folder {$a->folder} since {$a->since}: the scheduled task takes files from it once the lock is gone.';
$string['checkdropfolder_none'] = 'There is no drop folder ({$a->folder}): files come through the command file area only.';
$string['checkdropfolder_ok'] = 'The scheduled task takes the complete files of the drop folder {$a->folder}.';
$string['checkdropfolder_stalelock'] = 'The remote writer\'s lock {$a->lock} has been in the drop folder {$a->folder} since {$a->since}, more than 3 hours: the scheduled task takes nothing from it while the lock is there. If the writer has stopped, remove the lock once its files are complete.';
$string['checkextension'] = 'Enrolment sync extension';
$string['checkextensionerror'] = 'The enrolsync PHP extension is not usable';
$string['checkextensionok'] = 'The enrolsync PHP extension {$a} is loaded';
$string['checkfeed'] = 'Enrolment feed';
$string['checkfeed_late'] = 'No enrolment file has arrived since {$a->time} (one is expected at least every {$a->hours} hours).';
$string['checkfeed_none'] = 'No enrolment file has arrived yet: none is expected before the first one.';
$string['checkfeed_off'] = 'No enrolment file is expected (setting "Expect a feed at least every" at 0).';
$string['checkfeed_ok'] = 'The last enrolment file arrived on {$a->time} (one is expected at least every {$a->hours} hours).';
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
$string['choice_delactionroleonly'] = 'Remove the line\'s role only (with *: every role a run may assign); the enrolment stays';
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
$string['clifailedmore'] = '  ... and {$a} more failed lines: the run\'s report lists them all.';
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

Failed lines: the first 100 are printed, then how many more there are (with --json: failedlines, and morefailedlines); the run\'s report on the tool\'s page and its failed-lines file hold them all.

Example: sudo -u www-data php admin/tool/enrolsync/cli/sync.php --file=/srv/sis/enrols.csv --dry-run';
$string['clinotice'] = 'Notice: {$a}';
$string['clisummary'] = '{$a->file}: {$a->lines} lines ({$a->format}, {$a->encoding}, delimiter \'{$a->delimiter}\'): {$a->applied} applied, {$a->unchanged} unchanged, {$a->failed} failed';
$string['commandfiles'] = 'Command files';
$string['commandfiles_desc'] = 'The files the tool runs. The standard file is \'{$a}\'; files put in the drop folder (dataroot/sync) arrive here before each scheduled run; archived files are kept in the archive folder.';
$string['commandfiles_help'] = 'The files the tool runs: the standard file, the files the drop folder (dataroot/sync) brought in before the scheduled run, and archive/ with the standard files already run. A file saved here under the standard file\'s name is what the next scheduled run applies. Deleting an archived file loses that copy of the export (each run also keeps its own copy, until the history retention deletes it).';
$string['confirmremovals'] = 'Confirm the removals and apply this file';
$string['count_applied'] = 'Applied';
$string['count_failed'] = 'Failed';
$string['count_lines'] = 'Lines';
$string['count_opsfailed'] = 'Operations failed';
$string['count_unchanged'] = 'Unchanged';
$string['courseidentifier'] = 'Course identifier';
$string['courseidentifier_desc'] = 'The course field that the cid column holds. Short name is recommended: it is mandatory and unique; ID numbers may be empty, and database ids differ between sites. Flat files always name courses by ID number. Change it together with the export, after a dry run: lines written for another identifier fail as unknown courses.';
$string['createinstances'] = 'Create missing enrolment methods';
$string['createinstances_desc'] = 'When a course has no instance of the enrolment method a line names, add one (if the method allows it). Off: such lines fail until someone adds the method to the course.';
$string['defaultcmd'] = 'Default command';
$string['defaultcmd_desc'] = 'The command of every line of a native file without a cmd column. With del or shift, every such file removes or replaces roles: keep add unless the export holds only removals.';
$string['defaultrole'] = 'Default role';
$string['defaultrole_desc'] = 'The role of lines whose role is empty. None: such lines fail. The role must be one of the roles a run may assign.';
$string['delactionflatfile'] = 'What a del line does (flat files)';
$string['delactionflatfile_desc'] = 'As enrol_flatfile\'s "External unenrol action", which it was set from at installation. A user who holds roles in the course but not the line\'s is left as they are, as enrol_flatfile does. Suspending leaves an enrolment already suspended as it is. "Suspend the enrolment and remove its roles" removes the line\'s role and the other roles a run may assign.';
$string['delactionnative'] = 'What a del line does (native files)';
$string['delactionnative_desc'] = 'tool_sync\'s behaviour by default: the line\'s role is unassigned, and the user is unenrolled from the method\'s instance when they then hold no role in the course (with *: unenrolled). The other choices act as for flat files.';
$string['delimiter'] = 'Delimiter';
$string['delimiter_desc'] = 'Automatic: the one of ; , tab | that the first line uses most. A fixed delimiter that the file does not use makes its header one unknown column (the file is rejected) or every flat-file line fail.';
$string['downloadfailed'] = 'Download the failed lines';
$string['downloadreport'] = 'Download the report';
$string['dropchanged'] = '\'{$a}\' changed in the drop folder while it was checked or read: it waits for the next run';
$string['droplocked'] = 'The remote writer\'s lock {$a->lock} is in the drop folder (since {$a->since}): nothing is taken from the drop folder this time';
$string['droplockstale_body'] = 'The remote writer\'s lock {$a->lock} has been in the drop folder {$a->folder} since {$a->since}, more than 3 hours. The scheduled task takes no file from the drop folder while the lock is there, so new enrolment files wait. If the writer (the export of the school information system) has stopped or failed, remove the lock once its files are complete. This message is sent once for this lock.';
$string['droplockstale_subject'] = 'Enrolment sync: the writer\'s lock {$a->lock} has been in the drop folder since {$a->since}';
$string['dropnotfolder'] = '{$a} is not a folder (a symbolic link, or another kind of file): the scheduled task takes nothing from it. Make it a folder of its own.';
$string['dropnotregular'] = '\'{$a}\' is not a regular file of the drop folder (a symbolic link, a FIFO or a device, or a file with another name elsewhere): it is not brought in';
$string['dropnotremoved'] = '\'{$a}\' was brought in but could not be removed from the drop folder: it will not be brought in again while it stays the same file';
$string['droppedfile'] = '\'{$a}\' moved from the drop folder into the command file area';
$string['dryrun'] = 'Dry run';
$string['dryrun_help'] = 'Reads the file, plans it against the site as it is now, and reports exactly what a real run would do (its failed lines, and its list of changes marked as planned) without writing any enrolment. The run stays in the history as a dry run. Untick it to apply the file.';
$string['dryrun_label'] = 'Plan and report only: write nothing';
$string['dryrunbanner'] = 'Dry run: nothing was written';
$string['encoding'] = 'Encoding';
$string['encoding_desc'] = 'Automatic: a byte order mark decides (UTF-8, UTF-16), otherwise UTF-8 when the file is valid UTF-8 or holds UTF-8 characters (a line with a byte that is not UTF-8 then fails on its own), else Windows-1252. A fixed encoding that is not the file\'s garbles accented names, which then match no user, course or group.';
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
$string['error_draftfile'] = 'Draft area {$a->itemid} holds {$a->count} files: upload exactly one file with webservice/upload.php, and give the item id it returned.';
$string['error_duplicatecolumn'] = 'The column \'{$a}\' appears more than once in the header';
$string['error_emptyfile'] = 'The file has no data line';
$string['error_emptyvalue'] = 'The value of \'{$a}\' is empty';
$string['error_endbeforestart'] = 'The end date is before the start date';
$string['error_enrolledmeanwhile'] = 'Someone enrolled this user in the course through \'{$a}\' after this run read the site: that enrolment is not the tool\'s, so the run left it as it is and does not manage it (full sync never removes it). Run this line again to give it the line\'s role and dates.';
$string['error_exception'] = 'The run stopped on an error: {$a}';
$string['error_extension'] = '{$a}';
$string['error_instancedisabled'] = 'The course\'s \'{$a}\' enrolment instance is disabled: an enrolment through it would give no access. Enable it in the course, or turn on the setting \'Enrol even when the method or instance is disabled\'.';
$string['error_interrupted'] = 'The run was interrupted: its process ended before it finished. What its committed batches did is in its list of changes; run the file again to finish.';
$string['error_invalidutf8'] = 'Not valid UTF-8: the line holds a byte that is not UTF-8 (the file is read as UTF-8)';
$string['error_locked'] = 'Another run is in progress: nothing was done';
$string['error_manualdisabled'] = 'The manual enrolment method is disabled on this site: enrolments moved to it would give no access. Enable it (Site administration > Plugins > Enrolments > Manage enrol plugins), then take over again. Nothing was done.';
$string['error_methoddisabled'] = 'The enrolment method \'{$a}\' is disabled on this site';
$string['error_methodnotallowed'] = 'The enrolment method \'{$a}\' does not let a tool enrol or unenrol through it';
$string['error_missingcolumn'] = 'The required column \'{$a}\' is missing from the header';
$string['error_nogroups'] = 'The group command needs at least one group name (g1 to g9)';
$string['error_noinstance'] = 'The course has no \'{$a}\' enrolment instance and none can be created';
$string['error_notconfirmable'] = 'Run {$a} can no longer be confirmed: only the latest refused run can be, within 24 hours, while its file is kept.';
$string['error_nothingtotakeover'] = 'There is nothing to take over from enrol_flatfile: it is disabled and holds no enrolment.';
$string['error_opfailed'] = 'Moodle refused the change: {$a}';
$string['error_partslocked'] = 'Another process has been applying a part of this run for too long: this part will be tried again later.';
$string['error_refused'] = 'Full sync would remove or suspend {$a->removals} of the {$a->managed} active enrolments this tool manages, more than the safety threshold ({$a->threshold} %): nothing was done. Check the list below, and confirm it to go ahead.';
$string['error_removalschanged'] = 'The removals are no longer those that were shown (the site or the file changed since): nothing was done. Check the new list of {$a} removal(s) below, and confirm it if it is right.';
$string['error_rolenotallowed'] = 'The role \'{$a}\' is not one this tool may assign (see the setting Roles a run may assign)';
$string['error_rolenotassignable'] = 'The role \'{$a}\' cannot be assigned in a course';
$string['error_runinput'] = 'The file of run {$a} is no longer kept (deleted with the run history, by hand, or with every user\'s data): it cannot be applied again.';
$string['error_sitecourse'] = 'The site front page cannot be a target';
$string['error_takeoverchanged'] = 'What the take-over would do has changed since the dry run it confirmed (enrol_flatfile went on meanwhile, or a setting changed): nothing was done. Here is what it would do now; take over again to apply exactly this.';
$string['error_takeovernotconfirmable'] = 'Dry run {$a} can no longer be confirmed: only the latest dry run of the take-over can be, once.';
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
$string['feedagain_body'] = 'An enrolment file arrived again: it was written on {$a->time}. The one before it was written on {$a->since}.';
$string['feedagain_subject'] = 'Enrolment sync: an enrolment file arrived again';
$string['feedhours'] = 'Expect a feed at least every (hours)';
$string['feedhours_desc'] = 'When no enrolment file has arrived for this many hours, the status check (Site administration > Reports > System status) warns, and the administrators get one message; they get another one when a file arrives again. A file arrives when a real run reads the standard file put in the command file area since the last one (by the drop folder, the command files page or the web services), or a file given to the command line; it is as recent as its last write, so a kept standard file run again every night is no new file. Dry runs and files uploaded on the tool\'s page are not the feed. No file is expected before the first one. 0: no file is expected.';
$string['feedlate_body'] = 'No enrolment file has arrived since {$a->time}, and one is expected at least every {$a->hours} hours: the enrolments of this site no longer follow the school information system. Check its export, and the transfer of the file to the drop folder (or whatever runs the file: the command line, the web services). You will be told when a file arrives again.';
$string['feedlate_subject'] = 'Enrolment sync: no enrolment file since {$a->time}';
$string['file'] = 'File';
$string['file_help'] = 'The enrolment file to run once, as CSV (.csv or .txt): the native format with a header, or enrol_flatfile\'s lines. Its size is limited by Moodle\'s upload limit and by the setting Largest file. It does not become the standard file, which is what the scheduled task runs.';
$string['fileaction'] = 'After a run';
$string['fileaction_desc'] = 'What becomes of the standard file after a real run that was not rejected or refused. Archive: moved to archive/ under a name with the run\'s date and number. Delete: deleted. With either, the scheduled task runs only when a new file is there. Keep: the same file runs again every night; risk: a stale export goes on being applied (with full sync, it goes on deciding who stays enrolled).';
$string['format'] = 'File format';
$string['format_desc'] = 'Native (with a header, compatible with tool_sync) or flat file (compatible with enrol_flatfile: operation, role, user ID number, course ID number[, start[, end]]). Automatic detection tells them apart by the first line; force a format only when it is wrong: a file read in the other format is rejected or fails its lines.';
$string['format_help'] = 'How to read this file: as the setting File format says (by default, detected from the first line), or forced to native (a header names the columns: cid, uid, rolename...) or to flat file (enrol_flatfile\'s lines: operation, role, user ID number, course ID number[, start[, end]]).';
$string['format_setting'] = 'As in the settings';
$string['fullsync'] = 'Full sync';
$string['fullsync_desc'] = 'Run in full sync mode by default: the scheduled task, the command line, and the Full sync box of the tool\'s page, ticked beforehand. The file is then the complete list: every enrolment this tool created that the file no longer lists gets the removal action. Turn it on only for an export that is complete every time, after a full sync dry run.';
$string['fullsync_help'] = 'The file is the complete list of the enrolments this tool manages: every enrolment an earlier run of this tool created that the file no longer lists gets the removal action of the settings (suspend by default). Enrolments made otherwise are never touched. A line that failed protects the user it names; a line whose user cannot be told withholds every removal. If more than the safety threshold would go, nothing is written and the report lists them, for you to confirm. Tick it only for a complete export, and try it as a dry run first.';
$string['fullsync_label'] = 'Enrolments this tool created that the file omits get the removal action';
$string['heading_applying'] = 'Applying the file';
$string['heading_files'] = 'Files';
$string['heading_fullsync'] = 'Full sync';
$string['heading_fullsync_desc'] = 'In full sync, the file is the complete list of the enrolments this tool manages: an enrolment that an earlier run created and that the file no longer lists gets the removal action. Enrolments made otherwise are never touched.';
$string['heading_reading'] = 'Reading the file';
$string['history'] = 'Run history';
$string['item'] = 'Item';
$string['kept_protected'] = 'Kept: line {$a} may name this user here (it failed, is a comment holding the delimiter, or reads as two lines joined)';
$string['kept_withheld'] = 'Kept: the user of line {$a} could not be told, so full sync removed nothing';
$string['keptbylines'] = 'Full sync kept {$a} enrolment(s) that it would otherwise have removed or suspended: lines of the file that failed or look damaged may name their users. The list of changes shows each one with the line that kept it.';
$string['line'] = 'Line';
$string['maxfilesize'] = 'Largest file (MB)';
$string['maxfilesize_desc'] = 'A larger file is rejected before it is read. Reading and planning a file takes memory: about 10 times its size at most (the largest file of the default limit, 200 MB, took 2.1 GB, PHP\'s state of the site included), in the web or cron process that runs it: lower the limit on a machine with less memory. 0: no limit.';
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
$string['notice_undecidedremovals'] = '{$a} removal(s) of full sync were not applied: the site changed after the run weighed them against its threshold (or its confirmation). The next run weighs them again.';
$string['notices'] = 'Notices: the changes are done, but Moodle reported';
$string['notifyteachers'] = 'Notify editing teachers';
$string['notifyteachers_desc'] = 'After each real run (not a dry run), each editing teacher of a course that received new students gets one message listing them, as their notification preferences say. A term-start run sends one message per teacher and course.';
$string['op_addmember'] = 'Group members added';
$string['op_assign'] = 'Roles assigned';
$string['op_creategroup'] = 'Groups created';
$string['op_createinstance'] = 'Enrolment methods added to courses';
$string['op_enrol'] = 'Users enrolled';
$string['op_merge'] = 'Duplicate enrolments removed (enrolled manually already)';
$string['op_move'] = 'Enrolments moved to the manual method';
$string['op_removemember'] = 'Group members removed';
$string['op_suspend'] = 'Enrolments suspended';
$string['op_unassign'] = 'Roles unassigned';
$string['op_unenrol'] = 'Users unenrolled';
$string['op_unenrolrole'] = 'Roles removed with an unenrolment';
$string['op_update'] = 'Enrolments updated';
$string['operation'] = 'Change';
$string['operationsdone'] = 'Operations done';
$string['operationsplanned'] = 'Operations planned';
$string['origin_cli'] = 'Command line';
$string['origin_page'] = 'Tool\'s page';
$string['origin_task'] = 'Scheduled task';
$string['origin_webservice'] = 'Web service';
$string['partapplied'] = 'Run {$a->run}: a part of {$a->courses} course(s) applied';
$string['partnotapplied'] = 'Run {$a->run} was interrupted: its part of {$a->courses} course(s) was not applied';
$string['parts'] = 'Apply in parts';
$string['parts_desc'] = '0: a run applies its plan itself. 1 or more: a run splits its plan by course into that many parts of about the same size, and queues an adhoc task for each, so that several cron workers apply it in parallel. Each part plans its courses again from the archived file, so the outcome is that of a single run. A new run waits until every part is applied. Only worth it with several cron workers and the cores for them; a part that fails is tried again by Moodle, and the status check says so.';
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
$string['privacy:metadata:tool_enrolsync_lineusers'] = 'The users a failed line names when several users have its user key.';
$string['privacy:metadata:tool_enrolsync_lineusers:lineid'] = 'The failed line.';
$string['privacy:metadata:tool_enrolsync_lineusers:userid'] = 'A user the line\'s user key may mean.';
$string['privacy:metadata:tool_enrolsync_managed'] = 'The enrolments this tool created.';
$string['privacy:metadata:tool_enrolsync_managed:enrolid'] = 'The enrolment method instance.';
$string['privacy:metadata:tool_enrolsync_managed:runid'] = 'The run that created it.';
$string['privacy:metadata:tool_enrolsync_managed:userenrolid'] = 'The user enrolment.';
$string['privacy:metadata:tool_enrolsync_managed:userid'] = 'The enrolled user.';
$string['privacy:metadata:tool_enrolsync_parts'] = 'The parts of a run that adhoc tasks apply, while the run is kept.';
$string['privacy:metadata:tool_enrolsync_parts:removals'] = 'The users whose enrolments full sync decided to remove or suspend, which a part has still to apply.';
$string['privacy:metadata:tool_enrolsync_runs'] = 'Every run of an enrolment file.';
$string['privacy:metadata:tool_enrolsync_runs:errorarg'] = 'What the rejection of the file or the stop of the run quoted: a value of the file (it can be a user identifier), or an error message.';
$string['privacy:metadata:tool_enrolsync_runs:filename'] = 'The name of the file run.';
$string['privacy:metadata:tool_enrolsync_runs:notices'] = 'What failed once the changes were made, such as a message that could not be sent (it can name its recipient).';
$string['privacy:metadata:tool_enrolsync_runs:timestarted'] = 'When the run started.';
$string['privacy:metadata:tool_enrolsync_runs:userid'] = 'The user who started the run.';
$string['privacy:runs'] = 'Runs started';
$string['progressline'] = '{$a} % of the operations done';
$string['protection_all'] = 'Full sync removed nothing in this run: this line\'s user could not be told.';
$string['protection_course'] = 'Full sync left alone, in this line\'s course, the enrolments of every user this line may name.';
$string['protection_everycourse'] = 'Full sync left alone, in every course, the enrolments of every user this line may name (its course could not be told).';
$string['rawline'] = 'Line as in the file';
$string['reading'] = '{$a->format} format, {$a->encoding}, delimiter \'{$a->delimiter}\'';
$string['reason'] = 'Reason';
$string['removalaction'] = 'Removal action';
$string['removalaction_desc'] = 'What full sync does to an enrolment this tool created that the file no longer lists. Suspend keeps the enrolment, its roles and grades, and a later add reactivates it. Unenrol removes the user from the course with their data there (roles, groups, grades): choose it knowingly. Keep: nothing is removed.';
$string['removalsrefused'] = 'The enrolments confirming would remove or suspend';
$string['report'] = 'Report';
$string['reportof'] = 'Report of';
$string['result'] = 'Result';
$string['result_done'] = 'Done';
$string['result_failed'] = 'Failed';
$string['result_kept'] = 'Kept (not removed: a damaged line may name this user)';
$string['result_planned'] = 'Planned';
$string['retentiondays'] = 'History retention (days)';
$string['retentiondays_desc'] = 'Runs older than this, with their failed lines and files, and the command files archived before then, are deleted every night. 0 keeps them for ever. The history answers "who removed this student, when, from which file and line?": a short retention loses it sooner, a long one keeps personal data longer.';
$string['rolegroup'] = 'Role or group';
$string['rolemap'] = 'Role map';
$string['rolemap_badline'] = 'Line {$a}: write "role name in the file = role short name".';
$string['rolemap_desc'] = 'One mapping a line: the role name the file uses = the short name of a role, for example "Etudiant = student" or "Teacher = editingteacher". File names are matched trimmed and in any case. A name without a line here means the role of that short name, in any case ("Student" finds student). Only the roles a run may assign can be given; a line mapped to another role fails.';
$string['rolemap_duplicate'] = 'Line {$a}: this role name is mapped twice.';
$string['rolemap_unknown'] = 'Line {$a->line}: no role has the short name \'{$a->shortname}\'.';
$string['roles'] = 'Roles a run may assign';
$string['roles_desc'] = 'A line naming another role fails, so that a file cannot give a course role you did not mean it to (manager, say). shift leaves the other roles alone. Risk: a role ticked here can be given in any course by whoever writes the export.';
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
$string['standardfile_desc'] = 'Path of the file the scheduled task (and Run it now on the tool\'s page) runs, relative to the command file area (for example enrols.csv or sis/enrols.csv). The drop folder (dataroot/sync) brings files to the top of the area: with a drop folder, give a name without a folder.';
$string['standardfile_help'] = 'The file the scheduled task runs every night, in the command file area (the setting Standard file). After a real run it is archived, kept or deleted, as the setting After a run says; a dry run leaves it where it is.';
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
$string['takeover'] = 'Take over from enrol_flatfile';
$string['takeover_advice'] = 'enrol_flatfile read its file at {$a->location}. This tool reads the files put in its drop folder: have the export of the school information system write {$a->dropfile} instead (under a name ending in .part, renamed once complete); the scheduled task then runs it.';
$string['takeover_after'] = 'After';
$string['takeover_before'] = 'Before';
$string['takeover_change'] = '{$a->now} → {$a->then}';
$string['takeover_clifrom'] = 'Unknown plugin to take over from: \'{$a}\'. Only --from=flatfile (enrol_flatfile) is supported.';
$string['takeover_clihelp'] = 'Takes over from enrol_flatfile: its settings and its enrolments.

Options:
  --from=flatfile   the plugin to take over from (enrol_flatfile, the only one)
  -n, --dry-run     list what the take-over would change, change nothing
  --json            print the report as one JSON document
  --changes[=N]     list the changes (the first N, 100 by default); with --json, in the document
  -h, --help        this help

In order: enrol_flatfile is disabled; its role map (map_<roleid>) becomes the role map setting, its unenrol action the del action for flat files; a file waiting where it reads becomes the standard file; its enrolments move to the manual method with the same status, dates and roles (through Moodle\'s enrolment API, without welcome messages), where full sync manages them; the enrolments it holds back until their start are made with that start. A user also enrolled by hand keeps that enrolment as it is, and enrol_flatfile\'s duplicate is removed. The take-over is recorded as a run with its list of changes; once done, there is nothing left to take over.

Progress goes to stderr. Exit status: 0 taken over (or nothing to take over), 1 some operations failed, 2 refused (an unknown --from, the manual method disabled), 3 another run is in progress.

Example: sudo -u www-data php admin/tool/enrolsync/cli/takeover.php --from=flatfile --dry-run --changes';
$string['takeover_confirm'] = 'Take over now, exactly as listed';
$string['takeover_delactionflatfile'] = 'Del action for flat files';
$string['takeover_dryrun'] = 'Dry run: list what the take-over would change';
$string['takeover_enabled'] = 'enrol_flatfile';
$string['takeover_heldbackleft'] = '{$a} action(s) that enrol_flatfile held back until their start were left in its table (a removal, several actions for one user and course, or a user enrolled already): run the file that holds them again through this tool, or apply them by hand.';
$string['takeover_intro'] = 'A site that ran enrol_flatfile has its enrolments under the enrol_flatfile method. Taking over, in order: enrol_flatfile is disabled; its role map becomes this tool\'s role map, and its unenrol action the del action for flat files; a file waiting where it reads becomes the standard file; its enrolments move to the manual method, which this tool uses, with the same status, dates and roles, through Moodle\'s enrolment API (its events and logs; no welcome message), and full sync manages them from then on; the enrolments it holds back until their start are made with that start. A user also enrolled by hand keeps that enrolment as it is (full sync never touches it), and enrol_flatfile\'s duplicate is removed. The dry run lists exactly what will change, and only that list can then be applied. Afterwards, the same feed through this tool changes nothing.';
$string['takeover_line'] = 'Take-over';
$string['takeover_location'] = 'File waiting where enrol_flatfile reads';
$string['takeover_notremoved'] = 'The file {$a} was brought in as the standard file, but could not be removed from where it was: remove it by hand.';
$string['takeover_reading'] = 'Take-over of enrol_flatfile: its settings and its enrolments';
$string['takeover_rolemap'] = 'Role map';
$string['takeover_settings'] = 'Settings';
$string['takeover_standardfile'] = '{$a}, the standard file of the command file area';
$string['takeover_statedisabled'] = 'enrol_flatfile is disabled. It holds {$a->enrolments} enrolment(s) in {$a->courses} course(s), and {$a->heldback} action(s) held back until their start.';
$string['takeover_stateenabled'] = 'enrol_flatfile is enabled. It holds {$a->enrolments} enrolment(s) in {$a->courses} course(s), and {$a->heldback} action(s) held back until their start.';
$string['task_applypart'] = 'Apply a part of an enrolment sync run';
$string['task_cleanup'] = 'Delete old enrolment sync history';
$string['task_feedwatch'] = 'Watch the enrolment feed';
$string['task_sync'] = 'Apply the standard enrolment file';
$string['threshold'] = 'Safety threshold (%)';
$string['threshold_desc'] = 'A full sync that would remove or suspend more than this share of the active enrolments this tool manages stops before writing anything, and lists them, unless confirmed. Suspending an enrolment that is already suspended does not count. 0: every removal needs a confirmation; 100: full sync never stops.';
$string['uploadandrun'] = 'Upload and run';
$string['useridentifier'] = 'User identifier';
$string['useridentifier_desc'] = 'The user field that the uid column holds. ID number is recommended; database ids differ between sites, and an e-mail address shared by several users fails its line. Flat files always name users by ID number. Change it together with the export, after a dry run: lines written for another identifier fail as unknown users.';
$string['value'] = 'Value';
$string['webservicequeue'] = 'Queue web service runs above (operations)';
$string['webservicequeue_desc'] = 'A real run started through the web service (tool_enrolsync_run_file) whose plan has more operations than this is not applied during the request: an adhoc task applies it when cron next runs, and the request answers at once with the run\'s id and the status queued (the client then polls tool_enrolsync_get_run). Other runs wait until it is applied, as for a run in parts. 0 queues every real run that changes something. A dry run always answers with its report.';
$string['welcomemessages'] = 'Welcome messages for enrolments made by this tool';
$string['welcomemessages_desc'] = 'As the enrolment method says: each new enrolment gets the course welcome message its instance is set to send (Moodle sends one by default for manual enrolments). Never: this tool\'s enrolments get none, whatever the instance says; the instances are not changed, and enrolments by hand still get theirs. A term-start load of thousands of enrolments otherwise sends thousands of e-mails.';
$string['withheldby'] = 'Full sync removed and suspended nothing in this run: the user of line(s) {$a} could not be told. Correct those lines and run the file again.';
