#!/bin/sh
# pm-sample --scrape: Prometheus text exposition from fixture files served by
# a small HTTP server on 127.0.0.1, and from a real node_exporter.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../servers.sh"
trap 'exit 1' HUP INT PIPE TERM	# so that stop_servers runs then too

SCR=$FIX/scrape
if [ -n "${PM_MEMCHECK:-}" ]; then
	echo "1..0 # skip make memcheck: checks 500 ms timeouts, which valgrind overruns"
	exit 0
fi
if [ ! -x "$PY" ]; then
	echo "1..0 # skip $PY not installed"
	exit 0
fi

# The server: GET /NAME serves $SCR/NAME, and the k-th GET of it (k > 0)
# serves NAME.k where that file exists, so successive scrapes see
# successive files.  /status/N answers N; /redirect/NAME redirects to
# /NAME; /gz/NAME is NAME gzipped, when the client takes gzip; *.om files
# are OpenMetrics.  Headers of each request go to $T/headers.  It also
# listens on a second port where it takes connections (each makes a file
# $T/held.N) and never answers (timeouts), and reports
# a third that nothing listens on (refused).  Ports go to $T/ports.
cat >"$T/server.py" <<'EOF'
import gzip, http.server, os, socket, sys, threading
root, out = sys.argv[1], sys.argv[2]
gets = {}
class H(http.server.BaseHTTPRequestHandler):
    def reply(self, code, body=b'', ctype='text/plain; version=0.0.4', hdrs=()):
        self.send_response(code)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(body)))
        for k, v in hdrs:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        with open(os.path.join(out, 'headers'), 'a') as f:
            f.write('%s %s\n%s' % (self.command, self.path, self.headers))
        p = self.path
        if p.startswith('/status/'):
            return self.reply(int(p[8:]), b'no metrics here\n')
        if p.startswith('/redirect/'):
            return self.reply(302, hdrs=[('Location', p[9:])])
        gz = p.startswith('/gz/')
        name = p[4:] if gz else p[1:]
        n = gets.get(name, 0)
        gets[name] = n + 1
        f = os.path.join(root, name)
        if n > 0 and os.path.exists('%s.%d' % (f, n)):
            f = '%s.%d' % (f, n)
        try:
            body = open(f, 'rb').read()
        except OSError:
            return self.reply(404)
        ctype = 'text/plain; version=0.0.4; charset=utf-8'
        if name.endswith('.om'):
            ctype = 'application/openmetrics-text; version=1.0.0; charset=utf-8'
        if not gz:
            return self.reply(200, body, ctype)
        if 'gzip' not in self.headers.get('Accept-Encoding', ''):
            return self.reply(406)
        self.reply(200, gzip.compress(body), ctype, [('Content-Encoding', 'gzip')])
    def log_message(self, *a):
        pass
srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
mute = socket.socket()
mute.bind(('127.0.0.1', 0))
mute.listen(8)
def hold():
    held = []
    while True:
        held.append(mute.accept()[0])
        open(os.path.join(out, 'held.%d' % len(held)), 'w').close()
threading.Thread(target=hold, daemon=True).start()
free = socket.socket()
free.bind(('127.0.0.1', 0))
ports = '%d %d %d\n' % (srv.server_address[1], mute.getsockname()[1], free.getsockname()[1])
free.close()
with open(os.path.join(out, 'ports.tmp'), 'w') as f:
    f.write(ports)
os.rename(os.path.join(out, 'ports.tmp'), os.path.join(out, 'ports'))
srv.serve_forever()
EOF

mkdir -p "$T/www"
cp "$SCR"/* "$T/www/"
cp "$SCR/om.prom" "$T/www/metrics.om"
"$PY" "$T/server.py" "$T/www" "$T" 2>"$T/server.err" &
spid=$!
pids="$pids $spid"
wait_for '[ -f "$T/ports" ] || ! kill -0 $spid 2>/dev/null'
if [ ! -f "$T/ports" ]; then
	echo "1..0 # skip the test server did not start: $(cat "$T/server.err")"
	exit 0
fi
read -r PORT MUTE FREE <"$T/ports"
URL=http://127.0.0.1:$PORT
INST=127.0.0.1:$PORT

# Output with the one figure that depends on timing, scrape.duration, set
# to 0 (it is checked apart).
scrape() { # scrape [pm-sample options]: into $T/out, $T/err, $rc
	PM_NOW=$PM_FIXTURE_NOW pm-sample -H fixture "$@" >"$T/raw" 2>"$T/err"
	rc=$?
	sed 's/\("metric":"scrape\.duration","value":\)[^,]*/\10/' "$T/raw" >"$T/out"
	err=$(cat "$T/err")
}
golden() { # golden NAME: $T/out against tests/golden/NAME, instance made fixed
	sed "s/$INST/INSTANCE/g" "$T/out" >"$T/golden.out"
	same_file "$GOLDEN/$1" "$T/golden.out" "$2"
}

