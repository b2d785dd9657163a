#!/bin/sh
# pm-export -f csv|tsv: exact output, quoting and the formula guard, the
# label columns (first pass, --columns, from a pipe), --wide, time
# formats, bad lines, -o written atomically, usage errors.
. "$(dirname "$0")/../lib.sh"

P=$FIX/export/points.ndjson
want() { printf '%b\n' "$@" >"$T/want"; }

# --- usage errors: exit 2, and the reason
for args in "" "-f xml" "-f json --wide" "-f json --precision 2" \
    "-f csv --every 1m" "-f csv --wide --name {hostname}" \
    "-f csv --precision 99" "-f csv --ts-format iso" \
    "-f csv --wide --columns a" "-f csv --prefix x" "-f csv --counter x" \
    "-f influx --prefix=" "-f csv --wide --every 0s"; do
	# shellcheck disable=SC2086
	run pm-export $args
	is "$rc" 2 "usage error: pm-export $args: exit 2"
done
run pm-export -f json --wide
like "$err" "^pm-export: --wide: only for csv and tsv" "usage error: named"
run pm-export -f csv --wide --name '{host}/{bogus}'
like "$err" "unknown field '\{bogus\}'" "--name: the bad field is named"

# --- the long form: a first pass over the file finds every label key;
# the header names them sorted.  Quotes doubled, fields with , " LF
# quoted; text starting with = - + @ TAB gets a ' unless it is a number
# (-5 stays, =1+2 does not); the value column is never guarded (-0.5).
# ts: RFC 3339 UTC with milliseconds whatever the input said (+01:00,
# epoch seconds); no ts, no host, no unit: empty cells.
want 'ts,host,metric,value,unit,cpu,formula,interface,neg,note,path,tab,ünï' \
'2026-11-22T10:00:00.000Z,web-1,cpu.usage,23.1,percent,total,,,,,,,' \
'2026-11-22T10:00:00.000Z,web-1,mem.used,1073741824,bytes,,,,,,,,' \
'2026-11-22T10:00:00.500Z,"wéb 2,""eu""",net.rx.bytes,-0.5,bytes/s,,,eth0,,"a,b ""c""\nd=e",,,' \
"2026-11-22T10:00:01.000Z,'=cmd|' /C calc'!A0,app.latency,250,ms,,'=1+2,,-5,,/a=b c,'\\tx,ça" \
',,load.1m,1.5,,,,,,,,,' \
'2026-11-22T10:00:02.000Z,web-1,cpu.usage,24.5,percent,total,,,,,,,'
run pm-export -f csv "$P"
same_file "$T/want" "$T/out" "csv: exact output"
is "$rc" 0 "csv: exit 0"

# tsv: the same rules with TAB as the delimiter (a cell with a TAB, a
# quote, CR or LF is quoted; a comma is plain).
want 'ts\thost\tmetric\tvalue\tunit\tcpu\tformula\tinterface\tneg\tnote\tpath\ttab\tünï' \
'2026-11-22T10:00:00.000Z\tweb-1\tcpu.usage\t23.1\tpercent\ttotal\t\t\t\t\t\t\t' \
'2026-11-22T10:00:00.000Z\tweb-1\tmem.used\t1073741824\tbytes\t\t\t\t\t\t\t\t' \
'2026-11-22T10:00:00.500Z\t"wéb 2,""eu"""\tnet.rx.bytes\t-0.5\tbytes/s\t\t\teth0\t\t"a,b ""c""\nd=e"\t\t\t' \
"2026-11-22T10:00:01.000Z\\t'=cmd|' /C calc'!A0\\tapp.latency\\t250\\tms\\t\\t'=1+2\\t\\t-5\\t\\t/a=b c\\t\"'\\tx\"\\tça" \
'\t\tload.1m\t1.5\t\t\t\t\t\t\t\t\t' \
'2026-11-22T10:00:02.000Z\tweb-1\tcpu.usage\t24.5\tpercent\ttotal\t\t\t\t\t\t\t'
run pm-export -f tsv "$P"
same_file "$T/want" "$T/out" "tsv: exact output"

# --no-formula-guard: the text as it is.
run pm-export -f csv --no-formula-guard --columns formula,neg "$P"
is "$(sed -n 5p "$T/out")" "2026-11-22T10:00:01.000Z,=cmd|' /C calc'!A0,app.latency,250,ms,=1+2,-5" \
	"--no-formula-guard: = and - left alone"

