#!/bin/sh
# kill -9 in the middle of long inserts, 50 times at random moments, 10
# into each of 5 stores (the first while the store is made): after each
# kill the store is whole (PRAGMA integrity_check),
# and holds exactly a prefix of that insert's input which includes every
# batch a reader saw committed before the kill.  Kill moments and batch
# sizes come from a seed (PM_TEST_SEED, else the time; printed, so a
# failure can be replayed).
. "$(dirname "$0")/../lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # skip sqlite3 not installed"
	exit 0
fi

if [ -n "${PM_MEMCHECK:-}" ]; then
	echo "1..0 # skip make memcheck: 50 kill -9 at timed moments; t310 inserts under valgrind"
	exit 0
fi

KILLS=50
seed=${PM_TEST_SEED:-$(date +%s)}
echo "# seed $seed (PM_TEST_SEED=$seed to replay these kill moments)"

pids=
cleanup() {
	for p in $pids; do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

# The samples of insert k (host kK): count|min|max|sum.  Read-only, so a
# reader never makes the file; nothing yet reads as 0.
stats() {
	sqlite3 -readonly -cmd '.timeout 10000' "$db" "SELECT count(*), ifnull(min(value), 0),
	    ifnull(max(value), -1), ifnull(sum(value), 0) FROM samples
	    WHERE series IN (SELECT id FROM series WHERE host = 'k$1')" 2>/dev/null ||
	    echo '0|0|-1|0'
}
# Kill k: after DELAY ms, with --batch BATCH.  Most kills land within the
# first 150 ms of an insert (so the stores stay small), some at once
# (while the store is opened, or made), a few later.
awk -v seed="$seed" -v n=$KILLS 'BEGIN { srand(seed)
	for (k = 1; k <= n; k++) {
		r = rand()
		delay = r < 0.1 ? 0 : r < 0.85 ? int(rand() * 150) : 150 + int(rand() * 250)
		batch = rand() < 0.2 ? 1 + int(rand() * 20) : 1 + int(rand() * 5000)
		print k, delay, batch
	} }' >"$T/plan"

mkfifo "$T/fifo"
fails=0
total=0
while read -r k delay batch; do
	db=$T/crash$(((k - 1) / 10)).db
	# Insert k: point i has ts T0 + i ms and value i, far more points
	# than can be read before the kill.
	awk -v k="$k" 'BEGIN { for (i = 0; i < 5000000; i++)
		printf "{\"ts\":%d.%03d,\"host\":\"k%d\",\"metric\":\"m\",\"value\":%d}\n",
		    1700000000 + int(i / 1000), i % 1000, k, i }' >"$T/fifo" 2>/dev/null &
	gpid=$!
	pm-query --db "$db" --insert --batch "$batch" <"$T/fifo" 2>"$T/err" &
	qpid=$!
	pids="$gpid $qpid"
	[ "$delay" -gt 0 ] && sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	seen=$(stats "$k" | cut -d'|' -f1)
	kill -9 $qpid $gpid 2>/dev/null
	wait $qpid $gpid 2>/dev/null
	pids=
	check=$(sqlite3 "$db" 'PRAGMA integrity_check' 2>&1)
	n=$(stats "$k" | cut -d'|' -f1)
	got="$check $(stats "$k") $(cat "$T/err")"
	want="ok $n|0|$((n - 1))|$((n * (n - 1) / 2)) "
	[ "$n" -gt 0 ] && want="ok $n|0.0|$((n - 1)).0|$((n * (n - 1) / 2)).0 "
	if [ "$got" != "$want" ] || [ "$n" -lt "$seen" ]; then
		fails=$((fails + 1))
		echo "# kill $k (after ${delay}ms, --batch $batch): $n stored, $seen seen before"
		printf '#   got:  %s\n#   want: %s (>= %s)\n' "$got" "$want" "$seen"
	fi
	total=$((total + n))
done <"$T/plan"

is "$fails" 0 "$KILLS kills -9 at random moments: after each, integrity_check ok, the stored points are exactly the first n of that insert, n at least what a reader saw committed before the kill"
all=0
for db in "$T"/crash*.db; do
	all=$((all + $(sqlite3 "$db" 'SELECT count(*) FROM samples')))
done
is "$all" "$total" "every insert's points are kept by the later ones ($total samples in all)"
before=$(sqlite3 "$db" 'SELECT count(*) FROM samples')
printf '{"ts":1600000000,"host":"h","metric":"m","value":1}\n' |
    pm-query --db "$db" --insert
is "$?:$(sqlite3 "$db" 'SELECT count(*) FROM samples')" "0:$((before + 1))" \
	"after the kills: the store takes new points"
is "$(sqlite3 "$db" 'PRAGMA integrity_check')" "ok" "and stays whole"

done_testing
