#!/bin/sh
# Many writers at once into one new store: every point lands, nobody sees
# "database is locked", and a reader can read all along.
. "$(dirname "$0")/../lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # skip sqlite3 not installed"
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
# A reader at the same time: it must never fail either.
alive() {
	for p in $pids; do kill -0 "$p" 2>/dev/null && return 0; done
	return 1
}
reads=0
failed_reads=0
while alive && [ $reads -lt 600 ]; do
	# From when the first writer has made the schema.
	if [ -e "$db" ] &&
	    [ "$(sqlite3 -cmd '.timeout 60000' "$db" 'PRAGMA user_version')" = 2 ]; then
		sqlite3 -cmd '.timeout 60000' "$db" 'SELECT count(*) FROM samples' \
		    >/dev/null 2>>"$T/reader.err" || failed_reads=$((failed_reads + 1))
	fi
	reads=$((reads + 1))
	sleep 0.05
done
wait_all

is "$status" 0 "$WRITERS writers: all exit 0"
is "$(cat "$T"/err*)" "" "$WRITERS writers: nothing on stderr (no \"database is locked\")"
is "$(sqlite3 "$db" 'SELECT count(*) FROM samples')" $((WRITERS * POINTS)) \
	"$WRITERS x $POINTS points: exactly $((WRITERS * POINTS)) samples"
is "$(sqlite3 "$db" 'SELECT count(*) FROM series')" $((WRITERS * 5)) \
	"$WRITERS writers x 5 metrics: $((WRITERS * 5)) series, none twice"
is "$(sqlite3 "$db" 'SELECT count(DISTINCT host || value) FROM samples JOIN series ON id = series')" \
	$((WRITERS * POINTS)) "every point is there once, with its value"
is "$failed_reads:$(cat "$T/reader.err" 2>/dev/null)" "0:" \
	"a reader during the writes never failed ($reads reads)"
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
