#!/bin/sh
# pm-sample -- COMMAND: sample while a command runs, then a summary; the
# command's exit status, its output, and signals passed on.
. "$(dirname "$0")/../lib.sh"
if [ -n "${PM_MEMCHECK:-}" ]; then
	# glibc's posix_spawn learns of a failed exec through memory it shares
	# with the child (CLONE_VM); valgrind makes that a plain fork.
	echo "1..0 # skip make memcheck: under valgrind posix_spawn cannot report a failed exec"
	exit 0
fi

# The summary, exact on a replay.  procs/proc .. proc.3 hold /proc/stat
# readings; the samples cover 0.25 s, 1 s and 1 s:
#   cpu.usage 60, 75, 30: max 75, mean (60*0.25 + 75 + 30) / 2.25 = 53.333333
#   cpu.user 40, 50, 20: mean 80 / 2.25 = 35.555556
#   cpu.context_switches 1000, 2000, 1000: mean 3250 / 2.25 = 1444.444444
#   cpu.forks 20, 10, 0: max 20, mean 15 / 2.25 = 6.666667
# The command's own points come from the real /proc, so only cpu.* is
# compared.
PM_NOW=$PM_FIXTURE_NOW pm-sample -H fixture --procfs "$FIX/procs/proc" -c cpu -n 3 -- true \
	>"$T/out" 2>"$T/err"
ok $? "replayed run: exit 0"
grep '"metric":"cpu\.' "$T/out" >"$T/cpu"
same_file "$GOLDEN/sample-run-summary.ndjson" "$T/cpu" "replayed run: samples and summary exact"
is "$(cat "$T/err")" "" "replayed run: nothing on stderr"
is "$(jq -r 'select(.metric | startswith("run.")) | "\(.metric) \(.labels.command) \(.ts)"' "$T/out" | paste -sd ' ' -)" \
	"run.wall_time true 2026-11-22T10:00:02.250Z run.exit_status true 2026-11-22T10:00:02.250Z run.cpu.user true 2026-11-22T10:00:02.250Z run.cpu.system true 2026-11-22T10:00:02.250Z run.max_rss true 2026-11-22T10:00:02.250Z" \
	"replayed run: the run's points last, at the last sample's time"

# Live: sleep 1 is sampled, summarized, and its status kept.
pm-sample -i 100ms -- sleep 1 >"$T/out" 2>"$T/err"
is "$?" 0 "sleep 1: exit 0"
is "$(cat "$T/err")" "" "sleep 1: nothing on stderr"
jq -c . "$T/out" >/dev/null 2>&1
ok $? "sleep 1: every line is JSON"
n=$(jq -r 'select(.metric == "proc.cpu" and .labels.comm == "sleep" and .labels.summary == null) | .ts' "$T/out" | wc -l)
[ "$n" -ge 1 ]
ok $? "sleep 1: the command sampled ($n samples)"
is "$(jq -r 'select(.metric | startswith("cpu.usage")) | .labels.summary // "sample"' "$T/out" | sort -u | paste -sd ' ' -)" \
	"max mean sample" "sleep 1: the system collectors too, and their summary"
is "$(jq -r 'select(.metric == "run.exit_status") | .value' "$T/out")" 0 "sleep 1: run.exit_status 0"
jq -s -e 'map(select(.metric == "run.wall_time")) | length == 1 and
	.[0].value >= 1 and .[0].value < 120 and .[0].unit == "seconds"' "$T/out" >/dev/null
ok $? "sleep 1: run.wall_time at least 1 s"
jq -s -e 'map(select(.metric == "run.cpu.user" or .metric == "run.cpu.system"))
	| length == 2 and all(.[]; .value >= 0 and .unit == "seconds")' "$T/out" >/dev/null
