#!/bin/sh
# pm-query over a stream of points (no store): selection, every
# aggregation, buckets, groups, analysis, discovery and tables, checked
# exactly against goldens made from tests/fixtures/query/points.ndjson
# (11 series, 10 samples each, 30 s apart from 2026-11-22T10:00:00Z, and
# three bad lines: 45, 79 and 102).
. "$(dirname "$0")/../lib.sh"

F=$FIX/query/points.ndjson
G=$GOLDEN/query
BAD="pm-query: $F:45: not valid JSON
pm-query: $F:79: no value
pm-query: $F:102: not valid JSON"

# q NAME ARGS...: pm-query ARGS... on the fixture; its output must be the
# golden NAME, its errors the three bad lines, its status 1.
q() {
	_g=$1
	shift
	run pm-query "$@" "$F"
	printf '%s\n' "$out" >"$T/got"
	same_file "$G/$_g" "$T/got" "$_g: pm-query $*"
}

q all.ndjson
is "$rc" 1 "bad lines: exit 1 at the end"
is "$err" "$BAD" "bad lines: each named FILE:LINE, and skipped"
is "$(wc -l <"$T/got")" 110 "bad lines: every good point goes through"

q agg-all.ndjson -a avg,min,max,sum,count,first,last,stddev,p50,p90,p95,p99,rate,increase
q every-host.ndjson -m cpu.usage -a avg,max,count -e 1m -b host
q by-label.ndjson -m 'cpu.*' -a avg,p95 -b label:cpu -b host
q latest.ndjson --latest
q trend.ndjson -m fs.used_percent --trend --limit 100
q list-metrics.ndjson --list metrics
q list-series.ndjson --list series
q list-hosts.ndjson --list hosts
q list-labels.ndjson --list labels
q table-agg.txt -a avg,p95,max,count -b host -f table
q table-every.txt -m mem.used -a avg,min -e 2m -f table
q table-latest.txt --latest -f table
q table-trend.txt -m fs.used_percent --trend --limit 100 -f table
q table-list.txt --list series -f table
is "$err" "$BAD" "-f table: bad lines still named"
# With -m or -H, a line shaped like an object that lacks every selected
# name is skipped unparsed: line 79 (cpu.usage, no value) goes unreported.
run pm-query -m mem.used -a count "$F"
is "$rc:$err" "1:pm-query: $F:45: not valid JSON
pm-query: $F:102: not valid JSON" "-m: lines that cannot match are not parsed"
run pm-query -m nothing -f table "$F"
is "$rc:$out" "1:" "nothing selected: no table, not even a header"

# Selection: globs, hosts, label matchers, the window, --where.
sel() { # sel WANT-LINES DESCRIPTION ARGS...: series;value lines
	_w=$1
	_d=$2
	shift 2
	run pm-query "$@" "$F"
	is "$(printf '%s\n' "$out" | jq -r '[.metric, .host,
	    (.labels // {} | to_entries | map(.key + "=" + .value) |
	    join(",")), .value] | join(" ")' | paste -sd ';' -)" "$_w" "$_d"
}
sel "cpu.usage web-1 cpu=0 60;cpu.usage web-1 cpu=total 80" \
	"-m, -H, --since and --until (both ends included)" \
	-m 'cpu.*' -H 'web-[1]' --since 2026-11-22T10:01:30Z \
	--until 2026-11-22T10:01:30Z
sel "disk.busy web-1 device=sda 80;disk.busy web-1 device=sda 90;disk.busy web-1 device=sda 85" \
	"-l KEY=~REGEX, --where" -l 'device=~sd.*' -w 'value > 50'
sel "disk.busy web-1 device=loop0 1;disk.busy web-1 device=loop0 2" \
	"-l KEY!~REGEX, --where with !=" -m disk.busy -l 'device!~sd.*' \
	-w 'value != 0'
sel "" "-l KEY=~REGEX is anchored: sd is not sda" -m disk.busy \
	-l 'device=~sd'
sel "cpu.usage web-1 cpu=0 90" "-l KEY=VALUE, --where >=" -l cpu=0 \
	-w '>= 90'
sel "" "-l KEY!=VALUE: a missing label is empty, so none left" \
	-m mem.used -l 'cpu!='
sel "mem.used web-2  2147483648" "-H, --where ==" -H web-2 -w 'value == 2147483648'

