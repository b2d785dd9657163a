#!/bin/sh
# pm-alert in a stream: the exact events (their times are the points'),
# every operator and aggregation, for and keep_firing_for, absent,
# per-series severities, templates, --pass and bad input.
. "$(dirname "$0")/../lib.sh"

# pts HOST METRIC V...: points every 10s from 10:00:00.
pts() {
	_h=$1 _m=$2
	shift 2
	_s=0
	for _v in "$@"; do
		printf '{"ts":"2026-11-22T10:%02d:%02dZ","host":"%s","metric":"%s","value":%s}\n' \
		    $((_s / 60)) $((_s % 60)) "$_h" "$_m" "$_v"
		_s=$((_s + 10))
	done
}

# The events, one a line: "MM:SS state severity host value".
ev() {
	jq -r 'select(.event == "alert") |
	    "\(.ts[14:19]) \(.state) \(.severity) \(.host) \(.value)"' "$@"
}

# Each operator at its edge: 5 is the threshold, the values cross it.
pts h m 4 5 6 5 4 >"$T/edge"
for t in '> 5|00:20 firing;00:30 resolved' \
    '>= 5|00:10 firing;00:40 resolved' \
    '< 5|00:00 firing;00:10 resolved;00:40 firing' \
    '<= 5|00:00 firing;00:20 resolved;00:30 firing' \
    '== 5|00:10 firing;00:20 resolved;00:30 firing;00:40 resolved' \
    '!= 5|00:00 firing;00:10 resolved;00:20 firing;00:30 resolved;00:40 firing'; do
	op=${t%%|*}
	want=$(printf '%s' "${t#*|}" | tr ';' '\n')
	run pm-alert -r "m $op" "$T/edge"
	is "$rc:$(jq -r '"\(.ts[14:19]) \(.state)"' "$T/out")" "0:$want" \
		"operator $op"
done

# Each aggregation over [30s]: the window at 00:50 is (00:20, 00:50]:
# 30 10 20 (60 and 0 fell out).  The value in the event is the aggregate.
pts h m 60 0 50 30 10 20 >"$T/win"
for t in 'avg|20' 'min|10' 'max|30' 'p50|20' 'p90|28' 'p95|29' 'p99|29.8' \
    'last|20'; do
	a=${t%%|*}
	run pm-alert --check -r "$a(m[30s]) > 1e9" "$T/win"
	like "$out" "^PM OK - 1 series, no alerts \\| '$a\\(m\\) h'=${t#*|};;~:1000000000\$" \
		"$a over the window: ${t#*|}"
done
# rate: a counter, reset at 00:30 (150 -> 20), per second over [30s]:
# 00:10 50/10s, 00:20 150/20s, 00:30 (100+20)/20s.
pts h c 0 50 150 20 120 >"$T/ctr"
run pm-alert -r 'rate(c[30s]) > 6' "$T/ctr"
is "$(ev "$T/out")" "00:20 firing critical h 7.5
00:30 resolved critical h 6" "rate: per second, a counter reset counted as growth"

# for: pending at the first true, firing once true for 20s; one false
# evaluation resets it.
pts h m 1 9 9 1 9 9 9 1 >"$T/for"
run pm-alert -r 'Hot: m > 5 for 20s' "$T/for"
is "$(ev "$T/out")" "00:10 pending critical h 9
00:40 pending critical h 9
01:00 firing critical h 9
01:10 resolved critical h 1" "for 20s: exact times, reset by one false evaluation"

# keep_firing_for: false for less than 30s keeps it firing.
pts h m 9 1 1 9 1 1 1 1 >"$T/keep"
run pm-alert -r 'm > 5 keep_firing_for 30s' "$T/keep"
is "$(ev "$T/out")" "00:00 firing critical h 9
01:10 resolved critical h 1" "keep_firing_for 30s: resolved 30s after the last true"

# Severities per series: -w and -c (Nagios ranges) on a rule without one.
{ pts a m 85 95 10; pts b m 95 85 85; } | sort -s -k1,1 >"$T/sev"
run pm-alert -r 'm' -w 80 -c 90 "$T/sev"
is "$(ev "$T/out")" "00:00 firing warning a 85
00:00 firing critical b 95
00:10 firing critical a 95
00:10 firing warning b 85
00:20 resolved critical a 10" "per-series severities; a change of severity is an event"