# --columns: exactly these label columns, in this order; other labels
# are left out; an empty list gives none.
want 'ts,host,metric,value,unit,path,cpu' \
'2026-11-22T10:00:00.000Z,web-1,cpu.usage,23.1,percent,,total' \
'2026-11-22T10:00:00.000Z,web-1,mem.used,1073741824,bytes,,' \
'2026-11-22T10:00:00.500Z,"wéb 2,""eu""",net.rx.bytes,-0.5,bytes/s,,' \
"2026-11-22T10:00:01.000Z,'=cmd|' /C calc'!A0,app.latency,250,ms,/a=b c," \
',,load.1m,1.5,,,' \
'2026-11-22T10:00:02.000Z,web-1,cpu.usage,24.5,percent,,total'
run pm-export -f csv --columns path,cpu "$P"
same_file "$T/want" "$T/out" "--columns path,cpu: those columns, in that order"
run pm-export -f csv --columns '' "$P"
is "$(head -1 "$T/out")" "ts,host,metric,value,unit" "--columns '': no label column"

# --excel: UTF-8 byte order mark, CRLF after every row (also inside the
# header).
pm-export -f csv --excel "$P" >"$T/x.csv"
is "$(head -c 3 "$T/x.csv" | od -An -tx1 | tr -d ' ')" "efbbbf" "--excel: BOM first"
is "$(head -1 "$T/x.csv" | od -An -c | tr -s ' ' | sed 's/^ //;s/ $//' | tail -c 6)" '\r \n' \
	"--excel: the header ends in CRLF"
is "$(grep -c "$(printf '\r')\$" "$T/x.csv")" 7 "--excel: the header and the 6 rows end in CR LF"
is "$(wc -l <"$T/x.csv" | tr -d ' ')" 8 "--excel: and one LF is inside a quoted cell"

# --ts-format: local is YYYY-MM-DD HH:MM:SS[.mmm] in TZ's local time;
# epoch is seconds; excel is days since 1899-12-30 in local time:
# 2026-11-22T10:00:00Z is 11:00 in Paris (CET): 25569 + 1795345200/86400
# = 46348.458333333..., written with 15 significant digits.
TZ=Europe/Paris pm-export -f csv --columns '' --ts-format local "$P" | cut -d, -f1 >"$T/out"
want ts '2026-11-22 11:00:00' '2026-11-22 11:00:00' '2026-11-22 11:00:00.500' \
	'2026-11-22 11:00:01' '' '2026-11-22 11:00:02'
same_file "$T/want" "$T/out" "--ts-format local (TZ=Europe/Paris)"
pm-export -f csv --columns '' --ts-format epoch "$P" | cut -d, -f1 >"$T/out"
want ts 1795341600 1795341600 1795341600.500 1795341601 '' 1795341602
same_file "$T/want" "$T/out" "--ts-format epoch"
TZ=Europe/Paris pm-export -f csv --columns '' --ts-format excel "$P" | cut -d, -f1 >"$T/out"
want ts 46348.4583333333 46348.4583333333 46348.4583391204 46348.4583449074 '' 46348.4583564815
same_file "$T/want" "$T/out" "--ts-format excel (local days)"

# --precision: at most N decimals, trailing zeros dropped.
printf '%s\n' '{"metric":"a","value":3.14159}' '{"metric":"a","value":2.5}' \
	'{"metric":"a","value":-0.0001}' '{"metric":"a","value":1e21}' >"$T/prec.ndjson"
pm-export -f csv --precision 2 "$T/prec.ndjson" | cut -d, -f4 >"$T/out"
want value 3.14 2.5 0 1e+21
same_file "$T/want" "$T/out" "--precision 2"

# --- bad lines: named as FILE:LINE, skipped, good lines through, exit 1;
# --strict stops at the first.
printf '%s\n' '{"metric":"a","value":1}' 'not json' '{"metric":"b"}' \
	'{"metric":"c","value":3}' >"$T/bad.ndjson"
run pm-export -f csv "$T/bad.ndjson"
is "$rc" 1 "bad lines: exit 1"
is "$err" "pm-export: $T/bad.ndjson:2: not valid JSON
pm-export: $T/bad.ndjson:3: no value" "bad lines: FILE:LINE: reason"
is "$(cut -d, -f3 "$T/out" | paste -sd' ' -)" "metric a c" "bad lines: the good ones go through"
run pm-export -f csv --strict "$T/bad.ndjson"
is "$rc" 1 "--strict: exit 1"
is "$err" "pm-export: $T/bad.ndjson:2: not valid JSON" "--strict: stops at the first"
is "$(cut -d, -f3 "$T/out" | paste -sd' ' -)" "metric a" "--strict: nothing after it"
# Metric names are ASCII (pm-points(5)): a non-ASCII one is a bad line.
printf '%s\n' '{"metric":"cpu.usäge","value":1}' >"$T/name.ndjson"
run pm-export -f csv "$T/name.ndjson"
is "$err" "pm-export: $T/name.ndjson:1: bad metric name \"cpu.usäge\"" \
	"a non-ASCII metric name: a bad line"
