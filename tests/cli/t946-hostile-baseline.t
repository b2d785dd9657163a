#!/bin/sh
# Hostile pm-bench baseline files (--baseline-file): invalid JSON, cut
# short, NaN, a NUL, invalid UTF-8, empty, 20 MB of zero bytes, a folder,
# missing.  Each is refused with the file named, exit 2; no crash (the
# fuzz target `bench` has the finer cases).  (The command is run first and
# the baseline read after: see docs/RELIABILITY.md.)
. "$(dirname "$0")/../lib.sh"

cd "$T" || exit 1
printf '{"version":1,' >cut.json
printf '{"a":NaN}\n' >nan.json
printf '{"name":"x\000y"}' >nul.json
printf '\377\376{}' >utf8.json
: >empty.json
head -c 20000000 /dev/zero >zeros.json
mkdir folder.json
for f in cut nan nul utf8 empty zeros; do
	run pm-bench -r 1 -w 0 --baseline-file "$f.json" true
	is "$rc:$err" "2:pm-bench: --baseline: $f.json: not a pm-bench baseline file" \
		"$f: refused, the file named, exit 2"
done
run pm-bench -r 1 -w 0 --baseline-file folder.json true
is "$rc:$err" "2:pm-bench: --baseline: folder.json: Is a directory" "a folder: said"
run pm-bench -r 1 -w 0 --baseline-file nosuch.json true
is "$rc:$err" "2:pm-bench: --baseline: nosuch.json: No such file or directory" \
	"missing: said"
done_testing
