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
 * Keeps the documentation honest: README.md, docs/*.md and bench/README.md against the code.
 *
 * - Sizes: README.md at most 10 KB, bench/README.md at most 15 KB.
 * - Links: every relative link leads to a file of the checkout, and its #anchor to a heading there.
 * - Paths: every path written as code that starts with a top-level name of the checkout exists
 *   (admin/tool/enrolsync/... is the checkout itself, as installed in a site).
 * - Options: every --option given to a script of the checkout is one it declares (cli_get_params(),
 *   getopt()), or appears in it (a shell script).
 * - Commands: every command (a line of a sh block, or code that starts with a command) is either
 *   run by scripts/test.sh already (its text is there), or needs a site, or is one of NOT_RUN (each
 *   with why), or has a placeholder; any other is run here, from the checkout's root, and must
 *   succeed. Those that need a site, NOT_RUN and placeholders are checked by the rules above only.
 * - Settings: every setting of settings.php is named in docs/admin.md (its name and its English
 *   label) and in docs/admin.fr.md (its name and its French label); so is every option of
 *   cli/sync.php.
 *
 * One line per check, "ok   ..." or "FAIL ..." (and "SKIP ..."), like the other steps of
 * scripts/test.sh, which runs it; exits non-zero when one failed.
 *
 * Usage: php tests/docs/check.php
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// Outside the command line (a web request), refuse before doing anything. A script that runs
// without Moodle, so no config.php: this check stands for Moodle's.
// phpcs:ignore moodle.Files.MoodleInternal.MoodleInternalGlobalState
if (PHP_SAPI !== 'cli') {
    http_response_code(403);
    exit('Command line scripts can not be executed from the web interface');
}

/** The documents, relative to the checkout's root. */
const DOCS_FILES = ['README.md', 'docs/admin.md', 'docs/admin.fr.md', 'docs/developing.md', 'bench/README.md'];

/** Largest size of a document, in bytes. */
const DOCS_MAX_BYTES = ['README.md' => 10 * 1024, 'bench/README.md' => 15 * 1024];

/** Code that starts with one of these (after NAME=value assignments) is a command. */
const DOCS_COMMAND_WORDS = ['php', 'php-config', 'bash', 'cargo', 'sudo', 'apt-get', 'dpkg', 'phpenmod', 'phpdismod',
    'node', 'npm', 'sha256sum', 'source', 'cd', 'cp', 'mv', 'unzip', 'git', 'vendor/bin/phpunit', 'phpcs', 'phpcbf'];

/** A command that names one of these needs a Moodle site: only its paths and options are checked. */
const DOCS_NEEDS_SITE = '~MOODLE_DIR|MOODLE_ROOT|MOODLE_URL|cli/sync\.php|cli/takeover\.php|setup\.sh|env\.sh|vendor/bin/phpunit'
    . '|admin/cli/|webservice/|moodledata|www-data|\$BASE~';

/** Commands this check does not run, and why (the first pattern that matches). */
const DOCS_NOT_RUN = [
    '~^bash scripts/install\.sh~' => 'installs packages and enables the extension for the whole machine (root)',
    '~^bash scripts/package\.sh$~' => 'builds the packages (root, minutes)',
    '~^bash scripts/php84\.sh$~' => 'makes a Debian 13 chroot and builds the packages for PHP 8.4 in it (root, minutes)',
    '~^bash scripts/test\.sh~' => 'is the test suite that runs this check',
    '~^php tests/docs/check\.php~' => 'is this check',
    '~^(sudo|apt-get|dpkg|phpenmod|phpdismod|cp|mv|unzip|npm)\b|^cargo (install|deb)\b~' => 'changes the machine',
    '~^git\b~' => 'works on the repository itself',
    '~^cargo fmt$~' => 'rewrites the sources (scripts/test.sh runs cargo fmt --check)',
    '~^cargo test\b.* --test \w+~' => 'one test of cargo test --locked, which scripts/test.sh runs',
    '~^cargo build\b~' => 'builds the extension (scripts/test.sh does, for its phpt step)',
    '~^cargo doc\b~' => 'builds the API documentation (and --open opens a browser)',
    '~^php bench/(e2e|limit)\.php|^php bench/core\.php$~' => 'a benchmark (minutes, and gigabytes of memory)',
    '~^sha256sum -c~' => 'needs the packages that scripts/package.sh builds',
    '~^cd ~' => 'only changes the directory',
    '~^\w+=\S*$~' => 'only sets a shell variable',
    '~^(phpcs|phpcbf)\b~' => 'needs moodle-cs, which is not part of the checkout (docs/developing.md says how to set it up)',
];

