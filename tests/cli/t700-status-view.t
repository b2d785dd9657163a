#!/bin/sh
# pm-status's view for people: exact output on fixture trees (pinned
# clock, no colour) at 80 and 120 columns; GPUs through the stand-in NVML
# library and amdgpu's sysfs; NPUs; filesystems fullest first.
. "$(dirname "$0")/../lib.sh"

status_fixture() { # status_fixture FIXTURE [pm-status options]
	_f=$FIX/$1
	shift
	PM_NOW=$PM_FIXTURE_NOW NO_COLOR=1 pm-status -H fixture \
		--procfs "$_f/proc" --sysfs "$_f/sys" --rootfs "$_f/rootfs" "$@"
}
# fs sizes come from statvfs of this checkout's filesystem (t260): the
# goldens leave fs out, and the fs lines are checked for their form.
SYS=cpu,mem,load,disk,net,thermal,pressure

# sys1, reading 1 against reading 0 (see t200..t250 for the numbers):
# CPU 64 % (2 cores 76 and 52 %), memory 28.1 %, swap 16.7 %, nvme0n1
# 100 % busy (critical), eth0 4 receive errors/s (warning), memory
# pressure 45.1 % (critical): exit 2.
COLUMNS=80 status_fixture sys1 -c $SYS >"$T/v80" 2>"$T/err"
is "$?" 2 "sys1: critical alerts: exit 2"
same_file "$GOLDEN/status-sys1-80.txt" "$T/v80" "sys1 at 80 columns: exact"
is "$(cat "$T/err")" "" "sys1: nothing on stderr"
is "$(LC_ALL=C.UTF-8 wc -L <"$T/v80")" 80 "the widest line is 80 columns"

COLUMNS=120 status_fixture sys1 -c $SYS >"$T/v120"
same_file "$GOLDEN/status-sys1-120.txt" "$T/v120" "sys1 at 120 columns: exact"
is "$(LC_ALL=C.UTF-8 wc -L <"$T/v120")" 110 "120 columns: wider bars, nothing cut"

# Not a terminal and no COLUMNS: 80 columns.
env -u COLUMNS PM_NOW=$PM_FIXTURE_NOW NO_COLOR=1 pm-status -H fixture \
	--procfs "$FIX/sys1/proc" --sysfs "$FIX/sys1/sys" -c $SYS >"$T/vdef"
same_file "$GOLDEN/status-sys1-80.txt" "$T/vdef" "not a terminal: 80 columns"

# Thresholds: raised past every reading, nothing alerts: exit 0.
COLUMNS=80 status_fixture sys1 -c disk,net,pressure --crit disk.busy= \
	--warn disk.busy= --warn net.rx.errors='> 10' \
	--crit pressure.memory.some.avg10='> 50' \
	--warn pressure.memory.some.avg10='' >"$T/quiet"
is "$?" 0 "thresholds raised: exit 0"
is "$(grep -c '^Alert' "$T/quiet")" 0 "thresholds raised: no alerts"
COLUMNS=80 status_fixture sys1 -c cpu --warn 'cpu.usage=> 50' >"$T/warn"
is "$?" 1 "--warn cpu.usage=> 50 at 64 %: exit 1"
is "$(grep '^Alert' "$T/warn")" "Alert warning  cpu.usage 64.0 % (> 50)" \
	"the alert says metric, value and threshold; cores raise none"

# Filesystems: fullest first (equal here: mount order), types shown.
COLUMNS=80 status_fixture sys1 -c fs >"$T/fs"
grep -E '^(FS|  )    .{12} \[[#.]{12}\] +[0-9.]+ %  [0-9.]+ [KMGT]?i?B of ' \
	"$T/fs" | LC_ALL=C.UTF-8 awk '{ n = substr($0, 7, 12); sub(/ +$/, "", n);
	print n, $NF }' >"$T/got"
printf '%s\n' '/ ext4' '/boot/efi vfat' '/srv/data f~ xfs' '/home nfs4' >"$T/want"
same_file "$T/want" "$T/got" "fs: each real filesystem, long names cut with ~"

# GPUs: two NVIDIA GPUs through the stand-in NVML (t270), AMD (t272).
if [ -n "${PM_STANDIN:-}" ] && [ -f "$PM_STANDIN/libnvidia-ml-stub.so" ]; then
	STUB=$PM_STANDIN/libnvidia-ml-stub.so
else
	STUB=$T/libnvidia-ml-stub.so
	${CC:-cc} -std=c17 -D_GNU_SOURCE -O1 -shared -fPIC -o "$STUB" \
		"$PM_TOP/tests/stand-in/nvml_stub.c" 2>/dev/null || STUB=
fi
if [ -n "$STUB" ]; then
	PM_NVML_STUB_CONFIG=$FIX/gpu/nvml-2gpu.conf PM_NVML_LIBRARY=$STUB \
		PM_NOW=$PM_FIXTURE_NOW NO_COLOR=1 COLUMNS=80 pm-status -H fixture \
		--procfs "$FIX/gpu/proc" -c gpu >"$T/gpu"
	is "$?" 0 "two NVIDIA GPUs: nothing past a threshold, exit 0"
	same_file "$GOLDEN/status-gpu-nvml.txt" "$T/gpu" \
		"NVIDIA GPUs: utilization, memory, power of limit, slowed by power cap"
else
	skip "cannot build the stand-in NVML library"
	skip "cannot build the stand-in NVML library"
fi
PM_NOW=$PM_FIXTURE_NOW NO_COLOR=1 COLUMNS=80 pm-status -H fixture \
	--sysfs "$FIX/amdgpu/sys" -c gpu >"$T/amd"
same_file "$GOLDEN/status-gpu-amdgpu.txt" "$T/amd" "AMD GPUs through sysfs"
PM_NOW=$PM_FIXTURE_NOW NO_COLOR=1 COLUMNS=80 pm-status -H fixture \
	--sysfs "$FIX/npu/sys" -c npu >"$T/npu"
same_file "$GOLDEN/status-npu.txt" "$T/npu" "NPUs: utilization, memory, clock"

# Usage errors.
run pm-status --json --points
is "$rc" 2 "--json with --points: usage error"
run pm-status -n 2
like "$err" "^pm-status: -n is for -w" "-n without -w: usage error"
run pm-status --check ftp://x
like "$err" "^pm-status: --check: 'ftp://x' is not an http\(s\) URL" \
	"--check of an unknown scheme: usage error"
run pm-status --warn 'cpu usage=1'
is "$rc" 2 "--warn with a bad metric: usage error"
run pm-status --color sometimes
is "$rc" 2 "--color sometimes: usage error"
run pm-status -c nosuch
is "$rc" 2 "-c nosuch: usage error"

done_testing