# The hard cases: escapes in label values, a sample timestamp, blanks and
# tabs, an untyped metric, a served instance label (-> exported_instance),
# NaN/+Inf/-Inf/1e400 left out and counted, a summary and a histogram
# with their quantile and le labels, # EOF.
scrape --scrape "$URL/hard.prom" -n 1
is "$rc" 0 "hard cases: exit 0"
is "$err" "" "hard cases: nothing on stderr"
golden scrape-hard.ndjson "hard cases: exact points"
is "$(jq -r 'select(.metric == "http_requests_total" and .labels.code == "200") | .labels.path' "$T/out")" \
	"$(printf '/a "quoted" \\back\\slash\nnew line')" "escapes undone in a label value"
is "$(jq -r 'select(.labels.code == "500") | .ts' "$T/out")" 2014-03-17T14:26:03.000Z \
	"a sample's own timestamp (ms) is the point's ts"
is "$(jq -r 'select(.metric == "scrape.skipped") | .value' "$T/out")" 5 \
	"NaN, +Inf, -Inf and an overflow are skipped and counted"
like "$(jq -r 'select(.metric == "scrape.duration") | .value' "$T/raw")" '^[0-9.e-]+$' \
	"scrape.duration is a number of seconds"
# pm-points(5) has a row for each scrape.* point, with its unit and labels.
jq -r 'select(.metric | startswith("scrape.")) |
	"\(.metric) \(.unit // "\\(em") \(.labels | keys | join(", "))"' "$T/out" >"$T/emitted"
missing=
while read -r m u l; do
	grep -qF ".It $m Ta $u Ta $l Ta " "$PM_TOP/man/pm-points.5" || missing="$missing $m"
done <"$T/emitted"
is "$missing" "" "pm-points(5) has the scrape.* rows, with their units and labels"

# gzip, taken and undone; the Accept header asks for the text format;
# a redirect is followed.
scrape --scrape "$URL/gz/hard.prom" --scrape "$URL/redirect/hard.prom" -n 1
is "$rc" 0 "gzip and redirect: exit 0"
# The points of hard.prom without the scrape.* ones, instance made fixed.
points_only() { # points_only FILE
	grep -v '"metric":"scrape\.' "$1" | sed "s/$INST/INSTANCE/g"
}
points_only "$GOLDEN/scrape-hard.ndjson" >"$T/hard"
points_only "$T/out" >"$T/both"
cat "$T/hard" "$T/hard" | sort >"$T/want"
sort "$T/both" >"$T/got"
same_file "$T/want" "$T/got" "gzip and redirect: the same points as served plainly"
like "$(grep -i '^accept-encoding:' "$T/headers" | tail -1)" 'gzip' "Accept-Encoding offers gzip"
like "$(grep -i '^accept:' "$T/headers" | tail -1)" 'text/plain;version=0\.0\.4' \
	"Accept asks for the text format 0.0.4"
like "$(grep -i '^x-prometheus-scrape-timeout-seconds:' "$T/headers" | tail -1)" ' 5\.000' \
	"the exporter is told the timeout"

# OpenMetrics: timestamps in seconds, exemplars, # EOF.
scrape --scrape "$URL/metrics.om" -n 1
is "$rc" 0 "OpenMetrics: exit 0"
golden scrape-om.ndjson "OpenMetrics: exact points"

# --match keeps only the metric names the regex matches.
scrape --scrape "$URL/hard.prom" -n 1 --match '^http_request_duration|_untyped$'
is "$(jq -r 'select(.metric | startswith("scrape.") | not) | .metric' "$T/out" | sort -u | tr '\n' ' ')" \
	"http_request_duration_seconds_bucket http_request_duration_seconds_count http_request_duration_seconds_sum up_untyped " \
	"--match keeps only matching names"
is "$(jq -r 'select(.metric == "scrape.samples" or .metric == "scrape.skipped") | .value' "$T/out" | tr '\n' ' ')" \
	"6 0 " "--match: samples and skipped count only what matched"

# --rate: rate.prom, then rate.prom.1 over the 250 ms priming interval,
# then rate.prom.2 a second later (see the files for the figures).
scrape --scrape "$URL/rate.prom" -n 2 -i 1s --rate
is "$rc" 0 "--rate: exit 0"
golden scrape-rate.ndjson "--rate: counters, histogram and summary parts as rates; gauges as they are"

# Failures: a bad line, HTTP 500, a refused connection, a timeout.  Each
# is reported, gives scrape.up 0, and the other targets still report.
: >"$T/headers"
scrape --scrape "$URL/bad.prom" --scrape "$URL/status/500" \
	--scrape "http://127.0.0.1:$FREE/metrics" --scrape "http://127.0.0.1:$MUTE/metrics" \
	--scrape "$URL/hard.prom" --timeout 500ms -n 1
is "$rc" 1 "failed scrapes: exit 1"
is "$(sed -n 1p "$T/err")" "pm-sample: scrape $URL/bad.prom: line 3: bad escape in label value (only \\\\, \\\" and \\n)" \
	"a bad line: reported with its number"
is "$(sed -n 2p "$T/err")" "pm-sample: scrape $URL/status/500: HTTP status 500" \
	"HTTP 500: reported"
like "$(sed -n 3p "$T/err")" "^pm-sample: scrape http://127.0.0.1:$FREE/metrics: .*(onnect|refused)" \
	"refused connection: reported"
like "$(sed -n 4p "$T/err")" "^pm-sample: scrape http://127.0.0.1:$MUTE/metrics: .*(imed out|imeout)" \
	"no answer: timed out"
is "$(wc -l <"$T/err")" 4 "four failures, four messages"
is "$(grep -c '^GET ' "$T/headers")" 3 "one request for each of the server's three URLs"
is "$(jq -r 'select(.metric == "scrape.up") | "\(.labels.instance) \(.value)"' "$T/out" | tr '\n' ' ')" \
	"$INST 0 $INST 0 127.0.0.1:$FREE 0 127.0.0.1:$MUTE 0 $INST 1 " \
	"scrape.up: 0 for each failure, 1 for the good one"
points_only "$T/out" >"$T/got"
same_file "$T/hard" "$T/got" "the good target's points are all there"
d=$(jq -r "select(.metric == \"scrape.duration\" and .labels.instance == \"127.0.0.1:$MUTE\") | .value" "$T/raw")
like "$d" '^0\.(4[5-9]|5[0-9])' "the timeout is bounded by --timeout 500ms ($d s)"

# SIGINT while a scrape waits: pm-sample drops it and ends at once, with
# nothing for that target and no failure.
pm-sample --scrape "http://127.0.0.1:$MUTE/metrics" --timeout 60s -i 1ms \
	>"$T/out" 2>"$T/err" &
pid=$!
n=$(ls "$T" | grep -c '^held\.')
wait_for '[ -f "$T/held.$((n + 1))" ]'
start=$(date +%s)
kill -INT "$pid"
wait "$pid"
is "$?:$(cat "$T/out" "$T/err")" "0:" "SIGINT during a scrape: exit 0, nothing written"
is "$(($(date +%s) - start < 30))" 1 "SIGINT during a scrape: no wait for the 60 s timeout"

# A failure on the priming reading of --rate is reported too.
scrape --scrape "$URL/status/503" --rate -n 1
is "$rc" 1 "--rate, failing target: exit 1"
is "$(sort -u "$T/err")" "pm-sample: scrape $URL/status/503: HTTP status 503" \
	"--rate: the failure is reported (priming reading and sample)"

# With -c the system collectors run as well, first; without it only the
# scrape does.
scrape --scrape "$URL/rate.prom" -n 1 -c load --procfs "$FIX/sys1/proc" --sysfs "$FIX/sys1/sys"
is "$(jq -r '.metric' "$T/out" | sed 's/\..*//; s/_.*//' | uniq | tr '\n' ' ')" \
	"load jobs queue lat rpc untyped scrape " "-c load: collectors first, then the scrape"
scrape --scrape "$URL/rate.prom" -n 1 --procfs "$FIX/sys1/proc" --sysfs "$FIX/sys1/sys"
is "$(grep -c '"metric":"load\.' "$T/out")" 0 "--scrape alone: no system collectors"

# Usage errors.
for bad in "--scrape ftp://x/metrics" "--scrape http:///metrics" "--scrape nohost" \
	"--scrape $URL/a --match (" "--scrape $URL/a --timeout 5x" "--scrape $URL/a --timeout 0" \
	"--rate" "--match x" "--timeout 1s"; do
	# shellcheck disable=SC2086
	run pm-sample $bad -n 1
	is "$rc" 2 "usage error: $bad"
done
like "$(pm-sample --match x 2>&1)" "--scrape" "--match without --scrape says why"

# A real node_exporter on 127.0.0.1, with the textfile collector reading a
# file this test writes and loadavg: what pm-sample yields matches what the
# exporter serves.
NE=$(command -v prometheus-node-exporter)
if [ -z "$NE" ]; then
	for i in 1 2 3 4 5 6; do skip "prometheus-node-exporter not installed"; done
	done_testing
	exit
fi
mkdir -p "$T/textfile"
cat >"$T/textfile/pm.prom.tmp" <<'EOF'
# HELP pm_test_info A test gauge with escapes.
# TYPE pm_test_info gauge
pm_test_info{path="/a \"q\" \\ b\nc",x="1"} 42.5
# HELP pm_jobs_total Jobs.
# TYPE pm_jobs_total counter
pm_jobs_total{kind="a"} 7
pm_jobs_total{kind="b"} 0.25
EOF
mv "$T/textfile/pm.prom.tmp" "$T/textfile/pm.prom"
started=
for try in 1 2 3; do
	NEPORT=$(free_port)
	"$NE" --web.listen-address="127.0.0.1:$NEPORT" --collector.disable-defaults \
		--collector.textfile --collector.textfile.directory="$T/textfile" \
		--collector.loadavg --web.disable-exporter-metrics >"$T/ne.log" 2>&1 &
	nepid=$!
	pids="$pids $nepid"
	# Up, or gone (the port was taken in between: try another).
	wait_url "http://127.0.0.1:$NEPORT/metrics" $nepid && started=1 && break
done
if [ -z "$started" ]; then
	ok 1 "node_exporter started"
	sed 's/^/# /' "$T/ne.log"
	done_testing
	exit
fi
NEURL=http://127.0.0.1:$NEPORT/metrics
curl -sf "$NEURL" >"$T/ne.prom"
pm-sample --scrape "$NEURL" -n 1 -i 10ms >"$T/ne.out" 2>"$T/err"
is "$?:$(cat "$T/err")" "0:" "node_exporter: pm-sample -n 1 exits 0, quietly"

# The textfile samples, rendered back into the exposition format, are
# exactly what the exporter served.
grep '^pm_' "$T/ne.prom" | sort >"$T/want"
jq -r 'select(.metric | startswith("pm_")) | .metric + "{" + (.labels | del(.instance) |
	to_entries | map(.key + "=\"" + (.value | gsub("\\\\"; "\\\\") | gsub("\""; "\\\"") |
	gsub("\n"; "\\n")) + "\"") | join(",")) + "} " + (.value | tostring)' "$T/ne.out" |
	sort >"$T/got"
