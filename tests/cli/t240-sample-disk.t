#!/bin/sh
# pm-sample's disk collector against frozen /proc/diskstats trees.
. "$(dirname "$0")/../lib.sh"

# sys1/proc/diskstats -> proc.1 (20-field format) over the 0.25 s priming
# interval = 250 ms.  Sectors are 512 bytes.  Whole disks are those with a
# sys/block entry: vda, nvme0n1, cciss/c0d0 (sys/block/cciss!c0d0); vda1
# and nvme0n1p1 are partitions, loop0 and ram0 are skipped by name, sdz is
# only in reading 0 and vdb only in reading 1, so neither is reported.
#   vda: reads +50 -> 200/s, sectors read +2048 -> 1048576 B / 0.25 = 4194304 B/s,
#        read ms +100 / 50 reads = 2 ms = 0.002 s;
#        writes +25 -> 100/s, sectors written +1024 -> 524288 B / 0.25 = 2097152 B/s,
#        write ms +150 / 25 writes = 6 ms = 0.006 s;
#        io_ticks +125 / 250 ms = 50%, weighted ms +300 / 250 ms = queue 1.2
#   nvme0n1: reads +1000 -> 4000/s, sectors +8000 -> 4096000 B / 0.25 = 16384000 B/s,
#        read ms +50 / 1000 = 0.05 ms = 5e-05 s; no writes: 0 B/s, 0/s, latency 0;
#        io_ticks +260 / 250 = 104% -> clamped to 100; weighted +75 / 250 = 0.3
#   cciss/c0d0: reads +1 -> 4/s, sectors +7 -> 3584 B / 0.25 = 14336 B/s,
#        read ms +3 / 1 = 0.003 s; writes +3 -> 12/s, sectors +24 -> 12288 B / 0.25
#        = 49152 B/s, write ms +1 / 3 = 0.333.. ms -> 0.000333 s (µs precision);
#        io_ticks +1 / 250 = 0.4%; weighted +4 / 250 = 0.016 -> 0.02 (2 decimals)
sample_fixture sys1 -n 1 -c disk >"$T/disk" 2>"$T/err"
ok $? "disk collector on the sys1 fixture"
same_file "$GOLDEN/sample-disk.ndjson" "$T/disk" "disk output is exact"
is "$(cat "$T/err")" "" "nothing on stderr"

# -a adds partitions, loop and ram disks, still in diskstats order:
#   loop0: reads +2 -> 8/s, sectors +16 -> 8192 B / 0.25 = 32768 B/s, read ms +1 / 2
#          = 0.0005 s, io_ticks +1 / 250 = 0.4%, weighted +1 / 250 = 0.004 -> 0
#   vda1: reads +48 -> 192/s, weighted +288 / 250 = 1.152 -> 1.15
sample_fixture sys1 -n 1 -a -c disk >"$T/all"
is "$(jq -r 'select(.metric == "disk.read.ops") | .labels.device' "$T/all" | tr '\n' ' ')" \
	"loop0 ram0 vda vda1 nvme0n1 nvme0n1p1 cciss/c0d0 " "-a: partitions, loop and ram disks too"
is "$(jq -c 'select(.labels.device == "loop0") | .value' "$T/all" | tr '\n' ' ')" \
	"32768 0 8 0 0.4 0 0.0005 0 " "-a: loop0 values"
is "$(jq -c 'select(.labels.device == "vda1" and .metric == "disk.queue") | .value' "$T/all")" \
	1.15 "-a: vda1 queue"

# The older 14-field format (kernels before 4.18), 250 ms:
#   sda: reads +10 -> 40/s, sectors +80 -> 40960 B / 0.25 = 163840 B/s, read ms
#   +20 / 10 = 0.002 s; writes +5 -> 20/s, sectors +40 -> 81920 B/s, write ms
#   +5 / 5 = 0.001 s; io_ticks +25 / 250 = 10%; weighted +25 / 250 = 0.1.
#   sr0 is idle: all 0.  sda1 is a partition.
sample_fixture disk14 -n 1 -c disk >"$T/d14" 2>"$T/err"
ok $? "14-field diskstats"
jq -c '[.labels.device, .metric, .value, .unit]' "$T/d14" >"$T/got"
cat >"$T/want" <<'EOF'
["sda","disk.read.bytes",163840,"bytes/s"]
["sda","disk.write.bytes",81920,"bytes/s"]
["sda","disk.read.ops",40,"1/s"]
["sda","disk.write.ops",20,"1/s"]
["sda","disk.busy",10,"percent"]
["sda","disk.queue",0.1,null]
["sda","disk.read.latency",0.002,"seconds"]
["sda","disk.write.latency",0.001,"seconds"]
["sr0","disk.read.bytes",0,"bytes/s"]
["sr0","disk.write.bytes",0,"bytes/s"]
["sr0","disk.read.ops",0,"1/s"]
["sr0","disk.write.ops",0,"1/s"]
["sr0","disk.busy",0,"percent"]
["sr0","disk.queue",0,null]
["sr0","disk.read.latency",0,"seconds"]
["sr0","disk.write.latency",0,"seconds"]
EOF
same_file "$T/want" "$T/got" "14-field diskstats: exact values"

