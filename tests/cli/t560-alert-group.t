#!/bin/sh
# pm-alert --group-by and --group-wait: a storm of alerts makes a few
# notifications (each with every alert of its group on stdin), grouped in
# the points' time; --max-per-minute counts notifications, not alerts.
. "$(dirname "$0")/../lib.sh"

cd "$T" || exit 1
cat >"$T/hook" <<'EOF'
#!/bin/sh
n=$(ls "$HOOK_DIR" | wc -l)
d="$HOOK_DIR/$n"
mkdir "$d"
cat >"$d/stdin"
printf '%s %s %s\n' "$PM_ALERT_COUNT" "$PM_ALERT_NAME" "$PM_ALERT_STATE" >"$d/env"
EOF
chmod +x "$T/hook"
mkdir "$T/calls"
export HOOK_DIR="$T/calls"

# One line per call, in order: "COUNT NAME STATE | time alert host state,...".
calls() {
	ls "$T/calls" | sort -n | while read -r d; do
		printf '%s | %s\n' "$(cat "$T/calls/$d/env")" \
		    "$(jq -r '"\(.ts[11:19]) \(.alert) \(.host) \(.state)"' \
		    "$T/calls/$d/stdin" | paste -sd, -)"
	done
}

# Six hosts, two metrics, all high at 10:00:00 and 10:00:10, low at 10:00:20.
for s in 0 10 20; do
	v=9
	[ $s = 20 ] && v=1
	for h in 1 2 3 4 5 6; do
		for m in a b; do
			printf '{"ts":"2026-11-22T10:00:%02dZ","host":"h%s","metric":"%s","value":%s}\n' \
			    $s $h $m $v
		done
	done
done >"$T/storm"

run pm-alert -r 'A: a > 5' -r 'B: b > 5' --group-by alertname \
	--exec "$T/hook" "$T/storm"
is "$rc:$(wc -l <"$T/out" | tr -d ' ')" "0:24" "every event still written"
is "$(calls)" "6 A firing | 10:00:00 A h1 firing,10:00:00 A h2 firing,10:00:00 A h3 firing,10:00:00 A h4 firing,10:00:00 A h5 firing,10:00:00 A h6 firing
6 B firing | 10:00:00 B h1 firing,10:00:00 B h2 firing,10:00:00 B h3 firing,10:00:00 B h4 firing,10:00:00 B h5 firing,10:00:00 B h6 firing
6 A resolved | 10:00:20 A h1 resolved,10:00:20 A h2 resolved,10:00:20 A h3 resolved,10:00:20 A h4 resolved,10:00:20 A h5 resolved,10:00:20 A h6 resolved
6 B resolved | 10:00:20 B h1 resolved,10:00:20 B h2 resolved,10:00:20 B h3 resolved,10:00:20 B h4 resolved,10:00:20 B h5 resolved,10:00:20 B h6 resolved" \
	"--group-by alertname: 24 events, 4 notifications, each with its alerts on stdin"

rm -rf "$T/calls"/*
run pm-alert -r 'A: a > 5' -r 'B: b > 5' --group-by host \
	--exec "$T/hook" "$T/storm"
is "$(calls | sed -n '1p;6p;7p')" "2 A firing | 10:00:00 A h1 firing,10:00:00 B h1 firing
2 A firing | 10:00:00 A h6 firing,10:00:00 B h6 firing
2 A resolved | 10:00:20 A h1 resolved,10:00:20 B h1 resolved" \
	"--group-by host: one notification per host and instant"
is "$(ls "$T/calls" | wc -l | tr -d ' ')" 12 "--group-by host: 12 notifications"

rm -rf "$T/calls"/*
run pm-alert -r 'A: a > 5' -r 'B: b > 5' --group-by alertname,host \
	--exec "$T/hook" "$T/storm"
is "$(ls "$T/calls" | wc -l | tr -d ' ')" 24 "--group-by alertname,host: one alert a group"

# --group-wait 30s: hosts going high at 00, 10, 20 and 40 seconds: the
# first three, within 30s of the first, make one notification, sent once
# the stream's time is past 10:00:30; h4's starts the next group.
for s in 0 10 20 30 40 50; do
	for h in 1 2 3 4; do
		v=1
		case $h:$s in
		1:*) v=9 ;;
		2:[1-9]*) v=9 ;;
		3:[2-9]*) v=9 ;;
		4:[4-9]*) v=9 ;;
		esac
		printf '{"ts":"2026-11-22T10:00:%02dZ","host":"h%s","metric":"a","value":%s}\n' \
		    $s $h $v
	done
done >"$T/stagger"
rm -rf "$T/calls"/*
run pm-alert -r 'A: a > 5' --group-by alertname --group-wait 30s \
	--exec "$T/hook" "$T/stagger"
is "$rc:$(calls)" "0:3 A firing | 10:00:00 A h1 firing,10:00:10 A h2 firing,10:00:20 A h3 firing
1 A firing | 10:00:40 A h4 firing" "--group-wait 30s: what comes within 30s goes together"
# Without grouping, one notification per alert, as they happen.
rm -rf "$T/calls"/*
run pm-alert -r 'A: a > 5' --exec "$T/hook" "$T/stagger"
is "$(calls | cut -d'|' -f1 | tr '\n' ';')" "1 A firing ;1 A firing ;1 A firing ;1 A firing ;" \
	"no --group-by: each alert alone"

# --max-per-minute counts notifications: the 2 groups at 10:00:00 are
# within a limit of 2, the 2 resolved groups 20s later are held.
rm -rf "$T/calls"/*
run pm-alert -r 'A: a > 5' -r 'B: b > 5' --group-by alertname \
	--max-per-minute 2 --exec "$T/hook" "$T/storm"
is "$(calls | cut -d'|' -f1 | tr '\n' ';')" "6 A firing ;6 B firing ;" \
	"--max-per-minute 2: two grouped notifications a minute"
like "$err" "2 notifications over the limit not sent" "what was held is reported"

# Usage errors.
run pm-alert -r 'a > 5' --group-by , "$T/storm"
like "$rc:$err" "^2:pm-alert: --group-by: no label names" "--group-by with no names"
run pm-alert -r 'a > 5' --group-wait soon "$T/storm"
like "$rc:$err" "^2:pm-alert: --group-wait: 'soon' is not a duration" \
	"--group-wait that is not a duration"

done_testing
