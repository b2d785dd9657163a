#!/bin/sh
# pm-sample's gpu collector on AMD GPUs, against frozen amdgpu sysfs trees.
. "$(dirname "$0")/../lib.sh"

# No NVIDIA GPU of this machine takes part.
PM_NVML_LIBRARY=$T/none PM_NVIDIA_SMI=$T/none
export PM_NVML_LIBRARY PM_NVIDIA_SMI

# amdgpu/sys (reading 0, priming) and sys.1; gauges, so reading 1 is the
# first sample and reading 2 reads sys again.  class/drm has card0 (an RX
# 6800-like board, 1002:73BF, no product_name), card0-DP-1 (a connector),
# card1 (Intel, vendor 0x8086) and card2 (an APU, "AMD Radeon 780M");
# renderD128 is no card.
#   card0, sys.1 then sys: busy 100 then 87 %, memory busy 41 then 23 %;
#     VRAM 8589934592 then 4294967296 of 17163091968 B (50.05 %, 25.02 %);
#     GTT 52428800 of 33554432000 B; hwmon3: temp1 63500 -> 63.5 then 61 C
#     (temp2 is not the edge sensor); power1_average 231456789 uW ->
#     231.457 W (to the mW) then 187 W; power1_cap 255 W; freq1 2500 then
#     2205 MHz, freq2 1000 MHz (hertz in the files); pwm1 128/255 ->
#     50.2 % then 102/255 -> 40 %
#   card2: busy 12 then 4 %; mem_busy_percent does not answer (a folder):
#     left out; VRAM 402653184 of 536870912 B (75 %); GTT 2147483648 then
#     1073741824 of 16777216000 B; hwmon5 has power1_input (newer kernels)
#     15.5 then 9.123 W, cap 54 W, temp1 50.125 then 48 C, freq1 2700 then
#     800 MHz; no freq2, no pwm1: left out
sample_fixture amdgpu -n 2 -c gpu >"$T/amd" 2>"$T/err"
ok $? "amdgpu fixture: success"
same_file "$GOLDEN/sample-gpu-amdgpu.ndjson" "$T/amd" "amdgpu: exact"
is "$(cat "$T/err")" "" "amdgpu: nothing on stderr"

# By default, too: the gpu collector is available on this tree.
sample_fixture amdgpu -n 1 >"$T/default" 2>"$T/err"
is "$(jq -r .metric "$T/default" | grep -c '^gpu\.')" 23 \
	"amdgpu: the gpu collector runs by default"

# A file holding something else than a number fails the reading, naming
# the file; the sample writes nothing.
cp -R "$FIX/amdgpu" "$T/bad"
echo busy >"$T/bad/sys.1/class/drm/card0/device/gpu_busy_percent"
PM_NOW=$PM_FIXTURE_NOW pm-sample -n 1 -c gpu --sysfs "$T/bad/sys" \
	>"$T/out" 2>"$T/err"
is "$?" 1 "garbage in gpu_busy_percent: exit 1"
like "$(cat "$T/err")" \
	'^pm-sample: gpu: .*/bad/sys\.1/class/drm/card0/device/gpu_busy_percent: not a number: "busy"$' \
	"garbage: the file is named"
is "$(cat "$T/out")" "" "garbage: nothing half-done"

# No AMD card and no NVIDIA GPU: skipped by default, an error when asked.
sample_fixture sys1 -n 1 -c gpu >"$T/out" 2>"$T/err"
is "$?" 1 "no GPU: -c gpu is an error"
like "$(cat "$T/err")" '^pm-sample: gpu: not available on this system' \
	"no GPU: said so"
sample_fixture sys1 -n 1 >"$T/out" 2>"$T/err"
is "$(jq -r .metric "$T/out" | grep -c '^gpu\.')" 0 "no GPU: no gpu points"

# Every metric has its row in pm-points(5), with its unit.
jq -r '"\(.metric) \(.unit)"' "$T/amd" | sort -u | while read -r m u; do
	grep -qF ".It $m Ta $u Ta " "$PM_TOP/man/pm-points.5" || echo "$m"
done >"$T/undoc"
is "$(cat "$T/undoc")" "" "pm-points(5) lists every metric with its unit"

# Live, where this machine has an AMD GPU.
if grep -qx 0x1002 /sys/class/drm/card*/device/vendor 2>/dev/null; then
	env -u PM_NVML_LIBRARY -u PM_NVIDIA_SMI pm-sample -n 1 -c gpu \
		>"$T/live" 2>"$T/err"
	ok $? "live amdgpu sample"
	is "$(jq -r 'select(.unit == "percent" and (.value < 0 or .value > 100)) | .metric' "$T/live")" "" \
		"live: percentages between 0 and 100"
else
	skip "no AMD GPU on this machine"
	skip "no AMD GPU on this machine"
fi
done_testing
