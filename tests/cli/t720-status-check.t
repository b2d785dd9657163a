#!/bin/sh
# pm-status --check: HTTP and TCP health checks against servers on
# 127.0.0.1 that this test starts and stops, and the exit status.
. "$(dirname "$0")/../lib.sh"

command -v python3 >/dev/null || { echo "1..0 # skip no python3"; exit 0; }

# The server: see the top of tests/fixtures/status-server/server.py.
. "$(dirname "$0")/../servers.sh"
python3 "$FIX/status-server/server.py" "$T/port" &
server=$!
pids="$pids $server"
wait_for '[ -s "$T/port" ]' || { echo "1..0 # skip the test server did not start"; exit 0; }
port=$(cat "$T/port")
# A port nothing listens on: bound, then closed.
closed=$(free_port)
U=http://127.0.0.1:$port

# Latencies vary: masked in the views compared.
mask() { sed -E 's/[0-9.]+ (ns|µs|ms|s)( |$)/LATENCY\2/g'; }

# Every service up: exit 0.
run pm-status -c load --check "$U/ok" --check "tcp:127.0.0.1:$port" \
	--warn load.1m= --crit load.1m=
is "$rc" 0 "all up: exit 0"
P='                  '
printf 'Check %-27s%7s  200  LATENCY\n%sdns LATENCY  connect LATENCY  first byte LATENCY\n      %-27s%7s  LATENCY\n%sdns LATENCY  connect LATENCY\n' \
	"$U/ok" up "$P" "tcp:127.0.0.1:$port" up "$P" >"$T/want"
grep -v '^[a-z]' "$T/out" | mask >"$T/got"
same_file "$T/want" "$T/got" "up: status, HTTP code, latency and its phases"

# 500, closed ports, a timeout: down, critical, exit 2, with reasons.
COLUMNS=100 NO_COLOR=1 pm-status -c load --timeout 300ms --check "$U/ok" \
	--check "$U/fail" --check "tcp:127.0.0.1:$closed" \
	--check "http://127.0.0.1:$closed/" --check "$U/slow" >"$T/down" 2>"$T/err"
is "$?" 2 "a service down: exit 2"
is "$(cat "$T/err")" "" "nothing on stderr"
grep '^Check\|^      [ht]' "$T/down" | sed -E 's/ +/ /g' | mask >"$T/got"
cat >"$T/want" <<EOT
Check $U/ok up 200 LATENCY
 $U/fail down 500 LATENCY
 tcp:127.0.0.1:$closed down connection refused
 http://127.0.0.1:$closed/ down connection refused
 $U/slow down timed out
EOT
same_file "$T/want" "$T/got" "down: HTTP 500, refused, timed out"
is "$(grep -c '^Alert critical service.up' "$T/down")" 4 "one critical alert a service down"

# --json: services and alerts.
pm-status -c load --timeout 300ms --check "$U/ok" --check "$U/fail" \
	--check "tcp:127.0.0.1:$closed" --json >"$T/json"
is "$(jq -c '[.services[] | [.target, .up, .http_code]]' "$T/json")" \
	"[[\"$U/ok\",true,200],[\"$U/fail\",false,500],[\"tcp:127.0.0.1:$closed\",false,null]]" \
	"--json: services with up and the HTTP code"
is "$(jq -r '[.services[] | .latency | type] | join(",")' "$T/json")" \
	"number,number,null" "--json: latency in seconds, none when refused"
is "$(jq -r '.services[2].error' "$T/json")" "connection refused" \
	"--json: why it is down"

# A slow answer past service.latency's warning: exit 1.
run pm-status -c load --check "$U/ok" --warn 'service.latency=>= 0' \
	--warn load.1m= --crit load.1m=
is "$rc" 1 "slower than --warn service.latency: exit 1"

# --points: service.up, service.latency of each phase, service.http.code.
pm-status -c load --check "$U/fail" --points |
	jq -c 'select(.metric | startswith("service.")) | [.metric, .labels.target, .labels.phase, (.value | type)]' >"$T/got"
cat >"$T/want" <<EOT
["service.up","$U/fail",null,"number"]
["service.latency","$U/fail","dns","number"]
["service.latency","$U/fail","connect","number"]
["service.latency","$U/fail","first_byte","number"]
["service.latency","$U/fail","total","number"]
["service.http.code","$U/fail",null,"number"]
EOT
same_file "$T/want" "$T/got" "--points: the points of the check, a latency for each phase"
is "$(pm-status -c load --check "$U/fail" --points | jq -r 'select(.metric == "service.http.code") | .value')" \
	500 "service.http.code is the status"

done_testing
