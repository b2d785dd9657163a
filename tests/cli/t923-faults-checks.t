#!/bin/sh
# Network faults, pm-status --check and --targets (issue 9): a service
# that refuses, never answers, answers byte by byte, answers 500 or 429,
# or answers bytes that are not HTTP is down, with the reason in words
# (in the view and in --json's "error"); each check ends at --timeout, all
# checks at once (5 silent services take one --timeout, not five); one
# request per check; exit 2 (critical: a service is down).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../servers.sh"

# check URL: pm-status --json with one check, 1 s; the check's "up error"
# in $why, exit status in $rc.
check() {
	run timeout 30 pm-status -c load --check "$1" --timeout 1s --json
	why=$(jq -r '.services[] | "\(.up) \(.error // .code)"' "$T/out")
}

DOWN=http://127.0.0.1:$(free_port)/health
check "$DOWN"
is "$rc:$why" "2:false connection refused" "refused: down, in words, exit 2"
COLUMNS=100 NO_COLOR=1 run timeout 30 pm-status -c load --check "$DOWN" --timeout 1s
like "$(grep '^Check' "$T/out")" "^Check $DOWN +down  connection refused\$" \
	"refused: the view says why"

start_fault hang hang
check "$FURL/health"
is "$rc:$why" "2:false timed out" "no answer: down at --timeout, exit 2"
is "$(fault_count hang)" 1 "no answer: one request"

start_fault slow slow 0.5
check "$FURL/health"
is "$rc:$why" "2:false timed out" "byte by byte: down at --timeout, exit 2"

start_fault s500 status 500
check "$FURL/health"
is "$rc:$why" "2:false HTTP status 500" "500: down with its code, exit 2"
start_fault s429 status 429/30
check "$FURL/health"
is "$rc:$why" "2:false HTTP status 429" "429: down with its code, Retry-After not waited for"
is "$(fault_count s429)" 1 "429: one request"

start_fault garbage garbage
check "$FURL/health"
is "$rc:$why" "2:false the answer is not HTTP" "not HTTP: down, in words"

# --targets: five silent services, checked at once: one --timeout, not
# five.
start_fault hang5 hang
for i in 1 2 3 4 5; do echo "$FURL/$i"; done >"$T/targets"
run timeout 30 pm-status -c load --targets "$T/targets" --timeout 2s --json
is "$rc:$(jq -r '[.services[] | .error] | unique | join(",")' "$T/out")" "2:timed out" \
	"--targets, 5 silent: each down, timed out, exit 2"
is "$(fault_count hang5)" 5 "--targets: 5 requests, one each"
# One after another, each request would come 2 s (the timeout) after the
# one before.
is "$(jq -s '(map(.t) | max - min) < 2' "$T/hang5.log")" true \
	"--targets: the 5 requests sent at once, not one per timeout"

stop_servers
done_testing
