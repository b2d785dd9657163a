#!/bin/sh
# Network faults, pm-query --source and pm-bench --url (issue 9).
# pm-query: an engine that refuses, never answers, answers byte by byte,
# answers 500 or 429, or answers bytes that are not HTTP: one request,
# ended by --timeout, the failure in words ("pm-query: URL: what"), no
# point written, exit 1.  pm-bench --url against a port nothing listens
# on: bounded by -n or -t, "no request could connect", exit 2.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../servers.sh"

# query URL: pm-query of the engine at URL, 1 s, 30 s at most in all.
query() {
	run timeout 30 pm-query --source "prom+$1" --timeout 1s -m cpu.usage
}

run pm-query --timeout 1s -m cpu.usage "$FIX/export/points.ndjson"
is "$rc:$(head -1 "$T/err")" "2:pm-query: --timeout: only with --source" \
	"--timeout without --source: usage error"
run pm-query --source prom+http://127.0.0.1:1 --timeout 0s -m x
is "$rc:$(head -1 "$T/err")" "2:pm-query: --timeout: must be 1ms or more" \
	"--timeout 0s: usage error"

DOWN=http://127.0.0.1:$(free_port)
query "$DOWN"
like "$rc:$out:$err" "^1::pm-query: $DOWN: Failed to connect to 127[.]0[.]0[.]1 port [0-9]+ .*: (Couldn't connect to server|Connection refused)\$" \
	"refused: said in words, nothing written, exit 1"

start_fault hang hang
query "$FURL"
like "$rc:$out:$err" "^1::pm-query: $FURL: Operation timed out after ([5-9][0-9]{2}|[1-9][0-9]{3}) milliseconds with 0 bytes received\$" \
	"no answer: ended by --timeout 1s, exit 1"
is "$(fault_count hang)" 1 "no answer: one request"

start_fault slow slow 0.5
query "$FURL"
like "$rc:$out:$err" "^1::pm-query: $FURL: Operation timed out after ([5-9][0-9]{2}|[1-9][0-9]{3}) milliseconds with [0-9]+ (out of [0-9]+ )?bytes received\$" \
	"byte by byte: ended by --timeout 1s, exit 1"

FAULT_BODY='{"status":"error","error":"overloaded"}' start_fault s500 status 500
query "$FURL"
is "$rc:$out:$err" "1::pm-query: $FURL: HTTP 500: {\"status\":\"error\",\"error\":\"overloaded\"}" \
	"500: the engine's words, exit 1"
FAULT_BODY='slow down' start_fault s429 status 429/60
query "$FURL"
is "$rc:$out:$err" "1::pm-query: $FURL: HTTP 429: slow down" "429: said, not waited for, exit 1"
is "$(fault_count s429)" 1 "429: one request"

start_fault garbage garbage
query "$FURL"
is "$rc:$out:$err" "1::pm-query: $FURL: the answer is not HTTP" "not HTTP: said in words, exit 1"

# pm-bench --url, nothing listening: every request refused.
run timeout 30 pm-bench --url "$DOWN/" -n 20 -c 2 --json
is "$rc:$(tail -1 "$T/err")" "2:pm-bench: $DOWN/: no request could connect (20 tries)" \
	"pm-bench --url, refused, -n 20: said, exit 2"
is "$(jq -r '"\(.requests) \(.errors_connect)"' "$T/out")" "20 20" \
	"... the record says 20 requests, 20 connection errors"
run timeout 30 pm-bench --url "$DOWN/" -t 1s -q
like "$rc:$err" "^2:pm-bench: $DOWN/: no request could connect [(][0-9]+ tries[)]\$" \
	"pm-bench --url, refused, -t 1s: bounded by -t, said, exit 2"

stop_servers
done_testing
