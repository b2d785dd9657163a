#!/bin/sh
# pm-alert --webhook and --alertmanager: the bodies a receiver gets (a
# python3 sink on 127.0.0.1 records them), retries with backoff, and a
# receiver that fails, never answers or is not there.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../servers.sh"

if [ ! -x "$PY" ]; then
	echo "1..0 # skip $PY not installed"
	exit 0
fi

# The sink: each POST's path, Content-Type and body go to $T/got/NNNN.
# /status/N answers N; /flaky/K answers 500 to the first K posts, then
# 200; anything else 200.  A second port listens and never answers; a
# third has nothing listening.  Ports go to $T/ports.
cat >"$T/sink.py" <<'EOF'
import http.server, os, socket, sys, threading
out = sys.argv[1]
lock = threading.Lock()
count = {'n': 0, 'flaky': 0}
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        with lock:
            n = count['n']
            count['n'] += 1
            code = 200
            if self.path.startswith('/status/'):
                code = int(self.path[8:])
            elif self.path.startswith('/flaky/'):
                count['flaky'] += 1
                if count['flaky'] <= int(self.path[7:]):
                    code = 500
            tmp = os.path.join(out, 'tmp')
            with open(tmp, 'wb') as f:
                f.write(('%s %s %d\n' % (self.path,
                    self.headers.get('Content-Type'), code)).encode())
                f.write(body)
            os.rename(tmp, os.path.join(out, '%04d' % n))
        self.send_response(code)
        self.send_header('Content-Length', '0')
        self.end_headers()
    def log_message(self, *a):
        pass
srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
mute = socket.socket()
mute.bind(('127.0.0.1', 0))
mute.listen(8)
free = socket.socket()
free.bind(('127.0.0.1', 0))
ports = '%d %d %d\n' % (srv.server_address[1], mute.getsockname()[1],
    free.getsockname()[1])
free.close()
with open(os.path.join(out, '..', 'ports.tmp'), 'w') as f:
    f.write(ports)
os.rename(os.path.join(out, '..', 'ports.tmp'), os.path.join(out, '..', 'ports'))
srv.serve_forever()
EOF

mkdir "$T/got"
"$PY" "$T/sink.py" "$T/got" 2>"$T/sink.err" &
spid=$!
pids="$pids $spid"
wait_for '[ -f "$T/ports" ] || ! kill -0 $spid 2>/dev/null'
if [ ! -f "$T/ports" ]; then
	echo "1..0 # skip the sink did not start: $(cat "$T/sink.err")"
	exit 0
fi
read -r PORT MUTE FREE <"$T/ports"
URL=http://127.0.0.1:$PORT

