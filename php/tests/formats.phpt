--TEST--
File: flat-file format, Windows-1252 and UTF-16 encodings and why, invalid UTF-8 on a line, forced options
--EXTENSIONS--
enrolsync
--FILE--
<?php
$fixtures = __DIR__ . '/../../tests/fixtures';
$show = function(\EnrolSync\File $file) {
    $summary = $file->summary();
    echo json_encode([$summary['format'], $summary['encoding'], $summary['encodingreason'],
        $summary['invalidlines'], $summary['delimiter'], $summary['lines'],
        $summary['valid'], $file->keys()['users'], $file->keys()['groups'], $file->keys()['roles']]), "\n";
    foreach ($file->rejected() as $line) {
        echo "  line {$line['line']}: {$line['key']} '{$line['arg']}'\n";
    }
};
$show(\EnrolSync\File::open("$fixtures/flatfile.csv", []));
$show(\EnrolSync\File::open("$fixtures/windows-1252.csv", []));
$show(\EnrolSync\File::open("$fixtures/utf-16.csv", []));
// A UTF-8 file (it holds É) with one byte that is not UTF-8: that line fails, the others read.
$show(\EnrolSync\File::from_string("cid;uid;rolename\nCH\u{c9}M;u1;student\nCH\u{c9}M;u2;stud\xffent\n", []));
// Forced: the same Windows-1252 bytes read as ISO-8859-1, the flat file with the native format.
$show(\EnrolSync\File::open("$fixtures/windows-1252.csv", ['encoding' => 'iso-8859-1', 'delimiter' => 'comma']));
try {
    \EnrolSync\File::open("$fixtures/flatfile.csv", ['format' => 'native']);
} catch (\EnrolSync\FileException $e) {
    echo get_class($e), ' ', $e->get_error_key(), ' ', $e->get_error_arg(), "\n";
}
?>
--EXPECT--
["flatfile","UTF-8","valid",0,",",5,3,["S1001","T0042","S1003","S1002"],[],["student","editingteacher"]]
  line 4: baddate 'next monday'
  line 5: badcommand 'update'
["native","Windows-1252","nomultibyte",0,",",1,1,["S1001"],["Fran\u00e7ais"],["student"]]
["native","UTF-16LE","bom",0,"\t",2,2,["S1001","S1002"],[],["student","\u00e9dition"]]
["native","UTF-8","multibyte",1,";",2,1,["u1","u2"],[],["student"]]
  line 3: invalidutf8 ''
["native","ISO-8859-1","setting",0,",",1,1,["S1001"],["Fran\u00e7ais"],["student"]]
EnrolSync\FileException unknowncolumn add