/** What the dispositions of docs_disposition() other than 'run' and a reason mean. */
const DOCS_DISPOSITIONS = [
    'test.sh' => 'scripts/test.sh runs it',
    'site' => 'needs a Moodle site',
    'placeholder' => 'a placeholder to fill in',
];

/** How long a command may take, in seconds. */
const DOCS_TIMEOUT = 120;

/**
 * Prints one check's outcome and counts failures.
 *
 * @param bool $ok
 * @param string $what
 * @return void
 */
function docs_report(bool $ok, string $what): void {
    global $failures;
    echo ($ok ? 'ok   ' : 'FAIL ') . $what . "\n";
    if (!$ok) {
        $failures++;
    }
}

/**
 * The code of a Markdown document: the lines of its sh blocks (continuations joined, comments
 * dropped) as commands, and its inline code spans.
 *
 * @param string $text
 * @return array{0: string[], 1: string[]} [block commands, inline spans]
 */
function docs_code(string $text): array {
    $commands = [];
    $spans = [];
    $fence = null;
    $pending = '';
    foreach (explode("\n", $text) as $line) {
        if (preg_match('/^\s*\x60\x60\x60\s*(\w*)/', $line, $m)) {
            $fence = $fence === null ? $m[1] : null;
            continue;
        }
        if ($fence === null) {
            preg_match_all('/\x60([^\x60]+)\x60/', $line, $found);
            array_push($spans, ...$found[1]);
        } else if (in_array($fence, ['sh', 'bash', 'shell'])) {
            $line = preg_replace('/(^|\s)#.*$/', '', $pending . $line);
            $pending = '';
            if (str_ends_with(rtrim($line), '\\')) {
                $pending = substr(rtrim($line), 0, -1) . ' ';
            } else if (trim($line) !== '') {
                $commands[] = preg_replace('/\s+/', ' ', trim($line));
            }
        }
    }
    return [$commands, $spans];
}

/**
 * Whether a code span is a command (its first word, after NAME=value assignments, is one).
 *
 * @param string $code
 * @return bool
 */
function docs_is_command(string $code): bool {
    $words = preg_split('/\s+/', trim(preg_replace('/^(\w+=\S*\s+)+/', '', $code)));
    return in_array($words[0], DOCS_COMMAND_WORDS) && count($words) > 1;
}

/**
 * The words of a piece of code that may be paths or options.
 *
 * @param string $code
 * @return string[]
 */
function docs_words(string $code): array {
    return preg_split('/[\s"\'(),;|&=\[\]]+/', $code, -1, PREG_SPLIT_NO_EMPTY);
}

/**
 * A word as a path of the checkout, or null when it is not one: its first segment must be a
 * top-level name of the checkout.
 *
 * @param string $word
 * @param string[] $toplevel
 * @return string|null
 */
function docs_repo_path(string $word, array $toplevel): ?string {
    $path = preg_replace('~^(\./|admin/tool/enrolsync/)~', '', rtrim($word, '.:'));
    if (preg_match('/[*<>{}$]/', $path) || !in_array(explode('/', $path)[0], $toplevel)) {
        return null;
    }
    return $path;
}

/**
 * The script of the checkout that a command runs (php or bash SCRIPT), and the words after it.
 *
 * @param string $command
 * @param string[] $toplevel
 * @return array|null [script path, its arguments]
 */
function docs_script(string $command, array $toplevel): ?array {
    $words = preg_split('/\s+/', $command);
    foreach ($words as $i => $word) {
        if (in_array($word, ['php', 'bash']) && isset($words[$i + 1])) {
            $path = docs_repo_path($words[$i + 1], $toplevel);
            if ($path !== null && is_file($path)) {
                return [$path, array_slice($words, $i + 2)];
            }
        }
    }
    return null;
}

/**
 * The long options a script declares: the keys of its cli_get_params() or the long options of its
 * getopt(); null when it declares none that way (a shell script, or one that reads $argv).
 *
 * @param string $source
 * @return string[]|null
 */
function docs_declared_options(string $source): ?array {
    if (preg_match('/cli_get_params\(\[(.*?)\]/s', $source, $m)) {
        preg_match_all("/'([a-z][a-z0-9-]*)' =>/", $m[1], $found);
        return $found[1];
    }
    if (preg_match("/getopt\('[^']*', \[(.*?)\]/s", $source, $m)) {
        preg_match_all("/'([a-z][a-z0-9-]*):*'/", $m[1], $found);
        return $found[1];
    }
    return null;
}

