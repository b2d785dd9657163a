#!/bin/sh
# pm-bench --url against a server that closes every connection right
# after its answer, without saying so (HTTP/1.1, no "Connection: close"):
# libcurl keeps the connection, the close arrives while it is idle (an
# event for a socket libcurl no longer watches), and the next request
# finds it dead and connects again.  Every request is answered (or, in a
# race with the close, counted as an error), and the idle closes do not
# keep pm-bench busy.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../servers.sh"

if [ ! -x "$PY" ]; then
	echo "1..0 # skip $PY not installed"
	exit 0
fi

# Logs "PATH CLIENT-PORT" per request in $T/log; /slow answers after 300
# ms; its port goes to $T/port.
cat >"$T/srv.py" <<'EOF'
import http.server, os, sys, threading, time
log = open(sys.argv[1], 'a')
lock = threading.Lock()
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    def do_GET(self):
        with lock:
            log.write('%s %d\n' % (self.path, self.client_address[1]))
            log.flush()
        if self.path.startswith('/slow'):
            time.sleep(0.3)
        self.send_response(200)
        self.send_header('Content-Length', '6')
        self.end_headers()
        self.wfile.write(b'hello\n')
        self.close_connection = True
    def log_message(self, *a):
        pass
s = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
s.daemon_threads = True
with open(sys.argv[2] + '.tmp', 'w') as f:
    f.write('%d\n' % s.server_address[1])
os.rename(sys.argv[2] + '.tmp', sys.argv[2])
s.serve_forever()
EOF
"$PY" "$T/srv.py" "$T/log" "$T/port" &
pids="$pids $!"
wait_for '[ -s "$T/port" ]' || { echo "Bail out! the server did not start"; exit 1; }
U=http://127.0.0.1:$(cat "$T/port")

rec() { jq -r "select(.metric == \"bench.http\") | [$1] | @tsv" "$T/out"; }
logged() { grep -c "^$1 " "$T/log"; }
# cpu CMD...: run CMD (stdout to $T/out); its user + system CPU seconds
# to $T/cpu.
cpu() {
	"$PY" -c 'import resource, subprocess, sys
out = open(sys.argv[1], "w")
rc = subprocess.call(sys.argv[3:], stdout=out, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[2], "w").write("%f\n" % (r.ru_utime + r.ru_stime))
sys.exit(rc)' "$T/out" "$T/cpu" "$@"
}

plan 6

# Open model: 12 requests 100 ms apart that take 300 ms each, on 8
# connections: while some are in flight, others lie idle, closed.
cpu "$PM_BIN/pm-bench" --url "$U/slow" --rate 10 -n 12 -c 8
is "$?" 0 "open model, a server that closes idle connections: exit 0"
is "$(rec '.requests, .errors')" "12	0" "  12 requests, no errors"
is "$(logged /slow)" 12 "  the server answered 12"
is "$(grep '^/slow ' "$T/log" | cut -d' ' -f2 | sort -u | wc -l | tr -d ' ')" \
    12 "  each on a connection of its own"
# The run lasts 1.4 s and takes some 20 ms of CPU; idle closed
# connections that woke pm-bench again and again would take a core for
# most of it (valgrind slows everything: no such point under it).
if [ -n "${PM_MEMCHECK:-}" ]; then
	skip "CPU time under valgrind"
else
	ok "$(awk '{ print ($1 < 0.15) ? 0 : 1 }' "$T/cpu")" \
	    "  idle closes cost no busy waiting ($(cat "$T/cpu") s of CPU)"
fi

# Closed model: the next request often goes out before the close comes;
# libcurl then connects again.  When the request is already on its way
# as the close arrives, the server's kernel resets it: an error, counted
# (as wrk counts it), and the only way a request goes unanswered.
run pm-bench --url "$U/closed" -n 40 -c 4 --threads 2
is "$(rec '.requests, .errors + '"$(logged /closed)")" "40	40" \
    "closed model: 40 requests, each answered or counted as an error"
