#!/bin/sh
# pm-query --insert: what lands in the store, read back with sqlite3 (the
# format pm-query(1) documents), the default store's place and mode, and
# format versions.
. "$(dirname "$0")/../lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # skip sqlite3 not installed"
	exit 0
fi

q() { sqlite3 -separator ' ' "$@"; }

cat >"$T/a.ndjson" <<'EOF'
{"ts":"2026-11-22T10:00:00Z","host":"web-1","metric":"cpu.usage","value":12.5,"unit":"percent","labels":{"cpu":"total"}}
{"ts":"2026-11-22T10:00:01.250Z","host":"web-1","metric":"cpu.usage","value":13,"unit":"percent","labels":{"cpu":"total"}}
{"ts":"2026-11-22T10:00:00Z","host":"web-2","metric":"cpu.usage","value":-1.5e-3,"unit":"percent","labels":{"cpu":"total"}}
{"ts":"2026-11-22T10:00:00Z","metric":"load.1m","value":0.25}
{"ts":"2026-11-22T10:00:00Z","host":"web-1","metric":"disk.busy","value":1e21,"labels":{"mode":"r","device":"vda","a":"\"q\"\u00e9\n"}}
EOF
run pm-query --db "$T/a.db" --insert "$T/a.ndjson"
is "$rc:$err" "0:" "insert: exit 0, nothing on stderr"
is "$out" "" "insert: nothing on stdout without --tee"
is "$(q "$T/a.db" 'PRAGMA user_version; PRAGMA journal_mode')" "2
wal" "new store: format version 2, WAL mode"
is "$(q "$T/a.db" 'SELECT id, metric, host, unit, labels FROM series ORDER BY id')" \
'1 cpu.usage web-1 percent {"cpu":"total"}
2 cpu.usage web-2 percent {"cpu":"total"}
3 load.1m   {}
4 disk.busy web-1  {"a":"\"q\"é\n","device":"vda","mode":"r"}' \
	"series: metric, host, unit and canonical labels (sorted keys, cJSON escapes)"
is "$(q "$T/a.db" 'SELECT series, ts, value FROM samples ORDER BY series, ts')" \
"1 1795341600000 12.5
1 1795341601250 13.0
2 1795341600000 -0.0015
3 1795341600000 0.25
4 1795341600000 1.0e+21" "samples: series, ts in ms, value exactly"
is "$(q "$T/a.db" "SELECT labels ->> '\$.device' FROM series WHERE id = 4")" \
	"vda" "labels are JSON that sqlite3's ->> reads"
is "$(q "$T/a.db" 'SELECT count(*) FROM extras')" "0" "no extras for plain points"

# The same points again, and the same series with keys in another order
# and new values: replaced, not duplicated.
cat >"$T/b.ndjson" <<'EOF'
{"ts":"2026-11-22T10:00:00Z","host":"web-1","metric":"disk.busy","value":7,"labels":{"device":"vda","a":"\"q\"\u00e9\n","mode":"r"}}
{"ts":"2026-11-22T10:00:00Z","host":"web-1","metric":"cpu.usage","value":99,"labels":{"cpu":"total"},"unit":"percent"}
{"ts":"2026-11-22T10:00:00.000999Z","host":"web-1","metric":"cpu.usage","value":98,"labels":{"cpu":"total"}}
EOF
pm-query --db "$T/a.db" --insert "$T/a.ndjson" "$T/b.ndjson"
is "$(q "$T/a.db" 'SELECT count(*) FROM series')" "4" \
	"labels in another key order: the same series"
is "$(q "$T/a.db" 'SELECT series, ts, value FROM samples ORDER BY series, ts')" \
"1 1795341600000 98.0
1 1795341601250 13.0
2 1795341600000 -0.0015
3 1795341600000 0.25
4 1795341600000 7.0" "duplicate (series, ts): the last one wins, sub-ms truncated"

