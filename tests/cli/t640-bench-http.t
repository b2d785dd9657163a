#!/bin/sh
# pm-bench --url against python3 servers on 127.0.0.1: exact request
# counts in the closed and open models, keep-alive, -X/-H/-d reaching the
# server, errors by kind (a server that fails or drops half its requests,
# one that never answers, a port nobody listens on), the open model's
# coordinated-omission correction on a slow server, and --fail-if.
. "$(dirname "$0")/../lib.sh"

PY=/usr/bin/python3
if [ ! -x "$PY" ]; then
	echo "1..0 # skip $PY not installed"
	exit 0
fi

# Two servers log every request as "PATH METHOD CLIENT-PORT X-TEST BODY"
# in $T/log: one speaks HTTP/1.0 (a connection per request), the other
# HTTP/1.1 (keep-alive).  /slow answers after 100 ms; /half answers 500 to
# every other request; /drop closes every other connection without an
# answer; /status/N answers N.  A third port listens and never answers, a
# fourth has nothing listening.  Ports go to $T/ports.
cat >"$T/srv.py" <<'EOF'
import http.server, os, socket, sys, threading, time
log = open(sys.argv[1], 'a')
lock = threading.Lock()
seen = {}
class H(http.server.BaseHTTPRequestHandler):
    def any(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        path = self.path.split('/')
        with lock:
            log.write('%s %s %d %s %s\n' % (self.path, self.command,
                self.client_address[1], self.headers.get('X-Test', '-'),
                body.decode() or '-'))
            log.flush()
            n = seen.get(path[1], 0)
            seen[path[1]] = n + 1
        code = 200
        if path[1] == 'slow':
            time.sleep(0.1)
        elif path[1] == 'half' and n % 2 == 1:
            code = 500
        elif path[1] == 'drop' and n % 2 == 1:
            return
        elif path[1] == 'status':
            code = int(path[2])
        self.send_response(code)
        self.send_header('Content-Length', '6')
        self.end_headers()
        self.wfile.write(b'hello\n')
    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = any
    def log_message(self, *a):
        pass
class K(H):
    protocol_version = 'HTTP/1.1'
old = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
new = http.server.ThreadingHTTPServer(('127.0.0.1', 0), K)
for s in (old, new):
    s.daemon_threads = True
    threading.Thread(target=s.serve_forever, daemon=True).start()
mute = socket.socket()
mute.bind(('127.0.0.1', 0))
mute.listen(16)
free = socket.socket()
free.bind(('127.0.0.1', 0))
ports = '%d %d %d %d\n' % (old.server_address[1], new.server_address[1],
    mute.getsockname()[1], free.getsockname()[1])
free.close()
with open(sys.argv[2] + '.tmp', 'w') as f:
    f.write(ports)
os.rename(sys.argv[2] + '.tmp', sys.argv[2])
threading.Event().wait()
EOF
. "$(dirname "$0")/../servers.sh"
"$PY" "$T/srv.py" "$T/log" "$T/ports" &
srv=$!
pids="$pids $srv"
wait_for '[ -s "$T/ports" ]' || { echo "Bail out! the servers did not start"; exit 1; }
read -r P1 P2 MUTE FREE <"$T/ports"
U=http://127.0.0.1:$P1
K=http://127.0.0.1:$P2

# rec FIELD...: members of the bench.http record in $T/out (or jq
# expressions in parentheses), tab-separated.
rec() {
	_q=
	for _f in "$@"; do
		case $_f in "("*) ;; *) _f=.$_f ;; esac
		_q="$_q${_q:+, }$_f"
	done
	jq -r "select(.metric == \"bench.http\") | [$_q] | @tsv" "$T/out"
}
# logged PATH: how many requests PATH got (from the start of $T/log).
logged() { grep -c "^$1 " "$T/log"; }

for bad in "-n 0" "-n 5 -t 1s" "-c 0" "-c x" "--rate 0" "--rate x" \
    "--threads 3 -c 2" "-t 0s" "--fail-if errors>x" \
    "--baseline-file $T/b.json" "--name a --name b"; do
	# shellcheck disable=SC2086
	run pm-bench --url "$U/" $bad
	is "$rc" 2 "--url $bad: usage error"
done
run pm-bench --url "$U/" true
is "$rc" 2 "--url with a command: usage error"
run pm-bench -n 5 true
is "$rc" 2 "-n without --url: usage error"
like "$err" "go with --url" "  says so"

# Closed model: exact counts, whatever the connections and threads.
run pm-bench --url "$U/a" -n 20 -c 4
is "$rc" 0 "closed model: exit 0"
is "$(rec requests errors connections threads)" "20	0	4	1" \
    "  the record: 20 requests, no errors, 4 connections, 1 thread"
is "$(logged /a)" 20 "  the server got exactly 20"
is "$(rec '(.bytes > 120)' '(.requests_per_s > 0)' '(.bytes_per_s > 0)')" \
    "true	true	true" "  bytes beyond the 20 bodies, requests/s and bytes/s"
is "$(rec 'labels.name' 'labels.url' 'labels.method' unit)" \
    "$U/a	$U/a	GET	seconds" "  labels name, url, method; unit seconds"
is "$(rec '(.min <= .p50)' '(.p50 <= .p90)' '(.p90 <= .p99)' '(.p99 <= .p999)' '(.p999 <= .max)' '(.value == .mean)' '(has("uncorrected_p50"))')" \
    "true	true	true	true	true	true	false" \
    "  min <= p50 <= p90 <= p99 <= p99.9 <= max; value = mean; no uncorrected figures"
