#!/bin/sh
# --max-series: the tools that hold series in memory hold at most that many
# (default 1,000,000; 0: no limit).  A point that would start one more is
# dropped, said once with the FILE:LINE of the first; points of the series
# held keep flowing; at the end the count of dropped points, and exit 1.
# Exactly N series pass ("more than N"; t945 passes 1,000,000 at the
# default).  pm-export -f prometheus, --wide, html, svg; pm-query from a
# stream (points, aggregation), a store and a Prometheus-compatible API.
. "$(dirname "$0")/../lib.sh"
. "$PM_TOP/tests/servers.sh"

# Five series of m (id a..e); the fourth (d) starts at line 4, the fifth
# (e) at line 6; a and c go on after.
IN=$T/in.ndjson
cat >"$IN" <<'EOF'
{"ts":"2026-01-01T00:00:00Z","metric":"m","value":1,"labels":{"id":"a"}}
{"ts":"2026-01-01T00:00:00Z","metric":"m","value":2,"labels":{"id":"b"}}
{"ts":"2026-01-01T00:00:00Z","metric":"m","value":3,"labels":{"id":"c"}}
{"ts":"2026-01-01T00:00:00Z","metric":"m","value":4,"labels":{"id":"d"}}
{"ts":"2026-01-01T00:00:10Z","metric":"m","value":11,"labels":{"id":"a"}}
{"ts":"2026-01-01T00:00:10Z","metric":"m","value":5,"labels":{"id":"e"}}
{"ts":"2026-01-01T00:00:10Z","metric":"m","value":13,"labels":{"id":"c"}}
{"ts":"2026-01-01T00:00:20Z","metric":"m","value":14,"labels":{"id":"d"}}
EOF
DROP="more than 3 series; points of new series are dropped (--max-series)"

# --- pm-export -f prometheus
run pm-export -f prometheus --max-series 3 "$IN"
is "$rc" 1 "prometheus --max-series 3: exit 1"
is "$err" "pm-export: $IN:4: $DROP
pm-export: 3 points of new series dropped" \
	"prometheus: the first dropped point's line, once; the count at the end"
is "$out" '# HELP pm_m m
# TYPE pm_m gauge
pm_m{id="a"} 11
pm_m{id="b"} 2
pm_m{id="c"} 13' "prometheus: the first 3 series, their latest values"
ALL5='# HELP pm_m m
# TYPE pm_m gauge
pm_m{id="a"} 11
pm_m{id="b"} 2
pm_m{id="c"} 13
pm_m{id="d"} 14
pm_m{id="e"} 5'
run pm-export -f prometheus --max-series 0 "$IN"
is "$rc:$err" "0:" "prometheus --max-series 0: exit 0, no word"
is "$out" "$ALL5" "prometheus --max-series 0: all 5 series"
run pm-export -f prometheus --max-series 5 "$IN"
is "$rc:$err" "0:" "prometheus --max-series 5 with 5 series: exit 0"
is "$out" "$ALL5" "prometheus --max-series 5: all 5 series"
run pm-export -f prometheus "$IN"
is "$rc:$err" "0:" "prometheus, the default: exit 0, no word"
is "$out" "$ALL5" "prometheus, the default: all 5 series"
# From standard input, and the second of two files: the name and line of
# where the first dropped point is.
run pm-export -f prometheus --max-series 3 <"$IN"
is "$rc:$err" "1:pm-export: <stdin>:4: $DROP
pm-export: 3 points of new series dropped" "prometheus: <stdin>:LINE"
head -3 "$IN" >"$T/one"
tail -5 "$IN" >"$T/two"
run pm-export -f prometheus --max-series 3 "$T/one" "$T/two"
is "$rc:$err" "1:pm-export: $T/two:1: $DROP
pm-export: 3 points of new series dropped" "prometheus: the second file's line"
run pm-export -f prometheus --max-series 4 "$IN"
is "$rc:$err" "1:pm-export: $IN:6: ${DROP%%3 series*}4 series; points of new series are dropped (--max-series)
pm-export: 1 point of new series dropped" "--max-series 4: one point, line 6"
run pm-export -f prometheus --timestamps --max-series 3 "$IN"
is "$rc:$(echo "$out" | grep -c '^pm_m{')" "1:5" \
	"prometheus --timestamps: the 5 points of the first 3 series"