/**
 * GitHub's anchors of a document's headings.
 *
 * @param string $text
 * @return string[]
 */
function docs_anchors(string $text): array {
    $lower = function_exists('mb_strtolower') ? 'mb_strtolower' : 'strtolower';
    $anchors = [];
    preg_match_all('/^#+\s+(.+?)\s*$/m', preg_replace('/^\x60\x60\x60.*?^\x60\x60\x60/ms', '', $text), $headings);
    foreach ($headings[1] as $heading) {
        $slug = str_replace(' ', '-', preg_replace('/[^\p{L}\p{N} _-]/u', '', $lower(strip_tags($heading))));
        $n = 0;
        $anchor = $slug;
        while (in_array($anchor, $anchors)) {
            $anchor = $slug . '-' . ++$n;
        }
        $anchors[] = $anchor;
    }
    return $anchors;
}

/**
 * How a command is dealt with: 'test.sh', 'site', 'placeholder', a reason it is not run, or 'run'.
 *
 * @param string $command
 * @param string $testsh scripts/test.sh's commands
 * @return string
 */
function docs_disposition(string $command, string $testsh): string {
    // The whole command, as scripts/test.sh writes it (then a redirection, a pipe, a quote...).
    if (preg_match('/(^|[\s"(])' . preg_quote($command, '/') . '(?=\s*($|[;|&)<>"\\\\]|\d>))/m', $testsh)) {
        return 'test.sh';
    }
    if (preg_match(DOCS_NEEDS_SITE, $command)) {
        return 'site';
    }
    $bare = preg_replace('/^(\w+=\S*\s+)+/', '', $command);
    foreach (DOCS_NOT_RUN as $pattern => $reason) {
        if (preg_match($pattern, $bare)) {
            return $reason;
        }
    }
    // Placeholders for the reader to fill in: <version>, [--option], --file=PATH, FILE.
    if (preg_match('/<[^>]+>|\[[^\]]*\]|=[A-Z][A-Z_]*\b|(^|\s)[A-Z][A-Z_]+(\s|$)/', $bare)) {
        return 'placeholder';
    }
    return 'run';
}

/**
 * Runs a command from the checkout's root (stdin empty, a time limit).
 *
 * @param string $command
 * @return array [exit status, output]
 */
function docs_run(string $command): array {
    $output = [];
    exec('timeout ' . DOCS_TIMEOUT . ' bash -c ' . escapeshellarg($command) . ' < /dev/null 2>&1', $output, $status);
    return [$status, implode("\n", array_slice($output, -15))];
}

/**
 * A language file's strings.
 *
 * @param string $lang
 * @return string[]
 */
function docs_strings(string $lang): array {
    $string = [];
    if (!defined('MOODLE_INTERNAL')) {
        define('MOODLE_INTERNAL', true);
    }
    include("lang/$lang/tool_enrolsync.php");
    return $string;
}

chdir(__DIR__ . '/../..');
$failures = 0;
$toplevel = array_values(array_unique(array_map(
    fn($path) => explode('/', $path)[0],
    explode("\n", trim(shell_exec('git ls-files') ?? ''))
)));
// Its commands, not its comments.
$testsh = preg_replace('/^\s*#.*$/m', '', file_get_contents('scripts/test.sh'));
$extension = str_contains((string) shell_exec('php -m'), "enrolsync\n");
$ran = [];

