#!/bin/sh
# kill -9 in the middle of a long insert: the store stays whole, and holds
# exactly a prefix of the input that includes every batch committed
# before the kill.
. "$(dirname "$0")/../lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # skip sqlite3 not installed"
	exit 0
fi

pids=
cleanup() {
	for p in $pids; do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

count() { sqlite3 -cmd '.timeout 10000' "$1" 'SELECT count(*) FROM samples' 2>/dev/null || echo 0; }

db=$T/crash.db
# Point i: ts = T0 + i ms, value i; far more than can be read before the
# kill.
mkfifo "$T/fifo"
awk 'BEGIN { for (i = 0; i < 20000000; i++)
	printf "{\"ts\":%d.%03d,\"host\":\"h\",\"metric\":\"m\",\"value\":%d}\n",
	    1700000000 + int(i / 1000), i % 1000, i }' >"$T/fifo" 2>/dev/null &
pids="$pids $!"
pm-query --db "$db" --insert --batch 10000 <"$T/fifo" 2>"$T/err" &
qpid=$!
pids="$pids $qpid"

# Let several batches commit, then note the last committed count and kill.
i=0
committed=0
while [ "$committed" -lt 50000 ] && [ $i -lt 300 ]; do
	sleep 0.1
	committed=$(count "$db")
	i=$((i + 1))
done
committed=$(count "$db")
kill -9 $qpid
wait $qpid 2>/dev/null
ok $([ "$committed" -ge 50000 ] && echo 0 || echo 1) \
	"batches were committed before the kill ($committed samples)"

is "$(sqlite3 "$db" 'PRAGMA integrity_check')" "ok" "after kill -9: integrity_check ok"
n=$(count "$db")
ok $([ "$n" -ge "$committed" ] && echo 0 || echo 1) \
	"after kill -9: every committed batch is there ($n >= $committed)"
echo "# $n samples after the kill ($((n % 10000)) past a multiple of the batch)"
# The points kept are exactly the first n of the input: ts and values
# 0..n-1 with none missing.
is "$(sqlite3 "$db" 'SELECT min(value), max(value), count(DISTINCT ts), sum(value),
	max(ts) - min(ts) FROM samples')" \
	"0.0|$((n - 1)).0|$n|$((n * (n - 1) / 2)).0|$((n - 1))" \
	"after kill -9: the samples are exactly the first $n points"
printf '{"ts":1600000000,"host":"h","metric":"m","value":1}\n' |
    pm-query --db "$db" --insert
is "$?:$(count "$db")" "0:$((n + 1))" "after kill -9: the store takes new points"

done_testing
