#!/bin/sh
# pm-sample's mem collector against frozen /proc trees, and live.
. "$(dirname "$0")/../lib.sh"

jq_true() { [ "$(jq -n "$1" 2>/dev/null)" = true ]; ok $? "$2"; }

# sys1/proc.1/meminfo (kB, x1024 for bytes):
#   MemTotal 16000000 -> 16384000000    MemAvailable 11500000 -> 11776000000
#   used = 16000000-11500000 = 4500000 -> 4608000000; 4500000/16000000 = 28.125% -> 28.13
#   MemFree 8000000 -> 8192000000       Buffers 400000 -> 409600000
#   cached = Cached 3000000 + SReclaimable 200000 = 3200000 -> 3276800000
#   SwapTotal 4000000 -> 4096000000; used = 4000000-3333333 = 666667 -> 682667008
#     666667/4000000 = 16.666675% -> 16.67
#   (reading 0 has other gauges; only reading 1's may show.)
# sys1/proc -> proc.1 vmstat over the 0.25 s priming interval:
#   pgfault +2500 -> 10000/s, pgmajfault +5 -> 20/s,
#   pswpin +10 -> 40 pages/s, pswpout +3 -> 12 pages/s
sample_fixture sys1 -n 1 -c mem >"$T/mem" 2>"$T/err"
ok $? "mem collector on the sys1 fixture"
same_file "$GOLDEN/sample-mem.ndjson" "$T/mem" "mem output is exact"
is "$(cat "$T/err")" "" "nothing on stderr"

# Two samples: the gauges come on every sample, the priming reading gives
# nothing.  Reading 2 reads proc/ again: pgfault 1002500 -> 1000000 went
# backwards, which reads as 0, never as a huge rate.
sample_fixture sys1 -n 2 -c mem >"$T/two"
is "$(wc -l <"$T/two" | tr -d ' ')" 28 "two samples: 14 points each"
is "$(jq -r 'select(.ts == "2026-11-22T10:00:01.250Z" and .metric == "mem.page_faults") | .value' "$T/two")" 0 \
	"a counter that goes back gives a rate of 0"
is "$(jq -r 'select(.ts == "2026-11-22T10:00:01.250Z" and .metric == "mem.available") | .value' "$T/two")" 11878400000 \
	"the second sample has reading 0's gauges (11600000 kB)"

# Without /proc/vmstat the meminfo gauges still stand, and no rates.
mkdir -p "$T/nv"
cp -R "$FIX/sys1/proc" "$T/nv/proc"
cp -R "$FIX/sys1/proc.1" "$T/nv/proc.1"
rm "$T/nv/proc/vmstat" "$T/nv/proc.1/vmstat"
PM_NOW=$PM_FIXTURE_NOW pm-sample -H fixture -n 1 -c mem --procfs "$T/nv/proc" \
	>"$T/nv.out" 2>"$T/err"
ok $? "no vmstat: success"
grep -Ev 'page_faults|swap\.(in|out)' "$GOLDEN/sample-mem.ndjson" >"$T/nv.want"
same_file "$T/nv.want" "$T/nv.out" "no vmstat: the 10 gauges, no rates"

# No swap at all: 0%, not a division by zero.
sed -e 's/^SwapTotal:.*/SwapTotal:             0 kB/' \
	-e 's/^SwapFree:.*/SwapFree:              0 kB/' "$FIX/sys1/proc.1/meminfo" \
	>"$T/nv/proc.1/meminfo"
PM_NOW=$PM_FIXTURE_NOW pm-sample -n 1 -c mem --procfs "$T/nv/proc" >"$T/ns"
is "$(jq -r 'select(.metric | startswith("mem.swap")) | "\(.metric)=\(.value)"' "$T/ns" | tr '\n' ' ')" \
	"mem.swap.total=0 mem.swap.used=0 mem.swap.used_percent=0 " "no swap: zeros"

# bad-mem: reading 1 has a garbage number, reading 2 is cut short,
# reading 3 is good again.  mem fails those readings cleanly, load goes on.
sample_fixture bad-mem -n 1 -c mem,load >"$T/out" 2>"$T/err"
is "$?" 1 "garbage number in meminfo: exit 1"
like "$(cat "$T/err")" '^pm-sample: mem: .*bad-mem/proc\.1/meminfo: line 3: not a number: "MemAvailable: +116OO000 kB"$' \
	"garbage number: the error names collector, file and line"
same_file "$GOLDEN/sample-load.ndjson" "$T/out" "garbage number: load still reports, mem emits nothing"

sample_fixture bad-mem -n 3 -c mem,load >"$T/out" 2>"$T/err"
is "$?" 1 "truncated meminfo: exit 1"
like "$(sed -n 2p "$T/err")" '^pm-sample: mem: .*bad-mem/proc\.2/meminfo: no Cached line \(truncated\?\)$' \
	"truncated meminfo: named"
is "$(wc -l <"$T/err" | tr -d ' ')" 2 "one message per bad reading"
# Reading 3 takes its rates from reading 0, the last good one, over
# 0.25 + 1 + 1 = 2.25 s: pgfault +4500 -> 2000/s, pgmajfault +9 -> 4/s,
# pswpin +0 -> 0, pswpout +45 -> 20 pages/s.
is "$(jq -r 'select(.ts == "2026-11-22T10:00:02.250Z" and (.metric | test("page_faults|swap\\.(in|out)"))) | .value' "$T/out" | tr '\n' ' ')" \
	"2000 4 0 20 " "after bad readings, rates run from the last good one"
is "$(grep -c '"metric":"mem\.' "$T/out")" 14 "only the good reading has mem points"
is "$(grep -c '"metric":"load\.' "$T/out")" 15 "load reports in every sample"

# Live: this machine's memory.
pm-sample -n 1 -c mem >"$T/live"
ok $? "live mem sample"
total=$(jq -r 'select(.metric == "mem.total") | .value' "$T/live")
used=$(jq -r 'select(.metric == "mem.used") | .value' "$T/live")
pct=$(jq -r 'select(.metric == "mem.used_percent") | .value' "$T/live")
jq_true "$used < $total and $total > 0" "live: mem.used < mem.total ($used < $total)"
jq_true "$pct >= 0 and $pct <= 100" "live: mem.used_percent within 0..100 ($pct)"
if [ -r /proc/vmstat ]; then
	is "$(grep -c '"metric":"mem\.' "$T/live")" 14 "live: 14 mem points"
else
	skip "no /proc/vmstat on this machine"
fi
done_testing
