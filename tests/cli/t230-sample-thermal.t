#!/bin/sh
# pm-sample's thermal collector against frozen /sys trees, and live where
# this machine has temperature sensors.
. "$(dirname "$0")/../lib.sh"


# sys1/sys.1 (millidegrees / 1000, three decimals at most):
#   thermal_zone0 acpitz 28000 -> 28;  thermal_zone1 x86_pkg_temp 51500 -> 51.5
#   hwmon0 coretemp, labelled: temp1 "Package id 0" 53125 -> 53.125, crit 100000 -> 100
#                              temp2 "Core 0" 50000 -> 50, crit 100000 -> 100
#   hwmon1 nvme, no labels:    temp1 39850 -> 39.85 (sensor "nvme/temp1"), crit 84850 -> 84.85
#   cooling_device0 is no zone.  Reading 0 (sys/) shows nothing: priming.
sample_fixture sys1 -n 1 -c thermal >"$T/thermal" 2>"$T/err"
ok $? "thermal collector on the sys1 fixture"
same_file "$GOLDEN/sample-thermal.ndjson" "$T/thermal" "thermal output is exact"
is "$(cat "$T/err")" "" "nothing on stderr"

# Gauges come on every sample: reading 2 reads sys/ again (27800 -> 27.8).
sample_fixture sys1 -n 2 -c thermal >"$T/two"
is "$(wc -l <"$T/two" | tr -d ' ')" 16 "two samples: 8 points each"
is "$(jq -r 'select(.ts == "2026-11-22T10:00:01.250Z" and .labels.id == "thermal_zone0") | .value' "$T/two")" 27.8 \
	"the second sample has its own reading"

# thermal-odd: numeric order (zone 9 before 10, hwmon2 before hwmon10,
# temp2 before temp10), and the awkward cases:
#   thermal_zone0 acpitz 30000 -> 30
#   thermal_zone1 has no temp, thermal_zone2's temp cannot be read (a
#     folder: EISDIR, as a sensor answering EIO): skipped, no error
#   thermal_zone9 x86_pkg_temp 41000 -> 41
#   thermal_zone10 empty type, -5500 -> -5.5, named by its id
#   thermal_zone11 no type, 12345 -> 12.345, named by its id
#   hwmon1 drivetemp: a fan, no temperatures: nothing
#   hwmon2 acpitz temp1 30000 -> 30, crit 105000 -> 105
#   hwmon10 no name file, so "hwmon10": temp1 3000 -> 3, temp2 2000 -> 2,
#     temp10 "Ambient" 1000 -> 1; temp1_max is not ours
sample_fixture thermal-odd -n 1 -c thermal >"$T/odd" 2>"$T/err"
ok $? "thermal-odd: success"
same_file "$GOLDEN/sample-thermal-odd.ndjson" "$T/odd" "thermal-odd output is exact"
is "$(cat "$T/err")" "" "thermal-odd: unreadable sensors are skipped quietly"

# bad-thermal: reading 1 has a zone temperature "n/a", reading 2 a chip's
# critical point "high".  Each fails the whole reading, naming the file.
sample_fixture bad-thermal -n 2 -c thermal >"$T/out" 2>"$T/err"
is "$?" 1 "garbage temperature: exit 1"
like "$(sed -n 1p "$T/err")" '^pm-sample: thermal: .*bad-thermal/sys\.1/class/thermal/thermal_zone0/temp: not a number: "n/a"$' \
	"garbage temperature: the file is named"
like "$(sed -n 2p "$T/err")" '^pm-sample: thermal: .*bad-thermal/sys\.2/class/hwmon/hwmon0/temp1_crit: not a number: "high"$' \
	"garbage critical point: the file is named"
is "$(cat "$T/out")" "" "garbage: nothing half-done"

# A tree without thermal zones or hwmon temperatures: asking is an error.
sample_fixture bad-mem -n 1 -c thermal >"$T/out" 2>"$T/err"
is "$?" 1 "no thermal files: exit 1"
like "$(cat "$T/err")" '^pm-sample: thermal: not available on this system' \
	"no thermal files: said so"
mkdir -p "$T/empty/class/thermal" "$T/empty/class/hwmon/hwmon0"
echo acpitz >"$T/empty/class/hwmon/hwmon0/name"
PM_NOW=$PM_FIXTURE_NOW pm-sample -n 1 -c thermal --sysfs "$T/empty" >"$T/out" 2>"$T/err"
is "$?" 1 "empty class/thermal, a chip without temperatures: exit 1"

# Live, where this machine has sensors.
if ls /sys/class/thermal/thermal_zone*/temp /sys/class/hwmon/hwmon*/temp*_input \
    >/dev/null 2>&1; then
	pm-sample -n 1 -c thermal >"$T/live" 2>"$T/err"
	ok $? "live thermal sample"
	is "$(jq -r 'select(.unit != "celsius" or .value < -60 or .value > 200) | .metric' "$T/live")" "" \
		"live: plausible temperatures"
else
	skip "no thermal zones or hwmon temperatures on this machine"
	skip "no thermal zones or hwmon temperatures on this machine"
fi
done_testing
