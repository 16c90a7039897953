#!/usr/bin/env bash
# The plugin's tests load and run the same under PHPUnit 9.6 (Moodle 4.5) and 11 (Moodle 5.x),
# without PHPUnit 11's deprecations (tests/phpunit/compat.php: each attribute beside its
# doc-comment tag, no method named like one of PHPUnit 11's final ones); and that check finds each
# mistake of its fixtures. One line per check, "ok   ..." or "FAIL ..."; exits non-zero when one
# failed. Run by scripts/test.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."
fixtures=tests/fixtures/phpunit_compat
failed=0

# The plugin's tests: one line per file.
php tests/phpunit/compat.php || failed=$((failed + 1))

if out=$(php tests/phpunit/compat.php "$fixtures/good.inc"); then
    echo "ok   the check accepts attributes beside their tags, imported or fully qualified, and run() in a class that is no test"
else
    echo "FAIL the check refuses $fixtures/good.inc:"; echo "$out"; failed=$((failed + 1))
fi

expected=$(cat <<'EXPECTED'
bad.inc:11 tags_only_test: doc-comment metadata without attributes (@covers tool_enrolsync\engine)
bad.inc:15 tags_only_test::test_tag_only(): doc-comment metadata without attributes (@dataProvider cases)
bad.inc:19 tags_only_test::test_attribute_only(): #[DataProvider(cases)] has no doc-comment tag
bad.inc:26 tags_only_test::test_different_providers(): @dataProvider cases has no attribute naming the same
bad.inc:26 tags_only_test::test_different_providers(): #[DataProvider(other_cases)] has no doc-comment tag
bad.inc:33 tags_only_test::test_covers_on_a_method(): @covers tool_enrolsync\engine on a method
bad.inc:33 tags_only_test::test_covers_on_a_method(): #[Group(x)] has no doc-comment tag
bad.inc:42 mismatch_test: @coversDefaultClass has no attribute
bad.inc:42 mismatch_test: @covers tool_enrolsync\run_files has no attribute naming the same
bad.inc:42 mismatch_test: #[CoversClass(tool_enrolsync\engine)] has no doc-comment tag
bad.inc:42 mismatch_test: attributes between the doc-comment and the class
bad.inc:49 helpers_testcase: attributes between the doc-comment and the class
bad.inc:53 helpers_testcase::Result(): PHPUnit 11 declares TestCase::Result() final
EXPECTED
)
out=$(php tests/phpunit/compat.php "$fixtures/bad.inc"); status=$?
# Each problem's place and what it is, without the explanation after the last colon.
found=$(sed -E "s#^FAIL $fixtures/##; s/: [^:]*$//" <<< "$out")
if [ "$status" = 1 ] && [ "$found" = "$expected" ]; then
    echo "ok   the check finds each of the $(wc -l <<< "$expected") mistakes of $fixtures/bad.inc, and only them"
else
    echo "FAIL the check on $fixtures/bad.inc (exit $status):"; diff <(echo "$expected") <(echo "$found"); failed=$((failed + 1))
fi
[ "$failed" = 0 ]
