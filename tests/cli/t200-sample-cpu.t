#!/bin/sh
# pm-sample's cpu and load collectors against frozen /proc trees.
. "$(dirname "$0")/../lib.sh"

# sys1/proc -> proc.1 over the 0.25 s priming interval (25 ticks per CPU):
#   total: user +20 system +10 idle +14 iowait +4 irq +1 softirq +1 = 50 ticks
#     usage = (50-14-4)/50 = 64%, user 40%, system 20%, idle 28%, iowait 8%
#   cpu0: user +12 system +6 idle +5 iowait +1 irq +1 = 25 -> usage 76%
#   cpu1: user +8 system +4 idle +9 iowait +3 softirq +1 = 25 -> usage 52%
#   ctxt +1000 -> 4000/s, processes +5 -> 20/s, intr +2500 -> 10000/s
sample_fixture sys1 -n 1 -c cpu >"$T/cpu" 2>"$T/err"
ok $? "cpu collector on the sys1 fixture"
same_file "$GOLDEN/sample-cpu.ndjson" "$T/cpu" "cpu output is exact"
is "$(cat "$T/err")" "" "nothing on stderr"

# load: reading 1 holds "1.25 0.75 0.60 3/1030": gauges, no rates.
sample_fixture sys1 -n 1 -c load >"$T/load"
same_file "$GOLDEN/sample-load.ndjson" "$T/load" "load output is exact"

# A truncated /proc/stat: the cpu collector fails with a clear message,
# load still reports, and the run ends with status 1.
sample_fixture bad-cpu -n 1 -c cpu,load >"$T/out" 2>"$T/err"
is "$?" 1 "truncated /proc/stat: exit 1"
like "$(cat "$T/err")" '^pm-sample: cpu: .*bad-cpu/proc\.1/stat: line 2: cannot parse' \
	"truncated /proc/stat: the error names collector, file and line"
same_file "$GOLDEN/sample-load.ndjson" "$T/out" "truncated /proc/stat: load still reports"

sample_fixture bad-cpu2 -n 1 -c cpu,load >"$T/out" 2>"$T/err"
is "$?" 1 "garbage number in /proc/stat: exit 1"
like "$(cat "$T/err")" 'bad-cpu2/proc\.1/stat: line 3: cannot parse: "cpu1 4x008' \
	"garbage number: the error quotes the line"
is "$(grep -c '"metric":"load\.' "$T/out")" 5 "garbage number: load still reports"

# Three samples on a pinned clock fall exactly on the schedule: the
# priming interval (250 ms), then every interval.
sample_fixture sys1 -n 3 -i 1s -c load | jq -r .ts | uniq >"$T/ts"
printf '%s\n' 2026-11-22T10:00:00.250Z 2026-11-22T10:00:01.250Z \
	2026-11-22T10:00:02.250Z >"$T/want"
same_file "$T/want" "$T/ts" "samples fall on absolute deadlines"

# Live: this machine's CPU, plausible values.
pm-sample -n 2 -i 200ms -c cpu >"$T/live"
ok $? "live cpu sample"
bad=$(jq -r 'select(.unit == "percent" and (.value < 0 or .value > 100)) | .metric' "$T/live")
is "$bad" "" "live percentages lie within 0..100"
ncpu=$(jq -r 'select(.metric == "cpu.count") | .value' "$T/live" | head -1)
is "$ncpu" "$(grep -c '^cpu[0-9]' /proc/stat)" "cpu.count matches /proc/stat"
is "$(jq -r 'select(.metric == "cpu.usage" and .labels.cpu == "total") | .metric' "$T/live" | wc -l | tr -d ' ')" 2 \
	"one total usage point per sample"
done_testing
