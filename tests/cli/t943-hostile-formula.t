#!/bin/sh
# CSV formula payloads (tests/hostile/formula.ndjson): text starting with
# = + - @ tab or CR in hosts, units, label keys and values, and in --wide
# column names.  In CSV and TSV every such cell that is not a plain number
# gets a leading ' (OWASP "CSV injection"), exactly as in
# tests/hostile/formula.csv; --no-formula-guard writes them as they are.
. "$(dirname "$0")/../lib.sh"

H=$PM_TOP/tests/hostile
IN=$H/formula.ndjson

# guarded FILE DELIM: every cell that a spreadsheet would take for a
# formula is a plain number (or the time).
guarded() {
	python3 -c '
import csv, sys
bad = []
for row in csv.reader(open(sys.argv[1], newline="", encoding="utf-8"), delimiter=sys.argv[2]):
    for cell in row:
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
            try:
                float(cell)
            except ValueError:
                bad.append(cell)
for b in bad:
    print(repr(b))
sys.exit(1 if bad else 0)' "$1" "$2"
}

run pm-export -f csv "$IN"
is "$rc:$err" "0:" "csv: exit 0"
same_file "$H/formula.csv" "$T/out" "csv: every payload guarded, exactly"
guarded "$T/out" , >"$T/bad"
ok $? "csv: no cell a spreadsheet would run"
sed 's/^/# /' "$T/bad"

run pm-export -f tsv "$IN"
guarded "$T/out" "$(printf '\t')" >"$T/bad"
ok $? "tsv: no cell a spreadsheet would run"
sed 's/^/# /' "$T/bad"

run pm-export -f csv --excel "$IN"
guarded "$T/out" , >"$T/bad"
ok $? "csv --excel: no cell a spreadsheet would run"
sed 's/^/# /' "$T/bad"

run pm-export -f csv --wide --name '{host}{labels.a}' "$IN"
is "$(head -1 "$T/out")" "ts,'-2+3=1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")+1\"" \
	"--wide: hostile column names guarded"
guarded "$T/out" , >"$T/bad"
ok $? "--wide: no cell a spreadsheet would run"

run pm-export -f csv --no-formula-guard "$IN"
is "$(grep -c "'=HYPERLINK\|'@SUM\|'=cmd" "$T/out")" 0 \
	"--no-formula-guard: the payloads as they are"
is "$(grep -c '=HYPERLINK' "$T/out")" 1 "--no-formula-guard: the text kept"
done_testing
