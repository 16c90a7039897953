--TEST--
FileException: broken files and bad options carry a message key, its argument and a line
--EXTENSIONS--
enrolsync
--FILE--
<?php
$fixtures = __DIR__ . '/../../tests/fixtures';
$cases = [
    ['unknown-column.csv', []],
    ['missing-column.csv', []],
    ['duplicate-column.csv', []],
    ['empty.csv', []],
    ['no-such-file.csv', []],
    ['native.csv', ['useridentifier' => 'nickname']],
    ['native.csv', ['delimiter' => 'semicolons']],
];
foreach ($cases as [$name, $options]) {
    try {
        \EnrolSync\File::open("$fixtures/$name", $options);
        echo "$name: read\n";
    } catch (\EnrolSync\FileException $e) {
        // The path of an unreadable file is shown without its directory.
        printf("%s: %s '%s' line %d: %s\n", $name, $e->get_error_key(), basename($e->get_error_arg()),
            $e->get_line_number(), str_replace("$fixtures/", '', $e->getMessage()));
    }
}
try {
    \EnrolSync\File::from_string("\xff\xfe\x00\xd8", ['encoding' => 'utf-8']);
} catch (\EnrolSync\FileException $e) {
    echo 'undecodable: ', $e->get_error_key(), ' ', $e->get_error_arg(), ' line ', $e->get_line_number(), "\n";
}
// An unterminated quote fails its own line only; the lines after it are read.
$file = \EnrolSync\File::open("$fixtures/unterminated.csv", []);
echo json_encode([$file->summary()['valid'], $file->keys()['users']]), "\n";
foreach ($file->rejected() as $line) {
    echo "line {$line['line']}: {$line['key']}: {$line['raw']}\n";
}
try {
    $file->plan(new \EnrolSync\Snapshot(), ['removalaction' => 'delete']);
} catch (\EnrolSync\FileException $e) {
    echo 'plan: ', $e->get_error_key(), ' ', $e->get_error_arg(), "\n";
}
// Snapshot rows: numbers as PHP ints or as the numeric strings Moodle's database returns; anything
// else, or an incomplete row, is refused.
$snapshot = new \EnrolSync\Snapshot();
$snapshot->add_instances([2], ['manual'], [10]);
$snapshot->add_enrolments([10, '101', 0, '1700000000', 0, 1]);
foreach ([[10, [101], 0, 0, 0, 1], [10, 101, 0, 0, 0]] as $rows) {
    try {
        $snapshot->add_enrolments($rows);
    } catch (\Exception $e) {
        echo 'snapshot: ', $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
unknown-column.csv: unknowncolumn 'colour' line 1: unknown column 'colour'
missing-column.csv: missingcolumn 'uid' line 1: missing required column 'uid'
duplicate-column.csv: duplicatecolumn 'uid' line 1: column 'uid' appears more than once
empty.csv: emptyfile '' line 0: the file has no data line
no-such-file.csv: unreadable 'no-such-file.csv' line 0: cannot read the file 'no-such-file.csv'
native.csv: badoption 'useridentifier=nickname' line 0: invalid option useridentifier: 'nickname'
native.csv: badoption 'delimiter=semicolons' line 0: invalid option delimiter: 'semicolons'
undecodable: undecodable UTF-16LE line 1
[2,["S1001","S1003"]]
line 3: unterminatedquote: MATH-101;"S1002;student
plan: badoption removalaction=delete
snapshot: expected a list of integers
snapshot: expected rows of 6 integers