run pm-export -f csv "$T/missing.ndjson" "$P"
is "$rc" 1 "missing file: exit 1"
like "$err" "^pm-export: $T/missing.ndjson: No such file" "missing file: named"
is "$(wc -l <"$T/out" | tr -d ' ')" 8 "missing file: the other files are read"

# --- an empty input is a header alone (from a pipe, with labels).
: >"$T/empty"
run pm-export -f csv "$T/empty"
is "$out" "ts,host,metric,value,unit" "empty file: the header"
is "$rc" 0 "empty file: exit 0"
run pm-export -f csv </dev/null
is "$out" "ts,host,metric,value,unit,labels" "empty stream: the header"

# --- from a pipe there is no first pass: the header waits for the first
# 10000 points (or a pause in the input after some: below), and labels
# whose key is first seen later go in a last column "labels", as a JSON
# object.  Never a second header.  (Whether cat pauses or not, the first
# points all have the key a and no other.)
awk 'BEGIN { for (i = 0; i < 10000; i++)
	printf "{\"metric\":\"m\",\"value\":%d,\"labels\":{\"a\":\"x\"}}\n", i
	print "{\"metric\":\"m\",\"value\":-1,\"labels\":{\"a\":\"y\",\"z\":\"1\",\"b\":\"=2\"}}" }' >"$T/late.ndjson"
cat "$T/late.ndjson" | pm-export -f csv >"$T/out"
is "$(head -1 "$T/out")" "ts,host,metric,value,unit,a,labels" "pipe: header from the first points, then labels"
is "$(sed -n 2p "$T/out")" ",,m,0,,x," "pipe: a row of the first points"
is "$(tail -1 "$T/out")" ',,m,-1,,y,"{""b"":""=2"",""z"":""1""}"' \
	"pipe: a late key goes in labels (canonical JSON)"
is "$(grep -c '^ts,' "$T/out")" 1 "pipe: one header"
is "$(wc -l <"$T/out" | tr -d ' ')" 10002 "pipe: every row"
# The same file read as a file: the first pass sees every key.
is "$(pm-export -f csv "$T/late.ndjson" | head -1)" "ts,host,metric,value,unit,a,b,z" \
	"file: every key in the header"
is "$(pm-export -f csv <"$T/late.ndjson" | head -1)" "ts,host,metric,value,unit,a,b,z" \
	"stdin from a file: a first pass too"

# The first pass reads no line in full unless it must, yet finds exactly
# the keys that the real reading finds: not those nested in another
# member or inside a string, those of an escaped "label\u0073" member, with
# spaces around, of a repeated labels member; none from a bad line.
printf '%s\n' \
	'{"metric":"a","value":1,"bench":{"labels":{"nested":"x"}},"labels":{"top":"1"}}' \
	'{"metric":"a","value":1,"label\u0073":{"escaped":"1"}}' \
	'{"metric":"a","value":1,"host":"\"labels\":{\"instr\":1}"}' \
	'{"metric":"a","value":1,"labels":{"bad":1}}' \
	'{"metric":"a","labels":{"novalue":"1"}}' \
	'{"metric":"a","value":1 , "labels" : { "spaced" : "1" , "k\u00e9y" : "2" } }' \
	'{"labels":{"first":"1"},"metric":"a","value":1}' \
	'{"metric":"a","value":1,"labels":{"dup":"1"},"labels":{"dup2":"1"}}' \
	'{"metric":"a","value":1,"labels":{"trunc":"1"}' \
	'["labels",{"arr":"1"}]' \
	'{"metric":"a","value":1,"x":"labels","labels":{"after":"1"}}' >"$T/keys.ndjson"
is "$(pm-export -f csv "$T/keys.ndjson" 2>/dev/null | head -1)" \
	"ts,host,metric,value,unit,after,dup,dup2,escaped,first,kéy,spaced,top" \
	"first pass: the keys of the points, no other"
is "$(cat "$T/keys.ndjson" | pm-export -f csv 2>/dev/null | head -1)" \
	"ts,host,metric,value,unit,after,dup,dup2,escaped,first,kéy,spaced,top,labels" \
	"the same as the reader finds (pipe)"

