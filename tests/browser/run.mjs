// Browser tests of tool_enrolsync's pages, in headless Chromium driven by Playwright, against a
// Moodle site served on $MOODLE_URL (default http://localhost:8080) from $MOODLE_DIR.
// Prints one line per check ("ok ..." / "FAIL ...") and "N passed, N failed"; exits 1 on failure.
// Screenshots go to tests/browser/screenshots/ (not in git).
import { chromium, request } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const moodleDir = process.env.MOODLE_DIR;
if (!moodleDir) {
    console.log('SKIPPED: set MOODLE_DIR to a Moodle site with the plugin installed, served on MOODLE_URL');
    process.exit(0);
}
const base = (process.env.MOODLE_URL || 'http://localhost:8080').replace(/\/$/, '');
const tool = `${base}/admin/tool/enrolsync/index.php`;
const shots = join(here, 'screenshots');
mkdirSync(shots, { recursive: true });
const fixture = join(here, '..', 'fixtures', 'browser.csv');
const fullSyncFixture = join(here, '..', 'fixtures', 'browser-fullsync.csv');

let passed = 0;
let failed = 0;
function check(name, condition, detail = '') {
    if (condition) {
        passed++;
        console.log(`ok   ${name}`);
    } else {
        failed++;
        console.log(`FAIL ${name} ${detail}`);
    }
}

/** Runs tests/browser/site.php on the site (setup, or state as JSON). */
function site(command) {
    const out = execFileSync('php', [join(moodleDir, 'admin/tool/enrolsync/tests/browser/site.php'), command]);
    return JSON.parse(out.toString());
}

async function login(page, username, password) {
    // Fill the form once the page's scripts have run: on a cold site (caches just purged) they
    // finish late, and typing earlier loses the password ("Invalid login", reason 3 in the log).
    await page.goto(`${base}/login/index.php`, { waitUntil: 'networkidle' });
    await page.fill('#username', username);
    await page.fill('#password', password);
    await Promise.all([page.waitForNavigation(), page.click('#loginbtn')]);
    if (new URL(page.url()).pathname.startsWith('/login/')) {
        throw new Error(`could not log in as ${username}`);
    }
}

