#!/bin/sh
# --prune, --downsample and --vacuum: exact results on known data, and
# running them again changes nothing.
. "$(dirname "$0")/../lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # skip sqlite3 not installed"
	exit 0
fi

q() { sqlite3 -separator ' ' "$@"; }
T10=1795341600	# 2026-11-22T10:00:00Z
export PM_NOW=2026-11-22T12:00:00Z
db=$T/r.db

# Series 1: one sample every 10 s from 10:00:00 to 11:59:50, value = its
# index (0..719).  Series 2: two samples at 09:00, one with extras.
{
	awk -v t0=$T10 'BEGIN { for (i = 0; i < 720; i++)
		printf "{\"ts\":%d,\"host\":\"h\",\"metric\":\"m\",\"value\":%d}\n", t0 + 10 * i, i }'
	echo '{"ts":"2026-11-22T09:00:00Z","host":"old","metric":"m","value":1,"run":7}'
	echo '{"ts":"2026-11-22T09:00:10Z","host":"old","metric":"m","value":2}'
} >"$T/in"
pm-query --db "$db" --insert "$T/in"
is "$(q "$db" 'SELECT count(*) FROM samples; SELECT count(*) FROM extras')" "722
1" "set-up: 722 samples, 1 extras row"

# Prune: everything before 09:30 goes, and the series left empty with it.
run pm-query --db "$db" --prune 2h30m
is "$rc:$out:$err" "0::" "--prune: exit 0, quiet"
is "$(q "$db" 'SELECT id, host FROM series; SELECT count(*), min(value), max(value) FROM samples; SELECT count(*) FROM extras')" \
"1 h
720 0.0 719.0
0" "--prune 2h30m: old samples, their extras and their empty series are gone"
is "$(q "$db" "SELECT value FROM meta WHERE key = 'series_generation'")" 1 \
	"--prune: the series generation moved on (writers forget cached ids)"
q "$db" .dump >"$T/dump1"
pm-query --db "$db" --prune 2h30m
q "$db" .dump >"$T/dump2"
same_file "$T/dump1" "$T/dump2" "--prune again: nothing changes"

# Downsample: samples before 11:00 become 12 five-minute rollups of 30
# samples each: bucket k holds values 30k .. 30k+29.
run pm-query --db "$db" --downsample 5m --older-than 1h
is "$rc:$out:$err" "0::" "--downsample: exit 0, quiet"
awk -v t0=$T10 'BEGIN { for (k = 0; k < 12; k++)
	printf "1 300000 %d000 %.1f %.1f %.1f 30\n", t0 + 300 * k, 30 * k + 14.5, 30 * k, 30 * k + 29 }' >"$T/want"
q "$db" 'SELECT series, step, ts, avg, min, max, count FROM rollups ORDER BY ts' >"$T/got"
same_file "$T/want" "$T/got" "--downsample 5m: avg, min, max and count of each bucket"
is "$(q "$db" 'SELECT count(*), min(value), min(ts) FROM samples')" \
	"360 360.0 $(((T10 + 3600) * 1000))" "--downsample: the raw samples rolled up are gone, the rest stay"
q "$db" .dump >"$T/dump1"
pm-query --db "$db" --downsample 5m --older-than 1h
q "$db" .dump >"$T/dump2"
same_file "$T/dump1" "$T/dump2" "--downsample again: nothing changes"

# Only whole buckets: at 12:02:30, 57m30s ago is 11:05, so the bucket
# 11:00-11:05 is rolled up; at 12:09:59, an hour ago is 11:09:59, inside
# the bucket 11:05-11:10, which waits.
PM_NOW=2026-11-22T12:02:30Z pm-query --db "$db" --downsample 5m --older-than 57m30s
is "$(q "$db" 'SELECT count(*) FROM rollups; SELECT count(*) FROM samples')" "13
330" "only whole buckets are rolled up"
PM_NOW=2026-11-22T12:09:59Z pm-query --db "$db" --downsample 5m --older-than 1h
is "$(q "$db" 'SELECT count(*) FROM rollups')" 13 "a bucket that is not over yet waits"

# A sample arriving late for a rolled-up bucket is merged on the next run.
echo "{\"ts\":$((T10 + 125)),\"host\":\"h\",\"metric\":\"m\",\"value\":1000}" |
    pm-query --db "$db" --insert
pm-query --db "$db" --downsample 5m --older-than 1h
is "$(q "$db" "SELECT count, min, max, avg = 1435.0 / 31 FROM rollups WHERE ts = $T10 * 1000")" \
	"31 0.0 1000.0 1" "a late sample merges into its bucket (avg, min, max, count)"
is "$(q "$db" "SELECT count(*) FROM samples WHERE ts < ($T10 + 3600) * 1000")" 0 \
	"the late sample itself is gone"

# A coarser step folds the finer rollups: 10:00-11:00 becomes one hour of
# 361 samples (0..359 and the late 1000).
pm-query --db "$db" --downsample 1h --older-than 1h
is "$(q "$db" "SELECT step, ts, count, min, max, avg = 65620.0 / 361 FROM rollups WHERE ts < ($T10 + 3600) * 1000")" \
	"3600000 $((T10 * 1000)) 361 0.0 1000.0 1" "--downsample 1h after 5m: the hour's rollup"
is "$(q "$db" "SELECT count(*), sum(count) FROM rollups")" "2 391" \
	"--downsample 1h: the 11:00 five-minute rollup stays (it is newer than the age)"

# Prune removes rollups too.
pm-query --db "$db" --prune 1h30m
is "$(q "$db" 'SELECT ts FROM rollups; SELECT count(*) FROM series')" \
	"$(((T10 + 3600) * 1000))
1" "--prune: rollups older than the age go, the series stays while it has data"

# Vacuum gives the space of pruned data back.
awk 'BEGIN { for (i = 0; i < 100000; i++)
	printf "{\"ts\":%d,\"host\":\"h%d\",\"metric\":\"m\",\"value\":%d}\n", 1600000000 + i, i % 10, i }' |
    pm-query --db "$T/v.db" --insert
size() { stat -c %s "$1"; }
before=$(size "$T/v.db")
pm-query --db "$T/v.db" --prune 1d
pruned=$(size "$T/v.db")
run pm-query --db "$T/v.db" --vacuum
after=$(size "$T/v.db")
is "$rc:$err" "0:" "--vacuum: exit 0, quiet"
is "$(q "$T/v.db" 'SELECT count(*) FROM samples; SELECT count(*) FROM series')" "0
0" "--prune: everything older than a day is gone"
ok $([ "$after" -lt $((pruned / 10)) ] && echo 0 || echo 1) \
	"--vacuum shrinks the file ($before, $pruned after --prune, $after after --vacuum)"
is "$(q "$T/v.db" 'PRAGMA integrity_check; PRAGMA user_version')" "ok
2" "--vacuum: the store is whole and keeps its version"

# All three in one run, as from cron.
run pm-query --db "$db" --downsample 5m --older-than 7d --prune 365d --vacuum
is "$rc:$err" "0:" "--prune, --downsample and --vacuum together"

done_testing