# The first pass takes a labels object that repeats the bytes of one
# before as known, but still sees a second labels member after it.
printf '%s\n' \
	'{"metric":"a","value":1,"labels":{"k":"1"}}' \
	'{"metric":"a","value":1,"labels":{"k":"1"}}' \
	'{"metric":"a","value":1,"labels":{"k":"1"},"labels":{"again":"1"}}' \
	'{"metric":"a","value":1,"labels":{"k":"1"} , "x":{"labels":{"no":"1"}}}' \
	>"$T/repeat.ndjson"
is "$(pm-export -f csv "$T/repeat.ndjson" | head -1)" \
	"ts,host,metric,value,unit,again,k" \
	"first pass: a repeated labels object, then a second labels member"

# Times in the same second as the line before are parsed as fully: an
# offset is still required, and still applied.
printf '%s\n' \
	'{"ts":"2026-11-22T10:00:01.250Z","metric":"a","value":1}' \
	'{"ts":"2026-11-22T10:00:01","metric":"a","value":2}' \
	'{"ts":"2026-11-22T10:00:01.5+01:00","metric":"a","value":3}' \
	'{"ts":"2026-11-22T10:00:01Z","metric":"a","value":4}' >"$T/sec.ndjson"
run pm-export -f csv "$T/sec.ndjson"
is "$rc" 1 "same second: a time without an offset is a bad line"
is "$err" "pm-export: $T/sec.ndjson:2: bad ts \"2026-11-22T10:00:01\": not RFC 3339" \
	"same second: said why"
is "$(printf '%s\n' "$out" | cut -d, -f1,4 | tr '\n' ' ')" \
	"ts,value 2026-11-22T10:00:01.250Z,1 2026-11-22T09:00:01.500Z,3 2026-11-22T10:00:01.000Z,4 " \
	"same second: fraction and offset applied"

# A pause in a pipe: the header goes out with the keys seen so far, and
# the rows read before the pause are flushed at once (a consumer down
# the pipe must not wait).  No sleeps: the writer waits for the header.
# (Each read is bounded; sh's read takes no more than its line.)
line() { timeout 30 sh -c 'IFS= read -r l && printf "%s\n" "$l"'; }
mkfifo "$T/in" "$T/outp"
pm-export -f csv <"$T/in" >"$T/outp" 2>"$T/err" &
pid=$!
exec 3>"$T/in" 4<"$T/outp"
printf '%s\n' '{"metric":"m","value":1,"labels":{"a":"x"}}' >&3
l1=$(line <&4)
l2=$(line <&4)
printf '%s\n' '{"metric":"m","value":2,"labels":{"k":"v"}}' >&3
exec 3>&-
l3=$(timeout 30 cat <&4) || kill $pid
exec 4<&-
wait $pid
rc=$?
is "$l1" "ts,host,metric,value,unit,a,labels" "pause: the header when the input paused"
is "$l2" ",,m,1,,x," "pause: the rows so far flushed at once"
is "$l3" ',,m,2,,,"{""k"":""v""}"' "pause: a key after it goes in labels"
is "$rc" 0 "pause: exit 0"

# --- --wide: one row per time, one column per series (sorted by metric,
# host, labels), empty cells for gaps; a point without ts has no row.
want "ts,\"'=cmd|' /C calc'!A0/app.latency{formula==1+2,neg=-5,path=/a=b c,tab=\\tx,ünï=ça}\",web-1/cpu.usage{cpu=total},web-1/mem.used,\"wéb 2,\"\"eu\"\"/net.rx.bytes{interface=eth0,note=a,b \"\"c\"\"\\nd=e}\"" \
'2026-11-22T10:00:00.000Z,,23.1,1073741824,' \
'2026-11-22T10:00:00.500Z,,,,-0.5' \
'2026-11-22T10:00:01.000Z,250,,,' \
'2026-11-22T10:00:02.000Z,,24.5,,'
run pm-export -f csv --wide "$P"
same_file "$T/want" "$T/out" "--wide: exact output"
is "$rc" 1 "--wide: a point without ts is an error"
is "$err" "pm-export: $P:5: no ts: --wide needs one for the row" "--wide: named"

