#!/bin/sh
# Long lines and big points (made by tests/hostile/gen.sh at test time): a
# line of 100 MB between two good ones, a line just over the 1 MiB limit,
# one just under it (a good point with a 1 MiB label value), and a point
# with 10,000 labels.  Every tool that reads points reports the long line
# and the one with too many labels (FILE:LINE: reason), keeps the good
# lines, exits 1, and never holds the long line: its peak memory stays
# under 64 MiB (256 MiB under the sanitizers) while skipping 100 MB.
. "$(dirname "$0")/../lib.sh"

G=$PM_TOP/tests/hostile/gen.sh
good() { # good SECOND VALUE
	printf '{"ts":"2026-11-22T10:00:%02dZ","host":"h","metric":"hostile.ok","value":%s}\n' "$1" "$2"
}
IN=$T/long.ndjson
{
	good 0 1
	"$G" longline 100000000
	good 1 2
	"$G" longline 1048577
	good 2 3
	"$G" labels 10000
	good 3 4
} >"$IN"
is "$(wc -l <"$IN" | tr -d ' ')" 7 "7 lines, one of 100 MB"
{ good 0 1; good 1 2; good 2 3; good 3 4; } >"$T/good.ndjson"
cat >"$T/want.err" <<EOF
$IN:2: line longer than 1048576 bytes
$IN:4: line longer than 1048576 bytes
$IN:6: more than 32 labels
EOF
if [ -n "${PM_MEMCHECK:-}" ]; then
	# valgrind's own memory (about 60 MiB) is in the RSS: a tool holding
	# the 100 MB line would still be far over.
	BOUND=$((160 * 1024))
elif ldd "$PM_BIN/pm-query" 2>/dev/null | grep -q libasan; then
	BOUND=$((256 * 1024))
else
	BOUND=$((64 * 1024))
fi

# long NAME TOOL [OPTION...]
long() {
	name=$1
	tool=$2
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$T/rss" "$@" "$IN" >"$T/h.out" 2>"$T/err"
		rc=$?
	else
		"$@" "$IN" >"$T/h.out" 2>"$T/err"
		rc=$?
		echo 0 >"$T/rss"
	fi
	kb=$(tail -1 "$T/rss")
	is "$rc" 1 "$name: exit 1"
	sed "s|^|$tool: |" "$T/want.err" >"$T/want"
	same_file "$T/want" "$T/err" "$name: the long lines and 10,000 labels reported"
	"$@" "$T/good.ndjson" >"$T/g.out" 2>/dev/null
	same_file "$T/g.out" "$T/h.out" "$name: the good lines, exactly"
	[ "$kb" -le "$BOUND" ]
	ok $? "$name: peak memory $kb KiB <= $BOUND KiB"
}

long "pm-query" pm-query
long "pm-query -a" pm-query -a avg,count
for f in csv json prometheus influx markdown html; do
	long "pm-export -f $f" pm-export -f "$f"
done
long "pm-export --wide" pm-export -f csv --wide
long "pm-alert" pm-alert --pass -r 'X: hostile.ok > 1'
long "pm-query --insert" pm-query --db "$T/db" --tee --insert

# Just under the limit: a good point, written whole by every format.
{ good 0 1; "$G" longline 1048576; good 1 2; } >"$T/edge.ndjson"
for f in csv json prometheus influx markdown; do
	run pm-export -f "$f" "$T/edge.ndjson"
	is "$rc:$err" "0:" "a line of exactly 1 MiB is read (pm-export -f $f)"
	is "$(grep -c 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' "$T/out")" 1 \
		"pm-export -f $f: its 1 MiB label written"
done
done_testing
