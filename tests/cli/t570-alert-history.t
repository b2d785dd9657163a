#!/bin/sh
# pm-alert --db and --since: rules over the history in the store give the
# alerts that the same points gave as a stream; --check over the store;
# an unreadable store is UNKNOWN.
. "$(dirname "$0")/../lib.sh"

# Two hosts, points every 10s from 10:00:00; h1 high from 00:20 to 00:50,
# h2 high at 00:40 only; another metric, never watched.
for s in 0 10 20 30 40 50 60; do
	for h in 1 2; do
		v=1
		case $h:$s in
		1:[2-5]0) v=9 ;;
		2:40) v=9 ;;
		esac
		printf '{"ts":"2026-11-22T10:%02d:%02dZ","host":"h%s","metric":"m","value":%s,"labels":{"k":"v%s"}}\n' \
		    $((s / 60)) $((s % 60)) $h $v $h
		printf '{"ts":"2026-11-22T10:%02d:%02dZ","host":"h%s","metric":"other","value":9}\n' \
		    $((s / 60)) $((s % 60)) $h
	done
done >"$T/in"
DB=$T/db/metrics.db
mkdir "$T/db"
run pm-query --insert --db "$DB" "$T/in"
is "$rc:$err" "0:" "the points stored"

RULE='Hot: m > 5 for 10s'
run pm-alert -r "$RULE" "$T/in"
mv "$T/out" "$T/stream"
run pm-alert -r "$RULE" --db "$DB"
is "$rc:$err" "0:" "--db: exit 0"
same_file "$T/stream" "$T/out" "--db: the same events as the points as a stream"
is "$(jq -r '"\(.ts[14:19]) \(.host) \(.state) \(.labels.k)"' "$T/out" | tr '\n' ';')" \
	"00:20 h1 pending v1;00:30 h1 firing v1;00:40 h2 pending v2;01:00 h1 resolved v1;" \
	"--db: the events, with each series' host and labels"

run pm-alert -r "$RULE" --db "$DB" --since 2026-11-22T10:00:35Z
is "$(jq -r '"\(.ts[14:19]) \(.host) \(.state)"' "$T/out" | tr '\n' ';')" \
	"00:40 h1 pending;00:40 h2 pending;00:50 h1 firing;01:00 h1 resolved;" \
	"--since: only the history from then on"

# --check over the store.
run pm-alert --check -r 'm > 5' --db "$DB" --since 2026-11-22T10:00:55Z
is "$rc:$out" "0:PM OK - 2 series, no alerts | 'm h1 v1'=1;;~:5 'm h2 v2'=1;;~:5" \
	"--check --db: OK at the end of the history"
run pm-alert --check -r 'm > 5' --db "$DB" --since 2026-11-22T10:00:45Z \
	--until-not-an-option 2>/dev/null
is "$rc" 3 "--check: a usage error is UNKNOWN"
run pm-alert --check -r 'm > 5' --db "$T/none.db"
like "$rc:$out" "^3:PM UNKNOWN - .*none.db" "--check: a store that cannot be read is UNKNOWN"
run pm-alert --check -r 'm > 5' --db "$DB" --since 2026-11-23T00:00:00Z
like "$rc:$out" "^3:PM UNKNOWN - no data for m" "--check: no history since then is UNKNOWN"

# Usage.
run pm-alert -r 'm > 5' --db "$DB" "$T/in"
like "$rc:$err" "^2:pm-alert: --db reads the store: no files" "--db with files"
run pm-alert -r 'm > 5' --since -1h "$T/in"
like "$rc:$err" "^2:pm-alert: --since needs --db" "--since without --db"

done_testing
