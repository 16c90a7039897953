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
 * The plugin's tests load and run the same under both PHPUnits its Moodle versions run, 9.6
 * (Moodle 4.5) and 11 (Moodle 5.x), without PHPUnit 11's deprecations:
 *
 * - Metadata: 9.6 reads doc-comment tags only; 11 reads attributes, reads a doc-comment only when
 *   its class or method has no PHPUnit attribute, and then reports it as deprecated (PHPUnit 12
 *   no longer reads them). So every piece of metadata is written twice, on the same class or
 *   method: the attribute and its doc-comment tag, naming the same thing. A test class's
 *   doc-comment says "@covers \tool_enrolsync\engine" and the class has the attribute
 *   #[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\engine::class)]; a test method's
 *   says "@dataProvider identifiers" and the method has
 *   #[\PHPUnit\Framework\Attributes\DataProvider('identifiers')]. Attributes without a tag
 *   (#[IgnoreDeprecations]...) need none; tags without an attribute (@coversDefaultClass, @covers
 *   on a method) are refused. A test class's attributes stand above its doc-comment: moodle-cs,
 *   for Moodle 4.5, looks for the class's @covers in a doc-comment right before the class only.
 * - Method names: PHPUnit 11 declares most of TestCase's own methods final (groups(), result(),
 *   name(), run()...), so a test class (its name ends with _test or _testcase) that defines a
 *   method of one of those names does not even load on Moodle 5.x.
 *
 * Prints one line per file ("ok   FILE") or per problem ("FAIL FILE:LINE WHERE: WHAT"); exits 1
 * when it found one. Needs no Moodle.
 *
 * Usage: php tests/phpunit/compat.php [FILE|FOLDER...]   (default: the plugin's tests/)
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

/** The doc-comment tags PHPUnit 11 reads as metadata on a class (and reports as deprecated). */
const CLASS_TAGS = ['backupGlobals', 'backupStaticAttributes', 'backupStaticProperties', 'covers', 'coversDefaultClass',
    'coversNothing', 'doesNotPerformAssertions', 'group', 'large', 'medium', 'preserveGlobalState', 'requires',
    'runClassInSeparateProcess', 'runTestsInSeparateProcesses', 'small', 'testdox', 'ticket', 'uses', 'usesDefaultClass'];

/** The doc-comment tags PHPUnit 11 reads as metadata on a method (and reports as deprecated). */
const METHOD_TAGS = ['after', 'afterClass', 'backupGlobals', 'backupStaticAttributes', 'backupStaticProperties', 'before',
    'beforeClass', 'covers', 'coversNothing', 'dataProvider', 'depends', 'doesNotPerformAssertions',
    'excludeGlobalVariableFromBackup', 'excludeStaticPropertyFromBackup', 'group', 'large', 'medium', 'postCondition',
    'preCondition', 'preserveGlobalState', 'requires', 'runInSeparateProcess', 'small', 'test', 'testWith', 'testdox',
    'ticket', 'uses'];

/** Tags that PHPUnit 10 and later read on a class only (no attribute stands for them on a method). */
const CLASS_ONLY_TAGS = ['covers', 'uses'];

/** Tags no attribute stands for. */
const NO_ATTRIBUTE_TAGS = ['coversDefaultClass', 'usesDefaultClass'];

/** Tags whose value says what they name: the attribute must name the same. */
const NAMING_TAGS = ['covers', 'dataProvider', 'depends', 'group', 'ticket', 'uses'];

/**
 * The methods PHPUnit 11.5's TestCase declares final, but its assertions (assert*) and their
 * constraints' static helpers: found by reflection
 * (ReflectionMethod::isFinal() on PHPUnit\Framework\TestCase's methods).
 */
const PHPUNIT11_FINAL = ['addToAssertionCount', 'any', 'atLeast', 'atLeastOnce', 'atMost', 'count',
    'createConfiguredMock', 'createConfiguredStub', 'createMock', 'createMockForIntersectionOfInterfaces',
    'createPartialMock', 'createStub', 'createStubForIntersectionOfInterfaces', 'createTestProxy', 'dataName',
    'dataSetAsString', 'dataSetAsStringWithData', 'dependencyInput', 'doesNotPerformAssertions', 'exactly',
    'expectException', 'expectExceptionCode', 'expectExceptionMessage', 'expectExceptionMessageMatches',
    'expectExceptionObject', 'expectNotToPerformAssertions', 'expectOutputRegex', 'expectOutputString',
    'expectUserDeprecationMessage', 'expectUserDeprecationMessageMatches', 'expectsOutput', 'fail',
    'getActualOutputForAssertion', 'getCount', 'getMockBuilder', 'getMockForAbstractClass', 'getMockForTrait',
    'getMockFromWsdl', 'getObjectForTrait', 'groups', 'hasDependencyInput', 'hasUnexpectedOutput', 'iniSet',
    'markTestIncomplete', 'markTestSkipped', 'name', 'nameWithDataSet', 'never', 'numberOfAssertionsPerformed',
    'onConsecutiveCalls', 'once', 'output', 'providedData', 'provides', 'registerComparator', 'registerFailureType',
    'registerMockObject', 'requires', 'resetCount', 'result', 'returnArgument', 'returnCallback', 'returnSelf',
    'returnValue', 'returnValueMap', 'run', 'runBare', 'setBackupGlobals', 'setBackupGlobalsExcludeList',
    'setBackupStaticProperties', 'setBackupStaticPropertiesExcludeList', 'setData', 'setDependencies',
    'setDependencyInput', 'setGroups', 'setInIsolation', 'setLocale', 'setPreserveGlobalState', 'setResult',
    'setRunClassInSeparateProcess', 'setRunTestInSeparateProcess', 'size', 'sortId', 'status', 'throwException',
    'usesDataProvider', 'valueObjectForEvents', 'wasPrepared'];

/** PHPUnit's attributes' namespace. */
const ATTRIBUTES = 'PHPUnit\\Framework\\Attributes\\';

/** The tag of the attributes whose short name starts so (CoversClass, CoversMethod...). */
const ATTRIBUTE_FAMILIES = ['Covers' => 'covers', 'Uses' => 'uses', 'DataProvider' => 'dataProvider', 'Depends' => 'depends',
    'Requires' => 'requires', 'TestWith' => 'testWith'];

/**
 * The tag a PHPUnit attribute stands for (its short name), or null when no tag does.
 *
 * @param string $attribute the short name, e.g. CoversClass
 * @return string|null
 */
function metadata_tag_of(string $attribute): ?string {
    foreach (ATTRIBUTE_FAMILIES as $prefix => $tag) {
        if (str_starts_with($attribute, $prefix) && $attribute !== 'CoversNothing') {
            return $tag;
        }
    }
    $tag = ['TestDox' => 'testdox', 'BackupStaticProperties' => 'backupStaticProperties'][$attribute] ?? lcfirst($attribute);
    return in_array($tag, array_merge(CLASS_TAGS, METHOD_TAGS), true) ? $tag : null;
}

/**
 * What a tag or attribute names, the same way for both: "tag name" (a class or method fully
 * qualified, without the leading backslash), or "tag" when its value does not matter.
 *
 * @param string $tag
 * @param string[] $values the tag's value, or the attribute's arguments
 * @return string
 */
function metadata_key(string $tag, array $values): string {
    if (!in_array($tag, NAMING_TAGS, true)) {
        // PHPUnit 9's name of the tag that BackupStaticProperties stands for.
        return $tag === 'backupStaticAttributes' ? 'backupStaticProperties' : $tag;
    }
    $value = implode('::', array_map(fn($value) => ltrim(rtrim(trim($value), '()'), '\\'), $values));
    return "$tag $value";
}

/**
 * The PHPUnit metadata tags of a doc-comment, as PHPUnit finds them, each as metadata_key() says.
 *
 * @param string $comment
 * @param string[] $known the tags that are metadata here
 * @return string[]
 */
function metadata_doc_tags(string $comment, array $known): array {
    preg_match_all('/@(?P<name>[A-Za-z_-]+)(?:[ \t]+(?P<value>.*?))?[ \t]*\r?$/m', $comment, $matches, PREG_SET_ORDER);
    $tags = [];
    foreach ($matches as $match) {
        if (in_array($match['name'], $known, true)) {
            $value = preg_split('/\s+/', trim($match['value'] ?? ''))[0];
            $tags[] = metadata_key($match['name'], $value === '' ? [] : [$value]);
        }
    }
    return $tags;
}

/**
 * A file's classes and their methods, with their doc-comment and attributes.
 */
final class declaration_reader {
    /** @var PhpToken[] the file's tokens, without whitespace and plain comments */
    private array $tokens;
    /** @var int where the reader is */
    private int $at = 0;
    /** @var string the current namespace */
    private string $namespace = '';
    /** @var string[] imported names: alias => fully qualified name */
    private array $imports = [];

    /**
     * Reads a file's code.
     *
     * @param string $code
     */
    public function __construct(string $code) {
        $this->tokens = array_values(array_filter(
            PhpToken::tokenize($code),
            fn(PhpToken $token) => !$token->is([T_WHITESPACE, T_COMMENT, T_OPEN_TAG])
        ));
    }

    /**
     * The classes and methods of the file, in order: each with its kind (class or method), its
     * name (class, or class::method()), its line, doc-comment and PHPUnit attributes ([short
     * name, [arguments]]), for a method its own name, whether it or its class is a test class
     * (by Moodle's naming, as moodle-cs tells them: its name ends with _test or _testcase), and
     * for a class whether an attribute stands between its doc-comment and it.
     *
     * @return array[]
     */
    public function declarations(): array {
        $found = [];
        $doc = '';
        $attributes = [];
        $attributesafterdoc = false;
        $class = null;
        $testclass = false;
        $depth = 0;
        $classdepth = [];
        for (; $this->at < count($this->tokens); $this->at++) {
            $token = $this->tokens[$this->at];
            if ($token->is(T_NAMESPACE) && $depth === 0) {
                $this->namespace = $this->name_at($this->at + 1);
            } else if ($token->is(T_USE) && $depth === 0) {
                $this->read_use();
            } else if ($token->is(T_DOC_COMMENT)) {
                $doc = $token->text;
            } else if ($token->is(T_ATTRIBUTE)) {
                $attributesafterdoc = $doc !== '';
                $attributes = array_merge($attributes, $this->read_attributes());
            } else if ($token->is(T_CLASS) && !$this->tokens[$this->at - 1]->is([T_DOUBLE_COLON, T_NEW])) {
                $class = $this->tokens[$this->at + 1]->text;
                $testclass = (bool) preg_match('/_test(case)?$/', $class);
                $found[] = ['class', $class, $token->line, $doc, $attributes, null, $testclass, $attributesafterdoc];
                $classdepth[] = $depth + 1;
            } else if ($token->is(T_FUNCTION) && $class !== null && end($classdepth) === $depth) {
                $method = $this->tokens[$this->at + 1]->text;
                $found[] = ['method', "$class::$method()", $token->line, $doc, $attributes, $method, $testclass, false];
            } else if (str_ends_with($token->text, '{')) {
                $depth++;
            } else if ($token->text === '}') {
                $depth--;
                if (end($classdepth) === $depth + 1) {
                    array_pop($classdepth);
                }
            }
            if (in_array($token->text, [';', '{', '}'], true) || str_ends_with($token->text, '{')) {
                $doc = '';
                $attributes = [];
                $attributesafterdoc = false;
            }
        }
        return $found;
    }

    /**
     * The name (namespace, class, use) that starts at a token.
     *
     * @param int $at
     * @return string
     */
    private function name_at(int $at): string {
        $name = '';
        while ($this->tokens[$at]->is([T_STRING, T_NAME_QUALIFIED, T_NAME_FULLY_QUALIFIED, T_NS_SEPARATOR])) {
            $name .= $this->tokens[$at++]->text;
        }
        return $name;
    }

    /**
     * Reads a use statement at the top of the file: use A\B; use A\B as C; use A\{B, C as D};
     */
    private function read_use(): void {
        $prefix = '';
        $alias = null;
        while ($this->tokens[++$this->at]->text !== ';') {
            $token = $this->tokens[$this->at];
            if ($token->is([T_STRING, T_NAME_QUALIFIED, T_NAME_FULLY_QUALIFIED])) {
                $name = ltrim($prefix . $token->text, '\\');
                $alias = $this->tokens[$this->at + 1]->is(T_AS) ? $this->tokens[$this->at += 2]->text
                    : substr(strrchr('\\' . $name, '\\'), 1);
                $this->imports[$alias] = $name;
            } else if ($token->text === '{' && $alias !== null) {
                // What was read is the group's prefix, not a name.
                $prefix = $this->imports[$alias] . '\\';
                unset($this->imports[$alias]);
            }
        }
    }

    /**
     * A class name as PHP resolves it here, without the leading backslash.
     *
     * @param string $name
     * @return string
     */
    private function resolve(string $name): string {
        if ($name[0] === '\\') {
            return substr($name, 1);
        }
        [$first] = explode('\\', $name);
        if (isset($this->imports[$first])) {
            return $this->imports[$first] . substr($name, strlen($first));
        }
        return ltrim("$this->namespace\\$name", '\\');
    }

    /**
     * Reads an attribute group, #[A(...), B], and returns its PHPUnit attributes.
     *
     * @return array[] [short name, [arguments]]
     */
    private function read_attributes(): array {
        $tokens = [];
        for ($depth = 1; $depth += self::nesting($this->tokens[++$this->at]);) {
            $tokens[] = $this->tokens[$this->at];
        }
        $found = [];
        foreach (self::split($tokens) as $attribute) {
            $name = $this->resolve($attribute[0]->text);
            if (str_starts_with($name, ATTRIBUTES)) {
                $arguments = array_map([$this, 'value'], self::split(array_slice($attribute, 2, -1)));
                $found[] = [substr($name, strlen(ATTRIBUTES)), $arguments];
            }
        }
        return $found;
    }

    /**
     * How a token changes the depth of brackets: 1 opens, -1 closes, 0 neither.
     *
     * @param PhpToken $token
     * @return int
     */
    private static function nesting(PhpToken $token): int {
        return match ($token->text) {
            '(', '[' => 1,
            ')', ']' => -1,
            default => 0,
        };
    }

    /**
     * Tokens split at the commas outside brackets (the arguments of a call, the attributes of a
     * group).
     *
     * @param PhpToken[] $tokens
     * @return PhpToken[][]
     */
    private static function split(array $tokens): array {
        $parts = [[]];
        $depth = 0;
        foreach ($tokens as $token) {
            $depth += self::nesting($token);
            if ($depth === 0 && $token->text === ',') {
                $parts[] = [];
            } else {
                $parts[count($parts) - 1][] = $token;
            }
        }
        // A trailing comma leaves an empty part.
        return array_values(array_filter($parts));
    }

    /**
     * An attribute's argument: the text of a string, the class of Name::class.
     *
     * @param PhpToken[] $tokens
     * @return string
     */
    private function value(array $tokens): string {
        foreach ($tokens as $i => $token) {
            if ($token->is(T_CONSTANT_ENCAPSED_STRING)) {
                return stripcslashes(substr($token->text, 1, -1));
            }
            if ($token->is(T_CLASS) && $i >= 2) {
                return $this->resolve($tokens[$i - 2]->text);
            }
        }
        return implode('', array_map(fn(PhpToken $token) => $token->text, $tokens));
    }
}

/**
 * What is wrong with the metadata of one class or method.
 *
 * @param string $kind class or method
 * @param string $doc its doc-comment
 * @param array[] $attributes its PHPUnit attributes
 * @return string[]
 */
function metadata_problems(string $kind, string $doc, array $attributes): array {
    $tags = metadata_doc_tags($doc, $kind === 'class' ? CLASS_TAGS : METHOD_TAGS);
    $twins = [];
    foreach ($attributes as [$attribute, $arguments]) {
        $tag = metadata_tag_of($attribute);
        if ($tag !== null) {
            $twins[metadata_key($tag, $arguments)] = "#[$attribute" . ($arguments ? '(' . implode(', ', $arguments) . ')' : '')
                . ']';
        }
    }
    $problems = [];
    if ($tags && !$attributes) {
        return ['doc-comment metadata without attributes (' . implode(', ', array_map(fn($tag) => "@$tag", $tags)) .
            '): PHPUnit 11 reports it as deprecated; add its attributes'];
    }
    foreach ($tags as $tag) {
        $name = strtok($tag, ' ');
        if (in_array($name, NO_ATTRIBUTE_TAGS, true)) {
            $problems[] = "@$name has no attribute: name every class in full instead";
        } else if ($kind === 'method' && in_array($name, CLASS_ONLY_TAGS, true)) {
            $problems[] = "@$tag on a method: PHPUnit 10 and later read it on the class only; move it there";
        } else if (!isset($twins[$tag])) {
            $problems[] = "@$tag has no attribute naming the same: PHPUnit 11 ignores the doc-comment of a $kind " .
                'that has attributes';
        }
    }
    foreach (array_diff_key($twins, array_flip($tags)) as $attribute) {
        $problems[] = "$attribute has no doc-comment tag: PHPUnit 9.6 (Moodle 4.5) reads tags only";
    }
    return $problems;
}

$paths = array_slice($argv, 1);
if (!$paths) {
    chdir(dirname(__DIR__, 2));
    $paths = ['tests'];
}
$files = [];
foreach ($paths as $path) {
    if (is_dir($path)) {
        $found = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($path, FilesystemIterator::SKIP_DOTS));
        $files = array_merge($files, preg_grep('#^(?!.*/node_modules/).*\.php$#', array_keys(iterator_to_array($found))));
    } else {
        $files[] = $path;
    }
}
sort($files);
$failed = 0;
foreach ($files as $file) {
    $problems = [];
    $declarations = (new declaration_reader(file_get_contents($file)))->declarations();
    foreach ($declarations as [$kind, $name, $line, $doc, $attributes, $method, $testclass, $attributesafterdoc]) {
        $found = metadata_problems($kind, $doc, $attributes);
        if ($kind === 'class' && $testclass && $attributesafterdoc) {
            $found[] = 'attributes between the doc-comment and the class: moodle-cs for Moodle 4.5 reads @covers only in a ' .
                'doc-comment right before the class; put the attributes above the doc-comment';
        }
        // PHP compares method names without case.
        if ($kind === 'method' && $testclass && in_array(strtolower($method), array_map('strtolower', PHPUNIT11_FINAL), true)) {
            $found[] = "PHPUnit 11 declares TestCase::$method() final: the class does not load on Moodle 5.x; rename it";
        }
        foreach ($found as $problem) {
            $problems[] = "FAIL $file:$line $name: $problem";
        }
    }
    echo $problems ? implode("\n", $problems) : "ok   $file", "\n";
    $failed += count($problems);
}
exit($failed ? 1 : 0);