# Extra members (pm-bench results, pm-alert events) come back as they were.
cat >"$T/x.ndjson" <<'EOF'
{"ts":"2026-11-22T10:00:00Z","metric":"bench.time","value":1.5,"unit":"seconds","run":{"n":3,"ok":true},"name":"sort \"big\"","tags":["a","b"],"z":null}
{"ts":"2026-11-22T10:00:05Z","metric":"bench.time","value":1.7,"unit":"seconds"}
EOF
pm-query --db "$T/x.db" --insert "$T/x.ndjson"
is "$(q "$T/x.db" 'SELECT ts, json FROM extras')" \
	'1795341600000 {"run":{"n":3,"ok":true},"name":"sort \"big\"","tags":["a","b"],"z":null}' \
	"extras: non-point members as compact JSON, in input order"
printf '%s\n' '{"ts":"2026-11-22T10:00:00Z","metric":"bench.time","value":2,"unit":"seconds"}' |
    pm-query --db "$T/x.db" --insert
is "$(q "$T/x.db" 'SELECT count(*) FROM extras'):$(q "$T/x.db" 'SELECT value FROM samples ORDER BY ts LIMIT 1')" \
	"0:2.0" "a replacing point without extras clears the old extras"

# A point without ts is stored at the time it is read; the unit is learnt
# when it first comes.
printf '%s\n' '{"metric":"m","value":1}' '{"metric":"m","value":2,"unit":"bytes","ts":"2026-11-22T09:00:00Z"}' |
    PM_NOW=2026-11-22T10:00:00.123Z pm-query --db "$T/n.db" --insert
is "$(q "$T/n.db" 'SELECT s.ts, s.value, unit FROM samples s JOIN series ON id = series ORDER BY ts')" \
"1795338000000 2.0 bytes
1795341600123 1.0 bytes" "no ts: stored at now (PM_NOW); a unit fills in later"

# Bad lines: reported as FILE:LINE, skipped, exit 1 at the end.
printf '%s\n' '{"metric":"m","value":1,"ts":"2026-11-22T10:00:00Z"}' 'nope' \
    '{"metric":"m"}' '{"metric":"m","value":2,"ts":"2026-11-22T10:00:01Z"}' >"$T/bad.ndjson"
run pm-query --db "$T/bad.db" --insert "$T/bad.ndjson"
is "$rc" 1 "bad lines: exit 1"
like "$err" "^pm-query: $T/bad.ndjson:2: not valid JSON" "bad lines: FILE:LINE: reason"
like "$err" "pm-query: $T/bad.ndjson:3: " "bad lines: each reported"
is "$(q "$T/bad.db" 'SELECT count(*) FROM samples')" "2" "bad lines: the good ones are stored"
run pm-query --db "$T/strict.db" --strict --insert "$T/bad.ndjson"
is "$rc:$(q "$T/strict.db" 'SELECT count(*) FROM samples')" "1:1" \
	"--strict: stops at the first bad line, keeps the ones before"
run pm-query --db "$T/missing.db" --insert "$T/no-such-file"
is "$rc" 1 "a missing input file: exit 1"
like "$err" "^pm-query: $T/no-such-file: No such file" "a missing input file: named"

# The default store: $PM_DB, else XDG_DATA_HOME, else HOME; pm's own
# folders made 0700 and the file 0600 whatever the umask.
mode() { stat -c %a "$1"; }
printf '%s\n' '{"metric":"m","value":1,"ts":"2026-11-22T10:00:00Z"}' >"$T/one"
(umask 022; HOME=$T/home XDG_DATA_HOME= pm-query --insert "$T/one")
is "$(mode "$T/home/.local/share/pm/metrics.db"):$(mode "$T/home/.local/share/pm")" \
	"600:700" "default: ~/.local/share/pm/metrics.db, file 0600, folder 0700"
