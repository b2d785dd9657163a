#!/bin/sh
# pm-status --json (one object: system, gpus, services, alerts) and
# --points, on fixture trees with the clock pinned.
. "$(dirname "$0")/../lib.sh"

status_fixture() { # status_fixture FIXTURE [pm-status options]
	_f=$FIX/$1
	shift
	PM_NOW=$PM_FIXTURE_NOW pm-status -H fixture --procfs "$_f/proc" \
		--sysfs "$_f/sys" --rootfs "$_f/rootfs" "$@"
}
# The filesystems are this checkout's (t260): how full they are must not
# change the alerts.
NOFS="--warn fs.used_percent= --crit fs.used_percent=
	--warn fs.inodes.used_percent= --crit fs.inodes.used_percent="

status_fixture sys1 $NOFS --json >"$T/json" 2>"$T/err"
is "$?" 2 "--json: the exit status is the worst alert's (critical)"
is "$(wc -l <"$T/json" | tr -d ' ')" 1 "one object, on one line"
jq -e . "$T/json" >/dev/null
ok $? "valid JSON"
is "$(cat "$T/err")" "" "nothing on stderr"

# Everything but the filesystems' sizes (statvfs of this checkout, t260)
# is exact; members in a stable order.
jq 'del(.system.filesystems)' "$T/json" >"$T/got"
same_file "$GOLDEN/status-sys1.json" "$T/got" "system, gpus, services, alerts: exact"
is "$(jq -r '.system.filesystems | map(.mountpoint) | join(",")' "$T/json")" \
	"/,/boot/efi,/srv/data files,/home" "filesystems: every real one"
is "$(jq '[.system.filesystems[] | .used_percent] |
	. == (sort | reverse)' "$T/json")" true "filesystems: fullest first"
is "$(jq -r '[.system.filesystems[] | (.size | type), (.used | type),
	(.available | type), (.fstype | type)] | unique | join(",")' "$T/json")" \
	"number,string" "filesystems: sizes are numbers, names strings"

# Fullest first, for real: two mounts, the first listed on /dev/shm (a
# tmpfs, seldom full), the second on this checkout's filesystem.  The
# expected order is computed from the points (a stable sort, so equal
# shares keep the mount order).
if [ -d /dev/shm ]; then
	mkdir -p "$T/fs/proc" "$T/fs/rootfs"
	ln -s /dev/shm "$T/fs/rootfs/shm"
	printf 'shm /shm ext4 rw 0 0\n/dev/vda9 / ext4 rw 0 0\n' >"$T/fs/proc/mounts"
	fsv() { PM_NOW=$PM_FIXTURE_NOW pm-status -H fixture --procfs "$T/fs/proc" \
		--rootfs "$T/fs/rootfs" -c fs "$@"; }
	want=$(fsv --points | jq -s -r '[.[] | select(.metric == "fs.used_percent")] |
		sort_by(-.value) | map(.labels.mountpoint) | join(",")')
	is "$(fsv --json | jq -r '.system.filesystems | map(.mountpoint) | join(",")')" \
		"$want" "--json: filesystems sorted by share used, fullest first"
	is "$(NO_COLOR=1 COLUMNS=80 fsv | awk '/^(FS|  )    \// {
		n = substr($0, 7, 12); sub(/ +$/, "", n); print n }' | paste -sd, -)" \
		"$want" "the view: the same order"
else
	skip "no /dev/shm"
	skip "no /dev/shm"
fi

# The types a script relies on.
bad=$(jq -r '
	[ (.host, .time, .status | select(type != "string") | "names"),
	  (if (.system.cpu.usage | type) != "number" then "cpu.usage" else empty end),
	  (.system.cpu.cores[] | select((.cpu | type) != "string") | "core"),
	  (.system.disks[] | select((.busy | type) != "number") | .device),
	  (.system.network[] | select((.rx_bytes | type) != "number") | .interface),
	  (.alerts[] | select(.severity != "warning" and .severity != "critical") | .metric),
	  (if (.gpus | type) != "array" or (.services | type) != "array" then "arrays" else empty end)
	] | join(" ")' "$T/json")
is "$bad" "" "members have the documented types"
is "$(jq -r '.status' "$T/json")" critical "status: the worst alert"

# GPUs: NVIDIA through the stand-in NVML (t270), with throttle reasons.
STUB=$T/libnvidia-ml-stub.so
if ${CC:-cc} -std=c17 -D_GNU_SOURCE -O1 -shared -fPIC -o "$STUB" \
    "$PM_TOP/tests/stand-in/nvml_stub.c" 2>/dev/null; then
	PM_NVML_STUB_CONFIG=$FIX/gpu/nvml-2gpu.conf PM_NVML_LIBRARY=$STUB \
		PM_NOW=$PM_FIXTURE_NOW pm-status -H fixture --procfs "$FIX/gpu/proc" \
		-c gpu --json | jq -c '.gpus[] | [.gpu, .name, .utilization,
		.memory_used_percent, .power, .power_limit, .throttle]' >"$T/gpus"
	printf '%s\n' \
	    '["0","NVIDIA H100 80GB HBM3",37,25.11,312.45,700,["sw_power_cap"]]' \
	    '["1","NVIDIA GeForce RTX 3090",3,2.08,33.25,350,[]]' >"$T/want"
	same_file "$T/want" "$T/gpus" "gpus: index, name, readings, throttle reasons"
else
	skip "cannot build the stand-in NVML library"
fi
PM_NOW=$PM_FIXTURE_NOW pm-status -H fixture --sysfs "$FIX/npu/sys" -c npu \
	--json | jq -c '.gpus[] | [.npu, .utilization, .clock]' >"$T/npus"
printf '%s\n' '["0",50,1400000000]' '["1",0,0]' >"$T/want"
same_file "$T/want" "$T/npus" "NPUs are in gpus, with npu for their index"

# --points: the points of pm-sample's collectors, as pm-sample writes them.
status_fixture sys1 -c cpu,mem --points >"$T/points"
sample_fixture sys1 -n 1 -c cpu,mem >"$T/sample"
same_file "$T/sample" "$T/points" "--points: the same points as pm-sample -n 1"

# -w with --json: one object a line, one reading each (replay: sys1.1).
status_fixture sys1 -c load -w 1s -n 2 --json >"$T/two"
is "$(jq -r '.time' "$T/two" | tr '\n' ' ')" \
	"2026-11-22T10:00:00.250Z 2026-11-22T10:00:01.250Z " "-w -n 2 --json: two objects"

done_testing