ok $? "sleep 1: run.cpu.user and run.cpu.system"
# Every series has its max and mean, the max is the highest sample, and
# the mean lies between the lowest and the highest.
jq -s -r '
	def key: [.metric, (.labels // {} | del(.summary) | to_entries)] | tostring;
	(map(select(.labels.summary == null and (.metric | startswith("run.") | not)))
	    | group_by(key) | map({key: (.[0] | key), min: (map(.value) | min),
	      max: (map(.value) | max)})) as $s
	| (map(select(.labels.summary == "max")) | map({key: key, v: .value})) as $mx
	| (map(select(.labels.summary == "mean")) | map({key: key, v: .value})) as $mn
	| [ ($s | length) == ($mx | length), ($s | length) == ($mn | length),
	    all($s[]; . as $x | any($mx[]; .key == $x.key and .v == $x.max)),
	    all($s[]; . as $x | any($mn[]; .key == $x.key and
	        .v >= $x.min - 1e-6 and .v <= $x.max + 1e-6)) ]
	| map(tostring) | join(" ")' "$T/out" >"$T/check"
is "$(cat "$T/check")" "true true true true" "sleep 1: max and mean of every series are right"

# Exit status: the command's, 128 + signal, 127 and 126.
run pm-sample -c load -- sh -c 'exit 3'
is "$rc" 3 "exit 3: pm-sample exits 3"
is "$(printf '%s\n' "$out" | jq -r 'select(.metric == "run.exit_status") | .value')" 3 \
	"exit 3: run.exit_status 3"
run pm-sample -c load -- sh -c 'kill -KILL $$'
is "$rc" 137 "killed by SIGKILL: 128 + 9"
is "$(printf '%s\n' "$out" | jq -r 'select(.metric == "run.exit_status") | .value')" 137 \
	"killed: run.exit_status 137"
run pm-sample -c load -- pm-no-such-command --flag
is "$rc" 127 "missing command: exit 127"
is "$err" "pm-sample: pm-no-such-command: command not found" "missing command: said so"
is "$out" "" "missing command: no points"
run pm-sample -c load -- "$T"
is "$rc" 126 "a directory: exit 126"
like "$err" "^pm-sample: $T: Permission denied" "not runnable: said why"
run pm-sample -c load -- ./pm-no-such-file
is "$rc" 127 "missing file: exit 127"
like "$err" "pm-no-such-file: No such file or directory" "missing file: said so"

# Usage.
run pm-sample --
is "$rc" 2 "-- without a command: usage error"
like "$err" "no command after --" "-- without a command: said so"
run pm-sample --command-output "$T/x"
is "$rc" 2 "--command-output without a command: usage error"
run pm-sample sleep 1
is "$rc" 2 "a command without --: usage error"
like "$err" "a command goes after --" "a command without --: the hint"

# The command's standard output goes to our stderr (stdout is points), or
# to a file.
run pm-sample -c load -- sh -c 'echo to-out; echo to-err >&2'
is "$rc" 0 "output: exit 0"
is "$(printf '%s\n' "$out" | grep -c to-)" 0 "output: none of it among the points"
is "$err" "$(printf 'to-out\nto-err')" "output: both on stderr"
run pm-sample -c load --command-output "$T/cmd.out" -- sh -c 'echo to-out; echo to-err >&2'
is "$(cat "$T/cmd.out")" "to-out" "--command-output: stdout to the file"
is "$err" "to-err" "--command-output: stderr stays"
echo in-data | pm-sample -c load -- cat >/dev/null 2>"$T/err"
is "$(cat "$T/err")" "in-data" "the command reads our stdin"

# A command shorter than the priming interval still gets a sample, taken
# when it exits.
run pm-sample -i 10s -c load -- sleep 0.1
is "$rc" 0 "short command: exit 0"
n=$(printf '%s\n' "$out" | jq -r 'select(.metric == "load.1m" and .labels.summary == null) | .ts' | wc -l)
[ "$n" -ge 1 ]
ok $? "short command: sampled ($n)"

# -n: sampling stops, the command runs on.
run pm-sample -i 10ms -n 1 -c load -- sleep 0.5
is "$(printf '%s\n' "$out" | jq -r 'select(.metric == "load.1m" and .labels.summary == null) | .ts' | wc -l | tr -d ' ')" \
	1 "-n 1: one sample"
printf '%s\n' "$out" | jq -s -e 'map(select(.metric == "run.wall_time")) | .[0].value >= 0.5' >/dev/null
ok $? "-n 1: the command ran to its end"

# A reader that goes away stops the points, not the command: its status
# is still ours.
{ pm-sample -i 10ms -c load -- sh -c 'sleep 0.3; exit 5'; echo $? >"$T/st"; } 2>"$T/err" | head -1 >/dev/null
is "$(cat "$T/st")" 5 "closed pipe: the command's status"
is "$(cat "$T/err")" "" "closed pipe: quiet"

# The whole process tree is summed: the command's points count sh and the
# sleep it started.  The command waits (30 s at most) until it sees that.
{
	pm-sample -i 20ms -c load -- sh -c 'sleep 60 & s=$!; i=0
		until grep -q "\"metric\":\"proc.threads\",\"value\":[2-9]" "$1"; do
			i=$((i + 1)); [ $i -gt 1500 ] && { kill $s; exit 99; }
			sleep 0.02
		done; kill $s; wait $s 2>/dev/null; exit 0' sh "$T/tree"
	echo $? >"$T/st"
} | cat >"$T/tree"
is "$(cat "$T/st")" 0 "tree: a sample counted both processes"

# stopped PID: wait for pm-sample (PID) to end, 30 s at most, then end it
# and its command the hard way; its status.
stopped() {
	wait_for "! kill -0 $1 2>/dev/null" || pkill -KILL -P "$1"
	wait "$1"
}

# SIGTERM and SIGINT to pm-sample reach the command, which decides: here it
# exits 42 or 43, and pm-sample with it, after the summary.
for sig in TERM INT; do
	code=$([ $sig = TERM ] && echo 42 || echo 43)
	rm -f "$T/ready"
	pm-sample -i 20ms -c load -- sh -c "trap 'exit $code' $sig; touch '$T/ready'
		while :; do sleep 0.02; done" >"$T/sig" 2>"$T/sigerr" &
	pid=$!
	wait_for "[ -e '$T/ready' ]"
	kill -$sig $pid
	stopped $pid
	is "$?" "$code" "SIG$sig: passed on, pm-sample exits with the command's $code"
	is "$(jq -r 'select(.metric == "run.exit_status") | .value' "$T/sig")" "$code" \
		"SIG$sig: run.exit_status $code"
	is "$(jq -r 'select(.labels.summary == "max") | .metric' "$T/sig" | head -1)" "load.1m" \
		"SIG$sig: the summary is written"
done
# A command that does not catch it dies of it: 128 + 15.
rm -f "$T/ready"
pm-sample -i 20ms -c load -- sh -c "touch '$T/ready'; exec sleep 60" >"$T/sig" 2>&1 &
pid=$!
wait_for "[ -e '$T/ready' ]"
kill -TERM $pid
stopped $pid
is "$?" 143 "SIGTERM to an uncaught command: 143"
done_testing
