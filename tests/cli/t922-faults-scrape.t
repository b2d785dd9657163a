#!/bin/sh
# Network faults, pm-sample --scrape (issue 9): a target that refuses,
# never answers, answers byte by byte, answers 500 or 429, or answers
# bytes that are not HTTP.  Each reading ends at --timeout; a target is
# asked once per reading (no retry, as Prometheus); the failure is said
# in words ("pm-sample: scrape URL: what"); scrape.up is 0 and the other
# collectors' points are all there; exit 1.  A target that never answers
# does not hold back one that does.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../servers.sh"

# scrape URL...: one reading of the load collector and the targets, 1 s
# per scrape, 30 s at most in all.
scrape() {
	_a=
	for _u; do
		_a="$_a --scrape $_u"
	done
	# shellcheck disable=SC2086
	run timeout 30 env PM_NOW=$PM_FIXTURE_NOW pm-sample -H fixture \
		--procfs "$FIX/sys1/proc" -c load -n 1 --timeout 1s $_a
}
# down URL: scrape.up 0 for URL's target, the load points there, exit 1.
down() {
	_i=${1#http://}
	_i=${_i%%/*}
	is "$rc:$(jq -r 'select(.metric == "scrape.up") | "\(.labels.instance) \(.value)"' "$T/out")" \
		"1:$_i 0" "$2: scrape.up 0, exit 1"
	is "$(jq -r 'select(.metric | startswith("load.")) | .metric' "$T/out" | wc -l | tr -d ' ')" 5 \
		"$2: the load points written all the same"
}

DOWN=http://127.0.0.1:$(free_port)/metrics
scrape "$DOWN"
like "$err" "^pm-sample: scrape $DOWN: Failed to connect to 127[.]0[.]0[.]1 port [0-9]+ .*: (Couldn't connect to server|Connection refused)\$" \
	"refused: said in words"
down "$DOWN" refused

start_fault hang hang
scrape "$FURL/metrics"
like "$err" "^pm-sample: scrape $FURL/metrics: Operation timed out after ([5-9][0-9]{2}|[1-9][0-9]{3}) milliseconds with 0 bytes received\$" \
	"no answer: ended by --timeout 1s, said"
down "$FURL" "no answer"
is "$(fault_count hang)" 1 "no answer: asked once"

start_fault slow slow 0.5
scrape "$FURL/metrics"
like "$err" "^pm-sample: scrape $FURL/metrics: Operation timed out after ([5-9][0-9]{2}|[1-9][0-9]{3}) milliseconds with [0-9]+ (out of [0-9]+ )?bytes received\$" \
	"byte by byte: ended by --timeout 1s"
down "$FURL" "byte by byte"

for code in 500 429/5; do
	start_fault "s${code%/*}" status "$code"
	scrape "$FURL/metrics"
	is "$err" "pm-sample: scrape $FURL/metrics: HTTP status ${code%/*}" "${code%/*}: said"
	down "$FURL" "${code%/*}"
	is "$(fault_count "s${code%/*}")" 1 "${code%/*}: asked once, no retry"
done

start_fault garbage garbage
scrape "$FURL/metrics"
is "$err" "pm-sample: scrape $FURL/metrics: the answer is not HTTP" "not HTTP: said in words"
down "$FURL" "not HTTP"

# A silent target beside a good one: the good one's sample is there.
start_fault hang2 hang
H=$FURL
FAULT_BODY='good_total 7
' start_fault good status 200
scrape "$H/metrics" "$FURL/metrics"
is "$rc:$(jq -r 'select(.metric == "good_total") | .value' "$T/out")" "1:7" \
	"a silent target beside a good one: the good one's sample written"
is "$(jq -r 'select(.metric == "scrape.up") | .value' "$T/out" | sort | tr '\n' ' ')" "0 1 " \
	"... scrape.up 0 and 1"

stop_servers
done_testing
