#!/bin/sh
# pm-alert --alertmanager against a real prometheus-alertmanager on
# 127.0.0.1: the alert is read back with GET /api/v2/alerts, and resolving
# it (the next cron run, through --state) takes it away.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../servers.sh"

AM=$(command -v prometheus-alertmanager || command -v alertmanager)
if [ -z "$AM" ] || [ ! -x "$PY" ]; then
	echo "1..0 # skip prometheus-alertmanager or $PY not installed (scripts/install-deps test)"
	exit 0
fi

PORT=$(free_port)
URL=http://127.0.0.1:$PORT
cat >"$T/am.yml" <<'EOF'
route:
  receiver: none
  group_wait: 0s
receivers:
  - name: none
EOF
# --cluster.listen-address= : no gossip on 0.0.0.0:9094.
"$AM" --config.file="$T/am.yml" --storage.path="$T/am" \
	--web.listen-address="127.0.0.1:$PORT" --cluster.listen-address= \
	--web.external-url="$URL" >"$T/am.log" 2>&1 &
ampid=$!
pids="$pids $ampid"

get() { # get PATH: the body, or nothing
	"$PY" -c 'import sys, urllib.request
try:
    print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())
except Exception:
    pass' "$URL$1"
}
if ! wait_url "$URL/-/ready" $ampid; then
	echo "1..0 # skip alertmanager did not start: $(tail -3 "$T/am.log")"
	exit 0
fi

# Times near the real clock: Alertmanager judges endsAt by its own.
t1=$(date -u -d '-60 seconds' +%Y-%m-%dT%H:%M:%SZ)
t2=$(date -u -d '-1 seconds' +%Y-%m-%dT%H:%M:%SZ)
pt() { printf '{"ts":"%s","host":"web-1","metric":"cpu.usage","value":%s,"labels":{"cpu":"total"}}\n' "$1" "$2"; }
alerts() {
	get '/api/v2/alerts?filter=alertname%3D%22HighCPU%22' |
	    jq -c 'map([.labels, .annotations, .startsAt[0:19], .status.state])'
}

pt "$t1" 97.2 >"$T/in1"
run pm-alert --check --state "$T/state" -r 'HighCPU: cpu.usage > 90' \
	-a 'summary={{host}} at {{value}}' --alertmanager "$URL" "$T/in1"
is "$rc:$err" "2:" "firing: CRITICAL, sent without complaint"
is "$(alerts)" \
	"[[{\"alertname\":\"HighCPU\",\"cpu\":\"total\",\"host\":\"web-1\",\"metric\":\"cpu.usage\",\"severity\":\"critical\"},{\"summary\":\"web-1 at 97.2\"},\"${t1%Z}\",\"active\"]]" \
	"Alertmanager has the alert: labels, annotations, startsAt"

pt "$t2" 20 >"$T/in2"
run pm-alert --check --state "$T/state" -r 'HighCPU: cpu.usage > 90' \
	-a 'summary={{host}} at {{value}}' --alertmanager "$URL" "$T/in2"
is "$rc:$err" "0:" "resolved: OK, sent without complaint"
is "$(alerts)" "[]" "Alertmanager no longer lists it: resolved by endsAt"

# A label key Alertmanager would refuse ("k.e-y") is made a valid name.
printf '{"ts":"%s","metric":"m","value":1,"labels":{"k.e-y":"v"}}\n' "$t2" >"$T/in3"
run pm-alert -r 'Odd: m > 0' --alertmanager "$URL" "$T/in3"
is "$rc:$err" "0:" "a label key with '.' and '-' is accepted"
is "$(get '/api/v2/alerts?filter=alertname%3D%22Odd%22' | jq -r '.[0].labels.k_e_y')" \
	"v" "... as k_e_y"

done_testing
