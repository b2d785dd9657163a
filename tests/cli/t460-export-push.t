#!/bin/sh
# pm-export --push: the output sent to real servers started here on
# 127.0.0.1 (a Prometheus Pushgateway, VictoriaMetrics, InfluxDB 1.x) and
# read back from them; then, against a small python3 server that answers
# as told, the retries (500 then 200), no retry on a 400 (its body in the
# message), batches, the token and the netrc, and a server that is down:
# the spool keeps what could not be sent and the next run sends it first.
# Without prometheus-pushgateway, victoria-metrics or influxd (Debian
# packages of those names, influxdb) this test fails: it does not skip.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../servers.sh"

E=$FIX/export

# --- usage
run pm-export --push http://127.0.0.1:1/somewhere "$E/points.ndjson"
is "$rc:$(head -1 "$T/err")" "2:pm-export: --push: no format known for 'http://127.0.0.1:1/somewhere': give -f" \
	"--push: a path that names no format needs -f"
run pm-export --push http://127.0.0.1:1/metrics/job/x --timestamps "$E/points.ndjson"
is "$rc:$(head -1 "$T/err")" "2:pm-export: --timestamps: a Pushgateway refuses timestamps" \
	"--push to a Pushgateway: no --timestamps"
run pm-export -f influx --spool "$T" "$E/points.ndjson"
is "$rc" 2 "--spool without --push: usage error"
run pm-export --push http://127.0.0.1:1/write --method GET "$E/points.ndjson"
is "$rc" 2 "--method: PUT or POST only"

# --- Pushgateway: prometheus text without timestamps, read back from
# /metrics with job and instance from the URL.
have prometheus-pushgateway prometheus-pushgateway
start_pushgateway
run pm-export --push "$GURL/metrics/job/pm/instance/web-1" --method PUT "$E/points.ndjson"
is "$rc:$err" "0:" "Pushgateway: PUT taken, exit 0"
is "$out" "" "--push without -o: nothing on standard output"
curl -fs "$GURL/metrics" | grep '^pm_' | sort >"$T/pg.got"
cat >"$T/want" <<'EOF'
pm_app_latency_seconds{formula="=1+2",host="=cmd|' /C calc'!A0",instance="web-1",job="pm",label__n__="ça",neg="-5",path="/a=b c",tab="	x"} 0.25
pm_cpu_usage_percent{cpu="total",host="web-1",instance="web-1",job="pm"} 24.5
pm_load_1m{instance="web-1",job="pm"} 1.5
pm_mem_used_bytes{host="web-1",instance="web-1",job="pm"} 1.073741824e+09
pm_net_rx_bytes_per_second{host="wéb 2,\"eu\"",instance="web-1",interface="eth0",job="pm",note="a,b \"c\"\nd=e"} -0.5
EOF
same_file "$T/want" "$T/pg.got" "Pushgateway: /metrics shows every series, latest values"
# POST to a second group, with -o as well: the file and the push agree.
run pm-export --push "$GURL/metrics/job/pm2" -o "$T/pg2.prom" --prefix two "$E/points.ndjson"
is "$rc:$err" "0:" "Pushgateway: POST with -o, exit 0"
pm-export -f prometheus --prefix two "$E/points.ndjson" >"$T/want"
same_file "$T/want" "$T/pg2.prom" "-o with --push: the file is the prometheus output"
is "$(curl -fs "$GURL/metrics" | grep -c '^two_.*job="pm2"')" 5 \
	"Pushgateway: the second group holds 5 series"
# A rejection (a type clash with the counter of another group): the
# Pushgateway's 400 body is in the message, one try.
run pm-export --push "$GURL/metrics/job/pm3" --prefix two --counter 'cpu.*' "$E/points.ndjson"
is "$rc:$err" "0:" "Pushgateway: a counter taken"
printf '%s\n' '{"metric":"cpu.usage.percent.total","value":1}' >"$T/clash.ndjson"
run pm-export --push "$GURL/metrics/job/pm4" --prefix two --retries 3 "$T/clash.ndjson"
like "$rc:$err" "^1:pm-export: $GURL/metrics/job/pm4: HTTP 400: .*two_cpu_usage_percent_total.* [(]1 try[)]\$" \
	"Pushgateway 400: its message shown, not tried again, exit 1"

# --- VictoriaMetrics: /write (influx) and /api/v1/import/prometheus,
# in batches of 2 lines; read back with /api/v1/export.
have victoria-metrics victoria-metrics
start_vm
run pm-export --push "$VURL/write" --batch 2 "$E/points.ndjson"
is "$rc:$err" "0:" "VictoriaMetrics /write: exit 0"
run pm-export --push "$VURL/api/v1/import/prometheus" --prefix imp --timestamps "$E/points.ndjson"
is "$rc:$err" "0:" "VictoriaMetrics /api/v1/import/prometheus: exit 0"
curl -fs "$VURL/internal/force_flush" >/dev/null
is "$(curl -fs "$VURL/metrics" | sed -n 's/^vm_rows_invalid_total{type="influx"} //p')" 0 \
	"VictoriaMetrics: no invalid row"
