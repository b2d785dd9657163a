#!/bin/sh
# pm-sample's fs collector: which mounts it reports from a fixture mounts
# file, and its numbers against df(1) on this machine.
. "$(dirname "$0")/../lib.sh"

# Sizes come from statvfs of the fixture's rootfs directories (so of the
# filesystem holding this checkout): check which mounts and metrics come
# out, not the numbers.  Reading 1 (proc.1/mounts) is the one reported:
#   /                   /dev/vda2            ext4   reported
#   /snap/core22/1380   squashfs                    image: skipped
#   /boot/efi           /dev/vda1            vfat   reported
#   /srv/data\040files  /dev/vdb1            xfs    reported, "\040" is a space
#   /var/lib/docker     /dev/vda2 again             skipped: device shown at /
#   .../merged          overlay                     container layer: skipped
#   /run/user/1000      tmpfs                       skipped
#   /home               server:/export/home  nfs4   reported
#   /mnt/stale          no such directory           statvfs fails: skipped quietly
#   proc, sysfs, devtmpfs, cgroup2, autofs...       pseudo: skipped
sample_fixture sys1 -n 1 -c fs >"$T/fs" 2>"$T/err"
ok $? "fs collector on the sys1 fixture"
is "$(cat "$T/err")" "" "nothing on stderr"
jq -c '[.labels.mountpoint, .labels.device, .labels.fstype, .metric, .unit]' "$T/fs" >"$T/got"
# Inode use only where the filesystem counts inodes (btrfs does not).
inodes=$(stat -f -c %c "$FIX/sys1/rootfs")
for m in '"/","/dev/vda2","ext4"' '"/boot/efi","/dev/vda1","vfat"' \
    '"/srv/data files","/dev/vdb1","xfs"' '"/home","server:/export/home","nfs4"'; do
	printf '[%s,"fs.size","bytes"]\n[%s,"fs.used","bytes"]\n' "$m" "$m"
	printf '[%s,"fs.available","bytes"]\n[%s,"fs.used_percent","percent"]\n' "$m" "$m"
	[ "$inodes" -gt 0 ] && printf '[%s,"fs.inodes.used_percent","percent"]\n' "$m"
done >"$T/want"
same_file "$T/want" "$T/got" "real filesystems only, each device once, in mount order"
is "$(jq -r 'select(.ts != "2026-11-22T10:00:00.250Z" or .host != "fixture") | .metric' "$T/fs")" "" \
	"points carry the sample's time and host"
bad=$(jq -r 'select(.unit == "percent" and (.value < 0 or .value > 100)) | .metric' "$T/fs")
is "$bad" "" "percentages lie within 0..100"
bad=$(jq -s -r 'group_by(.labels.mountpoint)[] | map({(.metric): .value}) | add |
	select(.["fs.size"] < .["fs.used"] or .["fs.size"] < .["fs.available"] or
	    .["fs.used"] < 0 or .["fs.available"] < 0) | .["fs.size"]' "$T/fs")
is "$bad" "" "size >= used, size >= available"

# -a: pseudo filesystems and repeated devices too (those whose directory
# exists under rootfs, /run being the parent of /run/user/1000; the others
# still fail statvfs quietly).
sample_fixture sys1 -n 1 -a -c fs >"$T/all" 2>"$T/err"
ok $? "fs -a"
jq -r 'select(.metric == "fs.size") | [.labels.mountpoint, .labels.fstype] | join(" ")' "$T/all" >"$T/got"
cat >"$T/want" <<'EOF'
/run tmpfs
/ ext4
/snap/core22/1380 squashfs
/boot/efi vfat
/srv/data files xfs
/var/lib/docker ext4
/var/lib/docker/overlay2/3f2a9c/merged overlay
/run/user/1000 tmpfs
/home nfs4
EOF
same_file "$T/want" "$T/got" "-a: every mount with a directory"

# The priming reading emits nothing, and every later one reports again
# (sizes are gauges).  Readings 2 and 3 have no proc.2 or proc.3 and read
# proc/mounts again, which has no /home yet: 4, then 3 filesystems.
sample_fixture sys1 -n 3 -c fs >"$T/three"
is "$(jq -r 'select(.metric == "fs.size") | .ts' "$T/three" | uniq -c | awk '{print $1}' | tr '\n' ' ')" \
	"4 3 3 " "every sample reports the filesystems mounted then"

# The kernel's octal escapes: \011 tab, \012 newline, \134 backslash, \040 space.
mkdir -p "$T/esc/proc"
cat >"$T/esc/proc/mounts" <<'EOF'
/dev/vdc /mnt/tab\011dir ext4 rw,relatime 0 0
/dev/vdd /mnt/new\012line ext4 rw,relatime 0 0
/dev/vde /mnt/back\134slash ext4 rw,relatime 0 0
/dev/vdf /mnt/sp\040a\040ce ext4 rw,relatime 0 0
EOF
for d in 'tab	dir' 'new
line' 'back\slash' 'sp a ce'; do
	mkdir -p "$T/esc/root/mnt/$d"
done
PM_NOW=$PM_FIXTURE_NOW pm-sample -H fixture -n 1 -c fs --procfs "$T/esc/proc" \
	--rootfs "$T/esc/root" >"$T/out" 2>"$T/err"
ok $? "escaped mount points"
is "$(jq -c 'select(.metric == "fs.size") | .labels.mountpoint' "$T/out" | tr '\n' ' ')" \
	'"/mnt/tab\tdir" "/mnt/new\nline" "/mnt/back\\slash" "/mnt/sp a ce" ' \
	"octal escapes for tab, newline, backslash and space are decoded"

# A mounts line cut short is an error of the reading.
printf '/dev/vda2 / ext4 rw 0 0\n/dev/vdb1 /srv\n' >"$T/esc/proc/mounts"
PM_NOW=$PM_FIXTURE_NOW pm-sample -H fixture -n 1 -c fs --procfs "$T/esc/proc" \
	--rootfs "$T/esc/root" >"$T/out" 2>"$T/err"
is "$?" 1 "truncated mounts line: exit 1"
like "$(cat "$T/err")" '^pm-sample: fs: .*/esc/proc/mounts: line 2: expected device, mount point and type' \
	"truncated mounts line: the error names file and line"
is "$(cat "$T/out")" "" "truncated mounts line: nothing emitted"

# This machine: "/" as df -B1 sees it.  The size does not change between
# the two calls; used may move a little.
if [ -r /proc/mounts ] && df -B1 --output=size / >/dev/null 2>&1; then
	pm-sample -n 1 -c fs >"$T/live" 2>"$T/err"
	ok $? "live fs sample"
	size=$(jq -r 'select(.metric == "fs.size" and .labels.mountpoint == "/") | .value' "$T/live" | head -1)
	used=$(jq -r 'select(.metric == "fs.used" and .labels.mountpoint == "/") | .value' "$T/live" | head -1)
	if [ -n "$size" ]; then
		is "$size" "$(df -B1 --output=size / | tail -1 | tr -d ' ')" "fs.size of / is df's size"
		dfused=$(df -B1 --output=used / | tail -1 | tr -d ' ')
		awk -v a="$used" -v b="$dfused" 'BEGIN { d = a - b; if (d < 0) d = -d;
		    exit !(d <= b / 100) }'
		ok $? "fs.used of / within 1% of df's ($used vs $dfused)"
	else
		skip "/ is not a real filesystem here ($(df --output=fstype / | tail -1))"
		skip "no / to compare"
	fi
fi
done_testing
