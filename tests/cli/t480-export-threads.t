#!/bin/sh
# pm-export reads regular files on several threads (PM_THREADS, default:
# the CPUs online): whatever the number, the output, the messages and the
# exit status are those of PM_THREADS=1, byte for byte: several files, bad
# lines of every kind, blank lines, a last line without a newline, an
# empty file, a missing one, an input of many batches, standard input as
# a file and as a pipe, --strict, every format.
. "$(dirname "$0")/../lib.sh"

# Lines of every kind: invalid JSON, invalid UTF-8, a NUL (as a byte and
# as \u0000), no metric, no value, a bad name, not an object, trailing
# garbage, a line over the 1 MiB limit, blanks, CRLF, labels, extras, a
# point --wide refuses (no time: the message names its line).
m=$T/mixed.ndjson
{
	printf '%s\n' '{"ts":"2026-11-22T10:00:00Z","host":"h1","metric":"cpu.usage","value":1.5,"unit":"percent","labels":{"cpu":"total"}}'
	printf '\n   \n'
	printf '%s\n' 'not json' '{"metric":"x"}' '{"value":2}' '{"metric":"9x","value":1}' '[1,2]'
	printf '{"metric":"bad.utf8","value":1,"host":"\377"}\n'
	printf '{"metric":"nul","value":1,"host":"a\\u0000b"}\n'
	printf '{"metric":"nul","value":1,"host":"a\000b"}\n'
	printf '%s\r\n' '{"ts":"2026-11-22T10:00:01Z","host":"hé, \"q\"","metric":"mem.used","value":1024,"unit":"bytes","run":"r1"}'
	printf '%s\n' '{"metric":"cpu.usage","value":2} x'
	printf '{"metric":"long","value":1,"pad":"'
	head -c 1100000 /dev/zero | tr '\0' x
	printf '"}\n'
	printf '%s\n' '{"metric":"no.ts","value":3}'
	printf '%s' '{"ts":"2026-11-22T10:00:02Z","host":"h2","metric":"load.1m","value":0.25}'
} >"$m"

# Many batches: 30000 lines, now and then a bad or a blank one.
big=$T/big.ndjson
awk 'BEGIN {
	for (i = 0; i < 30000; i++) {
		if (i % 997 == 5) { print "bad " i; continue }
		if (i % 1999 == 7) { print ""; continue }
		printf "{\"ts\":%d,\"host\":\"h%d\",\"metric\":\"m.%d\",\"value\":%d.25,\"labels\":{\"k%d\":\"v%d\"}}\n",
		    1763805600 + int(i / 8), i % 8, i % 13, i, i % 3, i % 5
	}
}' >"$big"
: >"$T/empty.ndjson"
printf '\n\n' >"$T/blank.ndjson"

files="$m $T/empty.ndjson $big $T/missing.ndjson $T/blank.ndjson $m"

for f in csv tsv json ndjson prometheus influx markdown; do
	# shellcheck disable=SC2086
	same_threads "-f $f, files" pm-export -f $f $files
done
# shellcheck disable=SC2086
same_threads "-f csv --wide" pm-export -f csv --wide $files
# shellcheck disable=SC2086
same_threads "-f html" pm-export -f html $T/big.ndjson
# shellcheck disable=SC2086
same_threads "--strict" pm-export -f ndjson --strict $big $m
same_threads "-o FILE" sh -c 'pm-export -f prometheus -o "$1/o.prom" "$2" && cat "$1/o.prom"' sh "$T" "$big"

# Standard input: a regular file (threads), a pipe (one thread), "-"
# between files.
same_threads "stdin, a file" sh -c 'pm-export -f csv <"$1"' sh "$big"
same_threads "stdin, a pipe" sh -c 'cat "$1" "$2" | pm-export -f influx' sh "$m" "$big"
same_threads "- between files" sh -c 'cat "$1" | pm-export -f ndjson "$2" - "$1"' sh "$m" "$big"

# What was compared is what it should be: every line of big but the bad
# and blank ones, the messages of mixed, exit 1.
run env PM_THREADS=4 pm-export -f ndjson "$big" "$m"
is "$(grep -c . "$T/out")" "$((30000 - 31 - 16 + 4))" "threads: every good line written"
is "$rc" 1 "threads: exit 1 after bad lines"
is "$(grep -c "^pm-export: $big:[0-9]*: not valid JSON" "$T/err")" 31 \
    "threads: the bad lines of big, by number"
for reason in "4: not valid JSON" "5: no value" "6: no metric" \
    "7: bad metric name" "8: not a JSON object" "9: not valid UTF-8" \
    "10: a NUL character in the line" "11: a NUL character in the line" \
    "13: not valid JSON" "14: line longer than 1048576 bytes"; do
	like "$err" "pm-export: $m:$reason" "threads: $m:$reason"
done

done_testing
