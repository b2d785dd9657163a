#!/bin/sh
# pm-export -f influx: exact line protocol, then the real thing: a real
# InfluxDB 1.x (strict: it answers 400 to a bad line) and VictoriaMetrics,
# both started here on 127.0.0.1 and stopped at exit, take the output, and
# what they give back is what was sent.  Without influxd or
# victoria-metrics (Debian packages influxdb, victoria-metrics) this test
# fails: it does not skip.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../servers.sh"

E=$FIX/export

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

# InfluxDB 1.x, kept on 127.0.0.1 and in $T (tests/servers.sh).
have influxd influxdb
start_influxd
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
have victoria-metrics victoria-metrics
start_vm
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
