#!/bin/sh
# Signals (issue 9): SIGTERM and SIGINT while sampling, benchmarking and
# alerting end each tool cleanly: every line written is whole (each one
# parses as JSON), what was begun is finished or undone, and nothing is
# left running.  (pm-query --insert: t910-t919.)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../servers.sh"

# lines FILE: 0 when FILE is not empty, ends with a newline and every
# line is a JSON object.
lines() {
	[ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ] &&
		jq -e 'type == "object"' "$1" >/dev/null
}
# gone PID: the process has ended (reaped by us or by init).
gone() {
	! kill -0 "$1" 2>/dev/null
}
# bg NAME CMD...: CMD in the background under timeout(1) (15 s: a tool
# that ignores the signal fails the test, and does not hang it), its
# output through a pipe (so that it is flushed as it goes) into
# $T/NAME.out, its errors in $T/NAME.err; timeout's pid in $pid (wait
# for it: CMD's status, 124 when it had to be killed), the reader's in
# $cpid.  tool: CMD's pid, once it runs.
bg() {
	_b=$1
	shift
	rm -f "$T/$_b.pipe"
	mkfifo "$T/$_b.pipe"
	timeout 15 "$@" >"$T/$_b.pipe" 2>"$T/$_b.err" &
	pid=$!
	cat "$T/$_b.pipe" >"$T/$_b.out" &
	cpid=$!
}
tool() {
	wait_for "pgrep -P $pid >/dev/null"
	pgrep -P $pid
}

for sig in TERM INT; do
	# --- pm-sample -i: stopped between readings or in one.
	bg s pm-sample -i 50ms -c cpu,mem,load
	wait_for "[ \$(grep -c '\"metric\":\"load.1m\"' '$T/s.out') -ge 2 ]"
	kill -$sig "$(tool)"
	wait $pid
	rc=$?
	wait $cpid
	is "$rc:$(cat "$T/s.err")" "0:" "pm-sample -i, SIG$sig: exit 0, nothing said"
	lines "$T/s.out"
	ok $? "pm-sample -i, SIG$sig: every line whole"

	# --- pm-sample --scrape of a target that never answers: the stop
	# does not wait for the scrape's 20 s --timeout.
	start_fault "hang$sig" hang
	bg s pm-sample -i 1s -c load --scrape "$FURL/metrics" --timeout 20s
	wait_for "[ \$(wc -l <'$T/hang$sig.log') -ge 1 ]"
	kill -$sig "$(tool)"
	wait $pid
	rc=$?
	wait $cpid
	is "$rc:$(cat "$T/s.err")" "0:" \
		"pm-sample --scrape, SIG$sig during a scrape: exit 0 before its --timeout"
	lines "$T/s.out"
	ok $? "pm-sample --scrape, SIG$sig: every line whole"

	# --- pm-bench: the run going on is killed, no other starts.
	bg b pm-bench -r 3 --json 'sleep 60'
	bench=$(tool)
	wait_for "pgrep -P $bench -x sleep >/dev/null"
	child=$(pgrep -P $bench -x sleep)
	kill -$sig "$bench"
	wait $pid
	rc=$?
	wait $cpid
	n=$( [ $sig = TERM ] && echo 15 || echo 2)
	is "$rc:$(cat "$T/b.err")" "$((128 + n)):pm-bench: sleep: stopped by a signal, the run killed" \
		"pm-bench, SIG$sig during a run: said, exit $((128 + n))"
	gone "$child"
	ok $? "pm-bench, SIG$sig: the run's process is gone"
	kill -9 "$child" 2>/dev/null
	is "$(wc -c <"$T/b.out" | tr -d ' ')" 0 "pm-bench, SIG$sig: no partial record"

	# --- pm-alert, stream mode: waiting for input.  The events so far
	# are written whole and the state is saved.
	rm -f "$T/in" "$T/state"
	mkfifo "$T/in"
	bg a sh -c 'exec pm-alert -r "High: cpu.usage > 90" --state "$1" --pass <"$2"' \
		sh "$T/state" "$T/in"
	alert=$(tool)
	exec 7>"$T/in"
	printf '%s\n' \
		'{"ts":"2026-11-22T10:00:00Z","host":"web-1","metric":"cpu.usage","value":97}' \
		'{"ts":"2026-11-22T10:00:10Z","host":"web-1","metric":"cpu.usage","value":98}' >&7
	# pm-alert flushes to a pipe before it waits for more.
	wait_for "[ \$(wc -l <'$T/a.out') -ge 3 ]"
	kill -$sig "$alert"
	wait $pid
	rc=$?
	exec 7>&-
	wait $cpid
	is "$rc:$(cat "$T/a.err")" "0:" "pm-alert, SIG$sig while waiting for input: exit 0"
	is "$(jq -r '.state // .value' "$T/a.out" | tr '\n' ' ')" "97 firing 98 " \
		"pm-alert, SIG$sig: the points and the event, whole"
	is "$(jq -r '.series[] | "\(.alert) \(.state) \(.value)"' "$T/state")" "High firing 98" \
		"pm-alert, SIG$sig: --state saved with the last point"
	stop_servers
done

done_testing