# --- pm-export --wide
run pm-export -f csv --wide --max-series 3 "$IN"
is "$rc:$err" "1:pm-export: $IN:4: $DROP
pm-export: 3 points of new series dropped" "--wide --max-series 3: exit 1, said"
is "$out" 'ts,m{id=a},m{id=b},m{id=c}
2026-01-01T00:00:00.000Z,1,2,3
2026-01-01T00:00:10.000Z,11,,13' "--wide: the first 3 series' columns and values"
run pm-export -f tsv --wide --max-series 0 "$IN"
is "$rc:$err" "0:" "--wide --max-series 0: exit 0"
is "$(head -1 "$T/out")" "$(printf 'ts\tm{id=a}\tm{id=b}\tm{id=c}\tm{id=d}\tm{id=e}')" \
	"--wide --max-series 0: all 5 columns"
run pm-export -f csv --wide "$IN"
is "$rc:$err:$(head -1 "$T/out")" "0::ts,m{id=a},m{id=b},m{id=c},m{id=d},m{id=e}" \
	"--wide, the default: all 5 columns"

# --- pm-export -f html, svg
rows() { grep '^<tr><td>' "$T/out" | sed 's/<[^>]*>/ /g' | tr -s ' '; }
run pm-export -f html --max-series 3 "$IN"
is "$rc:$err" "1:pm-export: $IN:4: $DROP
pm-export: 3 points of new series dropped" "html --max-series 3: exit 1, said"
is "$(rows)" ' m{id=a} 2 1 6 10.5 11 
 m{id=b} 1 2 2 2 2 
 m{id=c} 2 3 8 12.5 13 ' "html: the first 3 series, their points, min, mean, p95, max"
like "$out" "3 series, 5 points" "html: 3 series, 5 points in the heading"
run pm-export -f html --max-series 0 "$IN"
is "$rc:$err:$(rows | wc -l | tr -d ' ')" "0::5" "html --max-series 0: all 5 series"
run pm-export -f html "$IN"
is "$rc:$err:$(rows | wc -l | tr -d ' ')" "0::5" "html, the default: all 5 series"
run pm-export -f svg --max-series 3 "$IN"
is "$rc:$err" "1:pm-export: $IN:4: $DROP
pm-export: 3 points of new series dropped" "svg --max-series 3: exit 1, said"
is "$(grep -o 'id=[a-e]' "$T/out" | sort -u | tr '\n' ' ')" "id=a id=b id=c " \
	"svg: the first 3 series only"

# --- pm-export: usage
run pm-export -f csv --max-series 3 "$IN"
is "$rc:$err" "2:pm-export: --max-series: not for csv
Try 'pm-export --help' for more information." "csv: --max-series is refused"
run pm-export -f prometheus --max-series x "$IN"
is "$rc:$(head -1 "$T/err")" "2:pm-export: --max-series: 'x' is not a count of series (0: no limit)" \
	"--max-series x: a usage error"

# --- pm-query from a stream
QDROP="pm-query: $IN:4: $DROP
pm-query: 3 points of new series dropped"
run pm-query -a avg,count -b label:id --max-series 3 "$IN"
is "$rc:$err" "1:$QDROP" "pm-query -a -b --max-series 3: exit 1, said"
is "$(echo "$out" | jq -r '[.labels.id, .labels.agg, .value] | @tsv' | tr '\t' ' ')" \
	'a avg 6
a count 2
b avg 2
b count 1
c avg 8
c count 2' "pm-query -a: the first 3 series, each point of theirs"
run pm-query -a count -b label:id --max-series 0 "$IN"
is "$rc:$err:$(echo "$out" | jq -r .labels.id | tr -d '\n')" "0::abcde" \
	"pm-query -a --max-series 0: all 5 series"
