#!/bin/sh
# pm-sample -p, --proc and --top against frozen /proc trees, and live.
. "$(dirname "$0")/../lib.sh"

# procs/proc -> proc.1 over the 0.25 s priming interval, at 100 ticks a
# second (25 ticks = 100% of one CPU); sizes in kB in status (VmRSS):
#   100 python3  utime+stime 6000 -> 6045: 45 ticks = 180%, 8 threads,
#       VmRSS 2048000 kB = 2097152000, 6 fds, read_bytes +250000 -> 1000000/s,
#       write_bytes +4096 -> 16384/s
#   102 nginx    300 -> 308 = 32%, 6000 kB, 12 fds, write +25000 -> 100000/s
#   108 worker   120 -> 123 = 12%, a zombie in proc.1: CPU and I/O only,
#       read +1000 -> 4000/s
#   1 systemd    150 -> 151 = 4%, 12000 kB, 4 fds, no io file: no I/O points
sample_fixture procs -n 1 -p 102,100,108,1 >"$T/out" 2>"$T/err"
ok $? "-p on the procs fixture"
same_file "$GOLDEN/sample-proc-pid.ndjson" "$T/out" "-p: exact, in the order given"
is "$(cat "$T/err")" "" "-p: nothing on stderr"

# --top 3: most CPU 100 (45 ticks), 105 (born since: 15 ticks from 0 =
# 60%, write 40960 from 0 -> 163840/s), 102 (8); most memory (stat rss
# pages) 100, 103 (25000), 106 (5000: a reused pid, "ld" now, born since:
# 5 ticks = 20%, read 2048 -> 8192/s).  Each once, CPU list first.
sample_fixture procs -n 1 --top 3 >"$T/out" 2>"$T/err"
ok $? "--top on the procs fixture"
same_file "$GOLDEN/sample-proc-top.ndjson" "$T/out" "--top 3: exact"
sample_fixture procs -n 1 --top 2 | jq -r .labels.pid | uniq | paste -sd ' ' - >"$T/pids"
is "$(cat "$T/pids")" "100 105 103" "--top 2: two by CPU, then one more by memory"

# --proc: by comm (nginx: both), by argv[0] when the comm is cut to 15
# bytes, a comm with parentheses, a kernel thread (no VmRSS: rss 0, no fd
# directory: no fds point); in pid order.
sample_fixture procs -n 1 --proc nginx --proc a-very-long-program-name \
	--proc '(sd-pam)' --proc kworker/0:1 >"$T/out" 2>"$T/err"
ok $? "--proc on the procs fixture"
same_file "$GOLDEN/sample-proc-name.ndjson" "$T/out" "--proc: exact"
run sample_fixture procs -n 1 --proc python3
is "$(printf '%s\n' "$out" | jq -r .labels.pid | uniq | paste -sd ' ' -)" "100 108" \
	"--proc python3: the comm, and a worker whose argv[0] is python3"
run sample_fixture procs -n 1 --proc train.py
is "$out" "" "--proc: the second argument is not the name"

# A process that is gone at the sample is left out, quietly.
run sample_fixture procs -n 1 -p 107,1
is "$rc" 0 "-p of a process that exited: exit 0"
is "$err" "" "-p of a process that exited: quiet"
is "$(printf '%s\n' "$out" | jq -r .labels.pid | sort -u)" "1" "-p: the one that exited is dropped"

# A zombie is shown once: it has exited, reaped or not (108 is still one
# in proc.2).  With nothing else to sample, pm-sample then ends.
run sample_fixture procs -n 3 -p 108
is "$(printf '%s\n' "$out" | jq -r '"\(.ts) \(.metric)"' | paste -sd ' ' -)" \
	"2026-11-22T10:00:00.250Z proc.cpu 2026-11-22T10:00:00.250Z proc.read.bytes 2026-11-22T10:00:00.250Z proc.write.bytes" \
	"-p of a zombie: one sample, CPU and I/O only, then done"

