#!/bin/sh
# pm-query --source prom+http://...: points written by pm-export -f influx
# into a real VictoriaMetrics give the same answers as the stream (and the
# store) of the same points; so do points of pm-export -f prometheus
# backfilled into a real Prometheus (which has no /api/v1/export).
. "$(dirname "$0")/../lib.sh"

for c in victoria-metrics curl jq python3; do
	if ! command -v $c >/dev/null 2>&1; then
		echo "1..0 # skip $c not installed"
		exit 0
	fi
done

# The fixture's points, as they come back from a Prometheus engine: unit
# "count" has no Prometheus suffix, so it comes back as no unit.
pm-query "$FIX/query/points.ndjson" 2>/dev/null |
	jq -c 'if .unit == "count" then del(.unit) else . end' >"$T/points"
# Times to the millisecond, too.
printf '%s\n' '{"ts":"2026-11-22T10:04:45.250Z","host":"web-1","metric":"cpu.usage","value":99.5,"unit":"percent","labels":{"cpu":"0"}}' \
	'{"ts":"2026-11-22T10:04:45.251Z","host":"web-2","metric":"cpu.usage","value":0.125,"unit":"percent","labels":{"cpu":"total"}}' \
	>>"$T/points"
R=$T/points

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
PORT=$(free_port)
VM=http://127.0.0.1:$PORT
victoria-metrics -httpListenAddr=127.0.0.1:$PORT -storageDataPath="$T/vm" \
	-retentionPeriod=100y -search.latencyOffset=0s -search.disableCache \
	>"$T/vm.log" 2>&1 &
vm=$!
prom=
trap 'kill $vm $prom 2>/dev/null; wait $vm $prom 2>/dev/null; rm -rf "$T"' EXIT
up() { [ "$(curl -s -m 1 "$VM/health")" = OK ]; }
if ! wait_for up; then
	echo "1..0 # skip victoria-metrics did not start: $(tail -1 "$T/vm.log")"
	exit 0
fi

pm-export -f influx --counter app.requests "$R" >"$T/lines"
is "$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$T/lines" "$VM/write")" \
	204 "the points written to /write"
curl -s "$VM/internal/force_flush" >/dev/null
is "$(curl -s "$VM/metrics" | sed -n 's/^vm_rows_invalid_total{type="influx"} //p')" \
	0 "no line was refused"
# The fixture's day, not the default (VictoriaMetrics reads start=0 as
# "not given": the current day only, so the check failed after midnight).
is "$(curl -s "$VM/api/v1/series" --data-urlencode 'match[]={__name__=~"pm_.+"}' \
	--data-urlencode start=2026-11-21T00:00:00Z \
	--data-urlencode end=2026-11-23T00:00:00Z | jq '.data | length')" 11 "11 series there"

S=prom+$VM
# same DESCRIPTION ARGS...: the engine's answer is the stream's, exactly.
same() {
	_d=$1
	shift
	pm-query "$@" "$R" >"$T/stream" 2>/dev/null
	run pm-query --source "$S" "$@"
	is "$rc:$err" "0:" "$_d: exit 0, nothing on stderr"
	same_file "$T/stream" "$T/out" "$_d: source = stream (pm-query $*)"
}

same "raw points of metrics named in full" -m cpu.usage -m fs.used_percent \
	-m mem.used -m app.requests -m disk.busy
same "every aggregation, per 1m bucket and host" -m cpu.usage -m app.requests \
	-a avg,min,max,sum,count,first,last,stddev,p50,p90,p95,p99,rate,increase \
	-e 1m -b host
same "the example: avg per minute" -m cpu.usage -a avg -e 1m
same "label groups" -m 'cpu.*' -a avg,p95 -b label:cpu -b host
same "label matchers and where" -l 'device=~sd.*' -w 'value > 50'
same "a glob without a prefix, label !=" -m '*.busy' -l 'device!=sda'
same "host glob" -m 'c?u.usage' -H 'web-[1]'
same "label !~" -m cpu.usage -l 'cpu!~t.*'
same "window" -m cpu.usage -m mem.used -s 2026-11-22T10:01:00Z \
	-u 2026-11-22T10:03:00Z -a avg,count -e 1m
same "a window to the millisecond" -m cpu.usage -s 2026-11-22T10:04:45.251Z
same "a window to the millisecond, its end" -m cpu.usage \
	-s 2026-11-22T10:04:30Z -u 2026-11-22T10:04:45.250Z
