#!/bin/sh
# pm-sample's gpu and gpu-proc collectors on NVIDIA GPUs without a GPU: a
# stand-in NVML library (tests/stand-in/nvml_stub.c) and a stand-in
# nvidia-smi (tests/stand-in/nvidia-smi), both answering from one
# description of two GPUs (tests/fixtures/gpu/nvml-2gpu.conf).
. "$(dirname "$0")/../lib.sh"

STANDIN=$PM_TOP/tests/stand-in
CONF=$FIX/gpu/nvml-2gpu.conf

# The stand-in libraries: built by make (PM_STANDIN), or here.
if [ -n "${PM_STANDIN:-}" ] && [ -f "$PM_STANDIN/libnvidia-ml-stub.so" ]; then
	STUB=$PM_STANDIN/libnvidia-ml-stub.so
	OLD=$PM_STANDIN/libnvidia-ml-old.so
else
	STUB=$T/libnvidia-ml-stub.so
	OLD=$T/libnvidia-ml-old.so
	${CC:-cc} -std=c17 -D_GNU_SOURCE -O1 -shared -fPIC -o "$STUB" \
		"$STANDIN/nvml_stub.c" &&
	${CC:-cc} -std=c17 -D_GNU_SOURCE -DSTUB_OLD_DRIVER -O1 -shared -fPIC \
		-o "$OLD" "$STANDIN/nvml_stub.c" || {
		echo "1..0 # skip cannot build the stand-in NVML library"
		exit 0
	}
fi

# No real GPU tool takes part: NVML is the stand-in or nothing, and
# nvidia-smi is the stand-in or nothing.
NONE=$T/none
mkdir -p "$T/nobin" "$T/state"
export PM_NVML_STUB_CONFIG="$CONF"