like "$err" "Benchmark: $U/a" "  the report on stderr"
like "$err" "Requests: +20 in" "  with the request count"
run pm-bench --url "$U/b" -n 21 -c 5 --threads 2 -l run=x --name bee
is "$(rec requests 'labels.name' 'labels.run' threads)" "21	bee	x	2" \
    "--threads 2 -c 5 -n 21: 21 requests; --name and -l labels"
is "$(logged /b)" 21 "  the server got exactly 21"

# Keep-alive: an HTTP/1.1 server sees one client port per connection.
run pm-bench --url "$K/k" -n 30 -c 3
is "$(rec requests errors)" "30	0" "keep-alive: 30 requests"
is "$(grep '^/k ' "$T/log" | cut -d' ' -f3 | sort -u | wc -l | tr -d ' ')" 3 \
    "  over exactly 3 connections"

# The request: -X, -H, -d reach the server.
run pm-bench --url "$U/sink1" -n 2 -c 1 -X PUT -H 'X-Test: yes' -d 'a=1'
is "$(grep '^/sink1 ' "$T/log" | cut -d' ' -f2,4,5 | sort -u)" "PUT yes a=1" \
    "-X PUT -H 'X-Test: yes' -d a=1: what the server got"
printf 'from-file' >"$T/body"
run pm-bench --url "$U/sink2" -n 1 -d "@$T/body"
is "$(grep '^/sink2 ' "$T/log" | cut -d' ' -f2,5)" "POST from-file" \
    "-d @FILE: the file is the body, the method POST"
is "$(rec 'labels.method')" POST "  the method label says so"
run pm-bench --url "$U/sink3" -n 1 -d "@$T/none"
is "$rc" 2 "-d @FILE that does not exist: exit 2"

# Errors by kind, exact.
run pm-bench --url "$U/half" -n 10 -c 2
is "$rc" 0 "half the requests fail: still exit 0"
is "$(rec requests errors errors_http_5xx error_rate)" "10	5	5	0.5" \
    "/half: 5 of 10 are http_5xx, error_rate 0.5"
like "$err" "Errors: +5 \(50.00%\): http_5xx 5" "  the report says so"
run pm-bench --url "$U/status/404" -n 3 -c 1
is "$(rec errors errors_http_4xx errors_http_5xx)" "3	3	0" "/status/404: 3 http_4xx"
run pm-bench --url "$U/drop" -n 10 -c 2
is "$(rec requests errors errors_read)" "10	5	5" \
    "/drop: 5 of 10 connections closed unanswered: 5 read errors"
run pm-bench --url "http://127.0.0.1:$FREE/" -n 4 -c 2
is "$(rec requests errors_connect errors)" "4	4	4" \
    "nothing listening: 4 connect errors"
run pm-bench --url "http://127.0.0.1:$MUTE/" -n 2 -c 2 --timeout 200ms
is "$(rec requests errors_timeout errors)" "2	2	2" \
    "a server that never answers, --timeout 200ms: 2 timeouts"

# Gates.
run pm-bench -q --url "$U/half" -n 10 -c 2 --fail-if 'errors > 1%'
is "$rc" 1 "--fail-if 'errors > 1%' with 50% errors: exit 1"
like "$err" "$U/half: errors > 1%" "  says which gate"
run pm-bench -q --url "$U/half" -n 10 -c 2 --fail-if 'errors > 60%' \
    --fail-if 'failures > 5'
is "$rc" 0 "--fail-if 'errors > 60%', 'failures > 5' with 5 of 10: exit 0"
run pm-bench -q --url "$U/slow" -n 2 -c 2 --fail-if 'min < 100ms'
is "$rc" 0 "/slow: --fail-if 'min < 100ms' holds not: exit 0"
run pm-bench -q --url "$U/slow" -n 2 -c 2 --fail-if 'p95 >= 100ms'
is "$rc" 1 "/slow: --fail-if 'p95 >= 100ms': exit 1"

# Open model: 10 requests due every 50 ms on one connection to a server
# that takes 100 ms: they queue.  The last is due at 450 ms and cannot be
# answered before 1 s, so its corrected latency is at least 550 ms, while
# no uncorrected latency is below 100 ms.
run pm-bench --url "$U/slow" --rate 20 -n 10 -c 1
is "$(rec requests rate errors)" "10	20	0" "open model: 10 requests at 20/s"
is "$(rec '(.max >= 0.55)' '(.uncorrected_min >= 0.1)' '(.max >= .uncorrected_max)' '(.p50 >= .uncorrected_p50)')" \
    "true	true	true	true" \
    "  corrected max >= 550 ms, uncorrected min >= 100 ms, corrected >= uncorrected"
like "$err" "uncorrected:" "  the report shows the uncorrected figures too"
# With -t, exactly those due within it: 50/s for 200 ms is 10.
run pm-bench --url "$U/t" --rate 50 -t 200ms -c 2
is "$(rec requests errors)" "10	0" "--rate 50 -t 200ms: exactly 10 requests"
is "$(logged /t)" 10 "  the server got 10"
run pm-bench --url "$U/t2" --rate 40 -n 8 -c 4 --threads 2
is "$(rec requests threads)" "8	2" "--rate with --threads 2: 8 requests"
# Closed model with -t: some requests, none after the time is up.
run pm-bench --url "$U/d" -t 200ms -c 1
is "$(rec '(.requests >= 1)' errors)" "true	0" "-t 200ms: requests, no errors"
is "$(logged /d)" "$(rec requests)" "  as many as the server got"

done_testing