# A truncated line in reading 1: disk fails with file and line, load
# still reports, exit 1.
sample_fixture bad-disk -n 1 -c disk,load >"$T/out" 2>"$T/err"
is "$?" 1 "truncated diskstats line: exit 1"
like "$(cat "$T/err")" '^pm-sample: disk: .*bad-disk/proc\.1/diskstats: line 4: too few fields \(truncated\?\): "252 +1 vda1 118048 3004 9802000"$' \
	"truncated line: the error names collector, file and line"
is "$(grep -c '"metric":"load\.' "$T/out")" 5 "truncated line: load still reports"
is "$(grep -c '"metric":"disk\.' "$T/out")" 0 "truncated line: no disk points"

# Garbage in a counter.
cp -R "$FIX/bad-disk" "$T/garbage"
sed '5s/ 64008000 / 640x8000 /' "$FIX/sys1/proc.1/diskstats" >"$T/garbage/proc.1/diskstats"
PM_NOW=$PM_FIXTURE_NOW pm-sample -H fixture -n 1 -c disk,load \
	--procfs "$T/garbage/proc" --sysfs "$T/garbage/sys" >"$T/out" 2>"$T/err"
is "$?" 1 "garbage number: exit 1"
like "$(cat "$T/err")" '^pm-sample: disk: .*/garbage/proc\.1/diskstats: line 5: not a number: "259 +0 nvme0n1 801000 12 640x8000' \
	"garbage number: the error quotes the line"
is "$(grep -c '"metric":"load\.' "$T/out")" 5 "garbage number: load still reports"

# A failed reading keeps the previous good one: readings 0 (good), 1 (bad),
# 2 (= sys1 reading 1).  Sample 2 compares reading 2 with reading 0 over
# 0.25 + 1 = 1.25 s = 1250 ms:
#   vda: reads +50 / 1.25 = 40/s, 1048576 B / 1.25 = 838860.8 B/s,
#   io_ticks 125 / 1250 = 10%, weighted 300 / 1250 = 0.24, latency 0.002 s
mkdir "$T/keep"
cp -R "$FIX/sys1/proc" "$FIX/sys1/sys" "$T/keep/"
cp -R "$FIX/bad-disk/proc.1" "$T/keep/proc.1"
cp -R "$FIX/sys1/proc.1" "$T/keep/proc.2"
PM_NOW=$PM_FIXTURE_NOW pm-sample -H fixture -n 2 -c disk --procfs "$T/keep/proc" \
	--sysfs "$T/keep/sys" >"$T/out" 2>"$T/err"
is "$?" 1 "bad reading between good ones: exit 1"
is "$(grep -c 'line 4: too few fields' "$T/err")" 1 "one error, for reading 1"
is "$(jq -c 'select(.labels.device == "vda") | [.ts, .metric, .value]' "$T/out" | head -5 | tr '\n' ' ')" \
	'["2026-11-22T10:00:01.250Z","disk.read.bytes",838860.8] ["2026-11-22T10:00:01.250Z","disk.write.bytes",419430.4] ["2026-11-22T10:00:01.250Z","disk.read.ops",40] ["2026-11-22T10:00:01.250Z","disk.write.ops",20] ["2026-11-22T10:00:01.250Z","disk.busy",10] ' \
	"after a failed reading, rates span back to the last good one"
is "$(jq -c 'select(.labels.device == "vda" and .metric == "disk.queue") | .value' "$T/out")" \
	0.24 "queue over 1.25 s"

# Live: this machine's disks, plausible values.
if [ -r /proc/diskstats ]; then
	pm-sample -n 1 -i 200ms -c disk >"$T/live" 2>"$T/err"
	ok $? "live disk sample"
	bad=$(jq -r 'select((.value < 0) or (.metric == "disk.busy" and .value > 100)) | .metric' "$T/live")
	is "$bad" "" "live values are not negative, busy within 0..100"
	bad=$(jq -r '.labels.device | select(test("^(loop|ram)"))' "$T/live")
	is "$bad" "" "live: no loop or ram disks without -a"
fi
done_testing