same "a counter's rate" -m app.requests --rate
same "trend" -m fs.used_percent --trend --limit 100
same "latest, table" -m 'cpu.*' -m mem.used --latest -f table
same "list series" --list series -m cpu.usage -s 2026-11-22T10:02:00Z

# The store of the same points agrees.
pm-query --db "$T/q.db" --insert "$R"
pm-query --db "$T/q.db" -m cpu.usage -a avg,p95 -e 1m -b host >"$T/store"
run pm-query --source "$S" -m cpu.usage -a avg,p95 -e 1m -b host
same_file "$T/store" "$T/out" "source = store"

# Names: a glob maps back '_' to '.', less the unit's suffix.
run pm-query --source "$S" --list metrics
is "$(printf '%s\n' "$out" | jq -r '[.metric, .unit // "-"] | join(" ")')" \
"app.requests -
cpu.usage percent
disk.busy percent
fs.used percent
mem.used bytes" "--list metrics: names and units as mapped back"

run pm-query --source "$S" -m nothing.here
is "$rc:$out:$err" "0::" "nothing selected: no output, exit 0"

run pm-query --source "$S/nope" -m cpu.usage
is "$rc" 1 "an HTTP error: exit 1"
like "$err" "^pm-query: $VM/nope: HTTP 400: .*unsupported path" \
	"an HTTP error: the status and the server's body"

run pm-query --source "$S" --db "$T/q.db" -m cpu.usage
is "$rc" 2 "--source and --db: usage error"
run pm-query --source "$VM" -m cpu.usage
is "$rc" 2 "--source without prom+: usage error"

# Prometheus: blocks made by promtool from the OpenMetrics text of the same
# points (timestamps in seconds, then # EOF), read by a server started on
# them.
if command -v prometheus >/dev/null 2>&1 &&
    command -v promtool >/dev/null 2>&1; then
	pm-export -f prometheus --timestamps --counter app.requests "$R" |
		sed -E '/^#/d; s/([0-9]{3})$/.\1/' >"$T/om"
	echo '# EOF' >>"$T/om"
	(cd "$T" && promtool tsdb create-blocks-from openmetrics om prom) \
		>"$T/promtool.log" 2>&1
	printf 'global:\n  scrape_interval: 1h\n' >"$T/prom.yml"
	PPORT=$(free_port)
	prometheus --config.file="$T/prom.yml" \
		--web.listen-address=127.0.0.1:$PPORT \
		--storage.tsdb.path="$T/prom" --storage.tsdb.retention.time=100y \
		>"$T/prom.log" 2>&1 &
	prom=$!
	ready() { curl -s -m 1 "http://127.0.0.1:$PPORT/-/ready" | grep -q Ready; }
	wait_for ready
	ok $? "prometheus started on the backfilled blocks"
	S=prom+http://127.0.0.1:$PPORT
	same "prometheus: raw points" -m cpu.usage -m fs.used_percent \
		-m mem.used -m app.requests -m disk.busy
	same "prometheus: avg per minute" -m cpu.usage -a avg -e 1m
	same "prometheus: a window to the millisecond" -m cpu.usage \
		-s 2026-11-22T10:04:30Z -u 2026-11-22T10:04:45.250Z
	same "prometheus: globs" -m 'c?u.usage' -m '*.busy' -H 'web-[1]'
	same "prometheus: window, matchers, where" -s 2026-11-22T10:01:00Z \
		-u 2026-11-22T10:03:00Z -l 'device=~sd.*' -w 'value > 10'
	same "prometheus: a counter's increase" -m app.requests -a increase -b host
	run pm-query --source "$S" -m cpu.usage -l 'cpu=~a{1001}'
	like "$rc:$err" "^1:pm-query: http://127.0.0.1:$PPORT: HTTP 400: .*bad_data" \
		"prometheus: a query it refuses: exit 1, its message"
	kill $prom
	wait $prom 2>/dev/null
	prom=
else
	skip "prometheus or promtool not installed"
fi

kill $vm
wait $vm 2>/dev/null
run pm-query --source "prom+$VM" -m cpu.usage
is "$rc:$out" "1:" "a server that is down: exit 1"
like "$err" "^pm-query: $VM: .*(Couldn't connect|Connection refused)" \
	"a server that is down: said so"

done_testing
