#!/bin/sh
# Output faults, every tool in every output mode (issue 9):
# - standard output on a full disk (/dev/full): "pm-x: write error on
#   <stdout>: No space left on device", said once, and the tool's exit
#   status for an output that could not be written (see each EXIT STATUS);
# - a reader that goes away (| head -1): the tool ends quietly, killed by
#   SIGPIPE as other filters are (status 141 in the shell), nothing on
#   standard error, no hang (30 s at most).  The outputs here are far
#   larger than a pipe holds, so the reader is surely gone before the end.
. "$(dirname "$0")/../lib.sh"

NOSPACE='write error on <stdout>: No space left on device'

# full STATUS NAME CMD...: CMD with standard output on /dev/full.
full() {
	_want=$1
	_name=$2
	shift 2
	timeout 30 "$@" >/dev/full 2>"$T/err"
	_rc=$?
	is "$_rc:$(cat "$T/err")" "$_want:${_name%% *}: $NOSPACE" \
		"$_name > /dev/full: said once, exit $_want"
}
# gone NAME CMD...: CMD | head -1 (pm-bench's warnings about the runs
# themselves are not about the output: left out).
gone() {
	_name=$1
	shift
	{ timeout 30 "$@" 2>"$T/err"; echo $? >"$T/rc"; } | head -1 >/dev/null
	is "$(cat "$T/rc"):$(grep -v '^pm-bench: warning: ' "$T/err")" "141:" \
		"$_name | head -1: quiet, SIGPIPE (141)"
}

# 20,000 points, 7 hosts x 13 cpus; times one second apart.
awk 'BEGIN { for (i = 0; i < 20000; i++)
	printf "{\"ts\":\"2026-11-22T%02d:%02d:%02dZ\",\"host\":\"h%d\",\"metric\":\"cpu.usage\",\"value\":%d,\"labels\":{\"cpu\":\"c%d\"}}\n",
	    10 + int(i / 3600), int(i / 60) % 60, i % 60, i % 7, i % 100, i % 13 }' >"$T/big"
B=$T/big

# --- pm-export: every format.
for f in csv tsv json ndjson prometheus influx markdown html svg; do
	full 1 "pm-export -f $f" pm-export -f "$f" "$B"
done
full 1 "pm-export -f csv --wide" pm-export -f csv --wide "$B"
# Prometheus text holds the last value of each series: 91 lines, too
# few to fill a pipe; the others are all large.
for f in csv tsv json ndjson influx markdown html svg; do
	gone "pm-export -f $f" pm-export -f "$f" "$B"
done
gone "pm-export -f csv --wide" pm-export -f csv --wide "$B"

# --- pm-query: points, a table, a list, buckets.
full 1 "pm-query" pm-query "$B"
full 1 "pm-query -f table" pm-query -f table "$B"
full 1 "pm-query --list series" pm-query --list series "$B"
full 1 "pm-query -e 1m -a avg" pm-query -e 1m -a avg "$B"
gone "pm-query" pm-query "$B"
gone "pm-query -f table" pm-query -f table "$B"
gone "pm-query -e 1m -a avg,max -b host -b label:cpu" pm-query -e 1m -a avg,max \
	-b host -b label:cpu "$B"

# --- pm-alert: events, events and points, the Nagios line.
R='High: cpu.usage > 50'
full 1 "pm-alert" pm-alert -r "$R" "$B"
full 1 "pm-alert --pass" pm-alert -r "$R" --pass "$B"
# --check: a Nagios status that cannot be told is UNKNOWN (3); a critical
# one stays critical (2).
full 3 "pm-alert --check, OK" pm-alert -r 'High: cpu.usage > 1000' --check "$B"
full 2 "pm-alert --check, CRITICAL" pm-alert -r "$R" --check "$B"
gone "pm-alert" pm-alert -r "$R" "$B"
gone "pm-alert --pass" pm-alert -r "$R" --pass "$B"

# --- pm-sample: points, replayed and live.
full 1 "pm-sample (fixture)" env PM_NOW=$PM_FIXTURE_NOW pm-sample -H fixture \
	--procfs "$FIX/sys1/proc" --sysfs "$FIX/sys1/sys" --rootfs "$FIX/sys1/rootfs" -n 2
full 1 "pm-sample -i (live)" pm-sample -i 10ms -n 3 -c cpu,mem,load
gone "pm-sample -i (live)" pm-sample -i 1ms -n 1000000 -c cpu,mem,load

# --- pm-status: the view, --json, --points; many readings (with PM_NOW
# it does not wait between them) to fill a pipe.
for m in view --json --points; do
	o=$m
	[ "$m" = view ] && o=
	# shellcheck disable=SC2086
	full 1 "pm-status $m" env PM_NOW=$PM_FIXTURE_NOW pm-status -c load $o
	# shellcheck disable=SC2086
	gone "pm-status $m -w -n" env PM_NOW=$PM_FIXTURE_NOW pm-status -c load,cpu,mem \
		-w 100ms -n 100000 $o
done

# --- pm-bench: records (standard output is not a terminal).
# Without -q the table goes to standard error beside the records.
full 2 "pm-bench -q" pm-bench -r 2 -q true
full 2 "pm-bench --json" pm-bench -r 2 --json -q true
gone "pm-bench --json" pm-bench -r 600 --json -q true

done_testing
