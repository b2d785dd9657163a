#!/bin/sh
# Cardinality: 1,000,000 distinct series (tests/hostile/gen.sh series),
# one point each, through the tools that keep state per series or per
# point: pm-alert (stream and --check), pm-query (stream, aggregation by
# series, --insert), pm-export prometheus, wide CSV and html.  Each ends
# well (exit status, the right count of output lines), in time, and its
# peak memory (max RSS, from /usr/bin/time) stays within the bound of
# docs/RELIABILITY.md: 2 KiB a series plus 64 MiB (measured: 1.0 to 1.2
# KiB a series).  Under the sanitizers (ASan's shadow and quarantine) the
# count is 200,000 and the bound 4 KiB a series plus 512 MiB; under make
# memcheck 20,000 with that bound.
# PM_HOSTILE_SERIES sets another count.
. "$(dirname "$0")/../lib.sh"

if [ ! -x /usr/bin/time ]; then
	echo "1..0 # SKIP /usr/bin/time (Debian package time) is not installed"
	exit 0
fi
if [ -n "${PM_MEMCHECK:-}" ]; then
	# Under valgrind (make memcheck) every run is 20 to 50 times slower and
	# memcheck's shadow memory is counted in the RSS.
	N=${PM_HOSTILE_SERIES:-20000}
	BOUND=$((N * 4 + 512 * 1024))
elif ldd "$PM_BIN/pm-query" 2>/dev/null | grep -q libasan; then
	N=${PM_HOSTILE_SERIES:-200000}
	BOUND=$((N * 4 + 512 * 1024))
else
	N=${PM_HOSTILE_SERIES:-1000000}
	BOUND=$((N * 2 + 64 * 1024))
fi
IN=$T/series.ndjson
"$PM_TOP/tests/hostile/gen.sh" series "$N" >"$IN"
is "$(wc -l <"$IN" | tr -d ' ')" "$N" "$N series made"
# Values i % 1000 > 500: 499 of each 1000 series fire.
FIRING=$((N / 1000 * 499))

# measure NAME WANT-LINES CMD...: exit status, lines out, peak memory.
measure() {
	name=$1
	want=$2
	shift 2
	/usr/bin/time -f %M -o "$T/rss" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	kb=$(tail -1 "$T/rss")
	echo "# $name: $kb KiB at most ($N series)"
	lines=$(wc -l <"$T/out" | tr -d ' ')
	is "$lines" "$want" "$name: $want lines out"
	[ "$kb" -le "$BOUND" ]
	ok $? "$name: peak memory $kb KiB <= $BOUND KiB"
}

measure "pm-alert" "$FIRING" pm-alert -r 'X: hostile.card > 500' "$IN"
is "$rc:$(cat "$T/err")" "0:" "pm-alert: exit 0, no word"
measure "pm-alert --check" $((FIRING + 1)) \
	pm-alert --check -r 'X: hostile.card > 500' "$IN"
is "$rc" 2 "pm-alert --check: critical"
like "$(head -c 60 "$T/out")" "^PM CRITICAL - $FIRING critical" \
	"pm-alert --check: every firing series counted"
measure "pm-query -a avg -b label:id" "$N" pm-query -a avg -b label:id "$IN"
is "$rc:$(cat "$T/err")" "0:" "pm-query -a: exit 0, no word"
measure "pm-query" "$N" pm-query "$IN"
is "$rc" 0 "pm-query: exit 0"
measure "pm-query --insert" 0 pm-query --db "$T/db" --insert "$IN"
is "$rc" 0 "pm-query --insert: exit 0"
is "$(sqlite3 "$T/db" 'SELECT count(*) FROM series')" "$N" \
	"pm-query --insert: every series stored"
measure "pm-export -f prometheus" $((N + 2)) pm-export -f prometheus "$IN"
is "$rc" 0 "pm-export -f prometheus: exit 0"
# One row per distinct time (60), one column per series.
measure "pm-export --wide" 61 pm-export -f csv --wide "$IN"
is "$rc" 0 "pm-export --wide: exit 0"
is "$(head -1 "$T/out" | tr ',' '\n' | wc -l | tr -d ' ')" $((N + 1)) \
	"pm-export --wide: a column per series"
/usr/bin/time -f %M -o "$T/rss" pm-export -f html "$IN" >"$T/out" 2>"$T/err"
rc=$?
kb=$(tail -1 "$T/rss")
is "$rc" 0 "pm-export -f html: exit 0"
[ "$kb" -le "$BOUND" ]
ok $? "pm-export -f html: peak memory $kb KiB <= $BOUND KiB"
done_testing
