#!/bin/sh
# pm-sample's npu collector against frozen intel_vpu sysfs trees.
. "$(dirname "$0")/../lib.sh"

# npu/sys, sys.1, sys.2: class/accel has accel0 and accel1 (intel_vpu, by
# DRIVER= in device/uevent) and accel2 (habanalabs: not ours).
#   accel0, kernel 6.15 files: npu_busy_time_us 1000000 -> 1125000 over the
#     0.25 s priming interval: 125000 us / 250000 us = 50 %; then
#     1925000 over 1 s: 80 %; npu_memory_utilization 536870912 B;
#     npu_current_frequency_mhz 1400 -> 1400000000 Hz; max 1400 MHz
#   accel1, kernel 7.2 freq/ files (preferred to the old names): busy 77
#     -> 77: 0 %, then 250077: 25 %; no memory file: left out;
#     freq/current_freq 0 (idle) then 1850 MHz; freq/hw_max_freq 1950 MHz
sample_fixture npu -n 2 -c npu >"$T/npu" 2>"$T/err"
ok $? "npu fixture: success"
same_file "$GOLDEN/sample-npu.ndjson" "$T/npu" "npu: exact"
is "$(cat "$T/err")" "" "npu: nothing on stderr"

# Reading 3 reads sys again: the busy counters went back (a reset), which
# says nothing about the interval: no utilization, the rest is there.
sample_fixture npu -n 3 -c npu >"$T/three" 2>"$T/err"
is "$(jq -r 'select(.ts == "2026-11-22T10:00:02.250Z") | .metric' "$T/three" | tr '\n' ' ')" \
	"npu.memory.used npu.frequency npu.frequency.max npu.frequency npu.frequency.max " \
	"a counter that went back: no utilization that sample"

# By default, too.
sample_fixture npu -n 1 >"$T/default" 2>"$T/err"
is "$(jq -r .metric "$T/default" | grep -c '^npu\.')" 7 \
	"npu: the collector runs by default"

# Garbage in a file fails the reading, naming the file.
cp -R "$FIX/npu" "$T/bad"
echo lots >"$T/bad/sys.1/class/accel/accel0/device/npu_memory_utilization"
PM_NOW=$PM_FIXTURE_NOW pm-sample -n 1 -c npu --sysfs "$T/bad/sys" \
	>"$T/out" 2>"$T/err"
is "$?" 1 "garbage: exit 1"
like "$(cat "$T/err")" \
	'^pm-sample: npu: .*/bad/sys\.1/class/accel/accel0/device/npu_memory_utilization: not a number: "lots"$' \
	"garbage: the file is named"
is "$(cat "$T/out")" "" "garbage: nothing half-done"

# No NPU: skipped by default, an error when asked for.
sample_fixture sys1 -n 1 -c npu >"$T/out" 2>"$T/err"
is "$?" 1 "no NPU: -c npu is an error"
like "$(cat "$T/err")" '^pm-sample: npu: not available on this system' \
	"no NPU: said so"

# Every metric has its row in pm-points(5), with its unit.
jq -r '"\(.metric) \(.unit)"' "$T/npu" | sort -u | while read -r m u; do
	grep -qF ".It $m Ta $u Ta " "$PM_TOP/man/pm-points.5" || echo "$m"
done >"$T/undoc"
is "$(cat "$T/undoc")" "" "pm-points(5) lists every metric with its unit"

# Live, where this machine has an Intel NPU.
if grep -qs '^DRIVER=intel_vpu$' /sys/class/accel/accel*/device/uevent; then
	pm-sample -n 1 -c npu >"$T/live" 2>"$T/err"
	ok $? "live npu sample"
	like "$(jq -r .metric "$T/live" | sort -u | tr '\n' ' ')" 'npu\.' \
		"live: npu points"
else
	skip "no Intel NPU on this machine"
	skip "no Intel NPU on this machine"
fi
done_testing
