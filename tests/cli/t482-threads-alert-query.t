#!/bin/sh
# pm-alert, pm-query's stream queries and pm-query --insert read regular
# files on several threads (PM_THREADS), as pm-export does (t480): the
# output, the messages, the exit status and what is stored are those of
# PM_THREADS=1, whatever the number; a pipe is read on one.
. "$(dirname "$0")/../lib.sh"

# 30000 points over 13 metrics and 8 hosts, one a second per 8 lines,
# now and then a bad line, a blank one or a point without a time.
big=$T/big.ndjson
awk 'BEGIN {
	for (i = 0; i < 30000; i++) {
		if (i % 997 == 5) { print "bad " i; continue }
		if (i % 1999 == 7) { print ""; continue }
		if (i % 2503 == 11) { printf "{\"metric\":\"m.1\",\"value\":%d}\n", i; continue }
		printf "{\"ts\":%d,\"host\":\"h%d\",\"metric\":\"m.%d\",\"value\":%d.25,\"labels\":{\"k%d\":\"v%d\"}}\n",
		    1763805600 + int(i / 8), i % 8, i % 13, i % 1000, i % 3, i % 5
	}
}' >"$big"
# A second file: a point older than its series' last one (pm-alert skips
# it), invalid UTF-8, a NUL, a line without a newline at the end.
m=$T/mixed.ndjson
{
	printf '%s\n' '{"ts":1763809000,"host":"h1","metric":"m.1","value":990}'
	printf '%s\n' '{"ts":1763805601,"host":"h1","metric":"m.1","value":991}'
	printf '{"ts":1763809001,"metric":"m.2","value":1,"host":"\377"}\n'
	printf '{"ts":1763809002,"metric":"m.2","value":1,"host":"a\000b"}\n'
	printf '%s' '{"ts":1763809003,"host":"h2","metric":"m.2","value":995}'
} >"$m"
files="$big $T/missing.ndjson $m"
# A point without a time is taken when it is read: pin that.
PM_NOW=2026-11-22T12:00:00Z
export PM_NOW

# shellcheck disable=SC2086
same_threads "pm-alert" pm-alert -r 'm.1 > 990' -r 'avg(m.2[1m]) > 400 for 30s' \
    -r 'p95(m.3[2m]) > 900' -r 'absent(m.4, 5m)' $files
# shellcheck disable=SC2086
same_threads "pm-alert --check" pm-alert --check -r 'm.1 > 990' $files
same_threads "pm-alert, stdin a file" sh -c 'pm-alert -r "m.5 > 990" <"$1"' sh "$big"
same_threads "pm-alert, stdin a pipe" sh -c 'cat "$1" | pm-alert -r "m.5 > 990"' sh "$big"
# shellcheck disable=SC2086
same_threads "pm-query, aggregation" pm-query -m 'm.*' -a avg,p95,count,max -e 1m $files
# shellcheck disable=SC2086
same_threads "pm-query, a metric and a host" pm-query -m m.7 -H h3 $files
# shellcheck disable=SC2086
same_threads "pm-query --strict" pm-query --strict -m 'm.*' -a count $files
# shellcheck disable=SC2086
same_threads "pm-query --list series" pm-query --list series $files
# shellcheck disable=SC2086
same_threads "pm-query --insert --tee, then the store" sh -c 'd=$1; shift; rm -f "$d"
	pm-query --insert --tee --db "$d" "$@"; echo "rc $?"
	pm-query --db "$d" -m "*" -s 0' sh "$T/store.db" $files

# What was compared is what it should be.
run env PM_THREADS=4 pm-alert -r 'm.1 > 990' $files
like "$out" '"event":"alert"' "threads: pm-alert wrote alert events"
is "$rc" 1 "threads: pm-alert exits 1 after bad lines"
is "$(grep -c "^pm-alert: $big:[0-9]*: not valid JSON" "$T/err")" 31 \
    "threads: pm-alert names each bad line of big"
is "$(grep -c "^pm-alert: $big:[0-9]*: no ts" "$T/err")" 12 \
    "threads: pm-alert names each point without a time"
like "$err" "pm-alert: $m:2: older than its series' last point, skipped" \
    "threads: pm-alert's order across files"
run env PM_THREADS=4 pm-query --insert --db "$T/count.db" "$big"
is "$rc" 1 "threads: --insert exits 1 after bad lines"
run pm-query --db "$T/count.db" -m '*' -s 0 -a count
# The 12 points without a time are one series at one time: one sample.
is "$(printf '%s\n' "$out" | sed 's/.*"value":\([0-9]*\).*/\1/' |
    awk '{ n += $1 } END { print n }')" 29942 \
    "threads: --insert stored every good point"

done_testing
