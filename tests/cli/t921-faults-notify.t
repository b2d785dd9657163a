#!/bin/sh
# Network faults, pm-alert --webhook and --alertmanager (issue 9): a
# receiver that refuses, never answers, answers byte by byte, answers
# 500, 429 (with Retry-After) or bytes that are not HTTP.  --timeout bounds
# each notification, tries and waits included; the tries are counted at
# the server and agree with the message; the failure is said in words
# ("pm-alert: --webhook: URL: what (N tries) (alert NAME STATE)"); the
# events are still written, and the exit status is 1.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../servers.sh"

cat >"$T/in" <<'EOF'
{"ts":"2026-11-22T10:00:00Z","host":"web-1","metric":"cpu.usage","value":97.2}
EOF
RULE='HighCPU: cpu.usage > 90'

# notify OPT URL [options]: one firing alert sent, within 30 s at most.
notify() {
	_o=$1
	_u=$2
	shift 2
	run timeout 30 pm-alert -r "$RULE" "$_o" "$_u" --timeout 1s "$@" "$T/in"
}
# tries NAME: the requests server NAME got, and the count in the message,
# which must agree; with a 1 s --timeout and backoffs of 100, 200, 400 ms
# the tries are 4 at most, however fast the machine.
tries() {
	_c=$(fault_count "$1")
	_m=$(printf '%s\n' "$err" | sed -n 's/.*(\([0-9]*\) tr[yies]*).*/\1/p')
	if [ "$_c" = "$_m" ] && [ "$_c" -ge 1 ] && [ "$_c" -le 4 ]; then
		ok 0 "$1: $_c requests, as the message says (1 to 4)"
	else
		ok 1 "$1: requests $_c, message $_m (1 to 4)"
	fi
}

for o in --webhook --alertmanager; do
	p=${o#--}
	# The webhook's URL is taken as it is; /api/v2/alerts is added to
	# the Alertmanager's.
	case $o in
	--webhook) path=/hook add=/hook ;;
	*) path=/api/v2/alerts add= ;;
	esac
	# What every failed notification leaves: the event written, exit 1.
	written() {
		is "$rc:$(jq -r .state "$T/out")" "1:firing" "$p $1: the event written, exit 1"
	}

	DOWN=http://127.0.0.1:$(free_port)
	notify "$o" "$DOWN/x"
	like "$err" "^pm-alert: $o: $DOWN/x[^ ]*: Failed to connect to 127[.]0[.]0[.]1 port [0-9]+ .*: (Couldn't connect to server|Connection refused) [(][1-4] tr(y|ies)[)] [(]alert HighCPU firing[)]\$" \
		"$p refused: tried again until --timeout, said in words"
	written refused

	start_fault "$p-hang" hang
	notify "$o" "$FURL$add"
	like "$err" "^pm-alert: $o: $FURL$path: Operation timed out after ([5-9][0-9]{2}|[1-9][0-9]{3}) milliseconds with 0 bytes received [(]1 try[)] [(]alert HighCPU firing[)]\$" \
		"$p no answer: ended by --timeout 1s, one try"
	is "$(fault_count "$p-hang")" 1 "$p no answer: one request"
	written "no answer"

	start_fault "$p-slow" slow 0.5
	notify "$o" "$FURL$add"
	like "$err" "^pm-alert: $o: $FURL$path: Operation timed out after ([5-9][0-9]{2}|[1-9][0-9]{3}) milliseconds .* [(]1 try[)] [(]alert HighCPU firing[)]\$" \
		"$p byte by byte: ended by --timeout 1s"
	written "byte by byte"

	start_fault "$p-500" status 500
	notify "$o" "$FURL$add"
	like "$err" "^pm-alert: $o: $FURL$path: HTTP 500 [(][1-4] tr(y|ies)[)] [(]alert HighCPU firing[)]\$" \
		"$p 500: said, tried again within --timeout"
	tries "$p-500"
	written 500

	start_fault "$p-429" status 429/1 200
	notify "$o" "$FURL$add" --timeout 5s
	is "$rc:$err" "0:" "$p 429 Retry-After: 1, then 200: delivered"
	is "$(fault_count "$p-429")" 2 "$p 429 then 200: 2 requests"
	is "$(jq -s '(.[1].t - .[0].t) >= 0.95' "$T/$p-429.log")" true \
		"$p 429: the second try after the 1 s asked for"

	start_fault "$p-429late" status 429/2
	notify "$o" "$FURL$add"
	like "$err" "^pm-alert: $o: $FURL$path: HTTP 429 [(]1 try, Retry-After: 2 s[)] [(]alert HighCPU firing[)]\$" \
		"$p 429 Retry-After past --timeout: not waited for, said"
	is "$(fault_count "$p-429late")" 1 "$p 429 Retry-After past --timeout: one request"
	written "429 past --timeout"

	start_fault "$p-garbage" garbage
	notify "$o" "$FURL$add"
	like "$err" "^pm-alert: $o: $FURL$path: the answer is not HTTP [(][1-4] tr(y|ies)[)] [(]alert HighCPU firing[)]\$" \
		"$p not HTTP: said in words"
	tries "$p-garbage"
	written "not HTTP"
	stop_servers
done

done_testing