cat >"$T/in" <<'EOF'
{"ts":"2026-11-22T10:00:00Z","host":"web-1","metric":"cpu.usage","value":97.2,"labels":{"cpu":"total","k.e-y":"v"}}
{"ts":"2026-11-22T10:01:00Z","host":"web-1","metric":"cpu.usage","value":20,"labels":{"cpu":"total","k.e-y":"v"}}
EOF
RULE='HighCPU: cpu.usage > 90'
# The N-th request the sink got since it was last emptied.
nth() { ls "$T/got"/* | sed -n "${1}p"; }

run pm-alert -r "$RULE" -a 'summary={{host}} at {{value}}' \
	--webhook "$URL/hook" "$T/in"
is "$rc:$err" "0:" "webhook: exit 0"
is "$(ls "$T/got" | wc -l)" 2 "webhook: one POST per transition"
is "$(head -1 "$(nth 1)")" "/hook application/json 200" \
	"webhook: Content-Type application/json"
cat >"$T/want" <<'EOF'
{"receiver":"pm-alert","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"HighCPU","severity":"critical","host":"web-1","metric":"cpu.usage","cpu":"total","k_e_y":"v"},"annotations":{"summary":"web-1 at 97.2"},"startsAt":"2026-11-22T10:00:00.000Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"a84d51279f8099b0"}],"groupLabels":{"alertname":"HighCPU"},"commonLabels":{"alertname":"HighCPU","severity":"critical","host":"web-1","metric":"cpu.usage","cpu":"total","k_e_y":"v"},"commonAnnotations":{"summary":"web-1 at 97.2"},"externalURL":"","version":"4","groupKey":"{}:{alertname=\"HighCPU\"}","truncatedAlerts":0}
EOF
tail -n +2 "$(nth 1)" >"$T/body"
echo >>"$T/body"
same_file "$T/want" "$T/body" "webhook: Alertmanager's version 4 message, firing"
is "$(tail -n +2 "$(nth 2)" | jq -c '[.status, .alerts[0].status, .alerts[0].startsAt, .alerts[0].endsAt]')" \
	'["resolved","resolved","2026-11-22T10:00:00.000Z","2026-11-22T10:01:00.000Z"]' \
	"webhook: resolved, with endsAt"

rm -f "$T/got"/*
run pm-alert -r "$RULE" --alertmanager "$URL/am/" "$T/in"
is "$rc:$err" "0:" "alertmanager: exit 0"
is "$(head -1 "$(nth 1)")" "/am/api/v2/alerts application/json 200" \
	"alertmanager: POST /api/v2/alerts below the URL given"
is "$(tail -n +2 "$(nth 1)")" \
	'[{"labels":{"alertname":"HighCPU","severity":"critical","host":"web-1","metric":"cpu.usage","cpu":"total","k_e_y":"v"},"annotations":{},"startsAt":"2026-11-22T10:00:00.000Z"}]' \
	"alertmanager: firing, no endsAt"
is "$(tail -n +2 "$(nth 2)" | jq -c '.[0] | [.startsAt, .endsAt]')" \
	'["2026-11-22T10:00:00.000Z","2026-11-22T10:01:00.000Z"]' \
	"alertmanager: resolved with endsAt"

# Retries: 500 twice, then taken.
rm -f "$T/got"/*
run pm-alert -r "$RULE" --webhook "$URL/flaky/2" --timeout 10s "$T/in"
is "$rc:$err" "0:" "a receiver failing twice: taken on the third try"
is "$(for f in "$T/got"/*; do head -1 "$f" | cut -d' ' -f3; done | tr '\n' ' ')" \
	"500 500 200 200 " "three tries for the first event, one for the second"

# Failures: reported, the events still written, exit 1.
run pm-alert -r "$RULE" --webhook "$URL/status/400" "$T/in"
is "$rc:$(jq -r .state "$T/out" | tr '\n' ' ')" "1:firing resolved " \
	"a 4xx: exit 1, events still written"
is "$(head -1 "$T/err")" \
	"pm-alert: --webhook: $URL/status/400: HTTP 400 (1 try) (alert HighCPU firing)" \
	"a 4xx is not tried again"
run pm-alert -r "$RULE" --webhook "http://127.0.0.1:$FREE/" --timeout 1s "$T/in"
like "$(head -1 "$T/err")" \
	"^pm-alert: --webhook: http://127.0.0.1:$FREE/: Failed to connect to 127.0.0.1 port $FREE .*: (Couldn't connect to server|Connection refused) \\([0-9]+ tries\\) \\(alert HighCPU firing\\)\$" \
	"nothing listening: tried again until --timeout, then reported"
run timeout 30 pm-alert -r "$RULE" --webhook "http://127.0.0.1:$MUTE/" \
	--timeout 500ms "$T/in"
is "$rc:$(jq -r .state "$T/out" | tr '\n' ' ')" "1:firing resolved " \
	"a receiver that never answers: given up at --timeout, events written"
like "$(head -1 "$T/err")" "Operation timed out after [0-9]+ milliseconds with 0 bytes received \\(1 try\\)" \
	"a receiver that never answers is reported"

# --group-by alertname: two hosts firing at one instant make one message,
# its groupLabels the alertname, commonLabels what both alerts share.
cat >"$T/two" <<'EOF'
{"ts":"2026-11-22T10:00:00Z","host":"web-1","metric":"cpu.usage","value":97,"labels":{"cpu":"total"}}
{"ts":"2026-11-22T10:00:00Z","host":"web-2","metric":"cpu.usage","value":95,"labels":{"cpu":"total"}}
EOF
rm -f "$T/got"/*
run pm-alert -r "$RULE" --group-by alertname --webhook "$URL/hook" "$T/two"
is "$rc:$err:$(ls "$T/got" | wc -l)" "0::1" "grouped: one POST for two alerts"
is "$(tail -n +2 "$(nth 1)" | jq -c '[.status, [.alerts[].labels.host], .groupLabels, .commonLabels, .groupKey]')" \
	'["firing",["web-1","web-2"],{"alertname":"HighCPU"},{"alertname":"HighCPU","severity":"critical","metric":"cpu.usage","cpu":"total"},"{}:{alertname=\"HighCPU\"}"]' \
	"grouped webhook: both alerts, groupLabels, commonLabels, groupKey"
rm -f "$T/got"/*
run pm-alert -r "$RULE" --group-by alertname --alertmanager "$URL/am" "$T/two"
is "$(ls "$T/got" | wc -l):$(tail -n +2 "$(nth 1)" | jq -c '[.[].labels.host]')" \
	'1:["web-1","web-2"]' "grouped alertmanager: one POST, both alerts"

done_testing