# --every: buckets (start times), the mean of each series in each;
# --name: column names from a template.
printf '%s\n' \
	'{"ts":"2026-11-22T10:00:10Z","host":"a","metric":"gpu.util","value":10,"labels":{"gpu":"0"}}' \
	'{"ts":"2026-11-22T10:00:50Z","host":"a","metric":"gpu.util","value":20,"labels":{"gpu":"0"}}' \
	'{"ts":"2026-11-22T10:00:30Z","host":"a","metric":"gpu.util","value":7,"labels":{"gpu":"1"}}' \
	'{"ts":"2026-11-22T10:02:05Z","host":"a","metric":"gpu.util","value":1,"labels":{"gpu":"0"}}' >"$T/gpu.ndjson"
want 'ts,a:gpu.util:0,a:gpu.util:1' \
	'2026-11-22T10:00:00.000Z,15,7' \
	'2026-11-22T10:02:00.000Z,1,'
run pm-export -f csv --wide --every 1m --name '{host}:{metric}:{labels.gpu}' "$T/gpu.ndjson"
same_file "$T/want" "$T/out" "--wide --every 1m --name: buckets and names"
want 'ts\tgpu.util (gpu=0)\tgpu.util (gpu=1)' \
	'2026-11-22 11:00:10\t10\t' '2026-11-22 11:00:30\t\t7' \
	'2026-11-22 11:00:50\t20\t' '2026-11-22 11:02:05\t1\t'
TZ=Europe/Paris pm-export -f tsv --wide --ts-format local --name '{metric} ({labels})' \
	"$T/gpu.ndjson" >"$T/out"
same_file "$T/want" "$T/out" "tsv --wide, local time, {labels}"

# --- -o FILE: written to a temporary file beside it, renamed at the end.
mkdir "$T/o"
run pm-export -f csv -o "$T/o/x.csv" "$P"
is "$rc" 0 "-o: exit 0"
pm-export -f csv "$P" >"$T/want"
same_file "$T/want" "$T/o/x.csv" "-o: the same as standard output"
is "$(umask 022; pm-export -f csv -o "$T/o/m.csv" "$P"; stat -c %a "$T/o/m.csv")" 644 \
	"-o: the mode of a new file (umask 022: 644), readable by others"
run pm-export -f csv --strict -o "$T/o/x.csv" "$T/bad.ndjson"
is "$rc" 1 "-o --strict, bad line: exit 1"
same_file "$T/want" "$T/o/x.csv" "-o --strict, bad line: the old file is left whole"
is "$(ls -A "$T/o" | paste -sd' ' -)" "m.csv x.csv" "-o: no temporary file left"
run pm-export -f csv -o "$T/o/x.csv" "$T/bad.ndjson"
is "$(cut -d, -f3 "$T/o/x.csv" | paste -sd' ' -)" "metric a c" \
	"-o, bad lines without --strict: the good ones are written"
run pm-export -f csv -o "$T/nodir/x.csv" "$P"
is "$rc" 1 "-o into a missing folder: exit 1"
like "$err" "^pm-export: $T/nodir/x.csv: No such file or directory" "-o: named"

# While pm-export runs the old file stays whole; killed, it removes its
# temporary file.  (The wait is for an event, bounded.)
mkfifo "$T/in2"
pm-export -f csv -o "$T/o/x.csv" <"$T/in2" &
pid=$!
exec 3>"$T/in2"
printf '%s\n' '{"metric":"m","value":1}' >&3
i=0
while [ $i -lt 300 ] && [ "$(ls -A "$T/o" | wc -l)" -lt 3 ]; do
	sleep 0.05
	i=$((i + 1))
done
like "$(ls -A "$T/o" | paste -sd' ' -)" '^\.x\.csv\.[A-Za-z0-9]{6} m\.csv x\.csv$' \
	"-o: a temporary .x.csv.XXXXXX while running"
is "$(cut -d, -f3 "$T/o/x.csv" | paste -sd' ' -)" "metric a c" "-o: the old file, whole, meanwhile"
kill -TERM $pid
wait $pid 2>/dev/null
is "$?" 143 "-o, SIGTERM: ended by the signal"
exec 3>&-
is "$(ls -A "$T/o" | paste -sd' ' -)" "m.csv x.csv" "-o, SIGTERM: the temporary file is removed"

# --- output errors.
run sh -c "pm-export -f csv '$P' > /dev/full"
is "$rc" 1 "write error: exit 1"
like "$err" "^pm-export: write error on <stdout>: No space left on device" "write error: said"
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "{\"metric\":\"m\",\"value\":%d}\n", i }' >"$T/big.ndjson"
run sh -c "pm-export -f csv '$T/big.ndjson' | head -1"
is "$rc" 0 "closed pipe: the pipeline succeeds"
is "$err" "" "closed pipe: nothing on stderr"

done_testing