gpu_nvml() { # gpu_nvml LIBRARY [pm-sample options]
	_lib=$1
	shift
	PM_NVML_LIBRARY=$_lib PM_NVIDIA_SMI=$NONE PM_NOW=$PM_FIXTURE_NOW \
		pm-sample -H fixture --procfs "$FIX/gpu/proc" "$@"
}
gpu_smi() { # gpu_smi [pm-sample options]: NVML missing, nvidia-smi there
	rm -f "$T/state"/*
	PM_NVML_LIBRARY=$NONE PM_NVSMI_STUB_STATE=$T/state \
		PM_NVIDIA_SMI=nvidia-smi PATH=$STANDIN:$PATH PM_NOW=$PM_FIXTURE_NOW \
		pm-sample -H fixture --procfs "$FIX/gpu/proc" "$@"
}

# Two GPUs through NVML, two samples (reading 0 primes; see the .conf):
#   GPU 0, H100: utilization 37 then 41, memory 12 then 15 %;
#     used 20480 MiB = 21474836480 B of 81559 MiB = 85520809984 B
#     (25.11 %), then 20992 MiB = 22011707392 B (25.74 %);
#     45 then 46 C; 312.45 then 320.5 W of 700 W; energy
#     123534889 - 123456789 mJ = 78.1 J, then 80.25 J; SM 1980 MHz,
#     memory 2619 MHz; no fan (Not Supported: left out); reasons 0x4 =
#     sw_power_cap, then 0x24 = 36 = sw_power_cap + sw_thermal_slowdown
#   GPU 1, RTX 3090: 3 then 0 %, 1 then 0 %; 512 of 24576 MiB (2.08 %);
#     38 C; 33.25 then 22.1 W of 350 W; no energy counter (left out);
#     clocks 1395/9751 then 210/405 MHz; fan 30 %; reasons 0, then
#     0x1 = gpu_idle
gpu_nvml "$STUB" -n 2 -c gpu >"$T/nvml" 2>"$T/err"
ok $? "gpu through NVML: success"
same_file "$GOLDEN/sample-gpu-nvml.ndjson" "$T/nvml" "gpu through NVML: exact"
is "$(cat "$T/err")" "" "gpu through NVML: nothing on stderr"

# An old driver: nvmlInit, nvmlDeviceGetCount, nvmlDeviceGetMemoryInfo,
# nvmlDeviceGetCurrentClocksThrottleReasons ... and no _v2 names.
gpu_nvml "$OLD" -n 2 -c gpu >"$T/old" 2>"$T/err"
same_file "$GOLDEN/sample-gpu-nvml.ndjson" "$T/old" \
	"old NVML names: the same points"

# NVML missing, nvidia-smi on PATH: the same points, but energy (NVML
# only).  The first reading asks for the fields a driver may refuse one by
# one (after the probe); later readings are one run.
grep -v '"gpu.energy"' "$GOLDEN/sample-gpu-nvml.ndjson" >"$T/want-smi"
gpu_smi -n 2 -c gpu >"$T/smi" 2>"$T/err"
ok $? "gpu through nvidia-smi: success"
same_file "$T/want-smi" "$T/smi" "nvidia-smi fallback: the same points"
is "$(cat "$T/err")" "" "nvidia-smi fallback: nothing on stderr"
BASE=index,uuid,name,utilization.gpu,utilization.memory,memory.used,memory.total,temperature.gpu,power.draw,clocks.sm,clocks.mem,fan.speed
cat >"$T/want-calls" <<EOF
index
$BASE
index,enforced.power.limit
index,clocks_event_reasons.active
$BASE,enforced.power.limit,clocks_event_reasons.active
$BASE,enforced.power.limit,clocks_event_reasons.active
EOF
same_file "$T/want-calls" "$T/state/calls" \
	"nvidia-smi: probe, learn the risky fields, then one run a sample"

# A driver from before 535 does not know clocks_event_reasons: the old
# name is tried, and nothing is lost.
PM_NVSMI_STUB_REJECT=clocks_event_reasons.active gpu_smi -n 2 -c gpu \
	>"$T/smi-old" 2>"$T/err"
same_file "$T/want-smi" "$T/smi-old" \
	"nvidia-smi refusing clocks_event_reasons: the same points"
like "$(sed -n 4,6p "$T/state/calls" | tr '\n' ' ')" \
	'^index,clocks_event_reasons.active index,clocks_throttle_reasons.active .*,clocks_throttle_reasons.active $' \
	"the older name is learnt and kept"

# A driver that knows neither name of the reasons nor of the power limit:
# the other fields are all still there.
PM_NVSMI_STUB_REJECT='clocks_event_reasons.active clocks_throttle_reasons.active enforced.power.limit power.limit' \
	gpu_smi -n 2 -c gpu >"$T/smi-few" 2>"$T/err"
ok $? "nvidia-smi refusing risky fields: success"
grep -v -e '"gpu.throttle' -e '"gpu.power.limit"' "$T/want-smi" >"$T/want-few"
same_file "$T/want-few" "$T/smi-few" \
	"nvidia-smi refusing risky fields: the others are reported"
is "$(tail -1 "$T/state/calls")" "$BASE" "refused fields are not asked again"

# NVML and nvidia-smi both missing: skipped quietly by default, an error
# when asked for.
run env PM_NVML_LIBRARY="$NONE" PM_NVIDIA_SMI="$NONE" PM_NOW=$PM_FIXTURE_NOW \
	pm-sample -n 1 --procfs "$FIX/sys1/proc" --sysfs "$FIX/sys1/sys" \
	--rootfs "$FIX/sys1/rootfs"
is "$rc" 0 "no NVML, no nvidia-smi, default collectors: exit 0"
is "$err" "" "no NVML, no nvidia-smi: quiet"
is "$(printf '%s\n' "$out" | grep -c '"metric":"gpu')" 0 "no gpu points"
run env PM_NVML_LIBRARY="$NONE" PM_NVIDIA_SMI=nvidia-smi PATH="$T/nobin" \
	PM_NOW=$PM_FIXTURE_NOW \
	"$PM_BIN/pm-sample" -n 1 -c gpu
is "$rc" 1 "-c gpu without NVML or nvidia-smi: exit 1"
like "$err" '^pm-sample: gpu: not available on this system' \
	"-c gpu without NVML or nvidia-smi: said so"
run env PM_NVML_LIBRARY="$NONE" PM_NOW=$PM_FIXTURE_NOW \
	pm-sample -n 1 -c gpu-proc
is "$rc" 1 "-c gpu-proc without NVML: exit 1"
like "$err" '^pm-sample: gpu-proc: not available' "-c gpu-proc: said so"

# The library is there but the driver is not (nvmlInit fails), and so
# fails nvidia-smi: the same.
run env PM_NVML_STUB_CONFIG= PM_NVML_LIBRARY="$STUB" PM_NVIDIA_SMI=nvidia-smi \
	PATH="$STANDIN:$PATH" \
	PM_NOW=$PM_FIXTURE_NOW pm-sample -n 1 -c gpu
is "$rc" 1 "NVML without a driver: -c gpu is an error"
like "$err" '^pm-sample: gpu: not available' "NVML without a driver: said so"

# Per-process GPU memory: GPU 0 has pid 4242 (python3 in the fixture's
# proc) with 20000 MiB = 20971520000 B, and pid 4343 whose memory NVML
# cannot tell (left out); GPU 1 has pid 999999, 512 MiB, whose name
# cannot be read (comm "").
gpu_nvml "$STUB" -n 1 -c gpu-proc >"$T/proc" 2>"$T/err"
ok $? "gpu-proc: success"
same_file "$GOLDEN/sample-gpu-proc.ndjson" "$T/proc" "gpu-proc: exact"
gpu_nvml "$OLD" -n 1 -c gpu-proc >"$T/proc-old" 2>"$T/err"
same_file "$GOLDEN/sample-gpu-proc.ndjson" "$T/proc-old" \
	"gpu-proc through the old call (nvmlProcessInfo_v1_t): the same"

# By default: gpu yes (its 25 points of the first sample), gpu-proc no.
PM_NVML_LIBRARY=$STUB PM_NVIDIA_SMI=$NONE sample_fixture sys1 -n 1 \
	>"$T/default" 2>"$T/err"
is "$(jq -r .metric "$T/default" | grep -c '^gpu\.')" 25 \
	"default collectors: gpu, without gpu-proc"

# Edge cases, each in a description of its own.
edge() { # edge NAME: a one-GPU description from standard input
	{
		echo "gpu 0"
		echo "name Edge GPU"
		echo "uuid GPU-edge"
		cat
	} >"$T/$1.conf"
}
# More processes than the first buffer holds: NVML says "insufficient
# size" and the call is made again.
i=0
while [ $i -lt 40 ]; do
	echo "process $((50000 + i)) $((i + 1))"
	i=$((i + 1))
done | edge many
PM_NVML_STUB_CONFIG=$T/many.conf gpu_nvml "$STUB" -n 1 -c gpu-proc \
	>"$T/many" 2>"$T/err"
is "$(wc -l <"$T/many" | tr -d ' ')" 40 "40 processes: all reported"
is "$(jq -s 'map(.value) | add' "$T/many")" $((820 * 1048576)) \
	"40 processes: their memory (1 + ... + 40 MiB)"

# A field that is not supported is not asked again; one with no data for
# now ([N/A]: NVML_ERROR_NO_DATA) is, and comes back.
edge again <<EOF
fan.speed [Not Supported] 55
temperature.gpu 40 [N/A] 42
EOF
PM_NVML_STUB_CONFIG=$T/again.conf gpu_nvml "$STUB" -n 2 -c gpu \
	>"$T/again" 2>"$T/err"
is "$(jq -r '[.metric, .value] | @tsv' "$T/again" | tr '\t\n' '= ')" \
	"gpu.temperature=42 " "unsupported left out for good, no data left out once"

# Another error of one field leaves it out of that sample only.
edge flaky <<EOF
temperature.gpu 40 [Unknown Error] 42
power.draw 10.00
EOF
PM_NVML_STUB_CONFIG=$T/flaky.conf gpu_nvml "$STUB" -n 2 -c gpu \
	>"$T/flaky" 2>"$T/err"
is "$?" 0 "an unknown error in one field: exit 0"
is "$(jq -r '[.metric, .value] | @tsv' "$T/flaky" | tr '\t\n' '= ')" \
	"gpu.power=10 gpu.temperature=42 gpu.power=10 " \
	"an unknown error in one field: that field left out of that sample"

# A GPU falling off the bus fails the reading, naming the call; the
# sample before is whole, the failed one writes nothing.
edge lost <<EOF
utilization.gpu 1 2 3
utilization.memory 1 2 3
power.draw 10.00 20.00 [GPU is lost]
EOF
PM_NVML_STUB_CONFIG=$T/lost.conf gpu_nvml "$STUB" -n 2 -c gpu \
	>"$T/lost" 2>"$T/err"
is "$?" 1 "GPU lost: exit 1"
is "$(cat "$T/err")" \
	"pm-sample: gpu: GPU 0: nvmlDeviceGetPowerUsage: GPU is lost" \
	"GPU lost: the call and NVML's words"
is "$(jq -r '[.metric, .value] | @tsv' "$T/lost" | tr '\t\n' '= ')" \
	"gpu.utilization=2 gpu.memory.utilization=2 gpu.power=20 " \
	"GPU lost: the sample before is whole, nothing after"

# nvidia-smi printing something that is not a number.
edge garbage <<EOF
temperature.gpu 40 hot
EOF
PM_NVML_STUB_CONFIG=$T/garbage.conf gpu_smi -n 1 -c gpu >"$T/out" 2>"$T/err"
is "$?" 1 "nvidia-smi garbage: exit 1"
is "$(cat "$T/err")" \
	'pm-sample: gpu: nvidia-smi: line 1: temperature.gpu: not a number: "hot"' \
	"nvidia-smi garbage: the field is named"
is "$(cat "$T/out")" "" "nvidia-smi garbage: nothing half-done"

# tests/stand-in/capture-gpu, which captures a real machine for these
# tests, run against the stand-ins: the description it writes makes the
# stand-in NVML give what pm-sample read, and it compares the two sources.
cat >"$T/cap.conf" <<EOF
gpu 0
name NVIDIA A100-SXM4-40GB
uuid GPU-0a1b2c3d-0000-1111-2222-333344445555
utilization.gpu 55
utilization.memory 20
memory.used 1000
memory.total 40960
temperature.gpu 50
power.draw 250.00
enforced.power.limit 400.00
clocks.sm 1410
clocks.mem 1215
fan.speed [Not Supported]
clocks_event_reasons.active 0x0000000000000004
energy 1000000 1250000 1500000
process 7 1000
EOF
PM_NVML_STUB_CONFIG=$T/cap.conf PM_NVML_LIBRARY=$STUB PM_NVIDIA_SMI=nvidia-smi \
	PATH=$STANDIN:$PATH \
	PM_NOW=$PM_FIXTURE_NOW "$STANDIN/capture-gpu" "$T/cap" 2 \
	>"$T/out" 2>"$T/err"
ok $? "capture-gpu against the stand-ins: success"
is "$(grep -e '^energy' -e '^process' -e '^fan' "$T/cap/nvml.conf" | tr '\n' '|')" \
	"fan.speed [Not Supported] [Not Supported] [Not Supported]|energy 0 250000 500000|process 7 1000|" \
	"capture-gpu: energy from the counter's growth, unsupported kept, processes"
PM_NVML_STUB_CONFIG=$T/cap/nvml.conf PM_NVML_LIBRARY=$STUB PM_NVIDIA_SMI=$NONE \
	PM_NOW=$PM_FIXTURE_NOW pm-sample -n 2 -c gpu >"$T/replay"
grep -v gpu.process "$T/cap/pm-nvml.ndjson" >"$T/captured"
same_file "$T/captured" "$T/replay" "capture-gpu: the capture replays as read"
like "$(grep 'gpu.energy' "$T/cap/compare.txt")" ' 250 +- *$' \
	"capture-gpu: compare.txt shows energy from NVML only"

# Every metric has its row in pm-points(5), with its unit (\(em: none).
cat "$T/nvml" "$T/proc" | jq -r '"\(.metric) \(.unit // "-")"' | sort -u |
while read -r m u; do
	[ "$u" = - ] && u='\(em'
	grep -qF ".It $m Ta $u Ta " "$PM_TOP/man/pm-points.5" || echo "$m"
done >"$T/undoc"
is "$(cat "$T/undoc")" "" "pm-points(5) lists every metric with its unit"

# Live, where this machine has an NVIDIA GPU.
if command -v nvidia-smi >/dev/null 2>&1 &&
    nvidia-smi -L >/dev/null 2>&1; then
	env -u PM_NVML_STUB_CONFIG -u PM_NVML_LIBRARY -u PM_NVIDIA_SMI \
		pm-sample -n 1 -c gpu >"$T/live" 2>"$T/err"
	ok $? "live gpu sample"
	like "$(jq -r .metric "$T/live" | sort -u | tr '\n' ' ')" \
		'gpu.memory.total' "live: memory reported"
else
	skip "no NVIDIA GPU on this machine"
	skip "no NVIDIA GPU on this machine"
fi
done_testing