run pm-query -a count -b label:id "$IN"
is "$rc:$err:$(echo "$out" | jq -r .labels.id | tr -d '\n')" "0::abcde" \
	"pm-query -a, the default: all 5 series"
run pm-query --max-series 3 <"$IN"
is "$rc:$err" "1:pm-query: <stdin>:4: $DROP
pm-query: 3 points of new series dropped" "pm-query, points from <stdin>: said"
is "$(echo "$out" | jq -r '"\(.labels.id)=\(.value)"' | tr '\n' ' ')" \
	"a=1 a=11 b=2 c=3 c=13 " "pm-query points: those of the first 3 series"
run pm-query --list series --max-series 3 "$IN"
is "$rc:$(echo "$out" | jq -r .labels.id | tr -d '\n')" "1:abc" \
	"pm-query --list series: the first 3"
run pm-query --insert --max-series 3 --db "$T/x.db" "$IN"
is "$rc" 2 "pm-query --insert --max-series: a usage error"
run pm-query --max-series -1 "$IN"
is "$rc" 2 "pm-query --max-series -1: a usage error"

# --- pm-query from a store: the series found first are answered
pm-query --db "$T/db" --insert "$IN"
SDROP="pm-query: more than 3 series; the rest are left out (--max-series)"
run pm-query --db "$T/db" -s 2025-01-01T00:00:00Z -a avg -b label:id \
	--max-series 3
is "$rc:$err" "1:$SDROP" "store --max-series 3: exit 1, said once"
is "$(echo "$out" | jq -r '"\(.labels.id)=\(.value)"' | tr '\n' ' ')" \
	"a=6 b=2 c=8 " "store: the first 3 series, with their values"
run pm-query --db "$T/db" -s 2025-01-01T00:00:00Z --list series --max-series 3
is "$rc:$err:$(echo "$out" | jq -r .labels.id | tr -d '\n')" "1:$SDROP:abc" \
	"store --list series --max-series 3"
run pm-query --db "$T/db" -s 2025-01-01T00:00:00Z -a count -b label:id \
	--max-series 0
is "$rc:$err:$(echo "$out" | jq -r .labels.id | tr -d '\n')" "0::abcde" \
	"store --max-series 0: all 5 series"
run pm-query --db "$T/db" -s 2025-01-01T00:00:00Z -a count -b label:id
is "$rc:$err:$(echo "$out" | jq -r .labels.id | tr -d '\n')" "0::abcde" \
	"store, the default: all 5 series"

# --- pm-query from a Prometheus-compatible API (VictoriaMetrics): which
# series it sends first is its choice, so only how many are answered.
if command -v victoria-metrics >/dev/null 2>&1; then
	start_vm
	pm-export -f influx "$IN" >"$T/lines"
	curl -s --data-binary @"$T/lines" "$VURL/write"
	curl -s "$VURL/internal/force_flush" >/dev/null
	run pm-query --source "prom+$VURL" -m m -s 2025-01-01T00:00:00Z \
		-a count -b label:id --max-series 3
	is "$rc:$err" "1:$SDROP" "prom source --max-series 3: exit 1, said once"
	is "$(echo "$out" | jq -r .labels.id | sort -u | wc -l | tr -d ' ')" 3 \
		"prom source: 3 series answered"
	run pm-query --source "prom+$VURL" -m m -s 2025-01-01T00:00:00Z \
		-a count -b label:id --max-series 0
	is "$rc:$err:$(echo "$out" | jq -r .labels.id | tr -d '\n')" "0::abcde" \
		"prom source --max-series 0: all 5 series"
else
	for i in 1 2 3 4 5; do
		skip "victoria-metrics is not installed"
	done
fi

