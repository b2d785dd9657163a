#!/bin/sh
# pm-status --targets: a targets file with names and expectations (status,
# body, regex, latency) against a server on 127.0.0.1 that this test starts
# and stops; the view, --json, --points and the exit status.
. "$(dirname "$0")/../lib.sh"

command -v python3 >/dev/null || { echo "1..0 # skip no python3"; exit 0; }

# The server: see the top of tests/fixtures/status-server/server.py.
. "$(dirname "$0")/../servers.sh"
python3 "$FIX/status-server/server.py" "$T/port" &
server=$!
pids="$pids $server"
wait_for '[ -s "$T/port" ]' || { echo "1..0 # skip the test server did not start"; exit 0; }
port=$(cat "$T/port")
closed=$(free_port)
U=http://127.0.0.1:$port

# Durations vary: masked.
mask() { sed -E 's/[0-9.]+ (ns|µs|ms|s)( |$)/LAT\2/g'; }
st() { COLUMNS=80 NO_COLOR=1 pm-status -c load --warn load.1m= --crit load.1m= "$@"; }

cat >"$T/targets" <<EOT
# name      target                 expectations
healthy     $U/ok      status=200 body=hello body~=^hel+o latency<30s

slow        $U/slowish latency<100ms   # answers after 0.5 s
broken      $U/fail    status=200
wrongbody   $U/ok      body=goodbye
badre       $U/ok      body~=^bye
closed      tcp:127.0.0.1:$closed
gone        $U/missing status=404
$U/fail
EOT
st --targets "$T/targets" >"$T/out" 2>"$T/err"
is "$?" 2 "a wrong status, a wrong body, a closed port: exit 2"
is "$(cat "$T/err")" "" "nothing on stderr"
grep '^Check\|^      [^ ]\|^Alert' "$T/out" | mask >"$T/got"
{
	printf 'Check %-27s%7s  200  LAT\n' healthy up
	printf '      %-27s%7s  200  LAT  slower than 100ms\n' slow up
	printf '      %-27s%7s  500  LAT  HTTP status 500, not 200\n' broken down
	printf "      %-27s%7s  200  LAT  body without 'goodbye'\n" wrongbody down
	printf '      %-27s%7s  200  LAT  body does not match\n' badre down
	printf '      %-27s%7s  connection refused\n' closed down
	printf '      %-27s%7s  404  LAT\n' gone up
	printf '      %-27s%7s  500  LAT\n' "$U/fail" down
	echo 'Alert warning  service.latency slow LAT (latency<100ms)'
	for t in broken wrongbody badre closed "$U/fail"; do
		echo "Alert critical service.up $t 0 (< 1)"
	done
} >"$T/want"
same_file "$T/want" "$T/got" "view: names, expectations and why each failed"
grep -A1 '^Check healthy' "$T/out" | tail -n 1 | mask >"$T/got"
printf '%18sdns LAT  connect LAT  first byte LAT\n' '' >"$T/want"
same_file "$T/want" "$T/got" "view: the phases under the check"

# Only a slow answer: a warning, exit 1; the service is still up.
grep '^healthy\|^slow' "$T/targets" >"$T/slow"
run st --targets "$T/slow"
is "$rc" 1 "slower than latency<: exit 1"
grep '^healthy\|^gone' "$T/targets" >"$T/good"
run st --targets "$T/good"
is "$rc" 0 "as expected (a 404 that is expected included): exit 0"
# With --check too: the file's targets follow.
run st --check "tcp:127.0.0.1:$port" --targets "$T/good"
is "$(printf '%s\n' "$out" | grep -c '^Check\|^      [^ ]')" 3 "--check and --targets together"

# --json: names, phases, warnings and errors.
pm-status -c load --targets "$T/targets" --json >"$T/json"
is "$(jq -c '[.services[] | [.name, .up, .http_code]]' "$T/json")" \
	"[[\"healthy\",true,200],[\"slow\",true,200],[\"broken\",false,500],[\"wrongbody\",false,200],[\"badre\",false,200],[\"closed\",false,null],[\"gone\",true,404],[null,false,500]]" \
	"--json: name, up and the HTTP code"
is "$(jq -c '.services[0].phases | keys' "$T/json")" '["connect","dns","first_byte","total"]' \
	"--json: the phases of an HTTP check"