same_file "$T/want" "$T/got" "node_exporter: textfile samples exactly as served"

# The same metric names, and the same number of samples.
grep -v '^#' "$T/ne.prom" | sed 's/[{ ].*//' | sort -u >"$T/want"
jq -r 'select(.metric | startswith("scrape.") | not) | .metric' "$T/ne.out" | sort -u >"$T/got"
same_file "$T/want" "$T/got" "node_exporter: the same metric names"
is "$(jq -r 'select(.metric == "scrape.samples") | .value' "$T/ne.out")" \
	"$(grep -vc '^#' "$T/ne.prom")" "node_exporter: scrape.samples is the number of samples served"
is "$(jq -r 'select(.metric | startswith("scrape.") | not) | .labels.instance' "$T/ne.out" | sort -u)" \
	"127.0.0.1:$NEPORT" "node_exporter: every point has instance=127.0.0.1:PORT"

# --rate: the textfile counters did not move, so their rates are 0.
pm-sample --scrape "$NEURL" -n 1 -i 10ms --rate --match '^pm_' >"$T/ne.rate" 2>"$T/err"
is "$(jq -r 'select(.metric | startswith("pm_")) | "\(.metric) \(.value)"' "$T/ne.rate" | sort | tr '\n' ' ')" \
	"pm_jobs_total 0 pm_jobs_total 0 pm_test_info 42.5 " "node_exporter --rate: counters as rates, gauges as they are"

done_testing
