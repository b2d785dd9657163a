#!/bin/sh
# Strings that need escaping in every output format
# (tests/hostile/escape.ndjson: quotes, backslashes, a trailing backslash,
# commas, pipes, spaces, tabs, CR LF, U+2028, HTML and Markdown markup,
# </script>, shell and printf text), in hosts, label keys and values.  Each
# format's output is read back by a reader of that format
# (tests/hostile/check.py: Python's csv, json and html.parser, an InfluxDB
# line-protocol splitter, cmark-gfm for Markdown), and every string comes
# back as it went in and never becomes structure; the Prometheus text
# passes promtool check metrics, SVG is well-formed XML.
. "$(dirname "$0")/../lib.sh"

H=$PM_TOP/tests/hostile
IN=$H/escape.ndjson
N=$(wc -l <"$IN" | tr -d ' ')
CHECK="python3 $H/check.py"

for f in csv tsv json ndjson influx markdown; do
	if [ "$f" = markdown ] && ! command -v cmark-gfm >/dev/null 2>&1; then
		skip "cmark-gfm is not installed (scripts/install-deps test)"
		continue
	fi
	run pm-export -f "$f" "$IN"
	is "$rc:$err" "0:" "pm-export -f $f: exit 0, no word"
	$CHECK "$f" "$IN" "$T/out" >"$T/check" 2>&1
	ok $? "pm-export -f $f: every string read back as it went in"
	sed 's/^/# /' "$T/check" | head -20
done

# html: the same elements as for a benign input, every host in the table.
awk '{ printf "{\"ts\":\"2026-11-22T10:00:%02dZ\",\"host\":\"h-b%d\",\"metric\":\"hostile.esc\",\"value\":%d,\"unit\":\"bytes\",\"labels\":{\"v\":\"b%d\",\"kb%d\":\"x\",\"k.dot\":\"y\"}}\n", NR - 1, NR, NR - 1, NR, NR }' \
	"$IN" >"$T/benign.ndjson"
pm-export -f html "$T/benign.ndjson" >"$T/benign.html"
run pm-export -f html "$IN"
is "$rc:$err" "0:" "pm-export -f html: exit 0, no word"
$CHECK html "$IN" "$T/out" "$T/benign.html" >"$T/check" 2>&1
ok $? "pm-export -f html: no element from the data, each host in the table"
sed 's/^/# /' "$T/check" | head -20
is "$(grep -c '<script>alert' "$T/out")" 0 "html: </script><script> is text"

run pm-export -f svg "$IN"
is "$rc" 0 "pm-export -f svg: exit 0"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$T/out" 2>"$T/xml"
	ok $? "pm-export -f svg: well-formed XML"
	sed 's/^/# /' "$T/xml" | head -5
else
	skip "xmllint is not installed (scripts/install-deps test)"
fi

# Prometheus: valid exposition text (promtool says no error; its lint
# warnings are about names, not escaping) with every series.
run pm-export -f prometheus "$IN"
is "$rc" 0 "pm-export -f prometheus: exit 0"
is "$(grep -c '^pm_hostile_esc_bytes{' "$T/out")" "$N" "prometheus: a sample per point"
if command -v promtool >/dev/null 2>&1; then
	promtool check metrics <"$T/out" >"$T/prom" 2>&1
	is "$?" 0 "prometheus: promtool check metrics passes"
	sed 's/^/# /' "$T/prom" | head -5
else
	skip "promtool is not installed (scripts/install-deps test)"
fi

# Wide CSV: hostile column names from --name; one column per series.
run pm-export -f csv --wide --name '{host}|{labels.v}' "$IN"
is "$rc" 0 "pm-export --wide --name: exit 0"
python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
sys.exit(0 if all(len(r) == int(sys.argv[2]) + 1 for r in rows) else 1)' \
	"$T/out" "$N"
ok $? "pm-export --wide: every row has a cell per series and the time"

# The tools that write points: valid JSON, the strings intact.
run pm-query "$IN"
$CHECK ndjson "$IN" "$T/out" >"$T/check" 2>&1
ok $? "pm-query: the points read back as they went in"
run pm-alert --pass -r 'X: hostile.esc > 100' "$IN"
$CHECK ndjson "$IN" "$T/out" >"$T/check" 2>&1
ok $? "pm-alert --pass: the points read back as they went in"
run pm-alert -r 'X: hostile.esc >= 0' "$IN"
python3 -c '
import json, sys
ins = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if l]
outs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8").read().split("\n") if l]
sys.exit(0 if sorted(p["host"] for p in ins) == sorted(p["host"] for p in outs)
    and sorted(p["labels"]["v"] for p in ins) == sorted(p["labels"]["v"] for p in outs) else 1)' \
	"$IN" "$T/out"
ok $? "pm-alert: each alert names its host and labels as they came"
pm-query --db "$T/db" --insert "$IN" 2>/dev/null
pm-query --db "$T/db" >"$T/out"
$CHECK ndjson "$IN" "$T/out" >"$T/check" 2>&1
ok $? "pm-query --insert: stored and read back as they went in"
done_testing
