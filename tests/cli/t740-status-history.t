#!/bin/sh
# pm-status with a store (--db, PM_DB): the average of the last readings,
# a sparkline of the last hour and a trend arrow on each line.
. "$(dirname "$0")/../lib.sh"

F=$FIX/sys1
# An hour of history before the fixture's time, one reading a minute
# (09:01 .. 09:59): cpu.usage rising 11 .. 69 %, mem.used_percent 50 %.
for m in $(seq 1 59); do
	printf '{"ts":"2026-11-22T09:%02d:00Z","host":"fixture","metric":"cpu.usage","value":%d,"unit":"percent","labels":{"cpu":"total"}}\n' \
		"$m" $((m + 10))
	printf '{"ts":"2026-11-22T09:%02d:00Z","host":"fixture","metric":"mem.used_percent","value":50,"unit":"percent"}\n' "$m"
done | pm-query --db "$T/db" --insert
ok $? "a store with an hour of history"

view() { PM_NOW=$PM_FIXTURE_NOW NO_COLOR=1 pm-status -H fixture \
	--procfs "$F/proc" --sysfs "$F/sys" -c cpu,mem "$@"; }

# The last 10 readings of cpu.usage: 60 .. 69, 64.5 %; now 64 %: level.
# Memory: 50 % then, 28.1 % now: down.  Swap: no history, blank.
COLUMNS=80 view --db "$T/db" >"$T/v80"
is "$?" 0 "--db: exit 0"
same_file "$GOLDEN/status-history-80.txt" "$T/v80" "--db at 80 columns: exact"
is "$(LC_ALL=C.UTF-8 wc -L <"$T/v80")" 80 "nothing wider than 80 columns"
# --avg 30: 40 .. 69, 54.5 %; now 64 %: up.  Wider: more buckets.
COLUMNS=120 view --db "$T/db" --avg 30 >"$T/v120"
same_file "$GOLDEN/status-history-120.txt" "$T/v120" "--avg 30 at 120 columns: exact"
# PM_DB gives the store too; without either there is no history column.
COLUMNS=80 PM_DB=$T/db view >"$T/env"
same_file "$GOLDEN/status-history-80.txt" "$T/env" "PM_DB: the same view"
COLUMNS=80 view >"$T/none"
is "$(grep -c '▁\|▂\|▃\|▄\|▅\|▆\|▇\|█' "$T/none")" 0 "no store: no history"

# Another host's history is not this one's.
COLUMNS=80 PM_NOW=$PM_FIXTURE_NOW NO_COLOR=1 pm-status -H other \
	--procfs "$F/proc" --sysfs "$F/sys" -c cpu --db "$T/db" >"$T/other"
is "$(grep -c '→\|↑\|↓' "$T/other")" 0 "history is the host's own"

run view --db "$T/nosuch.db"
is "$rc" 3 "a store that is not there: exit 3"
like "$err" "^pm-status: .*nosuch.db" "a store that is not there: said so"
run view --avg 0
is "$rc" 2 "--avg 0: usage error"

done_testing