# absent: nothing from b for 30s; no m at all for 30s.
{ pts a m 1 1 1 1 1 1; pts b m 1 1; } | sort -s -k1,1 >"$T/abs"
run pm-alert -r 'Gone: absent(m, 30s)' "$T/abs"
is "$(ev "$T/out")" "00:40 firing critical b 30" "absent: b is gone 30s after its last point"
pts a other 1 1 1 1 >"$T/other"
run pm-alert -r 'Gone: absent(m, 30s)' "$T/other"
is "$(jq -c '[.ts, .state, .value, .host, .watched, .threshold]' "$T/out")" \
	'["2026-11-22T10:00:30.000Z","firing",30,null,"m",">= 30"]' \
	"absent: a metric never seen, counted from the first point"

# The whole record: a point with metric "alert"; labels and annotations
# from templates.
printf '%s\n' '{"ts":"2026-11-22T10:00:00Z","host":"gpu-1","metric":"gpu.temperature","value":91.5,"unit":"C","labels":{"gpu":"0"}}' \
    '{"ts":"2026-11-22T10:00:10Z","host":"gpu-1","metric":"gpu.temperature","value":70,"unit":"C","labels":{"gpu":"0"}}' >"$T/gpu"
run pm-alert -r 'GpuHot: max(gpu.temperature[10s]) >= 85' -l team=ml \
	-l 'where={{host}}/{{labels.gpu}}' \
	-a 'summary=GPU {{labels.gpu}} on {{host}} at {{value}} (>= {{threshold}}, {{severity}}, {{alert}}, {{metric}}) {{labels.team}}' \
	"$T/gpu"
cat >"$T/want" <<'EOF'
{"ts":"2026-11-22T10:00:00.000Z","host":"gpu-1","metric":"alert","value":91.5,"labels":{"gpu":"0","team":"ml","where":"gpu-1/0"},"event":"alert","alert":"GpuHot","state":"firing","severity":"critical","watched":"gpu.temperature","threshold":">= 85","since":"2026-11-22T10:00:00.000Z","fingerprint":"3f47c04696738a58","annotations":{"summary":"GPU 0 on gpu-1 at 91.5 (>= 85, critical, GpuHot, gpu.temperature) ml"}}
EOF
head -1 "$T/out" >"$T/got"
same_file "$T/want" "$T/got" "the firing record, exactly"
is "$(sed -n 2p "$T/out" | jq -c '[.state, .value, .since, .ts]')" \
	'["resolved",70,"2026-11-22T10:00:00.000Z","2026-11-22T10:00:10.000Z"]' \
	"resolved: since is when it fired; 91.5 left the [10s] window"

# --pass: every input point, each event after the point that caused it.
run pm-alert --pass -r 'm > 5' "$T/edge"
is "$(jq -r '.metric + " " + (.state // "")' "$T/out" | tr '\n' ' ')" \
	"m  m  m  alert firing m  alert resolved m  " "--pass: points and events in order"

# Bad input: reported, skipped, the rest evaluated, exit 1.
{ pts h m 9; echo '{"metric":"m","value":1}'; echo 'nope';
  echo '{"ts":"2026-11-22T09:00:00Z","host":"h","metric":"m","value":1}';
  pts h m 9 1 | tail -1; } >"$T/bad"
run pm-alert -r 'm > 5' "$T/bad"
is "$rc" 1 "bad lines: exit 1"
is "$err" "pm-alert: $T/bad:2: no ts (alerts need each point's time)
pm-alert: $T/bad:3: not valid JSON
pm-alert: $T/bad:4: older than its series' last point, skipped" \
	"bad lines: each reported with its line"
is "$(ev "$T/out")" "00:00 firing critical h 9
00:10 resolved critical h 1" "bad lines: the good ones still evaluated"
run pm-alert --strict -r 'm > 5' "$T/bad"
is "$rc:$(echo "$err" | wc -l)" "1:1" "--strict: stops at the first bad line"

done_testing
