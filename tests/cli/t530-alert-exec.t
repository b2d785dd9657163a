#!/bin/sh
# pm-alert --exec: the alert reaches the command as data only (environment
# and standard input), whatever the labels hold; a failing, missing or
# hanging command is reported and the event still written.
. "$(dirname "$0")/../lib.sh"

cd "$T" || exit 1
# Label values that a shell would run, split or stop at.
cat >"$T/in" <<'EOF'
{"ts":"2026-11-22T10:00:00Z","host":"web-1;touch PWNED2","metric":"m","value":9,"labels":{"cmd":"$(touch PWNED)","q":"it's \"quoted\" `touch PWNED3`","nl":"a\nb"}}
{"ts":"2026-11-22T10:00:10Z","host":"web-1;touch PWNED2","metric":"m","value":1,"labels":{"cmd":"$(touch PWNED)","q":"it's \"quoted\" `touch PWNED3`","nl":"a\nb"}}
EOF
cat >"$T/hook" <<'EOF'
#!/bin/sh
# Keep what we were given, as bytes.
n=$(ls "$HOOK_DIR" | wc -l)
d="$HOOK_DIR/$n"
mkdir "$d"
printf '%s\n' "$@" >"$d/args"
cat >"$d/stdin"
env | grep '^PM_ALERT_' | sort >"$d/env"
printf '%s' "$PM_ALERT_HOST" >"$d/host"
printf '%s' "$PM_ALERT_LABELS" >"$d/labels"
printf '%s' "$PM_ALERT_SUMMARY" >"$d/summary"
echo "hook output goes to stderr"
EOF
chmod +x "$T/hook"
mkdir "$T/calls"
export HOOK_DIR="$T/calls"

run pm-alert -r 'Hot: m > 5' -a 'summary={{labels.cmd}} on {{host}}' \
	-a 'detail={{labels.nl}} {{labels.q}}' \
	--exec "$T/hook --flag \$(id)" "$T/in"
is "$rc" 0 "exit 0"
is "$(ls "$T/calls" | tr '\n' ' ')" "0 1 " "one call for firing, one for resolved"
is "$(ls "$T" | grep -c PWNED)" 0 "nothing in the data was run"
is "$(cat "$T/calls/0/args")" '--flag
$(id)' "the command's words are split at spaces, never interpreted"
is "$(cat "$T/calls/0/host")" 'web-1;touch PWNED2' "PM_ALERT_HOST: the host, as is"
is "$(cat "$T/calls/0/labels")" \
	'{"cmd":"$(touch PWNED)","nl":"a\nb","q":"it'"'"'s \"quoted\" `touch PWNED3`"}' \
	"PM_ALERT_LABELS: the labels as canonical JSON"
printf 'a\nb it'"'"'s "quoted" `touch PWNED3`' >"$T/want"
jq -j .annotations.detail "$T/calls/0/stdin" >"$T/detail"
same_file "$T/want" "$T/detail" "a newline and quotes in an annotation, as bytes, on stdin"
cat >"$T/want" <<'EOF'
PM_ALERT_COUNT=1
PM_ALERT_FINGERPRINT=dbf401e5b35b193a
PM_ALERT_HOST=web-1;touch PWNED2
PM_ALERT_LABELS={"cmd":"$(touch PWNED)","nl":"a\nb","q":"it's \"quoted\" `touch PWNED3`"}
PM_ALERT_METRIC=m
PM_ALERT_NAME=Hot
PM_ALERT_SEVERITY=critical
PM_ALERT_SINCE=2026-11-22T10:00:00.000Z
PM_ALERT_STATE=firing
PM_ALERT_SUMMARY=$(touch PWNED) on web-1;touch PWNED2
PM_ALERT_THRESHOLD=> 90
PM_ALERT_TS=2026-11-22T10:00:00.000Z
PM_ALERT_VALUE=9
EOF
sed -i 's/=> 90$/=> 5/' "$T/want"
same_file "$T/want" "$T/calls/0/env" "the PM_ALERT_* variables"
head -1 "$T/out" >"$T/want"
same_file "$T/want" "$T/calls/0/stdin" "standard input: the event, as written on stdout"
is "$(grep '^PM_ALERT_STATE' "$T/calls/1/env")" "PM_ALERT_STATE=resolved" \
	"the second call: resolved"
