#!/bin/sh
# pm-export -f prometheus: exact text exposition (names, units, types,
# label names and values, the latest point per series, --timestamps,
# --prefix, --counter), and promtool check metrics says 0 (no error, no
# lint) on varied inputs.  promtool (Debian package prometheus) is needed:
# without it this test fails.
. "$(dirname "$0")/../lib.sh"

E=$FIX/export

if command -v promtool >/dev/null 2>&1; then
	ok 0 "promtool is installed"
else
	ok 1 "promtool is installed (scripts/install-deps test)"
fi
check() { # check FILE DESCRIPTION: promtool check metrics exits 0
	promtool check metrics <"$1" >"$T/lint" 2>&1
	_rc=$?
	is "$_rc" 0 "promtool check metrics: $2"
	[ "$_rc" -eq 0 ] || sed 's/^/# /' "$T/lint"
}

# points.ndjson: families sorted by name, series by labels; HELP is the pm
# metric and its unit, TYPE gauge.  app.latency in ms becomes
# pm_app_latency_seconds, 250 ms is 0.25; net.rx.bytes in bytes/s,
# already ending in bytes, takes only _per_second; the label "ünï" comes
# out as "__n__", reserved, so "label__n__"; a TAB stays (the format allows
# it), '"' '\' and LF are escaped; cpu.usage at 10:00:00 and 10:00:02: the
# latest (24.5) only; load.1m has no host and no labels.
run pm-export -f prometheus "$E/points.ndjson"
same_file "$GOLDEN/export-points.prom" "$T/out" "points: exact output"
is "$rc" 0 "points: exit 0"
check "$T/out" "points"

# names.ndjson: the mapping, line by line of the golden:
# - app:lat (ms): ':' as '_', 250 ms = 0.25 s; labels a.b -> a_b,
#   1x -> _1x, __name__ -> label__name__, HOST (with a host) ->
#   exported_host, an empty value left out; sorted by name
# - cpu.count (count): no suffix for count, and a gauge may not end in
#   _count: untyped
# - disk.read.latency (seconds), gpu.energy (joules), thermal.temperature
#   (celsius): the unit as suffix
# - gpu.memoryUsed (bytes): snake_case, label fooBar -> foo_bar
# - http.requests (1/s) -> _per_second; mem.swap.in (pages/s) ->
#   _pages_per_second; io.wait ("weird unit!") -> _weird_unit
# - load.1m: h1 at 10:00:05 (2) then 10:00:01 (1): the latest by time
#   wins; host 'h"2\<LF>' escaped; "\u00ff" is UTF-8 ÿ, "\ufffd" U+FFFD
#   (a raw 0xff byte is not UTF-8: a bad line, see t940)
# - mem.used_percent (percent) already ends in _percent
# - req.* are --counter: _total, TYPE counter, except req.errors, whose
#   "le" label is a histogram's: untyped
# - x.total, a gauge ending in _total: untyped
# (bench.summary, below, becomes pm_bench_summaries_seconds: no type in a
# name.)
run pm-export -f prometheus --counter 'req.*' "$E/names.ndjson"
same_file "$GOLDEN/export-names.prom" "$T/out" "names: exact output"
check "$T/out" "names, --counter"

# --timestamps: every point in time order, with its time in ms; a point
# without ts has none.  --prefix changes the namespace.
cat >"$T/want" <<'EOF'
# HELP node_cpu_usage_percent cpu.usage (percent)
# TYPE node_cpu_usage_percent gauge
node_cpu_usage_percent{cpu="total",host="web-1"} 23.1 1795341600000
node_cpu_usage_percent{cpu="total",host="web-1"} 24.5 1795341602000
# HELP node_load_1m load.1m
# TYPE node_load_1m gauge
node_load_1m 1.5
EOF
grep -E '"(cpu.usage|load.1m)"' "$E/points.ndjson" | tac >"$T/rev.ndjson"
run pm-export -f prometheus --timestamps --prefix node "$T/rev.ndjson"
same_file "$T/want" "$T/out" "--timestamps --prefix node: in time order, ms"
run pm-export -f prometheus --timestamps --counter '*' "$E/names.ndjson"
check "$T/out" "names, --timestamps, every metric a counter"
run pm-export -f prometheus --prefix '' "$E/points.ndjson"
is "$(grep -c '^# TYPE [a-z]' "$T/out")" 5 "--prefix '': no namespace"
like "$(sed -n 2p "$T/out")" '^# TYPE app_latency_seconds gauge$' "--prefix '': app_latency_seconds"

# Varied inputs all pass promtool: pm-sample's own points (every
# collector, two samples), benchmark records with extra members, an
# empty input, labels named le and quantile.
sample_fixture sys1 -a -n 2 2>/dev/null >"$T/sample.ndjson"
run pm-export -f prometheus "$T/sample.ndjson"
check "$T/out" "pm-sample's points"
like "$(grep -c '^# TYPE' "$T/out")" '^[4-9][0-9]$' "pm-sample's points: tens of families"
printf '%s\n' \
	'{"ts":"2026-11-22T10:00:00Z","metric":"bench.summary","value":0.1,"unit":"seconds","labels":{"name":"a","command":"sleep 0.1"},"mean":0.1,"verdict":"same"}' \
	'{"ts":"2026-11-22T10:00:00Z","metric":"bench.wall","value":0.1,"unit":"seconds","labels":{"name":"a","quantile":"0.5"},"run":1}' \
	'{"metric":"x.sum","value":1}' '{"metric":"x.bucket","value":1}' >"$T/bench.ndjson"
run pm-export -f prometheus "$T/bench.ndjson"
check "$T/out" "benchmark records, quantile label, _sum and _bucket names"
is "$(grep '^# TYPE' "$T/out" | paste -sd' ' -)" \
	"# TYPE pm_bench_summaries_seconds gauge # TYPE pm_bench_wall_seconds untyped # TYPE pm_x_bucket untyped # TYPE pm_x_sum untyped" \
	"reserved label and suffixes: untyped"
run pm-export -f prometheus </dev/null
is "$out" "" "empty input: empty output"
check "$T/out" "empty input"

# The memory of the default (latest) form grows with the series, not the
# input: 200000 points of 2 series.
awk 'BEGIN { for (i = 0; i < 200000; i++)
	printf "{\"ts\":%d,\"metric\":\"m\",\"value\":%d,\"labels\":{\"k\":\"%d\"}}\n", 1795341600 + i, i, i % 2 }' >"$T/many.ndjson"
run pm-export -f prometheus "$T/many.ndjson"
is "$(grep -v '^#' "$T/out" | paste -sd' ' -)" 'pm_m{k="0"} 199998 pm_m{k="1"} 199999' \
	"many points: the latest of each series"

# -o for node_exporter's textfile collector: the file appears whole.
mkdir "$T/textfile"
run pm-export -f prometheus -o "$T/textfile/pm.prom" "$E/points.ndjson"
same_file "$GOLDEN/export-points.prom" "$T/textfile/pm.prom" "-o: the .prom file"
is "$(ls -A "$T/textfile")" "pm.prom" "-o: nothing else left in the folder"

done_testing
