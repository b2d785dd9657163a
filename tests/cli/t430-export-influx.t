#!/bin/sh
# pm-export -f influx: exact line protocol, then the real thing: a real
# InfluxDB 1.x (strict: it answers 400 to a bad line) and VictoriaMetrics,
# both started here on 127.0.0.1 and stopped at exit, take the output, and
# what they give back is what was sent.  Without influxd or
# victoria-metrics (Debian packages influxdb, victoria-metrics) this test
# fails: it does not skip.
. "$(dirname "$0")/../lib.sh"

E=$FIX/export
PY=/usr/bin/python3

# --- exact output.  Measurement pm; tags host and labels sorted by key,
# label names as in the prometheus format (ünï -> label__n__); ',' '='
# and ' ' escaped with '\'; LF, which no escape can carry, as an escaped
# space; the field is the prometheus name less the prefix
# (app_latency_seconds: 250 ms = 0.25); floats; ns times; no time for a
# point without one.  A '\' before an ordinary character is written as
# it is (C:\tmp).
printf '%s\n' '{"ts":"2026-11-22T10:00:03Z","host":"web-1","metric":"disk.busy","value":12.25,"unit":"percent","labels":{"device":"C:\\tmp","tab":"x\ty"}}' >"$T/more.ndjson"
printf '%b\n' 'pm,cpu=total,host=web-1 cpu_usage_percent=23.1 1795341600000000000' \
	'pm,host=web-1 mem_used_bytes=1073741824 1795341600000000000' \
	'pm,host=wéb\\ 2\\,"eu",interface=eth0,note=a\\,b\\ "c"\\ d\\=e net_rx_bytes_per_second=-0.5 1795341600500000000' \
	"pm,formula=\\\\=1+2,host=\\\\=cmd|'\\\\ /C\\\\ calc'!A0,label__n__=ça,neg=-5,path=/a\\\\=b\\\\ c,tab=\\tx app_latency_seconds=0.25 1795341601000000000" \
	'pm load_1m=1.5' \
	'pm,cpu=total,host=web-1 cpu_usage_percent=24.5 1795341602000000000' \
	'pm,device=C:\\tmp,host=web-1,tab=x\ty disk_busy_percent=12.25 1795341603000000000' >"$T/want"
run pm-export -f influx "$E/points.ndjson" "$T/more.ndjson"
same_file "$T/want" "$T/out" "influx: exact output"
is "$rc" 0 "influx: exit 0"
cp "$T/out" "$T/lines"

run pm-export -f influx --prefix node --counter 'cpu.*' "$E/points.ndjson"
is "$(head -1 "$T/out")" "node,cpu=total,host=web-1 cpu_usage_percent_total=23.1 1795341600000000000" \
	"--prefix node --counter: measurement node, field _total"

# --- servers.  Free ports from the kernel; each server gets its own
# folder; stopped (TERM, then KILL) at exit.
pids=""
stop_servers() {
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	for p in $pids; do
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 100 ]; do
			sleep 0.05
			i=$((i + 1))
		done
		kill -9 "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	pids=""
}
trap 'stop_servers; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP

