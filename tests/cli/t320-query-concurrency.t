#!/bin/sh
# Many writers at once into one new store: every point lands, nobody sees
# "database is locked", and 4 readers (pm-query queries and lists,
# pm-alert over the history) read all along, never failing.
. "$(dirname "$0")/../lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # skip sqlite3 not installed"
	exit 0
fi

if [ -n "${PM_MEMCHECK:-}" ]; then
	echo "1..0 # skip make memcheck: 8 x 50,000 points against busy timeouts is a load test"
	exit 0
fi

WRITERS=8
POINTS=50000

pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

wait_all() { # wait for every pid in $pids; status: the last failure's
	status=0
	for p in $pids; do
		wait "$p" || status=$?
	done
	pids=
}

# Writer w: POINTS points over 5 metrics of host w<w>, one ms apart.
for w in $(seq 1 $WRITERS); do
	awk -v w="$w" -v n="$POINTS" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "{\"ts\":%d.%03d,\"host\":\"w%d\",\"metric\":\"m%d\",\"value\":%d,\"labels\":{\"w\":\"%d\"}}\n",
			    1700000000 + int(i / 1000), i % 1000, w, i % 5, i, w
	}' >"$T/in$w"
done

# Small batches so the writers take turns often.  All start on a file that
# does not exist yet: creating it and its schema is part of the race.
db=$T/shared.db
for w in $(seq 1 $WRITERS); do
	pm-query --db "$db" --insert --batch 500 "$T/in$w" 2>"$T/err$w" &
	pids="$pids $!"
done
# 4 readers at the same time, pm tools all, from when the first writer has
# made the schema: they must never fail either.  reader NAME CMD...: run
# CMD until the writers are done; its stderr and a word for each failed
# run go to $T/rerr.NAME, its output to $T/rout.NAME.
reader() {
	_name=$1
	shift
	: >"$T/rerr.$_name"
	_i=0
	while [ ! -e "$T/writers-done" ] && [ $_i -lt 5000 ]; do
		"$@" >>"$T/rout.$_name" 2>>"$T/rerr.$_name" ||
		    echo "exit $?" >>"$T/rerr.$_name"
		_i=$((_i + 1))
	done
	echo $_i >"$T/reads.$_name"
}
wait_for '[ -e "$db" ] &&
    [ "$(sqlite3 -cmd ".timeout 60000" "$db" "PRAGMA user_version" 2>/dev/null)" = 2 ]'
rpids=
reader count pm-query --db "$db" -m m0 -a count &
rpids="$rpids $!"
reader list pm-query --db "$db" --list series &
rpids="$rpids $!"
reader latest pm-query --db "$db" --latest -H w1 &
rpids="$rpids $!"
reader alert pm-alert -r 'm0 > 1e12' --db "$db" &
rpids="$rpids $!"
wait_all
touch "$T/writers-done"
for p in $rpids; do wait "$p"; done

is "$status" 0 "$WRITERS writers: all exit 0"
is "$(cat "$T"/err*)" "" "$WRITERS writers: nothing on stderr (no \"database is locked\")"
is "$(sqlite3 "$db" 'SELECT count(*) FROM samples')" $((WRITERS * POINTS)) \
	"$WRITERS x $POINTS points: exactly $((WRITERS * POINTS)) samples"
is "$(sqlite3 "$db" 'SELECT count(*) FROM series')" $((WRITERS * 5)) \
	"$WRITERS writers x 5 metrics: $((WRITERS * 5)) series, none twice"
is "$(sqlite3 "$db" 'SELECT count(DISTINCT host || value) FROM samples JOIN series ON id = series')" \
	$((WRITERS * POINTS)) "every point is there once, with its value"
for r in count list latest alert; do
	is "$(cat "$T/rerr.$r")" "" \
		"reader $r during the writes: never failed, nothing on stderr ($(cat "$T/reads.$r") runs)"
done
jq -r .value "$T/rout.count" >"$T/counts"
sort -n "$T/counts" | cmp -s - "$T/counts"
ok $? "reader count: the counts it saw never went down ($(head -1 "$T/counts") .. $(tail -1 "$T/counts"))"
run pm-query --db "$db" -m m0 -a count
is "$rc:$err:$(printf "%s" "$out" | jq -r .value)" "0::$((WRITERS * POINTS / 5))" \
	"reader count afterwards: m0 has exactly $((WRITERS * POINTS / 5))"
is "$(sqlite3 "$db" 'PRAGMA integrity_check')" "ok" "the store is whole"

# The same points again, all writers at once: replaced, not added.
for w in $(seq 1 $WRITERS); do
	pm-query --db "$db" --insert "$T/in$w" 2>"$T/err$w" &
	pids="$pids $!"
done
wait_all
is "$status:$(cat "$T"/err*)" "0:" "again: all exit 0, quietly"
is "$(sqlite3 "$db" 'SELECT count(*) FROM samples')" $((WRITERS * POINTS)) \
	"again: still exactly $((WRITERS * POINTS)) samples"

done_testing