(umask 022; HOME=$T/home XDG_DATA_HOME=$T/xdg pm-query --insert "$T/one")
is "$(mode "$T/xdg/pm/metrics.db")" "600" "XDG_DATA_HOME/pm/metrics.db"
# PM_DB, like --db, names a file in a folder that is there (t910).
mkdir "$T/env"
(umask 022; HOME=$T/home XDG_DATA_HOME=$T/xdg PM_DB=$T/env/pm.db pm-query --insert "$T/one")
is "$(mode "$T/env/pm.db")" "600" "PM_DB wins over XDG_DATA_HOME"
(HOME=$T/home XDG_DATA_HOME=$T/xdg PM_DB=$T/env/pm.db pm-query --db "$T/opt.db" --insert "$T/one")
is "$(q "$T/opt.db" 'SELECT count(*) FROM samples'):$(q "$T/env/pm.db" 'SELECT count(*) FROM samples')" \
	"1:1" "--db wins over PM_DB"
run env -u HOME -u XDG_DATA_HOME pm-query --insert "$T/one"
is "$rc" 1 "no HOME and no PM_DB: exit 1"
like "$err" "^pm-query: no store" "no HOME and no PM_DB: said so"

# Format versions: an empty file or a new database gets the schema; a store
# from a newer pm, a database of something else, or not a database at all
# is refused and left alone.
: >"$T/empty.db"
pm-query --db "$T/empty.db" --insert "$T/one"
is "$(q "$T/empty.db" 'PRAGMA user_version; SELECT count(*) FROM samples')" "2
1" "an empty file gets the schema"
q "$T/v0.db" 'PRAGMA user_version = 0; PRAGMA page_size = 4096; VACUUM'
pm-query --db "$T/v0.db" --insert "$T/one"
is "$(q "$T/v0.db" 'PRAGMA user_version; SELECT count(*) FROM samples')" "2
1" "a database at version 0 gets the schema"
# A version 1 store (no alert_state) is read as it is, and brought up to
# version 2 when opened for writing, its data kept.
cp "$T/v0.db" "$T/v1.db"
q "$T/v1.db" 'DROP TABLE alert_state; PRAGMA user_version = 1'
run pm-query --db "$T/v1.db" --latest
is "$rc:$(q "$T/v1.db" 'PRAGMA user_version')" "0:1" \
	"version 1: read as it is, left at version 1"
pm-query --db "$T/v1.db" --insert "$T/one"
is "$(q "$T/v1.db" 'PRAGMA user_version; SELECT count(*) FROM samples; SELECT count(*) FROM alert_state')" "2
1
0" "version 1: brought up to 2 (alert_state) when written, data kept"
q "$T/v9.db" 'CREATE TABLE t (x); PRAGMA user_version = 9'
run pm-query --db "$T/v9.db" --insert "$T/one"
is "$rc" 1 "newer format: exit 1"
like "$err" "^pm-query: $T/v9.db: store format version 9 is newer than this pm reads \(2\)" \
	"newer format: a clear message"
is "$(q "$T/v9.db" 'PRAGMA user_version; SELECT name FROM sqlite_master')" "9
t" "newer format: the file is left alone"
q "$T/other.db" 'CREATE TABLE notes (x)'
run pm-query --db "$T/other.db" --insert "$T/one"
like "$rc:$err" "^1:pm-query: $T/other.db: not a pm store" "a database of something else: refused"
echo "hello" >"$T/text.db"
run pm-query --db "$T/text.db" --insert "$T/one"
like "$rc:$err" "^1:pm-query: $T/text.db: .*not a database" "not a database: refused"

# Usage errors.
run pm-query --db "$T/u.db" --tee
is "$rc" 2 "--tee without --insert: exit 2"
run pm-query --db "$T/u.db" --insert --batch 0
is "$rc" 2 "--batch 0: exit 2"
run pm-query --db "$T/u.db" --downsample 5m
is "$rc" 2 "--downsample without --older-than: exit 2"
run pm-query --db "$T/u.db" --older-than 5m --vacuum
is "$rc" 2 "--older-than without --downsample: exit 2"
run pm-query --db "$T/u.db" --prune 5parsecs
is "$rc" 2 "bad --prune age: exit 2"
like "$err" "^pm-query: --prune: " "bad --prune age: named"
is "$(ls "$T/u.db" 2>/dev/null)" "" "usage errors create no store"

done_testing
