#!/bin/sh
# pm-sample's pressure collector against frozen /proc/pressure trees, and
# live where this machine has pressure stall information.
. "$(dirname "$0")/../lib.sh"


# avg10/avg60/avg300 are reading 1's, as the kernel wrote them (45.10 ->
# 45.1).  stalled = delta(total µs) / 1e6 / 0.25 s * 100, two decimals:
#   cpu some    10000000 -> 10050000: 50000 µs  -> 20%
#   cpu full    0 -> 0                          -> 0
#   io some     5000000 -> 5001234:   1234 µs   -> 0.4936% -> 0.49
#   io full     4000000 -> 4000617:   617 µs    -> 0.2468% -> 0.25
#   memory some 2000000 -> 2251000:   251000 µs -> 100.4%  -> clamped to 100
#   memory full 1500000 -> 1625000:   125000 µs -> 50%
#   irq full    300000 -> 300333:     333 µs    -> 0.1332% -> 0.13
#   (irq has no "some" line: none is made up.)
sample_fixture sys1 -n 1 -c pressure >"$T/psi" 2>"$T/err"
ok $? "pressure collector on the sys1 fixture"
same_file "$GOLDEN/sample-pressure.ndjson" "$T/psi" "pressure output is exact"
is "$(cat "$T/err")" "" "nothing on stderr"

# Counters that go back (readings swapped) read as no stall at all, and
# each file is optional: without irq and io, cpu and memory still report.
mkdir -p "$T/sw"
cp -R "$FIX/sys1/proc.1" "$T/sw/proc"
cp -R "$FIX/sys1/proc" "$T/sw/proc.1"
rm "$T/sw/proc/pressure/irq" "$T/sw/proc/pressure/io" \
	"$T/sw/proc.1/pressure/irq" "$T/sw/proc.1/pressure/io"
PM_NOW=$PM_FIXTURE_NOW pm-sample -n 1 -c pressure --procfs "$T/sw/proc" >"$T/out"
ok $? "swapped readings, two files: success"
is "$(jq -r 'select(.metric | endswith(".stalled")) | "\(.metric)=\(.value)"' "$T/out" | tr '\n' ' ')" \
	"pressure.cpu.some.stalled=0 pressure.cpu.full.stalled=0 pressure.memory.some.stalled=0 pressure.memory.full.stalled=0 " \
	"counters that go back: 0, for the files present"
is "$(jq -r 'select(.metric == "pressure.memory.some.avg10") | .value' "$T/out")" 0.8 \
	"the averages are the new reading's"

# A file that is there but garbled fails the reading, naming file and line.
printf 'some avg10=0.12 avg60=0.05 avg300=0.01 total=123456\nfull avg10=0.1O avg60=0.05 avg300=0.01 total=99\n' \
	>"$T/sw/proc.1/pressure/cpu"
PM_NOW=$PM_FIXTURE_NOW pm-sample -n 1 -c pressure --procfs "$T/sw/proc" >"$T/out" 2>"$T/err"
is "$?" 1 "garbled pressure file: exit 1"
like "$(cat "$T/err")" '^pm-sample: pressure: .*/sw/proc\.1/pressure/cpu: line 2: cannot parse: "full avg10=0\.1O' \
	"garbled pressure file: named with its line"
is "$(cat "$T/out")" "" "garbled pressure file: nothing half-done"
: >"$T/sw/proc.1/pressure/cpu"
PM_NOW=$PM_FIXTURE_NOW pm-sample -n 1 -c pressure --procfs "$T/sw/proc" >"$T/out" 2>"$T/err"
like "$(cat "$T/err")" 'proc\.1/pressure/cpu: no some or full line \(truncated\?\)$' \
	"empty pressure file: named"

# A tree without /proc/pressure: asking for it is an error.
sample_fixture bad-mem -n 1 -c pressure >"$T/out" 2>"$T/err"
is "$?" 1 "no pressure files: exit 1"
like "$(cat "$T/err")" '^pm-sample: pressure: not available on this system' \
	"no pressure files: said so"

# Live, where the kernel has PSI.
if [ -r /proc/pressure/cpu ] || [ -r /proc/pressure/memory ] ||
    [ -r /proc/pressure/io ]; then
	pm-sample -n 2 -i 200ms -c pressure >"$T/live" 2>"$T/err"
	ok $? "live pressure sample"
	is "$(jq -r 'select(.unit != "percent" or .value < 0 or .value > 100) | .metric' "$T/live")" "" \
		"live: every value a percentage within 0..100"
	is "$(jq -r 'select(.metric | endswith(".stalled")) | .metric' "$T/live" | sort -u | wc -l | tr -d ' ')" \
		"$(cat /proc/pressure/* 2>/dev/null | grep -cE '^(some|full) ')" \
		"live: one stalled share per some/full line"
else
	skip "no /proc/pressure on this machine"
	skip "no /proc/pressure on this machine"
	skip "no /proc/pressure on this machine"
fi
done_testing
