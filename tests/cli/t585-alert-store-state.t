#!/bin/sh
# pm-alert --check without --state keeps its state in the store ($PM_DB or
# --db) when there is one: cron runs notify exactly once per transition
# with no state file; jobs with other rules keep theirs; --state, stream
# mode and a missing store leave the store alone.
. "$(dirname "$0")/../lib.sh"

pt() { # pt MINUTE HOST METRIC VALUE
	printf '{"ts":"2026-11-22T10:%02d:00Z","host":"%s","metric":"%s","value":%s}\n' \
	    "$1" "$2" "$3" "$4"
}
q() { sqlite3 -cmd '.timeout 60000' "$@"; }
cat >"$T/notify" <<'EOF2'
#!/bin/sh
echo "$PM_ALERT_NAME $PM_ALERT_STATE $PM_ALERT_TS" >>"$NOTIFY_LOG"
EOF2
chmod +x "$T/notify"
export NOTIFY_LOG="$T/log"

# cron RULE VALUES...: one --check run per minute, the minute's point on
# stdin, options in $opts; exit codes in $codes.
cron() {
	_r=$1
	shift
	_m=0 codes=""
	for _v in "$@"; do
		# shellcheck disable=SC2086
		pt $_m h m "$_v" | pm-alert --check --exec "$T/notify" $opts \
		    -r "$_r" >/dev/null
		codes="$codes$?"
		_m=$((_m + 1))
	done
}

# $PM_DB: the store holds the state from run to run.
DB=$T/db/metrics.db
mkdir "$T/db"
PM_DB=$DB pm-query --insert /dev/null
export PM_DB=$DB
opts=""
cron 'm > 90 for 2m' 50 95 96 97 98 40 30 99
is "$codes" "00022000" "PM_DB: pending 2 runs, CRITICAL while firing"
is "$(cat "$T/log")" "m firing 2026-11-22T10:03:00.000Z
m resolved 2026-11-22T10:05:00.000Z" \
	"PM_DB: one notification when it fires, one when it resolves"
is "$(q "$DB" 'SELECT alert, json ->> "$.state", json ->> "$.active_at" FROM alert_state')" \
	"m|pending|1795342020000000000" "the store holds the last run's state (pending since 10:07)"
ls "$T"/db >"$T/files"
is "$(grep -c state "$T/files")" 0 "no state file made"

# --db: the history in the store, a minute at a time as cron would, and
# the state beside it.
rm -f "$T/log"
DB2=$T/db2.db
m=0 codes=""
for v in 95 95 95 10 10; do
	pt $m h cpu "$v" | pm-query --db "$DB2" --insert
	pm-alert --check --db "$DB2" --since "2026-11-22T10:0$m:00Z" \
	    --exec "$T/notify" -r 'Hot: cpu > 90 for 1m' >/dev/null
	codes="$codes$?"
	m=$((m + 1))
done
is "$codes" "02200" "--db: pending, firing twice, resolved"
is "$(cat "$T/log")" "Hot firing 2026-11-22T10:01:00.000Z
Hot resolved 2026-11-22T10:03:00.000Z" "--db: once per transition"
is "$(q "$DB" 'SELECT count(*) FROM alert_state'):$(q "$DB2" 'SELECT count(*) FROM alert_state')" \
	"1:0" "--db wins over PM_DB; a resolved alert keeps no row"

# Two cron jobs with other rules share the store, each its own state.
rm -f "$T/log" "$DB"
pm-query --insert /dev/null
m=0
for v in 95 95 95 10; do
	pt $m h m "$v" | pm-alert --check --exec "$T/notify" -r 'A: m > 90' \
	    >/dev/null
	pt $m h m "$v" | pm-alert --check --exec "$T/notify" -r 'B: m > 90' \
	    -r 'C: m > 90' >/dev/null
	m=$((m + 1))
done
is "$(cat "$T/log")" "A firing 2026-11-22T10:00:00.000Z
B firing 2026-11-22T10:00:00.000Z
C firing 2026-11-22T10:00:00.000Z
A resolved 2026-11-22T10:03:00.000Z
B resolved 2026-11-22T10:03:00.000Z
C resolved 2026-11-22T10:03:00.000Z" "two jobs, other rules (one with two): each notified once per transition"

# --state: the file, not the store; stream mode and a missing store: no
# state, and no store made.
rm -f "$T/log"
opts="--state $T/state"
cron 'm > 90' 95 95
is "$(cat "$T/log"):$(q "$DB" 'SELECT count(*) FROM alert_state')" \
	"m firing 2026-11-22T10:00:00.000Z:0" "--state: the file, not the store"
pt 0 h m 95 | pm-alert -r 'm > 90' >/dev/null
is "$(q "$DB" 'SELECT count(*) FROM alert_state')" 0 "stream mode: not in the store"
rm -f "$T/log"
opts=""
PM_DB=$T/none/metrics.db
cron 'm > 90' 95 95
is "$(wc -l <"$T/log" | tr -d ' '):$([ -e "$T/none" ] && echo made)" "2:" \
	"no store: no state (each run notifies), and no store made"

# A store that cannot be written: the check goes on, without state.
PM_DB=$T/ro.db
pm-query --insert /dev/null
chmod 400 "$T/ro.db"
rm -f "$T/ro.db-wal" "$T/ro.db-shm"
pt 0 h m 95 >"$T/in"
run pm-alert --check -r 'm > 90' "$T/in"
if [ "$(id -u)" = 0 ]; then
	skip "root writes a read-only file"
else
	like "$rc:$err" "^2:pm-alert: alert state not kept: $T/ro.db: " \
		"a read-only store: CRITICAL still, state not kept, said so"
fi

done_testing
