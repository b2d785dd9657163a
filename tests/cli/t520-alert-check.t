#!/bin/sh
# pm-alert --check: the Nagios status line, perfdata, long output and exit
# status 0-3; Nagios ranges; and cron runs with --state that notify once
# per transition.
. "$(dirname "$0")/../lib.sh"

pt() { # pt MINUTE HOST METRIC VALUE [UNIT]
	printf '{"ts":"2026-11-22T10:%02d:00Z","host":"%s","metric":"%s","value":%s%s}\n' \
	    "$1" "$2" "$3" "$4" "${5:+,\"unit\":\"$5\"}"
}

# Exit status and first word for values against -w 10 -c 20 (ranges).
for t in '5|0|OK' '10|0|OK' '15|1|WARNING' '-1|2|CRITICAL' '25|2|CRITICAL'; do
	v=${t%%|*} rest=${t#*|}
	pt 0 h m "$v" >"$T/in"
	run pm-alert --check -r m -w 10 -c 20 "$T/in"
	is "$rc $(echo "$out" | head -1 | cut -d' ' -f2)" "${rest%%|*} ${rest#*|}" \
		"-w 10 -c 20 with $v: ${rest#*|}"
done
for t in '10:|9|2' '10:|10|0' '~:10|11|2' '~:10|-1e9|0' '10:20|21|2' \
    '10:20|15|0' '@10:20|15|2' '@10:20|9|0' '@10:20|20|2'; do
	r=${t%%|*} rest=${t#*|}
	pt 0 h m "${rest%%|*}" >"$T/in"
	run pm-alert --check -r m -c "$r" "$T/in"
	is "$rc" "${rest#*|}" "range $r with ${rest%%|*}: exit ${rest#*|}"
done

# Several hosts: critical first, then warnings; perfdata with units Nagios
# knows (percent and % yes, celsius no); each alert on its own line after the first.
{ pt 0 web-1 cpu.usage 97.2 percent; pt 0 web-2 cpu.usage 85 %;
  pt 0 web-3 cpu.usage 12 %; pt 0 gpu-1 gpu.temp 70 celsius; } >"$T/in"
run pm-alert --check -r 'HighCPU: cpu.usage' -w '> 80' -c '> 90' \
	-r 'Hot: gpu.temp >= 85' "$T/in"
is "$rc" 2 "critical and warning: exit 2"
cat >"$T/want" <<'EOF'
PM CRITICAL - 1 critical, 1 warning: HighCPU on web-1 (97.2 > 90), HighCPU on web-2 (85 > 80) | 'cpu.usage web-1'=97.2%;~:80;~:90 'cpu.usage web-2'=85%;~:80;~:90 'cpu.usage web-3'=12%;~:80;~:90 'gpu.temp gpu-1'=70;;@85:
CRITICAL: HighCPU on web-1: cpu.usage = 97.2 (> 90) since 2026-11-22T10:00:00.000Z
WARNING: HighCPU on web-2: cpu.usage = 85 (> 80) since 2026-11-22T10:00:00.000Z
EOF
same_file "$T/want" "$T/out" "status line, perfdata and long output"

pt 0 web-3 cpu.usage 12 % >"$T/in"
run pm-alert --check -r 'HighCPU: cpu.usage > 90' "$T/in"
is "$rc:$out" "0:PM OK - 1 series, no alerts | 'cpu.usage web-3'=12%;;~:90" "OK"

# UNKNOWN: no data, bad lines (unless something fires: that is news).
run pm-alert --check -r 'HighCPU: cpu.usage > 90' /dev/null
is "$rc:$out" "3:PM UNKNOWN - no data for HighCPU (cpu.usage)" "no data: UNKNOWN"
{ pt 0 h m 1; echo '{'; } >"$T/in"
run pm-alert --check -r 'm > 5' "$T/in"
is "$rc:$out" "3:PM UNKNOWN - 1 bad input lines | 'm h'=1;;~:5" "a bad line: UNKNOWN"
{ pt 0 h m 9; echo '{'; } >"$T/in"
run pm-alert --check -r 'm > 5' "$T/in"
is "$rc:$(echo "$out" | head -1)" \
	"2:PM CRITICAL - 1 critical: m on h (9 > 5) (also: 1 bad input lines) | 'm h'=9;;~:5" \
	"a bad line and a firing alert: CRITICAL"
run pm-alert --check -r 'm >' "$T/in"
is "$rc" 3 "a bad rule: UNKNOWN"

# Cron: one run a minute, each with the minute's point; the state file
# carries the alert from run to run, so --exec runs once per transition.
cat >"$T/notify" <<'EOF'
#!/bin/sh
echo "$PM_ALERT_STATE $PM_ALERT_TS $PM_ALERT_VALUE" >>"$NOTIFY_LOG"
EOF
chmod +x "$T/notify"
export NOTIFY_LOG="$T/log"
cron() { # cron STATE-FILE OPTIONS... -- VALUES...: one run per value
	_st=$1
	shift
	_o=""
	while [ "$1" != -- ]; do _o="$_o $1"; shift; done
	shift
	_m=0 codes=""
	for _v in "$@"; do
		pt $_m h m "$_v" >"$T/in"
		# shellcheck disable=SC2086
		pm-alert --check --state "$_st" --exec "$T/notify" $_o \
		    -r 'm > 90 for 2m' "$T/in" >/dev/null
		codes="$codes$?"
		_m=$((_m + 1))
	done
}
cron "$T/state" -- 50 95 96 97 98 40 30 99
is "$codes" "00022000" "cron: pending 2 runs, CRITICAL while firing"
is "$(cat "$T/log")" "firing 2026-11-22T10:03:00.000Z 97
resolved 2026-11-22T10:05:00.000Z 40" \
	"cron: one notification when it fires, one when it resolves"
rm -f "$T/log"
cron "$T/state2" --repeat 2m -- 95 95 95 95 95 95 95
is "$(cut -d' ' -f1,2 "$T/log")" "firing 2026-11-22T10:02:00.000Z
firing 2026-11-22T10:04:00.000Z
firing 2026-11-22T10:06:00.000Z" "cron: --repeat 2m notifies a firing alert again"
is "$(jq -c '.series[0] | [.alert, .state, .active_at, .fired_at]' "$T/state2")" \
	'["m","firing","1795341600000000000","1795341720000000000"]' \
	"state file: the alert's state and times, in nanoseconds"

# absent() across runs: the state file remembers each series' last point.
pt 0 web-1 m 1 >"$T/in"
run pm-alert --check --state "$T/state3" -r 'Gone: absent(m, 5m)' "$T/in"
is "$rc:$out" "0:PM OK - 1 series, no alerts" "absent, run 1: m seen (the stand-in for m not counted)"
pt 6 web-2 other 1 >"$T/in"
run pm-alert --check --state "$T/state3" -r 'Gone: absent(m, 5m)' "$T/in"
is "$rc:$out" "2:PM CRITICAL - 1 critical: Gone on web-1 (360 >= 300)
CRITICAL: Gone on web-1: m = 360 (>= 300) since 2026-11-22T10:06:00.000Z" \
	"absent, run 2: nothing from web-1 for 6 minutes"

echo 'nope' >"$T/badstate"
pt 0 h m 1 >"$T/in"
run pm-alert --check --state "$T/badstate" -r 'm > 5' "$T/in"
is "$rc:$err" "3:pm-alert: $T/badstate: not a pm-alert state file" \
	"a state file that is not one: UNKNOWN"

# A Nagios range says how it was crossed in words: "80" is 0:80.
printf '{"ts":"2026-11-22T10:00:00Z","host":"h","metric":"disk.used","value":85}\n' >"$T/disk"
run pm-alert --check -r 'DiskFull: disk.used' -w 80 -c 90 "$T/disk"
is "$rc:$(printf '%s\n' "$out" | head -1)" \
	"1:PM WARNING - 1 warning: DiskFull on h (85 outside range 0:80) | 'disk.used h'=85;80;90" \
	"range threshold: the status line says outside 0:80"
printf '{"ts":"2026-11-22T10:00:00Z","host":"h","metric":"disk.used","value":15}\n' >"$T/disk"
run pm-alert --check -r 'InBand: disk.used' -c @10:20 "$T/disk"
like "$(printf '%s\n' "$out" | tail -1)" "CRITICAL: InBand on h: disk.used = 15 \\(inside range 10:20\\) since" \
	"@range threshold: the long output says inside 10:20"

done_testing
