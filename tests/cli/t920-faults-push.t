#!/bin/sh
# Network faults, pm-export --push (issue 9): a receiver that refuses the
# connection, accepts and never answers, answers one byte at a time,
# answers 500, 429 (with Retry-After) or bytes that are not HTTP, or
# closes without a word.  Every
# try ends at --timeout, the tries are counted at the server (--retries
# + 1, never more), the failure is said in words ("pm-export: URL: what
# (N tries)"), exit 1, and with --spool nothing is lost.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../servers.sh"

E=$FIX/export
pm-export -f influx "$E/points.ndjson" >"$T/lines"

# push URL [options]: pm-export --push with 1s tries and 2 retries, inside
# a timeout of 30 s (124 there: it did not end by itself).
push() {
	_u=$1
	shift
	run timeout 30 pm-export --push "$_u" --timeout 1s --retries 2 "$@" \
		"$E/points.ndjson"
}

# --- refused: nothing listens on the port.
DOWN=http://127.0.0.1:$(free_port)
push "$DOWN/write"
like "$rc:$err" "^1:pm-export: $DOWN/write: Failed to connect to 127[.]0[.]0[.]1 port [0-9]+ .*: (Couldn't connect to server|Connection refused) [(]3 tries[)]\$" \
	"refused: 3 tries, said in words, exit 1"

# --- hang: the connection is taken, no answer ever comes.
start_fault hang hang
push "$FURL/write"
like "$rc:$err" "^1:pm-export: $FURL/write: Operation timed out after ([5-9][0-9]{2}|[1-9][0-9]{3}) milliseconds with 0 bytes received [(]3 tries[)]\$" \
	"no answer: each try ended by --timeout 1s, exit 1"
is "$(fault_count hang)" 3 "no answer: 3 requests (--retries 2)"

# --- slow: a whole answer would take 30 s, one byte every 0.5 s.
start_fault slow slow 0.5
push "$FURL/write" --retries 0
like "$rc:$err" "^1:pm-export: $FURL/write: Operation timed out after ([5-9][0-9]{2}|[1-9][0-9]{3}) milliseconds with 0 bytes received [(]1 try[)]\$" \
	"byte by byte: ended by --timeout, not by the server, exit 1"
is "$(fault_count slow)" 1 "byte by byte: --retries 0 makes one request"

# --- 500 every time.
FAULT_BODY='disk on fire' start_fault s500 status 500
push "$FURL/write"
is "$rc:$err" "1:pm-export: $FURL/write: HTTP 500: disk on fire (3 tries)" \
	"500: the server's words, 3 tries, exit 1"
is "$(fault_count s500)" 3 "500: 3 requests"

# --- 429 with Retry-After: 1 then 204: the wait is the server's, not
# the 100 ms backoff.
start_fault s429 status 429/1 204
push "$FURL/write"
is "$rc:$err" "0:" "429 Retry-After: 1, then 204: sent, exit 0"
is "$(fault_count s429)" 2 "429 then 204: 2 requests"
is "$(jq -s '(.[1].t - .[0].t) >= 0.95' "$T/s429.log")" true \
	"429: the second try came after the 1 s Retry-After asked for"

# --- 429 with a Retry-After too long to wait: one try, said, and spooled.
start_fault s429long status 429/3600
push "$FURL/write" --spool "$T/spool"
is "$rc:$err" "1:pm-export: $FURL/write: HTTP 429: up 1 (1 try, Retry-After: 3600 s)
pm-export: 1 batch kept in $T/spool" \
	"429 Retry-After: 3600: not waited for, said, the batch spooled, exit 1"
is "$(fault_count s429long)" 1 "429 Retry-After: 3600: one request"
cat "$T/spool"/*.batch >"$T/got"
same_file "$T/lines" "$T/got" "429: the spool holds the whole output"
rm -rf "$T/spool"

# --- garbage: bytes that are not HTTP.  Tried again (the server may be
# restarting into the right program) and spooled, not dropped.
start_fault garbage garbage
push "$FURL/write" --spool "$T/spool"
is "$rc:$err" "1:pm-export: $FURL/write: the answer is not HTTP (3 tries)
pm-export: 1 batch kept in $T/spool" "not HTTP: said in words, spooled, exit 1"
is "$(fault_count garbage)" 3 "not HTTP: 3 requests"
is "$(cat "$T/spool"/*.batch | wc -l | tr -d ' ')" "$(wc -l <"$T/lines" | tr -d ' ')" \
	"not HTTP: every line kept"

# --- closed without a word: like a server down, tried again.
start_fault close close
push "$FURL/write"
is "$rc:$err" "1:pm-export: $FURL/write: Empty reply from server (3 tries)" \
	"closed without an answer: said, 3 tries, exit 1"
is "$(fault_count close)" 3 "closed without an answer: 3 requests"

# --- the receiver back: the spool goes out first, then the new output.
start_fault back status 204
run timeout 30 pm-export --push "$FURL/write" --timeout 1s --spool "$T/spool" "$E/points.ndjson"
is "$rc:$err:$(ls -A "$T/spool")" "0::" "back up: spool sent and emptied, exit 0"
is "$(fault_count back)" 2 "back up: the spooled batch, then the new one"

# --- a wrong scheme is refused before any connection.
run pm-export --push "ftp://127.0.0.1:1/write" "$E/points.ndjson"
is "$rc:$err" "1:pm-export: ftp://127.0.0.1:1/write: not an http:// or https:// URL" \
	"ftp:// URL: refused in words, exit 1"

stop_servers
done_testing