# Analysis.
run pm-query -m app.requests -H web-2 --until 2026-11-22T10:02:00Z --rate "$F"
is "$(printf '%s\n' "$out" | jq -r '"\(.ts) \(.value) \(.unit)"' | paste -sd ';' -)" \
	"2026-11-22T10:00:30.000Z 3.33333333333333 1/s;2026-11-22T10:01:00.000Z 5 1/s;2026-11-22T10:01:30.000Z 1.33333333333333 1/s;2026-11-22T10:02:00.000Z 3 1/s" \
	"--rate: 40 after 5250 is a reset: 40 in 30 s; unit 1/s"
run pm-query -m app.requests -H web-2 -a increase,rate "$F"
is "$(printf '%s\n' "$out" | jq -r .value | paste -sd ' ' -)" "850 3.14814814814815" \
	"-a increase,rate: 100+150+40+90+70+90+110+80+120 in 270 s"
run pm-query -m disk.busy -l device=sda --smooth sma:3 --until 2026-11-22T10:02:00Z "$F"
is "$(printf '%s\n' "$out" | jq -r .value | paste -sd ' ' -)" \
	"3 3.75 4.5 30.1666666666667 58.6666666666667" \
	"--smooth sma:3: the mean of up to 3 points"
run pm-query -m disk.busy -l device=sda --smooth ewma:0.5 --until 2026-11-22T10:02:00Z "$F"
is "$(printf '%s\n' "$out" | jq -r .value | paste -sd ' ' -)" \
	"3 3.75 4.875 42.4375 66.21875" "--smooth ewma:0.5"
run pm-query -m app.requests -H web-1 --rate --smooth sma:2 -a max "$F"
is "$(printf '%s\n' "$out" | jq -c '[.value, .unit]')" '[2.66666666666667,"1/s"]' \
	"--rate, then --smooth, then --agg"

# Standard input: a pipe with no file, or "-"; a point without ts is
# taken when it is read.
run sh -c "grep -v 'not a point' '$F' | grep -v '\"mem.us$' | grep -v '\"cpu.usage\"}' | pm-query -a count -m cpu.usage"
is "$rc:$out" '0:{"ts":"2026-11-22T10:00:00.000Z","metric":"cpu.usage","value":30,"labels":{"agg":"count"}}' \
	"a pipe on standard input is the stream"
printf '{"metric":"x","value":1}\n{"metric":"x","value":2,"ts":"2026-11-22T09:00:00Z"}\n' >"$T/nots"
run sh -c "PM_NOW=2026-11-22T12:00:00Z pm-query --latest - < '$T/nots'"
is "$out" '{"ts":"2026-11-22T12:00:00.000Z","metric":"x","value":1}' \
	"'-' is standard input; no ts: the time it is read (PM_NOW)"
printf '{"metric":"x","value":1,"ts":"2026-11-22T09:00:00Z"}\n{"metric":"x","value":2,"ts":"2026-11-22T09:00:00Z"}\n' >"$T/dup"
run pm-query "$T/dup"
is "$out" '{"ts":"2026-11-22T09:00:00.000Z","metric":"x","value":2}' \
	"same series and time: the last one read wins, as in the store"
run sh -c "PM_NOW=2026-11-22T10:04:30Z pm-query -m cpu.usage -l cpu=0 -s 1m '$F'"
is "$(printf '%s\n' "$out" | jq -r .value | paste -sd ' ' -)" "85 75 65" \
	"--since 1m: a duration is that long before now"

# Files that cannot be read, and --strict.
run pm-query -a count -m mem.used "$T/missing" "$F"
is "$rc" 1 "missing file: exit 1"
like "$err" "^pm-query: $T/missing: No such file or directory" "missing file: named"
like "$out" '"value":20,' "missing file: the other files are read"
run pm-query --strict -a count "$F"
is "$rc:$out" "1:" "--strict: exit 1, no result"
is "$err" "pm-query: $F:45: not valid JSON" "--strict: stops at the first bad line"

# Usage errors: exit 2.
for args in "-e 1m" "-b host" "-a avg --trend" "--latest --list hosts" \
    "--limit 9" "-a median" "-l cpu" "-l x=~(" "-w value~3" "-f csv" \
    "--smooth sma:0" "--list things" "-s yesterday" "-b gpu" \
    "-s 2026-11-23 -u 2026-11-22" "--list metrics --rate" "-e 0s -a avg"; do
	run pm-query $args "$F"
	is "$rc" 2 "usage error: pm-query $args"
done
run pm-query -a median "$F"
like "$err" "^pm-query: --agg: unknown aggregation 'median'" "usage error: named"
run pm-query --insert -a avg "$F"
is "$rc" 2 "query options do not go with --insert"
run pm-query --db "$T/x.db" "$F"
is "$rc" 2 "--db and files: one or the other"

done_testing