# --- pm-alert: series of the metrics its rules watch (d from line 4, e
# from line 6: 3 points); the alerts of a and c (above 10 at 00:10) fire
# whatever the limit, d's (14 at 00:20) only when d is held.
ADROP="pm-alert: $IN:4: $DROP
pm-alert: 3 points of new series dropped"
fired() { jq -r '"\(.ts[14:19]) \(.labels.id) \(.state)"' "$T/out" | tr '\n' ' '; }
run pm-alert -r 'm > 10' --max-series 3 "$IN"
is "$rc:$err" "1:$ADROP" "pm-alert --max-series 3: exit 1, said once, the count"
is "$(fired)" "00:10 a firing 00:10 c firing " \
	"pm-alert: the alerts of the first 3 series fire, not d's"
run pm-alert -r 'm > 10' --max-series 3 <"$IN"
is "$rc:$err" "1:pm-alert: <stdin>:4: $DROP
pm-alert: 3 points of new series dropped" "pm-alert: <stdin>:LINE"
ALLFIRED="00:10 a firing 00:10 c firing 00:20 d firing "
run pm-alert -r 'm > 10' "$IN"
is "$rc:$err:$(fired)" "0::$ALLFIRED" "pm-alert, the default: all 5 series"
run pm-alert -r 'm > 10' --max-series 0 "$IN"
is "$rc:$err:$(fired)" "0::$ALLFIRED" "pm-alert --max-series 0: all 5 series"
run pm-alert -r 'm > 10' --max-series 5 "$IN"
is "$rc:$err:$(fired)" "0::$ALLFIRED" "pm-alert --max-series 5 with 5 series"
run pm-alert -r 'm > 10' --max-series 4 "$IN"
is "$rc:$err:$(fired)" "1:pm-alert: $IN:6: ${DROP%%3 series*}4 series; points of new series are dropped (--max-series)
pm-alert: 1 point of new series dropped:$ALLFIRED" \
	"pm-alert --max-series 4: e's one point dropped, d fires"
# Series of metrics no rule watches hold nothing, and are never dropped.
sed 's/"metric":"m"/"metric":"n"/' "$IN" >"$T/n"
run pm-alert -r 'm > 10' --max-series 3 "$T/n" "$IN"
is "$rc:$(head -1 "$T/err")" "1:pm-alert: $IN:4: $DROP" \
	"pm-alert: only the metrics watched count"
# --check: UNKNOWN for the points dropped, unless an alert fires.
run pm-alert --check -r 'm > 100' --max-series 3 "$IN"
is "$rc:$err" "3:$ADROP" "pm-alert --check: UNKNOWN, said on stderr too"
is "${out%% |*}" "PM UNKNOWN - 3 points of new series dropped" \
	"pm-alert --check: the reason in the status line"
run pm-alert --check -r 'm > 10' --max-series 3 "$IN"
is "$rc:${out%% |*}" "2:PM CRITICAL - 2 critical: m id=a (11 > 10), m id=c (13 > 10) (also: 3 points of new series dropped)" \
	"pm-alert --check: CRITICAL, the points dropped also said"
run pm-alert --check -r 'm > 10' "$IN"
is "$rc:$err:${out%% |*}" "2::PM CRITICAL - 3 critical: m id=a (11 > 10), m id=c (13 > 10), m id=d (14 > 10)" \
	"pm-alert --check, the default: all 3 alerts"
# --db: the store's points (in time order); no lines to name.
run pm-alert --db "$T/db" -r 'm > 10' --max-series 3
is "$rc:$err" "1:pm-alert: more than 3 series; the rest are left out (--max-series)
pm-alert: 3 points of new series dropped" "pm-alert --db --max-series 3: said"
is "$(fired)" "00:10 a firing 00:10 c firing " "pm-alert --db: a and c fire"
run pm-alert --max-series x -r 'm > 1' "$IN"
is "$rc:$(head -1 "$T/err")" "2:pm-alert: --max-series: 'x' is not a count of series (0: no limit)" \
	"pm-alert --max-series x: a usage error"
run pm-alert --check --max-series -1 -r 'm > 1' "$IN"
is "$rc" 3 "pm-alert --check --max-series -1: UNKNOWN, a usage error"

done_testing