curl -fs "$VURL/api/v1/export" -d 'match[]={__name__=~"(pm|imp)_.*"}' >"$T/vm.json"
jq -r '. as $s | range(0; .values | length) as $i |
	"\($s.timestamps[$i]) \($s.metric.__name__) \([$s.metric | to_entries[] |
	select(.key != "__name__") | "\(.key)=\(.value | gsub("\n"; "\\n"))"] | sort | join(",")) \($s.values[$i])"' \
	"$T/vm.json" | grep -v '_load_1m ' | sort >"$T/vm.got"
cat >"$T/want" <<'EOF'
1795341600000 imp_cpu_usage_percent cpu=total,host=web-1 23.1
1795341600000 imp_mem_used_bytes host=web-1 1073741824
1795341600000 pm_cpu_usage_percent cpu=total,host=web-1 23.1
1795341600000 pm_mem_used_bytes host=web-1 1073741824
1795341600500 imp_net_rx_bytes_per_second host=wéb 2,"eu",interface=eth0,note=a,b "c"\nd=e -0.5
1795341600500 pm_net_rx_bytes_per_second host=wéb 2,"eu",interface=eth0,note=a,b "c" d=e -0.5
1795341601000 imp_app_latency_seconds formula==1+2,host==cmd|' /C calc'!A0,label__n__=ça,neg=-5,path=/a=b c,tab=	x 0.25
1795341601000 pm_app_latency_seconds formula==1+2,host==cmd|' /C calc'!A0,label__n__=ça,neg=-5,path=/a=b c,tab=	x 0.25
1795341602000 imp_cpu_usage_percent cpu=total,host=web-1 24.5
1795341602000 pm_cpu_usage_percent cpu=total,host=web-1 24.5
EOF
same_file "$T/want" "$T/vm.got" "VictoriaMetrics: both paths read back as sent"

# --- InfluxDB 1.x (strict: a bad line is a 400).
have influxd influxdb
start_influxd
curl -fs -XPOST "$IURL/query" --data-urlencode 'q=CREATE DATABASE pm' >/dev/null
run pm-export --push "$IURL/write?db=pm" --batch 3 "$E/points.ndjson"
is "$rc:$err" "0:" "InfluxDB /write?db=pm: exit 0"
curl -fs -G "$IURL/query" --data-urlencode db=pm --data-urlencode epoch=ns \
	--data-urlencode 'q=SELECT * FROM pm WHERE time > 0 GROUP BY *' |
	jq -r '.results[0].series[] | .values[] | map(select(. != null)) | map(tostring) | join(" ")' |
	grep -v ' 1.5$' | sort >"$T/influx/got"
cat >"$T/want" <<'EOF'
1795341600000000000 1073741824
1795341600000000000 23.1
1795341600500000000 -0.5
1795341601000000000 0.25
1795341602000000000 24.5
EOF
same_file "$T/want" "$T/influx/got" "InfluxDB: read back with /query"
run pm-export --push "$IURL/write?db=nope" "$E/points.ndjson"
like "$rc:$err" "^1:pm-export: $IURL/write[?]db=nope: HTTP 404: .*database not found.* [(]1 try[)]\$" \
	"InfluxDB 404: the server's error in the message, exit 1"
stop_servers

# --- a server that answers as told: CODE[:BODY] per request, the last
# one for every request after; each request logged as a JSON line.
cat >"$T/srv.py" <<'EOF'
import http.server, json, sys
answers = sys.argv[3:]
class H(http.server.BaseHTTPRequestHandler):
    n = 0
    def handle_one(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(sys.argv[2], "a") as f:
            f.write(json.dumps({"method": self.command, "path": self.path,
                "type": self.headers.get("Content-Type"),
                "auth": self.headers.get("Authorization"),
                "body": body.decode()}) + "\n")
        a = answers[min(H.n, len(answers) - 1)].split(":", 1)
        H.n += 1
        out = (a[1] if len(a) > 1 else "").encode()
        self.send_response(int(a[0]))
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)
    do_POST = do_PUT = handle_one
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(s.server_address[1]))
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
s.serve_forever()
EOF
# serve NAME ANSWER...: start one; its URL in $URL, its log $T/NAME.log.
serve() {
	_name=$1
	shift
	rm -f "$T/$_name.port" "$T/$_name.log"
	"$PY" "$T/srv.py" "$T/$_name.port" "$T/$_name.log" "$@" &
	pids="$pids $!"
	wait_for "[ -f '$T/$_name.port' ]"
	URL=http://127.0.0.1:$(cat "$T/$_name.port")
}
pm-export -f influx "$E/points.ndjson" >"$T/lines"