is "$err" "hook output goes to stderr
hook output goes to stderr" "the command's output goes to stderr, not among the records"

# Pending events are not notified.
rm -rf "$T/calls"/*
run pm-alert -r 'm > 5 for 1h' --exec "$T/hook" "$T/in"
is "$(jq -r .state "$T/out"):$(ls "$T/calls" | wc -l)" "pending:0" \
	"pending: written, not notified"

# Failures: reported, the event still written, exit 1.
printf '#!/bin/sh\nexit 3\n' >"$T/fail"
chmod +x "$T/fail"
run pm-alert -r 'm > 5' --exec "$T/fail" "$T/in"
is "$rc:$(jq -r .state "$T/out" | tr '\n' ' ')" "1:firing resolved " \
	"a failing command: exit 1, events still written"
is "$(head -1 "$T/err")" "pm-alert: --exec: $T/fail: exit status 3 (alert m firing)" \
	"a failing command is reported"
if [ -n "${PM_MEMCHECK:-}" ]; then
	# glibc's posix_spawn learns of a failed exec through memory it shares
	# with the child (CLONE_VM); valgrind makes that a plain fork.
	skip "make memcheck: under valgrind posix_spawn cannot report a failed exec"
else
	run pm-alert -r 'm > 5' --exec "$T/missing" "$T/in"
	is "$rc:$(head -1 "$T/err")" \
	    "1:pm-alert: --exec: $T/missing: No such file or directory" \
	    "a missing command"
fi
printf '#!/bin/sh\nexec sleep 30\n' >"$T/hang"
chmod +x "$T/hang"
run timeout 25 pm-alert -r 'm > 5' --timeout 200ms --exec "$T/hang" "$T/in"
is "$rc:$(jq -r .state "$T/out" | tr '\n' ' ')" "1:firing resolved " \
	"a hanging command: killed at --timeout, events still written"
is "$(head -1 "$T/err")" \
	"pm-alert: --exec: $T/hang: still running after the time limit, killed" \
	"a hanging command is reported"

# --max-per-minute 3: six alerts firing at once notify three; the six
# resolving 30s later, none; six firing a minute after the first, three.
rm -rf "$T/calls"/*
for s in 00 30 60; do
	v=9
	[ $s = 30 ] && v=1
	for h in 0 1 2 3 4 5; do
		printf '{"ts":"2026-11-22T10:%02d:%02dZ","host":"h%s","metric":"m","value":%s}\n' \
		    $((s / 60)) $((s % 60)) $h $v
	done
done >"$T/storm"
run pm-alert -r 'm > 5' --max-per-minute 3 --exec "$T/hook" "$T/storm"
is "$rc:$(jq -r .state "$T/out" | sort | uniq -c | tr -s ' \n' '  ')" \
	"0: 12 firing 6 resolved " "--max-per-minute: every event still written"
is "$(for d in "$T/calls"/*; do grep -h -e STATE -e TS -e HOST "$d/env" |
	cut -d= -f2 | tr '\n' ' '; echo; done | sort)" \
	"h0 firing 2026-11-22T10:00:00.000Z 
h0 firing 2026-11-22T10:01:00.000Z 
h1 firing 2026-11-22T10:00:00.000Z 
h1 firing 2026-11-22T10:01:00.000Z 
h2 firing 2026-11-22T10:00:00.000Z 
h2 firing 2026-11-22T10:01:00.000Z " "--max-per-minute 3: three notifications a minute"
like "$err" "pm-alert: --max-per-minute: 12 notifications over the limit not sent" \
	"--max-per-minute: what was held back is reported"

done_testing
