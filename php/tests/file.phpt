--TEST--
File: a native fixture (BOM, CRLF, comments, a quoted field with the delimiter and doubled quotes, bad lines) read end to end
--EXTENSIONS--
enrolsync
--FILE--
<?php
$file = \EnrolSync\File::open(__DIR__ . '/../../tests/fixtures/native.csv', []);
echo json_encode($file->summary()), "\n";
echo json_encode($file->keys()), "\n";
echo $file->header(), "\n";
// Line 4 quotes a group name; the comment on line 5 (with a quote), the blank line 6 and the
// comment on line 7 are no data.
echo json_encode([$file->line(3), $file->line(4), $file->line(5), $file->line(6), $file->line(7), $file->line(99)]), "\n";
foreach ($file->rejected() as $line) {
    echo json_encode($line), "\n";
}
// The same bytes from memory, with the user identifier option: keys are lower-cased e-mails.
$file = \EnrolSync\File::from_string("uid,cid,rolename\nAnna@Example.ORG,MATH-101,student\n",
    ['useridentifier' => 'email', 'courseidentifier' => 'idnumber']);
echo json_encode([$file->summary()['useridentifier'], $file->summary()['courseidentifier'],
    $file->summary()['delimiter'], $file->keys()['users']]), "\n";
?>
--EXPECT--
{"format":"native","encoding":"UTF-8 (BOM)","encodingreason":"bom","invalidlines":0,"delimiter":";","useridentifier":"idnumber","courseidentifier":"shortname","lines":9,"valid":7,"rejected":2}
{"users":["S1001","S1002","T0042","S1003","S1004","S1005"],"courses":["MATH-101","PHYS-201","NOPE-999"],"roles":["student","editingteacher","teacher","studnet"],"methods":["manual"],"groups":["Group A","Group;\"B\""],"dates":["2026-09-01 00:00:00","2027-07-05 00:00:00"]}
cmd;cid;uid;rolename;starttime;endtime;gcmd;g1;g2
["add;MATH-101;S1001;student;2026-09-01;2027-07-05;gaddcreate;Group A;","add;MATH-101;S1002;student;2026-09-01;2027-07-05;gaddcreate;\"Group;\"\"B\"\"\";",null,null,null,null]
{"line":11,"raw":"add;MATH-101;S1004;student;2026-13-01;;;;","status":"failed","key":"baddate","arg":"2026-13-01","message":"'2026-13-01' is not a date (YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or a Unix timestamp)","ops":0,"notenrolled":false,"usersuspended":false,"noaccess":false,"userid":0,"userids":[],"protection":""}
{"line":14,"raw":"add;MATH-101;S1006;student;;;;;;extra","status":"failed","key":"toomanyfields","arg":"9","message":"more fields than the header (9 columns)","ops":0,"notenrolled":false,"usersuspended":false,"noaccess":false,"userid":0,"userids":[],"protection":""}
["email","idnumber",",",["anna@example.org"]]