serve retry 500:busy 200
PM_PUSH_TOKEN=s3cret run pm-export --push "$URL/write" --retries 2 "$E/points.ndjson"
is "$rc:$err" "0:" "500 then 200: sent on the second try, exit 0"
is "$(jq -r '"\(.method) \(.path) \(.type) \(.auth)"' "$T/retry.log")" \
"POST /write text/plain; charset=utf-8 Bearer s3cret
POST /write text/plain; charset=utf-8 Bearer s3cret" \
	"two tries; PM_PUSH_TOKEN as a bearer token"
jq -j 'select(.method) | .body' "$T/retry.log" | tail -c +1 >"$T/got"
cat "$T/lines" "$T/lines" >"$T/want"
same_file "$T/want" "$T/got" "each try sent the whole body"

long=$(head -c 1500 /dev/zero | tr '\0' 'k')
serve token 204
PM_PUSH_TOKEN=$long run pm-export --push "$URL/write" "$E/points.ndjson"
is "$rc:$(jq -r .auth "$T/token.log")" "0:Bearer $long" "a long token (1500 bytes) goes whole"
PM_PUSH_TOKEN=$(printf 'a\r\nX-Evil: 1') run pm-export --push "$URL/write" "$E/points.ndjson"
is "$rc:$(head -1 "$T/err")" "2:pm-export: PM_PUSH_TOKEN: a control character in the token" \
	"a token with CR LF is refused"

serve always5 503:down
run pm-export --push "$URL/write" --retries 2 "$E/points.ndjson"
is "$rc:$err" "1:pm-export: $URL/write: HTTP 503: down (3 tries)" \
	"503 every time: --retries 2 makes 3 tries, then exit 1"
is "$(wc -l <"$T/always5.log" | tr -d ' ')" 3 "3 requests"

serve bad '400:bad line 3
at "x"'
run pm-export --push "$URL/write" --retries 5 "$E/points.ndjson"
is "$rc:$err" "1:pm-export: $URL/write: HTTP 400: bad line 3 at \"x\" (1 try)" \
	"400: its body in the message (on one line), no retry, exit 1"
is "$(wc -l <"$T/bad.log" | tr -d ' ')" 1 "400: one request"

serve batch 204
run pm-export --push "$URL/write" --batch 4 "$E/points.ndjson"
is "$rc:$(wc -l <"$T/batch.log" | tr -d ' ')" "0:2" "--batch 4: 6 lines in 2 requests"
jq -j '.body' "$T/batch.log" >"$T/got"
same_file "$T/lines" "$T/got" "--batch: the batches make the whole output, in order"
is "$(jq -r '.body' "$T/batch.log" | grep -c .)" 6 "... of whole lines"

mkdir "$T/home"
printf 'machine 127.0.0.1 login alice password pw\n' >"$T/home/.netrc"
serve netrc 200
HOME=$T/home run pm-export --push "$URL/metrics/job/j" --netrc "$E/points.ndjson"
is "$rc:$(jq -r '"\(.method) \(.type) \(.auth)"' "$T/netrc.log")" \
	"0:POST text/plain; version=0.0.4 Basic $(printf alice:pw | base64)" \
	"--netrc: user and password from ~/.netrc"

# --- down: nothing listens.  The spool keeps the batches, exit 1; the
# next run sends them first, then its own, and empties the spool.
DOWN=http://127.0.0.1:$(free_port)
# The spool folder is made on first use.
run pm-export --push "$DOWN/write" --retries 1 --batch 4 --spool "$T/spool" "$E/points.ndjson"
like "$rc:$err" "^1:pm-export: $DOWN/write: .*(2 tries)
pm-export: 2 batches kept in $T/spool\$" "down: the error, 2 batches kept, exit 1"
is "$(ls "$T/spool" | grep -c '^[0-9].*\.batch$')" 2 "down: 2 files in the spool"
cat "$T/spool"/*.batch >"$T/got"
same_file "$T/lines" "$T/got" "down: the spool holds the whole output, in name order"
is "$(ls -A "$T/spool" | grep -c '^\.')" 0 "down: no temporary file left"
printf '%s\n' '{"ts":"2026-11-22T10:00:09Z","metric":"new.one","value":7}' >"$T/new.ndjson"
serve resend 204
run pm-export --push "$URL/write" --spool "$T/spool" "$T/new.ndjson"
is "$rc:$err" "0:" "up again: exit 0"
is "$(ls -A "$T/spool")" "" "up again: the spool is empty"
jq -j '.body' "$T/resend.log" >"$T/got"
{ cat "$T/lines"; pm-export -f influx "$T/new.ndjson"; } >"$T/want"
same_file "$T/want" "$T/got" "up again: the spooled batches first, then the new"
is "$(wc -l <"$T/resend.log" | tr -d ' ')" 3 "up again: 3 requests"

# A 400 is not spooled: the server would never take it.
serve refuse 400:no
run pm-export --push "$URL/write" --spool "$T/spool" "$E/points.ndjson"
is "$rc:$(ls -A "$T/spool")" "1:" "400: exit 1, nothing spooled"

stop_servers
done_testing
