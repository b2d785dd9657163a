#!/bin/sh
# pm-bench --url stopped by SIGINT or SIGTERM (issue 9): the load stops,
# the requests in flight are dropped, and the answers so far are reported:
# one whole bench.http record marked "interrupted": true, the report on
# stderr, exit 128 + the signal's number.  No timing luck: the server
# answers the first 5 requests of /x and never answers a later one, so
# once every connection waits on an unanswered request exactly 5 answers
# have come; the test waits for that in the server's log.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../procs.sh"
. "$(dirname "$0")/../servers.sh"

if [ ! -x "$PY" ]; then
	echo "1..0 # skip $PY not installed"
	exit 0
fi

# HTTP/1.1 (keep-alive), one line per request in $T/log ("PATH N"): /x
# is answered 5 times, then never; /ok always.  The port goes to $T/port.
cat >"$T/srv.py" <<'EOF'
import http.server, os, sys, threading
log = open(sys.argv[1], 'a')
lock = threading.Lock()
seen = [0]
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    def do_GET(self):
        with lock:
            seen[0] += 1 if self.path == '/x' else 0
            n = seen[0]
            log.write('%s %d\n' % (self.path, n))
            log.flush()
        if self.path == '/x' and n > 5:
            threading.Event().wait()
        self.send_response(200)
        self.send_header('Content-Length', '6')
        self.end_headers()
        self.wfile.write(b'hello\n')
    def log_message(self, *a):
        pass
s = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
s.daemon_threads = True
with open(sys.argv[2] + '.tmp', 'w') as f:
    f.write('%d\n' % s.server_address[1])
os.rename(sys.argv[2] + '.tmp', sys.argv[2])
s.serve_forever()
EOF

# case NAME SIG LOG-LINES OPTIONS...: a new server; pm-bench --url /x
# with OPTIONS for 600 s; SIG once the log has LOG-LINES lines.
case_() {
	_name=$1
	_sig=$2
	_want=$3
	shift 3
	stop_servers
	rm -f "$T/port" "$T/log"
	: >"$T/log"
	"$PY" "$T/srv.py" "$T/log" "$T/port" &
	pids="$pids $!"
	wait_for "[ -s '$T/port' ]" || { echo "Bail out! the server did not start"; exit 1; }
	U=http://127.0.0.1:$(cat "$T/port")
	pm-bench --url "$U/x" -t 600s --json "$@" >"$T/out" 2>"$T/err" &
	pid=$!
	wait_for "[ \$(wc -l <'$T/log') -ge $_want ] || ! alive $pid"
	kill -"$_sig" "$pid"
	finish "$pid"
	n=$( [ "$_sig" = INT ] && echo 2 || echo 15)
	is "$rc" $((128 + n)) "$_name, SIG$_sig: exit $((128 + n))"
	lines "$T/out"
	ok $? "$_name, SIG$_sig: the record whole, the last line ended"
}

# The closed model, one connection: 5 answers, the 6th request hangs.
case_ "-c 1" INT 6 -c 1
is "$(jq -r '[.metric, .requests, .errors, .interrupted] | @tsv' "$T/out")" \
	"$(printf 'bench.http\t5\t0\ttrue')" "-c 1: the 5 answers, marked interrupted"
like "$(cat "$T/err")" "Requests: +5 in .*, interrupted" "-c 1: the report says it"
like "$(head -1 "$T/err")" "^pm-bench: $U/x: stopped by a signal, the requests in flight dropped\$" \
	"-c 1: the stop said"

# Two threads, each with a connection: the signal comes to one thread,
# the other sees the stop too.
case_ "--threads 2" TERM 7 -c 2 --threads 2
is "$(jq -r '[.requests, .errors, .interrupted] | @tsv' "$T/out")" \
	"$(printf '5\t0\ttrue')" "--threads 2: the 5 answers, marked interrupted"

# The open model, requests due faster than answered.
case_ "--rate 1000" INT 7 -c 2 --threads 2 --rate 1000
is "$(jq -r '[.requests, .errors, .rate, .interrupted] | @tsv' "$T/out")" \
	"$(printf '5\t0\t1000\ttrue')" "--rate 1000: the 5 answers, marked interrupted"

# The open model asleep until the next request is due (thread 1's first
# is due at 1000 s): the stop does not wait for it.
case_ "--rate 0.001" TERM 1 -c 2 --threads 2 --rate 0.001 -t 2h
is "$(jq -r '[.requests <= 1, .interrupted] | @tsv' "$T/out")" \
	"$(printf 'true\ttrue')" "--rate 0.001: stopped while asleep, marked interrupted"

# The closed model against a server that answers: the stop comes between
# answers; whatever was answered is counted, and no error.
stop_servers
rm -f "$T/port" "$T/log"
: >"$T/log"
"$PY" "$T/srv.py" "$T/log" "$T/port" &
pids="$pids $!"
wait_for "[ -s '$T/port' ]"
pm-bench --url "http://127.0.0.1:$(cat "$T/port")/ok" -c 2 -t 600s >"$T/out" 2>"$T/err" &
pid=$!
wait_for "[ \$(wc -l <'$T/log') -ge 20 ] || ! alive $pid"
kill -INT "$pid"
finish "$pid"
is "$rc" 130 "/ok: exit 130"
is "$(jq -r '[.requests >= 18, .errors, .interrupted] | @tsv' "$T/out")" \
	"$(printf 'true\t0\ttrue')" "/ok: the answers so far, no error, marked"

done_testing
