# Helpers for tests that start real servers on 127.0.0.1: source after
# lib.sh.  Every server started is stopped (TERM, then KILL) at exit.
# PY: a python3 with only Debian's packages.

PY=/usr/bin/python3
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

# A port the kernel has free just now.
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

# have PROGRAM PACKAGE: a test point; the test fails without it.
have() {
	if command -v "$1" >/dev/null 2>&1; then
		ok 0 "$1 is installed"
	else
		ok 1 "$1 is installed (Debian package $2)"
	fi
}

# start_influxd: InfluxDB 1.x kept on 127.0.0.1 and in $T/influx; its URL
# in IURL, its pid in ipid.
start_influxd() {
	_hp=$(free_port)
	_rp=$(free_port)
	mkdir -p "$T/influx"
	influxd config 2>/dev/null | awk -v d="$T/influx" -v hp="$_hp" -v rp="$_rp" '
		/^\[/ { sec = $0 }
		/^reporting-disabled/ { next }
		/^bind-address/ && sec == "" { print "bind-address = \"127.0.0.1:" rp "\""; next }
		/^  dir = / && sec == "[meta]" { print "  dir = \"" d "/meta\""; next }
		/^  dir = / && sec == "[data]" { print "  dir = \"" d "/data\""; next }
		/^  wal-dir = / { print "  wal-dir = \"" d "/wal\""; next }
		/^  store-enabled/ { print "  store-enabled = false"; next }
		/^  bind-address/ && sec == "[http]" { print "  bind-address = \"127.0.0.1:" hp "\""; next }
		/^  bind-address/ && sec == "[ifql]" { print "  bind-address = \"127.0.0.1:0\""; next }
		{ print }' >"$T/influx/influxdb.conf"
	start_server InfluxDB /ping $_hp influxd -config "$T/influx/influxdb.conf"
	IURL=$SURL
	ipid=$spid
}

# start_server NAME HEALTH-PATH PORT COMMAND...: start one on 127.0.0.1
# (COMMAND has it listen on PORT), its log in $T/NAME.log; its URL in
# SURL, its pid in spid.
start_server() {
	_name=$1
	_health=$2
	_port=$3
	shift 3
	"$@" >"$T/$_name.log" 2>&1 &
	spid=$!
	pids="$pids $spid"
	SURL=http://127.0.0.1:$_port
	wait_url "$SURL$_health" $spid
	ok $? "$_name started on 127.0.0.1:$_port"
}

# start_pushgateway: a Pushgateway that keeps nothing on disk; URL in GURL.
start_pushgateway() {
	_gp=$(free_port)
	start_server Pushgateway /-/ready $_gp prometheus-pushgateway \
		--web.listen-address=127.0.0.1:$_gp --persistence.file=""
	GURL=$SURL
}

# start_vm: VictoriaMetrics, data in $T/vm; URL in VURL, pid in vpid.
start_vm() {
	_vp=$(free_port)
	start_server VictoriaMetrics /health $_vp victoria-metrics \
		-httpListenAddr=127.0.0.1:$_vp -storageDataPath="$T/vm" \
		-retentionPeriod=100y -search.latencyOffset=0s -search.disableCache
	VURL=$SURL
	vpid=$spid
}

# start_fault NAME MODE [ARG...]: a misbehaving peer (tests/faultsrv.py:
# hang, slow, status, garbage, close) on 127.0.0.1; its URL in FURL, one
# line per connection in $T/NAME.log (count them with fault_count NAME).
start_fault() {
	_name=$1
	shift
	rm -f "$T/$_name.port" "$T/$_name.log"
	: >"$T/$_name.log"
	"$PY" "$PM_TOP/tests/faultsrv.py" "$T/$_name.port" "$T/$_name.log" "$@" \
		2>"$T/$_name.err" &
	pids="$pids $!"
	wait_for "[ -f '$T/$_name.port' ] || ! kill -0 $! 2>/dev/null"
	[ -f "$T/$_name.port" ]
	ok $? "fault server $_name ($*) started"
	FURL=http://127.0.0.1:$(cat "$T/$_name.port" 2>/dev/null)
}
fault_count() {
	wc -l <"$T/$1.log" | tr -d ' '
}
