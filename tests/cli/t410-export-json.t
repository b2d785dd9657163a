#!/bin/sh
# pm-export -f json|ndjson: exact output, escapes, extra members kept, a
# valid array even when empty, bad lines.
. "$(dirname "$0")/../lib.sh"

P=$FIX/export/points.ndjson

# json: one array, one record a line; members in pm-points(5) order, ts
# normalised to UTC with milliseconds, strings escaped as JSON wants
# (quotes, LF, TAB), UTF-8 as it is.
cat >"$T/want" <<'EOF'
[
{"ts":"2026-11-22T10:00:00.000Z","host":"web-1","metric":"cpu.usage","value":23.1,"unit":"percent","labels":{"cpu":"total"}},
{"ts":"2026-11-22T10:00:00.000Z","host":"web-1","metric":"mem.used","value":1073741824,"unit":"bytes"},
{"ts":"2026-11-22T10:00:00.500Z","host":"wéb 2,\"eu\"","metric":"net.rx.bytes","value":-0.5,"unit":"bytes/s","labels":{"interface":"eth0","note":"a,b \"c\"\nd=e"}},
{"ts":"2026-11-22T10:00:01.000Z","host":"=cmd|' /C calc'!A0","metric":"app.latency","value":250,"unit":"ms","labels":{"path":"/a=b c","formula":"=1+2","neg":"-5","tab":"\tx","ünï":"ça"}},
{"metric":"load.1m","value":1.5},
{"ts":"2026-11-22T10:00:02.000Z","host":"web-1","metric":"cpu.usage","value":24.5,"unit":"percent","labels":{"cpu":"total"}}
]
EOF
run pm-export -f json "$P"
same_file "$T/want" "$T/out" "json: exact output"
is "$rc" 0 "json: exit 0"
is "$(jq -r 'length, .[2].host, .[2].labels.note, .[3].labels.tab' "$T/out")" \
	"$(printf '6\nwéb 2,"eu"\na,b "c"\nd=e\n\tx')" "json: jq reads it back"

# Empty input: still valid JSON.
run pm-export -f json </dev/null
is "$out" "[]" "json, empty input: []"
is "$(printf '%s' "$out" | jq -c .)" "[]" "json, empty input: valid"

# Extra members (benchmark and alert fields) are kept, in input order,
# after the point fields; numbers as pm writes them.
printf '%s\n' \
	'{"labels":{"b":"2","a":"1"},"mean":0.5,"value":1.50,"metric":"x","ts":1795341600.123,"nested":{"k":[1,2,{"z":null}]},"unit":"s","ok":true,"host":"h"}' \
	'{"metric":"y","value":-0,"ts":"2026-11-22T10:00:00.123456789Z"}' \
	'{"metric":"y","value":1e-7}' >"$T/x.ndjson"
cat >"$T/want" <<'EOF'
{"ts":"2026-11-22T10:00:00.123Z","host":"h","metric":"x","value":1.5,"unit":"s","labels":{"b":"2","a":"1"},"mean":0.5,"nested":{"k":[1,2,{"z":null}]},"ok":true}
{"ts":"2026-11-22T10:00:00.123Z","metric":"y","value":0}
{"metric":"y","value":1e-07}
EOF
run pm-export -f ndjson "$T/x.ndjson"
same_file "$T/want" "$T/out" "ndjson: normalised, extra members kept"
{ echo '['; sed '$!s/$/,/' "$T/want"; echo ']'; } >"$T/wantj"
run pm-export -f json "$T/x.ndjson"
same_file "$T/wantj" "$T/out" "json: the same records, extra members kept"

# ndjson of ndjson is the identity.
pm-export -f ndjson "$P" >"$T/a"
pm-export -f ndjson "$T/a" >"$T/b"
same_file "$T/a" "$T/b" "ndjson: a second pass changes nothing"

# Bad lines: reported, skipped; the array is still closed.
printf '%s\n' '{"metric":"a","value":1}' '{"metric":"b","value":"x"}' \
	'{"metric":"c","value":3}' >"$T/bad.ndjson"
run pm-export -f json "$T/bad.ndjson"
is "$rc" 1 "bad line: exit 1"
is "$err" "pm-export: $T/bad.ndjson:2: value must be a number" "bad line: named"
is "$(jq -r '.[].metric' "$T/out" | paste -sd' ' -)" "a c" "bad line: the others written"
run pm-export -f json --strict "$T/bad.ndjson"
is "$(jq -r '.[].metric' "$T/out" | paste -sd' ' -)" "a" "--strict: stops, the array still valid"

# From a pipe, ndjson flushes as it goes: each record reaches the reader
# before the next one is written (bounded reads, no sleeps).
line() { timeout 30 sh -c 'IFS= read -r l && printf "%s\n" "$l"'; }
mkfifo "$T/in" "$T/outp"
pm-export -f ndjson <"$T/in" >"$T/outp" &
pid=$!
exec 3>"$T/in" 4<"$T/outp"
printf '%s\n' '{"metric":"m","value":1}' >&3
l1=$(line <&4)
exec 3>&-
timeout 30 cat <&4 >/dev/null || kill $pid
exec 4<&-
wait $pid
is "$l1" '{"metric":"m","value":1}' "ndjson, pipe: flushed before waiting for input"

done_testing
