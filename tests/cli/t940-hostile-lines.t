#!/bin/sh
# Hostile lines (tests/hostile/lines.ndjson; the bad ones and why in
# lines.err): invalid JSON, truncated lines, NaN, Infinity, 1e999, NUL
# bytes (raw and \u0000), invalid UTF-8, times far in the past and future,
# bad names, a last line cut short.  Every tool that reads points reports
# each bad line as `pm-x: FILE:LINE: reason`, skips it, writes for the good
# lines exactly what it writes for a file of the good lines alone, and
# exits 1; --strict stops at the first bad line.
. "$(dirname "$0")/../lib.sh"

H=$PM_TOP/tests/hostile
IN=$T/lines.ndjson
cp "$H/lines.ndjson" "$IN"
# The good lines alone: the lines lines.err does not name (line 25, a lone
# CR, is blank and skipped without a word).
cut -d: -f1 "$H/lines.err" >"$T/badnums"
for n in $(seq 1 30 | grep -vxF -f "$T/badnums"); do
	sed -n "${n}p" "$IN"
done | grep -v "^$(printf '\r')\$" >"$T/good.ndjson"
is "$(wc -l <"$T/good.ndjson" | tr -d ' ')" 4 "4 good lines among 30"

# hostile NAME TOOL [OPTION...]: TOOL on the hostile file and on the good
# lines; the same output, every bad line reported, exit 1 and 0.
hostile() {
	name=$1
	tool=$2
	shift
	run "$@" "$IN"
	is "$rc" 1 "$name: exit 1 after bad lines"
	cp "$T/out" "$T/h.out"
	sed "s|^|$tool: $IN:|" "$H/lines.err" >"$T/want.err"
	same_file "$T/want.err" "$T/err" "$name: each bad line, FILE:LINE: reason"
	run "$@" "$T/good.ndjson"
	is "$rc:$err" "0:" "$name: the good lines alone: exit 0, no word"
	same_file "$T/out" "$T/h.out" "$name: the good lines' output, exactly"
	[ -s "$T/out" ]
	ok $? "$name: some output"
}

hostile "pm-query stream" pm-query
hostile "pm-query -a" pm-query -a avg,max,count -b label:cpu
hostile "pm-query -f table" pm-query -f table
for f in csv tsv json ndjson prometheus influx markdown html svg; do
	hostile "pm-export -f $f" pm-export -f "$f"
done
hostile "pm-export --wide" pm-export -f csv --wide
hostile "pm-export --timestamps" pm-export -f prometheus --timestamps
hostile "pm-alert" pm-alert -r 'Hot: hostile.cpu > 5'
hostile "pm-alert --pass" pm-alert --pass -r 'Hot: hostile.cpu > 5'

# --insert: the good points stored, the bad ones counted out.
run pm-query --db "$T/h.db" --insert "$IN"
is "$rc" 1 "pm-query --insert: exit 1 after bad lines"
sed "s|^|pm-query: $IN:|" "$H/lines.err" >"$T/want.err"
grep -v 'stored\|inserted' "$T/err" >"$T/h.err"
same_file "$T/want.err" "$T/h.err" "pm-query --insert: each bad line reported"
pm-query --db "$T/g.db" --insert "$T/good.ndjson" 2>/dev/null
pm-query --db "$T/h.db" >"$T/h.out"
pm-query --db "$T/g.db" >"$T/g.out"
same_file "$T/g.out" "$T/h.out" "pm-query --insert: the good points, stored"
is "$(sqlite3 "$T/h.db" 'PRAGMA integrity_check')" ok "the store is sound"

# pm-alert --check: the status of the good lines, and the bad ones named.
run pm-alert --check -r 'Hot: hostile.cpu > 5' "$IN"
is "$rc" 2 "pm-alert --check: critical, as on the good lines"
like "$out" '^PM CRITICAL - .*also: 25 bad input lines' \
	"pm-alert --check: the bad lines counted in the status line"
sed "s|^|pm-alert: $IN:|" "$H/lines.err" >"$T/want.err"
same_file "$T/want.err" "$T/err" "pm-alert --check: each bad line reported"
run pm-alert --check -r 'Hot: hostile.cpu > 100' "$IN"
like "$rc:$out" '^3:PM UNKNOWN - 25 bad input lines' \
	"pm-alert --check: nothing firing but bad lines is UNKNOWN"

# --strict: nothing after the first bad line (line 2).  pm-query answers
# only once it has read all, so it writes nothing; --insert has stored the
# point before.
for t in "pm-query" "pm-export -f ndjson" "pm-alert --pass -r Hot:hostile.cpu>5" \
    "pm-query --db $T/s.db --insert"; do
	# shellcheck disable=SC2086
	run $t --strict "$IN"
	like "$rc:$err" "^[1-9][0-9]*:${t%% *}: $IN:2: not valid JSON" \
		"${t%% -*} --strict: stops at line 2, says why"
	is "$(grep -c 'hostile.cpu' "$T/out")" \
	    "$(case $t in pm-query*) echo 0;; *) echo 1;; esac)" \
		"${t%% -*} --strict: only what came before"
done
is "$(pm-query --db "$T/s.db" | wc -l | tr -d ' ')" 1 \
	"pm-query --insert --strict: the point before the bad line is stored"

# The store read back by pm-status: history from what was inserted.
run env PM_NOW=2026-11-22T10:00:30Z NO_COLOR=1 COLUMNS=80 pm-status \
	--procfs "$FIX/sys1/proc" --sysfs "$FIX/sys1/sys" -c cpu --db "$T/h.db"
is "$rc" 0 "pm-status --db over the store: exit 0"
done_testing