is "$(jq -r '.services[0] | .phases.total == .latency and .phases.dns <= .phases.connect and .phases.connect <= .phases.first_byte and .phases.first_byte <= .phases.total' "$T/json")" \
	true "--json: the phases end in order, the last at the latency"
is "$(jq -r '.services[1].warning' "$T/json")" "slower than 100ms" "--json: why it is a warning"
is "$(jq -r '.services[3].error' "$T/json")" "body without 'goodbye'" "--json: why it is down"
is "$(jq -r '.services[5] | has("phases")' "$T/json")" false "--json: no phases when refused"
is "$(jq -r '.status' "$T/json")" critical "--json: critical"

# --points: labelled with the name, a latency for each phase; the checks
# in the order given.
pm-status -c load --check "tcp:127.0.0.1:$port" --targets "$T/good" --points |
	jq -r 'select(.metric | startswith("service.")) | [.metric, .labels.target, .labels.phase // "-"] | join(" ")' >"$T/got"
cat >"$T/want" <<EOT
service.up tcp:127.0.0.1:$port -
service.latency tcp:127.0.0.1:$port dns
service.latency tcp:127.0.0.1:$port connect
service.latency tcp:127.0.0.1:$port total
service.up healthy -
service.latency healthy dns
service.latency healthy connect
service.latency healthy first_byte
service.latency healthy total
service.http.code healthy -
service.up gone -
service.latency gone dns
service.latency gone connect
service.latency gone first_byte
service.latency gone total
service.http.code gone -
EOT
same_file "$T/want" "$T/got" "--points: the name as target, the phases of HTTP and TCP"

# Bad lines: FILE:LINE: reason, exit 2, nothing checked.
bad() { # bad LINE REASON
	printf '# ok\n%s\n' "$1" >"$T/bad"
	run pm-status -c load --targets "$T/bad"
	is "$rc:$out:$err" "2::pm-status: $T/bad:2: $2" "bad line: $1"
}
bad "web $U/ok status=abc" "'status=abc': not an HTTP status"
bad "web $U/ok weight=3" "'weight=3': not status=, body=, body~=, latency<, cert_days> or cacert="
bad "web" "'web': no URL or tcp:HOST:PORT"
bad "web ftp://x/ status=200" "'ftp://x/' is not an http(s) URL or tcp:HOST:PORT"
bad "web $U/ok latency<soon" "'latency<soon': not a duration"
bad "web $U/ok body~=(" "'body~=(': not a regular expression"
# glibc takes a{1\,32767} for a{1,32767} (8 GB in regcomp): refused.
bad "web $U/ok body~=a{1\\,32767}" "'body~=a{1\\,32767}': regular expression too complex"
bad "web $U/ok body~=a{2000}" "'body~=a{2000}': regular expression too complex"
# Empty alternatives (undefined in POSIX): "(((y|||)+)+)+" took regcomp minutes.
bad "web $U/ok body~=(((y|||)+)+)+" "'body~=(((y|||)+)+)+': regular expression too complex"
bad "web $U/ok body~=ok|" "'body~=ok|': regular expression too complex"
bad "web $U/ok body~=(|ok)" "'body~=(|ok)': regular expression too complex"
bad "db tcp:127.0.0.1:$port body=x" "'tcp:127.0.0.1:$port': a TCP check has no status, body or certificate"
bad "web $U/ok cert_days>-1" "'cert_days>-1': not a count of days"
run pm-status -c load --targets "$T/nonexistent"
is "$rc:$err" "2:pm-status: $T/nonexistent: No such file or directory" "a targets file that is missing"

# The example file parses: its hosts made a closed port, every one down.
sed -E "s#https?://[^/ ]+#http://127.0.0.1:$closed#; s#tcp:[^ ]+#tcp:127.0.0.1:$closed#" \
	"$PM_TOP/examples/pm-status-targets" >"$T/example"
run st --targets "$T/example" --timeout 2s
is "$rc:$err" "2:" "examples/pm-status-targets: read, every target down"
is "$(printf '%s\n' "$out" | grep -c 'down  connection refused')" 6 \
	"examples/pm-status-targets: six targets"

done_testing