foreach (DOCS_FILES as $doc) {
    if (!is_file($doc)) {
        docs_report(false, "$doc is missing");
        continue;
    }
    $text = file_get_contents($doc);
    if (isset(DOCS_MAX_BYTES[$doc])) {
        $size = strlen($text);
        docs_report($size <= DOCS_MAX_BYTES[$doc], "$doc: $size bytes, at most " . DOCS_MAX_BYTES[$doc]);
    }

    $bad = [];
    $links = 0;
    preg_match_all('/\]\(([^)\s]+)\)/', preg_replace('/\x60[^\x60]*\x60/', '', $text), $found);
    foreach ($found[1] as $link) {
        if (preg_match('~^[a-z]+:~', $link)) {
            continue;
        }
        $links++;
        [$target, $anchor] = array_pad(explode('#', $link, 2), 2, '');
        $file = $target === '' ? $doc : dirname($doc) . '/' . $target;
        if (!file_exists($file)) {
            $bad[] = "$link (no such file)";
        } else if ($anchor !== '' && !in_array($anchor, docs_anchors(file_get_contents($file)))) {
            $bad[] = "$link (no such heading)";
        }
    }
    docs_report(!$bad, "$doc: $links links lead somewhere" . ($bad ? ': not ' . implode(', ', $bad) : ''));

    [$blocks, $spans] = docs_code($text);
    $commands = array_merge($blocks, array_values(array_filter($spans, 'docs_is_command')));
    $paths = [];
    $bad = [];
    foreach (array_merge($blocks, $spans) as $code) {
        foreach (docs_words($code) as $word) {
            $path = docs_repo_path($word, $toplevel);
            if ($path !== null) {
                $paths[$path] = true;
                if (!file_exists($path)) {
                    $bad[] = $word;
                }
            }
        }
    }
    docs_report(!$bad, "$doc: " . count($paths) . ' paths of the checkout exist' . ($bad ? ': not ' . implode(', ', $bad) : ''));

    $bad = [];
    $options = 0;
    foreach ($commands as $command) {
        $script = docs_script($command, $toplevel);
        if (!$script) {
            continue;
        }
        $source = file_get_contents($script[0]);
        $declared = docs_declared_options($source);
        foreach ($script[1] as $word) {
            if (preg_match('/^\[?--([a-z][a-z0-9-]*)/', $word, $m)) {
                $options++;
                $known = $declared === null ? str_contains($source, '--' . $m[1]) : in_array($m[1], $declared);
                if (!$known) {
                    $bad[] = "{$script[0]} --{$m[1]}";
                }
            }
        }
    }
    docs_report(!$bad, "$doc: $options options of its commands are their scripts'" . ($bad ? ': not ' . implode(', ', $bad) : ''));

    $notrun = [];
    foreach (array_unique($commands) as $command) {
        $disposition = docs_disposition($command, $testsh);
        if ($disposition !== 'run') {
            $notrun[$disposition][] = $command;
            continue;
        }
        if (isset($ran[$command])) {
            continue;
        }
        $ran[$command] = true;
        if (!$extension && preg_match('/\bphp\b/', $command)) {
            echo "SKIP $doc: $command (the extension is not enabled for php)\n";
            continue;
        }
        [$status, $output] = docs_run($command);
        docs_report($status === 0, "$doc: $command" . ($status === 0 ? '' : " exited with $status:\n$output"));
    }
    foreach ($notrun as $disposition => $list) {
        echo "     $doc, not run here (" . (DOCS_DISPOSITIONS[$disposition] ?? $disposition) . '): '
            . implode(' · ', array_unique($list)) . "\n";
    }
}

// The settings and the command line's options, in both guides.
preg_match_all('/\$setting\(\'(\w+)\'\)/', file_get_contents('settings.php'), $found);
$settings = $found[1];
$clioptions = docs_declared_options(file_get_contents('cli/sync.php')) ?? [];
foreach (['docs/admin.md' => 'en', 'docs/admin.fr.md' => 'fr'] as $guide => $lang) {
    $text = is_file($guide) ? file_get_contents($guide) : '';
    $strings = docs_strings($lang);
    $missing = [];
    foreach ($settings as $name) {
        if (!str_contains($text, "`$name`")) {
            $missing[] = "`$name`";
        }
        if (!str_contains($text, $strings[$name])) {
            $missing[] = "\"{$strings[$name]}\"";
        }
    }
    docs_report(!$missing, "$guide names the " . count($settings) . ' settings of settings.php and their labels'
        . ($missing ? ': not ' . implode(', ', $missing) : ''));
    [, $spans] = docs_code($text);
    $unknown = [];
    foreach ($spans as $span) {
        if (preg_match('/^--([a-z][a-z-]*)/', $span, $m) && !in_array($m[1], $clioptions)) {
            $unknown[] = $span;
        }
    }
    docs_report(!$unknown, "$guide names no option that cli/sync.php lacks" . ($unknown ? ': ' . implode(', ', $unknown) : ''));
    $missing = array_filter($clioptions, fn($option) => !str_contains($text, "--$option"));
    docs_report(!$missing, "$guide names the " . count($clioptions) . ' options of cli/sync.php'
        . ($missing ? ': not --' . implode(', --', $missing) : ''));
}

exit($failures ? 1 : 0);