# Only asked about processes: no system collector; with -c, both.
is "$(sample_fixture procs -n 1 -p 1 -c cpu | jq -r .metric | sed 's/\..*//' | sort -u | paste -sd ' ' -)" \
	"cpu proc" "-p with -c: processes and the collectors named"

# A process that does not exist is an error at start; bad values are
# usage errors.
run sample_fixture procs -n 1 -p 1,110
is "$rc" 1 "-p of a process that never existed: exit 1"
like "$err" "^pm-sample: -p: no process 110$" "-p: the missing process is named"
is "$out" "" "-p of a missing process: nothing written"
for bad in abc 0 -3 1,,2 1, '' 99999999999; do
	run pm-sample -n 1 -p "$bad"
	is "$rc" 2 "-p '$bad': usage error"
done
for bad in 0 x -1 ''; do
	run pm-sample -n 1 --top "$bad"
	is "$rc" 2 "--top '$bad': usage error"
done
run pm-sample -n 1 --proc ''
is "$rc" 2 "--proc '': usage error"

# A bad stat file fails the reading with file and line, exit 1.
cp -R "$FIX/procs" "$T/bad"
printf '102 (nginx) S 101 x\n' >"$T/bad/proc.1/102/stat"
run env PM_NOW=$PM_FIXTURE_NOW pm-sample -n 1 --procfs "$T/bad/proc" --top 2
is "$rc" 1 "bad stat file: exit 1"
like "$err" '^pm-sample: proc: .*/bad/proc\.1/102/stat: cannot parse: "102 \(nginx\) S 101 x' \
	"bad stat file: the file is named and quoted"

# Live: this machine.
sleep 30 &
spid=$!
pm-sample -n 1 -i 100ms --proc sleep >"$T/live" 2>"$T/err"
ok $? "--proc sleep, live"
jq -e -s --arg p "$spid" 'map(select(.labels.pid == $p and .labels.comm == "sleep")) | length >= 4' \
	"$T/live" >/dev/null
ok $? "--proc sleep finds the sleep started here"
pm-sample -n 2 -i 100ms --top 3 >"$T/live" 2>"$T/err"
ok $? "--top 3, live"
is "$(cat "$T/err")" "" "--top 3, live: nothing on stderr"
n=$(jq -r '[.ts, .labels.pid] | @tsv' "$T/live" | sort -u | cut -f1 | uniq -c | awk '$1 > 6' | wc -l)
is "$n" 0 "--top 3: at most 6 processes a sample"
bad=$(jq -r 'select(.value < 0) | .metric' "$T/live")
is "$bad" "" "--top 3: no negative values"

# -p of a process that exits mid-run: the others go on; once all are gone
# pm-sample ends by itself.  Each step waits for what it needs to see,
# never for a fixed time.
sleep 60 &
a=$!
sleep 60 &
b=$!
pm-sample -i 20ms -p "$a,$b" | cat >"$T/run" &
samples_of() { # samples_of PID [FROM-LINE]: the times of its samples
	tail -n +"${2:-1}" "$T/run" | grep "\"pid\":\"$1\"" | jq -r .ts | uniq
}
wait_for '[ -n "$(samples_of $a)" ] && [ -n "$(samples_of $b)" ]'
ok $? "-p: both processes sampled"
kill $a
wait $a 2>/dev/null
# The sample under way may still show it; the one after cannot.
mark=$(($(wc -l <"$T/run") + 1))
wait_for '[ "$(samples_of $b $mark | wc -l)" -ge 2 ]'
ok $? "-p: after one exits, the other is still sampled"
ts2=$(samples_of $b $mark | sed -n 2p)
is "$(jq -r --arg p "$a" --arg t "$ts2" 'select(.labels.pid == $p and .ts >= $t) | .ts' "$T/run")" "" \
	"-p: the one that exited is dropped"
kill $b
wait $b 2>/dev/null
wait_for "! kill -0 $! 2>/dev/null"
ok $? "-p: pm-sample ends once every process is gone"
kill $spid 2>/dev/null
wait $spid 2>/dev/null
done_testing