/** Picks a file in the upload form's file picker, through the "Upload a file" repository. */
async function pickFile(page, path) {
    for (let attempt = 1; ; attempt++) {
        await page.click('#fitem_id_enrolfile input.fp-btn-choose');
        await page.locator('.fp-repo-name:visible', { hasText: 'Upload a file' }).click();
        // The repository's upload form arrives by Ajax: a file set on a form that is then
        // replaced is lost ("No files attached"), so wait for it to settle, then check.
        await page.waitForLoadState('networkidle');
        const input = page.locator('.fp-upload-form:visible input[type=file]');
        await input.setInputFiles(path);
        const attached = await input.evaluate((element) => element.files.length === 1);
        if (attached) {
            await page.locator('.fp-upload-btn:visible').click();
            try {
                await page.locator('#fitem_id_enrolfile .filepicker-filename a').waitFor({ timeout: 15000 });
                return;
            } catch (e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
        // Start again from the page, without the picker's state.
        await page.reload({ waitUntil: 'networkidle' });
    }
}

/** Uploads a file and runs it; returns when the report is shown. */
async function uploadAndRun(page, dryRun, name, file = fixture, fullSync = false) {
    await page.goto(tool, { waitUntil: 'networkidle' });
    await pickFile(page, file);
    await page.setChecked('#id_dryrun', dryRun);
    await page.setChecked('#id_fullsync', fullSync);
    await page.screenshot({ path: join(shots, `${name}-form.png`), fullPage: true });
    await page.click('#id_submitbutton');
    await page.locator('.tool_enrolsync-report').waitFor();
    await page.screenshot({ path: join(shots, `${name}-report.png`), fullPage: true });
}

/**
 * What a page of the tool shows that it must not: Moodle's debugging messages (the site runs with
 * developer debugging, which tests/browser/site.php setup turns on: a call to something deprecated
 * says so there) and elements in a style Moodle deprecated (from 5.0, Bootstrap 4's classes:
 * Moodle's theme outlines them and says "Deprecated style in use" on a Behat site, which the body's
 * class behat-site makes it for the time of the look).
 */
async function pageProblems(page) {
    return page.evaluate(() => {
        const problems = [...document.querySelectorAll('.debuggingmessage')].map((e) => e.innerText.slice(0, 300));
        document.body.classList.add('behat-site');
        for (const element of document.querySelectorAll('#page-content *')) {
            const content = getComputedStyle(element, '::before').content;
            if (content.includes('Deprecated style in use')) {
                problems.push(`${content} on <${element.tagName.toLowerCase()} class="${element.className}">`);
            }
        }
        document.body.classList.remove('behat-site');
        return problems;
    });
}

/** Checks that a page shows no debugging message and no deprecated style. */
async function checkClean(page, name) {
    const problems = await pageProblems(page);
    check(`${name}: no debugging message, no deprecated style`, problems.length === 0, JSON.stringify(problems));
}

async function count(page, name) {
    return (await page.locator(`.tool_enrolsync-counts tr[data-count=${name}] td`).innerText()).trim();
}

/**
 * The plugin's PHP files, as git lists them (tracked, and new files not ignored); without git, those
 * of the plugin's folder.
 */
function pluginPhpFiles() {
    const root = join(here, '..', '..');
    try {
        return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.php'],
            { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().split('\n').filter(Boolean).sort();
    } catch {
        const skip = ['.git', 'node_modules', 'target', 'dist'];
        return [...files(root, skip).keys()].map((path) => relative(root, path)).filter((path) => path.endsWith('.php'))
            .filter((path) => !path.split('/').some((part) => skip.includes(part))).sort();
    }
}

/** The tool's pages: only they may do something for a web request (and only after login). */
const TOOL_PAGES = ['index.php', 'changes.php', 'files.php', 'takeover.php'];

/**
 * Files under a folder: path => "mtime size". Skips the folders of $skip (paths relative to $dir):
 * what any request of Moodle writes (sessions, caches), not what a script of the plugin would.
 */
function files(dir, skip = [], only = () => true) {
    const found = new Map();
    const walk = (path) => {
        let entries;
        try {
            entries = readdirSync(path);
        } catch {
            return;
        }
        for (const name of entries) {
            const full = join(path, name);
            if (skip.includes(relative(dir, full)) || (path === dir && !only(name))) {
                continue;
            }
            let stat;
            try {
                stat = lstatSync(full);
            } catch {
                continue;
            }
            if (stat.isDirectory()) {
                walk(full);
            } else {
                found.set(full, `${stat.mtimeMs} ${stat.size}`);
            }
        }
    };
    walk(dir);
    return found;
}

/** The processes of this machine: pid => {ppid, args}. */
function processes() {
    const table = new Map();
    for (const line of execFileSync('ps', ['-eo', 'pid=,ppid=,args=']).toString().split('\n')) {
        const match = line.match(/^\s*(\d+)\s+(\d+)\s+(.*)$/);
        if (match) {
            table.set(match[1], { ppid: match[2], args: match[3] });
        }
    }
    return table;
}

/**
 * Processes started by the web server that serves the site (PHP's built-in server: its workers are
 * php -S too): {pid, args, line (their pids up to the server's)}. null when the site is not served
 * by php -S on this machine.
 */
function startedByServer() {
    const table = processes();
    const port = new URL(base).port || '80';
    const server = new RegExp(`\\s-S\\s+\\S*:${port}\\b`);
    const roots = [...table].filter(([, p]) => server.test(p.args)).map(([pid]) => pid);
    if (!roots.length) {
        return null;
    }
    const started = [];
    for (const [pid, p] of table) {
        if (server.test(p.args)) {
            continue;
        }
        const line = [pid];
        for (let parent = p.ppid; parent && line.length < 50; parent = table.get(parent)?.ppid) {
            if (roots.includes(parent)) {
                started.push({ pid, args: p.args, line });
                break;
            }
            line.push(parent);
        }
    }
    return started;
}

/**
 * Whether a response is nothing but an error: empty, not found (a file the site's copy of the
 * plugin leaves out), Moodle's refusal of a command line script, a PHP error (status 500), or a
 * redirect to the login page.
 */
function onlyAnError(response, body) {
    const text = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    const location = response.headers().location || '';
    return text === ''
        || response.status() === 404
        || /^Command line scripts can not be executed from the web interface$/.test(text)
        || (response.status() >= 500 && /^(PHP )?(Fatal error|Parse error)\b/.test(text))
        || (response.status() >= 300 && response.status() < 400 && location.includes('/login/'));
}

/**
 * Requests every PHP file of the plugin as a guest (not logged in): none but the tool's pages may
 * do anything (no output beyond an error, no file written, no process started), and the pages
 * send a guest to the login page.
 */
async function guestRequests() {
    const paths = site('paths');
    const moodle = ['sessions', 'cache', 'localcache', 'muc', 'lock'];
    // PHP's temp dir is the machine's: only the plugin's own names there (bench/core.php's feeds).
    const snapshot = () => new Map([...files(paths.dataroot, moodle),
        ...files(paths.tmp, [], (name) => name.includes('enrolsync'))]);
    const guest = await request.newContext();
    if (startedByServer() === null) {
        console.log('note: the site is not served by php -S here: processes a request starts are not checked');
    }
    // Processes seen so far, and what they start later, belong to the request that started them.
    const seen = new Set((startedByServer() || []).map((p) => p.pid));
    try {
        for (const file of pluginPhpFiles()) {
            const before = snapshot();
            const started = new Map();
            let done = false;
            const watch = (async () => {
                while (!done) {
                    for (const p of startedByServer() || []) {
                        if (!p.line.some((pid) => seen.has(pid))) {
                            started.set(p.pid, p.args);
                        }
                    }
                    await new Promise((resolve) => setTimeout(resolve, 200));
                }
            })();
            let response = null;
            let body = '';
            let error = '';
            const clock = Date.now();
            try {
                response = await guest.get(`${base}/admin/tool/enrolsync/${file}`, { maxRedirects: 0, timeout: 20000 });
                body = (await response.body()).toString();
            } catch (e) {
                error = e.message.split('\n')[0];
            }
            const seconds = (Date.now() - clock) / 1000;
            done = true;
            await watch;
            started.forEach((args, pid) => seen.add(pid));
            const after = snapshot();
            const written = [...after].filter(([path, stamp]) => before.get(path) !== stamp).map(([path]) => path);
            const page = TOOL_PAGES.includes(file);
            // An error is immediate: a script that takes seconds to fail has done something first.
            const answered = response !== null && seconds < 5 && (page ? response.status() >= 300 &&
                response.status() < 400 && (response.headers().location || '').includes('/login/')
                : onlyAnError(response, body));
            check(`as a guest, ${file} ${page ? 'sends to the login page' : 'does nothing'}` +
                ' (nothing beyond an error, no file written, no process started)',
                answered && !written.length && !started.size, JSON.stringify({ status: response?.status(), seconds, error,
                    body: body.slice(0, 200), written, started: [...started.values()] }));
        }
    } finally {
        await guest.dispose();
    }
}

const { password } = site('setup');
const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
let alerts = 0;
let archived = '';
page.on('dialog', async (dialog) => { alerts++; await dialog.dismiss(); });

try {
    await guestRequests();

    await login(page, 'admin', process.env.MOODLE_ADMIN_PASSWORD || 'Admin123!');
    await page.goto(tool);
    await page.screenshot({ path: join(shots, 'index.png'), fullPage: true });
    await checkClean(page, 'the tool page');
    check('the tool page offers upload and the standard file', await page.locator('#id_enrolfile').count() === 1 ||
        await page.locator('#fitem_id_enrolfile').count() === 1);

    // Dry run: the plan and its report, nothing written.
    await uploadAndRun(page, true, 'dryrun');
    check('dry run banner shown', await page.locator('.tool_enrolsync-dryrun').isVisible());
    await checkClean(page, 'the report of a dry run');
    check('dry run counts: 4 lines, 2 applied, 2 failed',
        [await count(page, 'lines'), await count(page, 'applied'), await count(page, 'failed')].join() === '4,2,2');
    const failedText = await page.locator('.tool_enrolsync-failed').innerText();
    check('a <script> from the file shows as text', failedText.includes('<script>alert(1)</script>'), failedText);
    check('and is no script element', await page.locator('.tool_enrolsync-report script').count() === 0);
    check('no alert ran', alerts === 0);
    check('no template text on the page', !(await page.locator('body').innerText()).includes('Example context'));
    let state = site('state');
    check('dry run wrote no enrolment', Object.keys(state.enrolled).length === 0 && Object.keys(state.groups).length === 0,
        JSON.stringify(state));

    // The real run.
    await uploadAndRun(page, false, 'run');
    check('no dry run banner', await page.locator('.tool_enrolsync-dryrun').count() === 0);
    await checkClean(page, 'the report of a run');
    check('run counts: 2 applied, 2 failed', [await count(page, 'applied'), await count(page, 'failed')].join() === '2,2');
    check('operations reported', (await page.locator('.tool_enrolsync-operations tr[data-operation=enrol] td').innerText())
        .trim() === '2');
    state = site('state');
    check('B1 and B2 enrolled', JSON.stringify(state.enrolled) === '{"B1":0,"B2":0}', JSON.stringify(state));
    check('group created with B1', JSON.stringify(state.groups) === '{"Group <b>A</b>":["B1"]}', JSON.stringify(state));

    // The failed-lines file, downloaded as CSV through the dataformat selector.
    const form = page.locator('.tool_enrolsync-downloads form').filter({ has: page.locator('input[name=download][value=failed]') });
    await form.locator('select[name=dataformat]').selectOption('csv');
    const [download] = await Promise.all([page.waitForEvent('download'), form.locator('button[type=submit]').click()]);
    const csv = readFileSync(await download.path()).toString().replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    check('failed-lines file: the header and exactly the failed lines', JSON.stringify(csv) === JSON.stringify([
        'cmd,cid,uid,rolename,gcmd,g1',
        'add,BROWSER101,NOBODY,student,,',
        'add,BROWSER101,"<script>alert(1)</script>",student,,',
    ]) || JSON.stringify(csv) === JSON.stringify([
        'cmd,cid,uid,rolename,gcmd,g1',
        'add,BROWSER101,NOBODY,student,,',
        'add,BROWSER101,<script>alert(1)</script>,student,,',
    ]), JSON.stringify(csv));

    // What changed: the run's changes per course, then the list, with the group's name escaped.
    const bycourse = (await page.locator('.tool_enrolsync-bycourse tbody tr').innerText()).replace(/\s+/g, ' ').trim();
    check('changes per course: BROWSER101, 1 group created, 2 enrolled, 1 added to it', bycourse === 'BROWSER101 1 2 1',
        bycourse);
    const changes = page.locator('table.tool_enrolsync-changes tbody tr:not(.emptyrow)');
    check('the report lists its 4 changes', await changes.count() === 4, String(await changes.count()));
    check('a group named with HTML shows as text', (await page.locator('table.tool_enrolsync-changes').innerText())
        .includes('Group <b>A</b>') && await page.locator('table.tool_enrolsync-changes b').count() === 0);
    // All the changes, filtered by kind, then downloaded as CSV.
    await Promise.all([page.waitForNavigation(), page.click('.tool_enrolsync-allchanges a')]);
    await page.selectOption('#id_op', 'enrol');
    await Promise.all([page.waitForNavigation(), page.click('#id_filter')]);
    await page.screenshot({ path: join(shots, 'changes-filtered.png'), fullPage: true });
    await checkClean(page, 'what changed, filtered');
    const enrolled = page.locator('table.tool_enrolsync-changes tbody tr:not(.emptyrow)');
    check('filtered by "Enrolled": B1 and B2', await enrolled.count() === 2 &&
        (await enrolled.allInnerTexts()).every((row) => row.includes('Enrolled')), String(await enrolled.count()));
    // The table's own download form (its format is the parameter "download").
    const changesForm = page.locator('form.dataformatselector').filter({ has: page.locator('select[name=download]') });
    await changesForm.locator('select[name=download]').selectOption('csv');
    const [changesDownload] = await Promise.all([page.waitForEvent('download'),
        changesForm.locator('button[type=submit]').click()]);
    const changesCsv = readFileSync(await changesDownload.path()).toString().replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    check('the download holds the filtered changes: a header and 2 rows', changesCsv.length === 3 &&
        changesCsv.slice(1).every((row) => row.includes('Enrolled')), JSON.stringify(changesCsv));
    // Searching by user, across runs.
    await page.goto(`${base}/admin/tool/enrolsync/changes.php?user=B2`);
    const ofb2 = page.locator('table.tool_enrolsync-changes tbody tr:not(.emptyrow)');
    const ofb2rows = await ofb2.allInnerTexts();
    check('search by user, across runs: B2 enrolled, done by the run and planned by the dry run before',
        ofb2rows.length === 2 && ofb2rows.every((row) => row.includes('B2')) && /Done/.test(ofb2rows[0]) &&
        /Planned/.test(ofb2rows[1]), JSON.stringify(ofb2rows));

    // History: both runs, newest first, with their reports.
    await page.goto(tool);
    await page.screenshot({ path: join(shots, 'history.png'), fullPage: true });
    await checkClean(page, 'the history');
    const rows = page.locator('table.tool_enrolsync-history tbody tr:not(.emptyrow)');
    check('history lists the two runs', await rows.count() === 2, String(await rows.count()));
    const first = await rows.nth(0).innerText();
    const second = await rows.nth(1).innerText();
    check('newest first: the real run, then the dry run', /\bNo\b/.test(first) && /\bYes\b/.test(second), `${first} | ${second}`);
    // The archived input of a run, from its history row.
    archived = await rows.nth(0).locator('a[href*="pluginfile.php"]').getAttribute('href');
    const kept = await page.request.get(archived);
    check('the archived file is the uploaded one', (await kept.text()) === readFileSync(fixture).toString());
    await Promise.all([page.waitForURL(/runid=/), rows.nth(1).locator('a', { hasText: 'View' }).click()]);
    check('history links to the dry run report', await page.locator('.tool_enrolsync-dryrun').isVisible());

    // Full sync above the safety threshold: refused, nothing written, then confirmed.
    await uploadAndRun(page, false, 'fullsync-refused', fullSyncFixture, true);
    check('full sync above the threshold is refused', (await page.locator('.tool_enrolsync-error').innerText())
        .includes('more than the safety threshold'));
    await checkClean(page, 'a refused full sync');
    check('refused: nothing written', JSON.stringify(site('state').enrolled) === '{"B1":0,"B2":0}');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Confirm the removals")')]);
    await page.locator('.tool_enrolsync-report').waitFor();
    await page.screenshot({ path: join(shots, 'fullsync-confirmed.png'), fullPage: true });
    check('confirmed: B2, no longer listed, is suspended', JSON.stringify(site('state').enrolled) === '{"B1":0,"B2":1}',
        JSON.stringify(site('state')));

    // The standard file is missing: said so.
    await page.goto(tool);
    await page.click('#id_runstandard');
    await page.locator('.alert').first().waitFor();
    check('running a missing standard file says so', (await page.locator('body').innerText())
        .includes("The standard file 'enrols.csv' is not in the command file area"));

    // The command file area, in Moodle's file manager.
    await page.goto(`${base}/admin/tool/enrolsync/files.php`);
    await page.locator('.filemanager').first().waitFor();
    await page.screenshot({ path: join(shots, 'files.png'), fullPage: true });
    await checkClean(page, 'the command files');
    check('command files in a file manager', await page.locator('input[name=commands_filemanager]').count() === 1 &&
        await page.locator('.filemanager').first().isVisible());

    // Settings: the standard file must stay inside the command file area.
    await page.goto(`${base}/admin/settings.php?section=tool_enrolsync_settings`);
    await page.fill('#id_s_tool_enrolsync_standardfile', '../etc/passwd');
    await Promise.all([page.waitForNavigation(), page.click('form#adminsettings button[type=submit]')]);
    await page.screenshot({ path: join(shots, 'settings.png'), fullPage: true });
    await checkClean(page, 'the settings');
    check('settings refuse a path outside the command file area',
        (await page.content()).includes('must stay inside the command file area'));

    // Taking over from enrol_flatfile: a dry run listing the changes, then exactly those.
    site('flatfile');
    await page.goto(`${base}/admin/tool/enrolsync/takeover.php`);
    check('the take-over page says what enrol_flatfile holds',
        (await page.locator('body').innerText()).includes('It holds 2 enrolment(s) in 1 course(s)'));
    await Promise.all([page.waitForNavigation(), page.click('#id_takeoverdryrun')]);
    await page.locator('.tool_enrolsync-report').waitFor();
    await page.screenshot({ path: join(shots, 'takeover-dryrun.png'), fullPage: true });
    check('take-over dry run: banner, and enrol_flatfile to be disabled',
        await page.locator('.tool_enrolsync-dryrun').isVisible() &&
        (await page.locator('table.tool_enrolsync-takeoversettings').innerText()).includes('enrol_flatfile'));
    const planned = await page.locator('table.tool_enrolsync-changes tbody tr:not(.emptyrow)').allInnerTexts();
    check('the dry run lists 2 enrolments to move and their 2 roles, planned',
        planned.filter((row) => row.includes('Enrolment moved to the manual method')).length === 2 &&
        planned.filter((row) => row.includes('Role assigned')).length === 2 &&
        planned.every((row) => row.includes('Take-over') && row.includes('Planned')), JSON.stringify(planned));
    check('the dry run moved nothing', JSON.stringify(site('state').takenover) === '{"B1":"flatfile","B2":"flatfile"}');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Take over now, exactly as listed")')]);
    await page.locator('.tool_enrolsync-report').waitFor();
    await page.screenshot({ path: join(shots, 'takeover-done.png'), fullPage: true });
    check('taken over: B1 and B2 enrolled through the manual method',
        JSON.stringify(site('state').takenover) === '{"B1":"manual","B2":"manual"}', JSON.stringify(site('state')));
    check('the take-over is in the history, as enrol_flatfile', (await (await page.request.get(tool)).text())
        .includes('enrol_flatfile'));
    await page.goto(`${base}/admin/tool/enrolsync/takeover.php`);
    check('then there is nothing left to take over', (await page.locator('body').innerText())
        .includes('There is nothing to take over from enrol_flatfile') && await page.locator('#id_takeoverdryrun').count() === 0);

    // Someone without the capability gets Moodle's access error (in a browser context of their own).
    const other = await (await browser.newContext()).newPage();
    await login(other, 'nocap', password);
    await other.goto(tool);
    await other.screenshot({ path: join(shots, 'nocapability.png'), fullPage: true });
    const body = await other.locator('body').innerText();
    check('no capability, no page: Moodle\'s access error', /do not currently have permissions|Access denied/i.test(body) &&
        await other.locator('#id_enrolfile, #fitem_id_enrolfile').count() === 0, body.slice(0, 300));
    await other.goto(`${base}/admin/tool/enrolsync/takeover.php`);
    check('no capability, no take-over page', /do not currently have permissions|Access denied/i.test(
        await other.locator('body').innerText()) && await other.locator('#id_takeoverdryrun').count() === 0);
    const denied = await other.request.get(archived);
    check('no capability, no archived file', !(await denied.text()).includes('BROWSER101'));
} catch (e) {
    failed++;
    console.log(`FAIL ${e.stack}`);
    await page.screenshot({ path: join(shots, 'error.png'), fullPage: true }).catch(() => {});
} finally {
    await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
