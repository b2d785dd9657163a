#!/bin/sh
# pm-bench stopped by SIGINT, SIGTERM or SIGHUP while it runs commands
# (issue 9): the run going on is killed with its whole process group (a
# -S sh run's own child too) and not counted, the runs done are reported
# (records whole, a bench.summary per command that has runs, marked
# "interrupted": true, the report on stderr), no baseline is saved, and
# the exit status is 128 + the signal's number.  No timing luck: the run that is stopped
# blocks until killed, and the test waits for the files it writes.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../procs.sh"

# A broken pm-bench may leave the runs' sleep 300 running: they go (the
# pids in $T/left, if still a sleep 300).
trap 'for p in $(cat "$T/left" 2>/dev/null); do
	[ "$(ps -o args= -p $p)" = "sleep 300" ] && kill -9 $p
done 2>/dev/null; rm -rf "$T"' EXIT

# The command that is stopped: through sh, its first K runs end at
# once; the next starts a child (sleep 300, the run's grandchild), writes
# the pids (the child's, then the shell's, which leads the run's group)
# and waits.  'quick' runs first, all its runs.
SLOW='n=$(wc -l <"$T/c"); echo x >>"$T/c"; [ "$n" -lt "$K" ] || { sleep 300 & echo $! >"$T/gc.tmp"; echo $! >>"$T/left"; echo $$ >"$T/sh"; mv "$T/gc.tmp" "$T/gc"; wait; }'
K=2
export T K

for sig in INT TERM TERM2 HUP; do
	case $sig in INT) n=2 ;; HUP) n=1 ;; *) n=15 ;; esac
	s=${sig%2}
	rm -f "$T/c" "$T/gc" "$T/sh" "$T/base.json"
	: >"$T/c"
	pm-bench -S sh -r 3 --json --save-baseline-file "$T/base.json" \
		--name quick --name slow 'true' "$SLOW" >"$T/out" 2>"$T/err" &
	pid=$!
	wait_for "[ -s '$T/gc' ] || ! alive $pid"
	gc=$(cat "$T/gc" 2>/dev/null)
	sh=$(cat "$T/sh" 2>/dev/null)
	is "$(ps -o pgid= -p "$gc" | tr -d ' '):$(ps -o pgid= -p "$sh" | tr -d ' ')" \
		"$sh:$sh" "SIG$sig: the run's shell leads its own process group, its child in it"
	ok "$( [ "$(ps -o pgid= -p "$pid" | tr -d ' ')" != "$sh" ]; echo $?)" \
		"SIG$sig: pm-bench is not in the run's group"
	if [ $sig = TERM2 ]; then
		# A second signal during the clean-up changes nothing.
		kill -$s "$pid"
		kill -$s "$pid" 2>/dev/null
	else
		kill -$s "$pid"
	fi
	finish "$pid"
	is "$rc" $((128 + n)) "SIG$sig: exit $((128 + n))"
	wait_for "[ -z \"\$(group $sh)\" ]"
	is "$(group "$sh")" "" "SIG$sig: nothing left of the run's process group"
	wait_for "! alive $gc"
	ok $? "SIG$sig: the -S sh run's own child (sleep 300) is killed"
	lines "$T/out"
	ok $? "SIG$sig: every record whole, the last line ended"
	is "$(jq -r '[.metric, .labels.name, (.run // .runs), (.interrupted // "-")] | @tsv' "$T/out")" \
		"$(printf 'bench.wall\tquick\t1\t-
bench.wall\tquick\t2\t-
bench.wall\tquick\t3\t-
bench.wall\tslow\t1\t-
bench.wall\tslow\t2\t-
bench.summary\tquick\t3\ttrue
bench.summary\tslow\t2\ttrue')" \
		"SIG$sig: the runs done, not the one stopped; each summary marked interrupted"
	is "$(jq -r 'select(.metric == "bench.summary") | [has("relative"), .failures] | @tsv' "$T/out")" \
		"$(printf 'true\t0\ntrue\t0')" "SIG$sig: the summaries hold the comparison"
	is "$(grep -c '^Benchmark [12]: ' "$T/err"):$(grep -c ' 2 runs$' "$T/err")" "2:1" \
		"SIG$sig: the report on stderr, of the runs done"
	is "$(grep '^pm-bench: [a-z]' "$T/err" | grep -v warning)" \
		"pm-bench: sh: stopped by a signal, the run killed
pm-bench: stopped by a signal: the baseline is not saved" \
		"SIG$sig: the stop and the unsaved baseline said"
	ok "$( [ ! -e "$T/base.json" ]; echo $?)" "SIG$sig: no baseline file"
done

# Stopped before any run ends (the first run blocks): nothing to report,
# nothing written, exit 130.
rm -f "$T/c" "$T/gc" "$T/sh"
echo x >"$T/c"
echo x >>"$T/c"
pm-bench -S sh -r 3 --json "$SLOW" >"$T/out" 2>"$T/err" &
pid=$!
wait_for "[ -s '$T/gc' ] || ! alive $pid"
gc=$(cat "$T/gc" 2>/dev/null)
kill -INT "$pid"
finish "$pid"
is "$rc:$(wc -c <"$T/out" | tr -d ' ')" "130:0" "the first run stopped: exit 130, no record"
wait_for "! alive $gc"
ok $? "the first run stopped: its child killed"

# Without -S (the command's own words): the command leads the group.
rm -f "$T/c" "$T/gc" "$T/sh"
: >"$T/c"
pm-bench -r 5 --json --name a -- sh -c "$SLOW" >"$T/out" 2>"$T/err" &
pid=$!
wait_for "[ -s '$T/gc' ] || ! alive $pid"
gc=$(cat "$T/gc" 2>/dev/null)
sh=$(cat "$T/sh" 2>/dev/null)
kill -TERM "$pid"
finish "$pid"
is "$rc" 143 "-- argv: exit 143"
wait_for "[ -z \"\$(group $sh)\" ]"
is "$(group "$sh")" "" "-- argv: nothing left of the run's process group"
lines "$T/out"
ok $? "-- argv: every record whole"
is "$(jq -r 'select(.metric == "bench.summary") | [.labels.name, .runs, .interrupted] | @tsv' "$T/out")" \
	"a	2	true" "-- argv: the summary of the runs done"

# --interleave: the commands took turns (quick 1, slow 1, quick 2, then
# slow's second run is stopped): each has the runs it took.
rm -f "$T/c" "$T/gc" "$T/sh"
: >"$T/c"
K=1 pm-bench -S sh -r 5 --interleave --json --name quick --name slow \
	'true' "$SLOW" >"$T/out" 2>"$T/err" &
pid=$!
wait_for "[ -s '$T/gc' ] || ! alive $pid"
gc=$(cat "$T/gc" 2>/dev/null)
kill -INT "$pid"
finish "$pid"
is "$rc" 130 "--interleave: exit 130"
is "$(jq -r 'select(.metric == "bench.summary") | [.labels.name, .runs, .interrupted] | @tsv' "$T/out")" \
	"$(printf 'quick\t2\ttrue\nslow\t1\ttrue')" "--interleave: the runs each took"
wait_for "! alive $gc"
ok $? "--interleave: the run's child killed"

done_testing
