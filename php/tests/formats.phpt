--TEST--
File: flat-file format, Windows-1252 and UTF-16 encodings, forced options
--EXTENSIONS--
enrolsync
--FILE--
<?php
$fixtures = __DIR__ . '/../../tests/fixtures';
$show = function(\EnrolSync\File $file) {
    $summary = $file->summary();
    echo json_encode([$summary['format'], $summary['encoding'], $summary['delimiter'], $summary['lines'],
        $summary['valid'], $file->keys()['users'], $file->keys()['groups'], $file->keys()['roles']]), "\n";
    foreach ($file->rejected() as $line) {
        echo "  line {$line['line']}: {$line['key']} '{$line['arg']}'\n";
    }
};
$show(\EnrolSync\File::open("$fixtures/flatfile.csv", []));
$show(\EnrolSync\File::open("$fixtures/windows-1252.csv", []));
$show(\EnrolSync\File::open("$fixtures/utf-16.csv", []));
// Forced: the same Windows-1252 bytes read as ISO-8859-1, the flat file with the native format.
$show(\EnrolSync\File::open("$fixtures/windows-1252.csv", ['encoding' => 'iso-8859-1', 'delimiter' => 'comma']));
try {
    \EnrolSync\File::open("$fixtures/flatfile.csv", ['format' => 'native']);
} catch (\EnrolSync\FileException $e) {
    echo get_class($e), ' ', $e->getErrorKey(), ' ', $e->getErrorArg(), "\n";
}
?>
--EXPECT--
["flatfile","UTF-8",",",5,3,["S1001","T0042","S1003"],[],["student","editingteacher"]]
  line 4: baddate 'next monday'
  line 5: badcommand 'update'
["native","Windows-1252",",",1,1,["S1001"],["Fran\u00e7ais"],["student"]]
["native","UTF-16LE","\t",2,2,["S1001","S1002"],[],["student","\u00e9dition"]]
["native","ISO-8859-1",",",1,1,["S1001"],["Fran\u00e7ais"],["student"]]
EnrolSync\FileException unknowncolumn add