free_port() {
	"$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_url URL PID: poll until URL answers 2xx (30 s at most) while PID lives.
wait_url() {
	i=0
	while [ $i -lt 300 ]; do
		curl -fs -o /dev/null "$1" && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# InfluxDB 1.x: a config that keeps it on 127.0.0.1 and in $T.
if command -v influxd >/dev/null 2>&1; then
	ok 0 "influxd is installed"
else
	ok 1 "influxd is installed (Debian package influxdb)"
fi
IP=$(free_port)
RP=$(free_port)
mkdir "$T/influx"
influxd config 2>/dev/null | awk -v d="$T/influx" -v hp="$IP" -v rp="$RP" '
	/^\[/ { sec = $0 }
	/^reporting-disabled/ { next }
	/^bind-address/ && sec == "" { print "bind-address = \"127.0.0.1:" rp "\""; next }
	/^  dir = / && sec == "[meta]" { print "  dir = \"" d "/meta\""; next }
	/^  dir = / && sec == "[data]" { print "  dir = \"" d "/data\""; next }
	/^  wal-dir = / { print "  wal-dir = \"" d "/wal\""; next }
	/^  store-enabled/ { print "  store-enabled = false"; next }
	/^  bind-address/ && sec == "[http]" { print "  bind-address = \"127.0.0.1:" hp "\""; next }
	/^  bind-address/ && sec == "[ifql]" { print "  bind-address = \"127.0.0.1:0\""; next }
	{ print }
	END { }' >"$T/influx/influxdb.conf"
influxd -config "$T/influx/influxdb.conf" >"$T/influx/log" 2>&1 &
ipid=$!
pids="$pids $ipid"
IURL=http://127.0.0.1:$IP
wait_url "$IURL/ping" $ipid
ok $? "InfluxDB started on 127.0.0.1:$IP"
curl -fs -XPOST "$IURL/query" --data-urlencode 'q=CREATE DATABASE pm' >/dev/null
ok $? "InfluxDB: database created"

# Strict: InfluxDB answers 204 only when every line parses.
code=$(curl -s -o "$T/influx/resp" -w '%{http_code}' -XPOST "$IURL/write?db=pm" \
	--data-binary @"$T/lines")
is "$code" 204 "InfluxDB /write: 204, every line taken"
[ "$code" = 204 ] || sed 's/^/# /' "$T/influx/resp"
# (A line it refuses, to show that it would say so.)
code=$(curl -s -o /dev/null -w '%{http_code}' -XPOST "$IURL/write?db=pm" \
	--data-binary 'pm,host=a b=1 x=1')
is "$code" 400 "InfluxDB /write: 400 for a bad line (the check means something)"

# Read back every point as "time tags field=value", tags sorted.
curl -fs -G "$IURL/query" --data-urlencode db=pm --data-urlencode epoch=ns \
	--data-urlencode 'q=SELECT * FROM pm WHERE time > 0 GROUP BY *' >"$T/influx/q.json"
jq -r '.results[0].series[] | .tags as $t | .columns as $c | .values[] | . as $v |
	range(1; $c | length) | select($v[.] != null) |
	"\($v[0]) \([$t | to_entries[] | select(.value != "") | "\(.key)=\(.value)"] | sort | join(",")) \($c[.])=\($v[.])"' \
	"$T/influx/q.json" | grep -v ' load_1m=' | sort >"$T/influx/got"
cat >"$T/want" <<'EOF'
1795341600000000000 cpu=total,host=web-1 cpu_usage_percent=23.1
1795341600000000000 host=web-1 mem_used_bytes=1073741824
1795341600500000000 host=wéb 2,"eu",interface=eth0,note=a,b "c" d=e net_rx_bytes_per_second=-0.5
1795341601000000000 formula==1+2,host==cmd|' /C calc'!A0,label__n__=ça,neg=-5,path=/a=b c,tab=	x app_latency_seconds=0.25
1795341602000000000 cpu=total,host=web-1 cpu_usage_percent=24.5
1795341603000000000 device=C:\tmp,host=web-1,tab=x	y disk_busy_percent=12.25
EOF
same_file "$T/want" "$T/influx/got" "InfluxDB: read back with /query, as sent (LF read as space)"
n=$(curl -fs -G "$IURL/query" --data-urlencode db=pm \
	--data-urlencode 'q=SELECT load_1m FROM pm' | jq '.results[0].series[0].values | length')
is "$n" 1 "InfluxDB: the point without a time got the server's"

# VictoriaMetrics: names a series measurement_field, the very name the
# prometheus format gives it; invalid lines still get 204 there, so the
# counter of invalid rows is checked too.
if command -v victoria-metrics >/dev/null 2>&1; then
	ok 0 "victoria-metrics is installed"
else
	ok 1 "victoria-metrics is installed (Debian package victoria-metrics)"
fi
VP=$(free_port)
victoria-metrics -httpListenAddr=127.0.0.1:$VP -storageDataPath="$T/vm" \
	-retentionPeriod=100y -search.latencyOffset=0s -search.disableCache \
	>"$T/vm.log" 2>&1 &
vpid=$!
pids="$pids $vpid"
VURL=http://127.0.0.1:$VP
wait_url "$VURL/health" $vpid
ok $? "VictoriaMetrics started on 127.0.0.1:$VP"
code=$(curl -s -o /dev/null -w '%{http_code}' -XPOST "$VURL/write" --data-binary @"$T/lines")
is "$code" 204 "VictoriaMetrics /write: 204"
curl -fs "$VURL/internal/force_flush" >/dev/null
is "$(curl -fs "$VURL/metrics" | sed -n 's/^vm_rows_invalid_total{type="influx"} //p')" 0 \
	"VictoriaMetrics: no invalid row"
curl -fs "$VURL/api/v1/export" -d 'match[]={__name__=~"pm_.*"}' >"$T/vm.json"
jq -r '. as $s | range(0; .values | length) as $i |
	"\($s.timestamps[$i]) \($s.metric.__name__) \([$s.metric | to_entries[] |
	select(.key != "__name__") | "\(.key)=\(.value)"] | sort | join(",")) \($s.values[$i])"' \
	"$T/vm.json" | grep -v ' pm_load_1m ' | sort >"$T/vm.got"
cat >"$T/want" <<'EOF'
1795341600000 pm_cpu_usage_percent cpu=total,host=web-1 23.1
1795341600000 pm_mem_used_bytes host=web-1 1073741824
1795341600500 pm_net_rx_bytes_per_second host=wéb 2,"eu",interface=eth0,note=a,b "c" d=e -0.5
1795341601000 pm_app_latency_seconds formula==1+2,host==cmd|' /C calc'!A0,label__n__=ça,neg=-5,path=/a=b c,tab=	x 0.25
1795341602000 pm_cpu_usage_percent cpu=total,host=web-1 24.5
1795341603000 pm_disk_busy_percent device=C:\tmp,host=web-1,tab=x	y 12.25
EOF
same_file "$T/want" "$T/vm.got" "VictoriaMetrics: read back with /api/v1/export, as sent"
# The names match the prometheus format's.
pm-export -f prometheus "$E/points.ndjson" | sed -n 's/^# TYPE \([^ ]*\) .*/\1/p' |
	grep -v load_1m | sort >"$T/prom.names"
jq -r '.metric.__name__' "$T/vm.json" | sort -u | grep -v 'disk_busy\|load_1m' >"$T/vm.names"
same_file "$T/prom.names" "$T/vm.names" "VictoriaMetrics names = prometheus format names"

stop_servers
is "$(for p in $ipid $vpid; do kill -0 $p 2>/dev/null && echo $p; done)" "" \
	"servers stopped"

done_testing
