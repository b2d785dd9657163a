#!/bin/sh
# pm-bench: baselines in the store (--save-baseline NAME, --baseline NAME,
# --db): every run kept, the verdicts exactly those of the same baseline
# as a file, the latest save of a name wins, clear errors.
. "$(dirname "$0")/../lib.sh"

# mkbase FILE WALL...: a baseline file of command "prog" with these walls.
mkbase() {
	_f=$1
	shift
	_z=$(echo "$@" | sed 's/[^ ][^ ]*/0/g; s/ /,/g')
	cat >"$_f" <<EOT
{"format": "pm-bench", "version": 1, "settings": {"runs": $#},
 "commands": [{"name": "prog", "command": "./prog", "parameters": {"o": "2"},
   "runs": {"wall": [$(echo "$@" | tr ' ' ',')], "user": [$_z], "sys": [$_z],
            "max_rss": [$_z], "vcsw": [$_z], "ivcsw": [$_z], "status": [$_z]}}]}
EOT
}
series() {
	awk -v n="$1" -v m="$2" -v s="$3" -v f="$4" \
	    'BEGIN { for (i = 0; i < n; i++) printf "%.9g ", f * (m + s * (i % 5 - 2)) }'
}
summary() { jq -c "select(.metric == \"bench.summary\")" "$T/out"; }
db=$T/m.db

# shellcheck disable=SC2046
mkbase "$T/base.json" $(series 30 0.010 0.0001 1)
# shellcheck disable=SC2046
mkbase "$T/noisy-base.json" $(series 30 0.010 0.004 1)
for k in slow:1.30 same:1.01 fast:0.70; do
	# shellcheck disable=SC2046
	mkbase "$T/${k%:*}.json" $(series 30 0.010 0.0001 "${k#*:}")
done
# shellcheck disable=SC2046
mkbase "$T/noisy.json" $(series 30 0.010 0.004 1.30)

run pm-bench -q --load "$T/base.json" --save-baseline main --db "$db"
is "$rc:$err" "0:" "--save-baseline main --db: exit 0"
is "$(sqlite3 "$db" "SELECT s.metric, s.labels, x.value FROM series s JOIN samples x ON x.series = s.id")" \
    'bench.baseline|{"baseline":"main","command":"./prog","name":"prog","o":"2"}|30.0' \
    "  one bench.baseline point per command, labelled, valued its runs"
is "$(sqlite3 "$db" "SELECT json FROM extras" | jq -c '[.format, .settings, (.commands[0].runs | map_values(length))]')" \
    '["pm-bench",{"runs":30},{"wall":30,"user":30,"sys":30,"max_rss":30,"vcsw":30,"ivcsw":30,"status":30}]' \
    "  its extras are a baseline file holding every run"
is "$(sqlite3 "$db" "SELECT json FROM extras" | jq -c '.commands[0].runs.wall')" \
    "$(jq -c '.commands[0].runs.wall' "$T/base.json")" "  the very same wall times"
PM_DB=$T/env.db run pm-bench -q --load "$T/noisy-base.json" --save-baseline noisy
is "$rc:$(sqlite3 "$T/env.db" "SELECT count(*) FROM extras")" "0:1" \
    "without --db: \$PM_DB"
run pm-bench -q --load "$T/noisy-base.json" --save-baseline noisy --db "$db"

# The verdicts through the store are those through the file, record for record.
for k in slow:main:base same:main:base fast:main:base noisy:noisy:noisy-base; do
	f=${k%%:*} b=${k#*:} file=${k##*:}
	b=${b%:*}
	run pm-bench --load "$T/$f.json" --baseline-file "$T/$file.json" \
	    --fail-on slower,inconclusive
	want="$rc $(summary)"
	run pm-bench --load "$T/$f.json" --baseline "$b" --db "$db" \
	    --fail-on slower,inconclusive
	is "$rc $(summary)" "$want" "$f against store baseline $b: as with the file"
done
is "$(summary | jq -c .verdict)" '"inconclusive"' "  (the last one inconclusive)"
run pm-bench --load "$T/slow.json" --baseline main --db "$db" --fail-on slower
is "$rc:$(summary | jq -c '[.verdict, .baseline_runs]')" '1:["slower",30]' \
    "30% slower: slower, exit 1"

# The latest save of a name is the one compared with.
run pm-bench -q --load "$T/slow.json" --save-baseline main --db "$db"
run pm-bench -q --load "$T/slow.json" --baseline main --db "$db" --fail-on slower
is "$rc:$(summary | jq -c .verdict)" '0:"same"' "saved again: the latest wins"

# --baseline: an existing file is a file.
run pm-bench -q --load "$T/slow.json" --baseline "$T/base.json" \
    --fail-on slower
is "$rc" 1 "--baseline FILE: the file, not the store"

# Errors.
run pm-bench -q --load "$T/slow.json" --baseline nope --db "$db"
is "$rc:$err" "2:pm-bench: --baseline: $db: no baseline named 'nope'" \
    "a name not in the store: exit 2, says so"
run pm-bench -q --load "$T/slow.json" --baseline main --db "$T/none.db"
like "$rc:$err" "^2:pm-bench: --baseline: .*none.db" "a store that is not there: exit 2"
run pm-bench -q --load "$T/slow.json" --db "$db"
is "$rc" 2 "--db without a store baseline: usage error"
run pm-bench -q --url http://127.0.0.1:1/ --baseline main
is "$rc" 2 "--url with --baseline: usage error"

# Real runs: save, then compare new runs with them.
run pm-bench -q -r 5 -P n=1,2 --name 'n{n}' --save-baseline real --db "$db" 'true {n}'
is "$rc:$(sqlite3 "$db" "SELECT count(*) FROM series WHERE labels ->> 'baseline' = 'real'")" \
    "0:2" "real runs saved: a point per command"
run pm-bench -q -r 5 -P n=1,2 --name 'n{n}' --baseline real --db "$db" 'true {n}'
is "$rc:$(summary | jq -c .baseline_runs | tr '\n' ' ')" "0:5 5 " \
    "  new runs compared with them"
run pm-bench -q -r 3 -P n=1,2 --name 'n{n}' --baseline real --db "$db" 'true {n}'
is "$rc" 2 "  with other settings (-r 3): refused"

done_testing
