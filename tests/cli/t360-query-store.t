#!/bin/sh
# pm-query over the store gives the same answers as over the stream the
# store was filled from; after --downsample, queries use the rollups, and
# avg, min, max, count and sum stay exact.
. "$(dirname "$0")/../lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # skip sqlite3 not installed"
	exit 0
fi

F=$FIX/query/points.ndjson
DB=$T/q.db

run pm-query --db "$DB" --insert "$F"
is "$rc" 1 "insert of the fixture: its three bad lines give exit 1"
is "$(sqlite3 "$DB" 'SELECT count(*) FROM samples')" 110 \
	"insert: every good point stored"

# same DESCRIPTION ARGS...: the store's answer is the stream's, exactly.
same() {
	_d=$1
	shift
	pm-query "$@" "$F" >"$T/stream" 2>/dev/null
	run pm-query --db "$DB" "$@"
	is "$rc:$err" "0:" "$_d: exit 0, nothing on stderr"
	same_file "$T/stream" "$T/out" "$_d: store = stream (pm-query $*)"
}

same "every point"
same "every aggregation" \
	-a avg,min,max,sum,count,first,last,stddev,p50,p90,p95,p99,rate,increase
same "buckets and hosts" -m cpu.usage -a avg,max,count -e 1m -b host
same "label groups" -m 'cpu.*' -a avg,p95 -b label:cpu -b host
same "latest" --latest
same "trend" -m fs.used_percent --trend --limit 100
same "list metrics" --list metrics
same "list series" --list series
same "list hosts" --list hosts
same "list labels" --list labels
same "list in a window" --list series -s 2026-11-22T10:02:00Z -H web-2
same "matchers and where" -l 'device=~sd.*' -w 'value > 50'
same "glob with a prefix" -m 'fs.*' -l 'mountpoint=/' --latest
same "glob without one" -m '*.busy' -l 'device!=sda'
same "rate" -m app.requests --rate
same "smooth" -m disk.busy --smooth ewma:0.5
same "window" -s 2026-11-22T10:01:00Z -u 2026-11-22T10:03:00Z -a avg,count -e 1m
same "table" -a avg,p95 -b host -f table

run pm-query --db "$T/none.db" -a avg
is "$rc" 1 "a store that does not exist: exit 1"
like "$err" "^pm-query: .*none.db" "a store that does not exist: named"

# Roll everything up into 1-minute buckets (two samples each).
run env PM_NOW=2026-11-23T00:00:00Z pm-query --db "$DB" --downsample 1m \
	--older-than 1h
is "$rc:$err" "0:" "downsample: exit 0"
is "$(sqlite3 "$DB" 'SELECT count(*) FROM samples; SELECT count(*), sum(count) FROM rollups')" \
	"0
55|110" "downsample: 55 rollups stand for the 110 samples"

exact="avg,min,max,count,sum"
same "rollups: avg min max count sum per 1m bucket" -a $exact -e 1m -b host
same "rollups: per 2m bucket (two rollups each)" -a $exact -e 2m -b host \
	-b label:cpu
same "rollups: the whole window" -a $exact -b host -b label:device
# A rollup is in a window when its bucket start is: windows made of whole
# buckets give the same answers.
same "rollups: a window of whole buckets" -a $exact -e 1m \
	-s 2026-11-22T10:01:00Z -u 2026-11-22T10:03:59Z

run pm-query --db "$DB" --list metrics -m cpu.usage
is "$out" '{"metric":"cpu.usage","unit":"percent","series":3,"samples":30,"first":"2026-11-22T10:00:00.000Z","last":"2026-11-22T10:04:00.000Z"}' \
	"rollups: --list counts the samples they stand for; times are bucket starts"

# Percentiles over rollups are those of the bucket averages, each
# counted as often as it has samples: cpu=0 has 1-minute averages 35 55
# 75 87.5 70, so p50 is 70 (of the samples it was 67.5).
run pm-query --db "$DB" -m cpu.usage -l cpu=0 -a p50
is "$(printf '%s\n' "$out" | jq .value)" 70 "rollups: p50 of bucket averages"
run pm-query -m cpu.usage -l cpu=0 -a p50 "$F"
is "$(printf '%s\n' "$out" | jq .value)" 67.5 "the stream: p50 of the samples"

# A late sample in a rolled-up range counts beside the rollup.
late='{"ts":"2026-11-22T10:00:45Z","host":"web-1","metric":"cpu.usage","value":100,"unit":"percent","labels":{"cpu":"0"}}'
printf '%s\n' "$late" | pm-query --db "$DB" --insert
cat "$F" >"$T/late.ndjson"
printf '%s\n' "$late" >>"$T/late.ndjson"
pm-query -m cpu.usage -l cpu=0 -a $exact -e 1m "$T/late.ndjson" >"$T/stream" 2>/dev/null
run pm-query --db "$DB" -m cpu.usage -l cpu=0 -a $exact -e 1m
same_file "$T/stream" "$T/out" "rollups and raw samples together: exact"
like "$(sed -n 4p "$T/out")" '"value":3,.*"count"' "the late sample is counted"

done_testing
