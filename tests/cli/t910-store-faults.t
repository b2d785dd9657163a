#!/bin/sh
# Store faults: a file size limit (a full disk), a read-only file, a
# read-only folder, a missing folder, a file that is not SQLite, a damaged
# store, and a lock held past the busy timeout.  pm-query names the file
# and what is wrong, exits 1, says how many points were not stored, and
# with --tee passes every input point on all the same.  The other tools
# that open the store name the file and fail too (or read on, where
# reading still works).
. "$(dirname "$0")/../lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # skip sqlite3 not installed"
	exit 0
fi

lock_pid=
cleanup() {
	[ -n "$lock_pid" ] && kill "$lock_pid" 2>/dev/null
	wait 2>/dev/null
	chmod -R u+w "$T" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

# Permission bits do not bind root: run the read-only cases without
# capabilities (still uid 0, the owner of the files, so the owner's bits
# apply), or skip them where that cannot be done.
NOCAP=
if [ "$(id -u)" = 0 ]; then
	NOCAP="setpriv --bounding-set=-all --inh-caps=-all"
	: >"$T/probe"
	chmod 444 "$T/probe"
	if ! command -v setpriv >/dev/null 2>&1 || ! $NOCAP true 2>/dev/null ||
	    $NOCAP sh -c ": >>'$T/probe'" 2>/dev/null; then
		NOCAP=no
	fi
	rm -f "$T/probe"
fi

pt() { # pt MINUTE VALUE: a cpu.usage reading at 09:MINUTE
	printf '{"ts":"2026-11-22T09:%02d:00Z","host":"fixture","metric":"cpu.usage","value":%d,"unit":"percent","labels":{"cpu":"total"}}\n' "$1" "$2"
}
mkstore() { # mkstore DB: an hour of history
	for m in $(seq 1 59); do pt "$m" $((m + 10)); done | pm-query --db "$1" --insert
}
count() { sqlite3 "$1" 'SELECT count(*) FROM samples'; }
gen() { # gen N: N points, point i at ts T0 + i ms with value i
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
		printf "{\"ts\":%d.%03d,\"host\":\"h\",\"metric\":\"m\",\"value\":%d}\n",
		    1700000000 + int(i / 1000), i % 1000, i }'
}

# What --tee writes of the input when all goes well: the reference for
# "every point is passed on".
gen 3 >"$T/in3"
pm-query --db "$T/ref.db" --insert --tee "$T/in3" >"$T/ref3"
gen 20000 >"$T/in"
pm-query --db "$T/ref.db" --insert --tee "$T/in" >"$T/ref"

# insert_fault NAME DB WRAP MESSAGE: pm-query --insert of 3 points into
# DB, which fails to open or to take them with MESSAGE; with --tee the 3
# points still go on.
insert_fault() {
	_name=$1 _db=$2 _wrap=$3 _msg=$4
	run $_wrap pm-query --db "$_db" --insert "$T/in3"
	is "$rc:$err" "1:pm-query: $_db: $_msg" "$_name: --insert names the file and says what, exit 1"
	run $_wrap pm-query --db "$_db" --insert --tee "$T/in3"
	is "$rc:$err" "1:pm-query: $_db: $_msg
pm-query: $_db: 3 points not stored (passed on by --tee)" \
		"$_name: --insert --tee: the error, then the points not stored, counted"
	same_file "$T/ref3" "$T/out" "$_name: --insert --tee: every point still on standard output"
}

# others_fail NAME DB WRAP MESSAGE [reads]: every other tool that opens
# the store to write names the file and fails; those that read fail too,
# or, with "reads", read.
others_fail() {
	_name=$1 _db=$2 _wrap=$3 _msg=$4
	run $_wrap pm-query --db "$_db" --prune 1d
	is "$rc:$err" "1:pm-query: $_db: $_msg" "$_name: --prune: exit 1, said so"
	run $_wrap pm-alert -r 'cpu.usage > 50' --db "$_db"
	if [ "$5" = reads ]; then
		is "$rc:$err:$(printf '%s' "$out" | jq -r .state)" "0::firing" \
			"$_name: pm-alert --db (history) reads it"
	else
		like "$rc:$err" "^1:pm-alert: --db: $_db: " "$_name: pm-alert --db (history): exit 1, names the file"
	fi
	run $_wrap pm-bench -q --load "$T/base.json" --save-baseline main --db "$_db"
	like "$rc:$err" "^2:pm-bench: --save-baseline: $_db: " "$_name: pm-bench --save-baseline: exit 2, names the file"
}
cat >"$T/base.json" <<EOT
{"format": "pm-bench", "version": 1, "settings": {"runs": 3},
 "commands": [{"name": "prog", "command": "./prog", "parameters": {},
   "runs": {"wall": [0.01, 0.01, 0.01], "user": [0, 0, 0], "sys": [0, 0, 0],
            "max_rss": [0, 0, 0], "vcsw": [0, 0, 0], "ivcsw": [0, 0, 0], "status": [0, 0, 0]}}]}
EOT
F=$FIX/sys1
status_view() { # status_view [WRAP] DB
	PM_NOW=$PM_FIXTURE_NOW NO_COLOR=1 COLUMNS=80 $1 pm-status -H fixture \
	    --procfs "$F/proc" --sysfs "$F/sys" -c cpu --db "$2"
}

# --- A full disk: a file size limit (SIGXFSZ ignored, so write(2) fails
# with EFBIG as on a full disk).  Batches of 1000: some commit, then one
# does not.  In 512-byte blocks (dash) or KiB (bash): 200 KB or more, far
# less than 20,000 points take.
limited() { (trap '' XFSZ; ulimit -f 400 && exec "$@"); }
db=$T/full.db
{ limited pm-query --db "$db" --insert --batch 1000 --tee "$T/in" 2>"$T/err"; echo $? >"$T/rc"; } |
    cat >"$T/out"
rc=$(cat "$T/rc")
n=$(count "$db")
like "$(head -1 "$T/err")" "^pm-query: $db: cannot (commit|store): disk I/O error: the file size limit is reached \(ulimit -f: [0-9]+ bytes\)\$" \
	"disk full: the store's error names the file and the limit"
is "$rc:$(sed 1d "$T/err")" "1:pm-query: $db: $((20000 - n)) points not stored (passed on by --tee)" \
	"disk full, --tee: exit 1, the points not stored counted exactly ($n stored)"
ok $([ "$n" -ge 1000 ] && [ "$n" -lt 20000 ]; echo $?) "disk full: the batches before the limit are stored ($n)"
same_file "$T/ref" "$T/out" "disk full, --tee: every one of the 20000 points on standard output"
is "$(sqlite3 "$db" 'PRAGMA integrity_check')" ok "disk full: the store is whole"
is "$(sqlite3 "$db" 'SELECT count(*), min(value), max(value) FROM samples')" "$n|0.0|$((n - 1)).0" \
	"disk full: what is stored is the first $n points"
# Without --tee the input is not read on after the failure.
rm -f "$db"*
limited pm-query --db "$db" --insert --batch 1000 "$T/in" 2>"$T/err"
rc=$?
n=$(count "$db")
lost=$(sed -n '2s/^pm-query: .*: \([0-9]*\) points not stored; the rest of the input was not read$/\1/p' "$T/err")
ok $([ "$rc" = 1 ] && [ -n "$lost" ] && [ "$lost" -ge 1 ] && [ $((n + lost)) -lt 20000 ]; echo $?) \
	"disk full, no --tee: exit 1, $lost points read and not stored, the rest not read"
# Readers are not limited by it.
run pm-query --db "$db" --list metrics
is "$rc:$err" "0:" "disk full: the store still answers queries"

# --- A read-only file: readers read it, writers say so.
if [ "$NOCAP" = no ]; then
	skip "root without setpriv: permission bits do not bind"
else
	db=$T/ro.db
	mkstore "$db"
	chmod 444 "$db"
	insert_fault "read-only file" "$db" "$NOCAP" "cannot open for writing: Permission denied"
	others_fail "read-only file" "$db" "$NOCAP" "cannot open for writing: Permission denied" reads
	run $NOCAP pm-query --db "$db" -m cpu.usage -a count
	is "$rc:$err:$(printf '%s' "$out" | jq -r .value)" "0::59" "read-only file: queries read it"
	run status_view "$NOCAP" "$db"
	is "$rc:$err" "0:" "read-only file: pm-status shows its history"
	is "$(count "$db")" 59 "read-only file: unchanged"

	# A read-only folder: SQLite must make FILE-wal and FILE-shm next to
	# the file, for reading too.
	mkdir "$T/rod"
	db=$T/rod/x.db
	mkstore "$db"
	chmod 555 "$T/rod"
	msg="cannot read: its folder is read-only (SQLite makes $db-wal and -shm there)"
	insert_fault "read-only folder" "$db" "$NOCAP" "$msg"
	others_fail "read-only folder" "$db" "$NOCAP" "$msg"
	run $NOCAP pm-query --db "$db" --list metrics
	is "$rc:$err" "1:pm-query: $db: $msg" "read-only folder: a query says why it cannot read"
	run status_view "$NOCAP" "$db"
	is "$rc:$err" "3:pm-status: $db: $msg" "read-only folder: pm-status says so, exit 3"
	chmod 755 "$T/rod"
fi

# --- A missing folder: made for pm's own place (t300), not for --db.
db=$T/nosuch/x.db
insert_fault "missing folder" "$db" "" "cannot create: its folder does not exist"
is "$(ls "$T" | grep -c nosuch)" 0 "missing folder: not made for --db"
run env PM_DB="$db" pm-query --insert "$T/in3"
is "$rc:$err" "1:pm-query: $db: cannot create: its folder does not exist" \
	"missing folder: nor for PM_DB"
run pm-bench -q --load "$T/base.json" --save-baseline main --db "$db"
is "$rc:$err" "2:pm-bench: --save-baseline: $db: cannot create: its folder does not exist" \
	"missing folder: pm-bench --save-baseline says so, exit 2"
run pm-query --db "$db" --list metrics
is "$rc:$err" "1:pm-query: $db: No such file or directory" "missing folder: a query says so"

# --- A file that is not SQLite: left alone.
db=$T/notes.txt
echo 'my notes' >"$db"
insert_fault "not SQLite" "$db" "" "cannot read: file is not a database"
others_fail "not SQLite" "$db" "" "cannot read: file is not a database"
run status_view "" "$db"
is "$rc:$err" "3:pm-status: $db: cannot read: file is not a database" "not SQLite: pm-status says so, exit 3"
is "$(cat "$db")" "my notes" "not SQLite: the file is untouched"

# --- A damaged store: pages 2 and 3 (the tables' first pages) overwritten.
db=$T/damaged.db
mkstore "$db"
head -c 8192 /dev/zero | tr '\0' x | dd of="$db" bs=4096 seek=1 conv=notrunc 2>/dev/null
msg="cannot add a series: the file is damaged (database disk image is malformed)"
run pm-query --db "$db" --insert "$T/in3"
is "$rc:$err" "1:pm-query: $db: $msg
pm-query: $db: 3 points not stored" "damaged: --insert says so, the 3 points read not stored"
run pm-query --db "$db" --insert --tee "$T/in3"
is "$rc:$err" "1:pm-query: $db: $msg
pm-query: $db: 3 points not stored (passed on by --tee)" "damaged: --insert --tee: the error and the count"
same_file "$T/ref3" "$T/out" "damaged: --insert --tee: every point still on standard output"
run pm-query --db "$db" --list metrics
is "$rc:$err" "1:pm-query: $db: series: the file is damaged (database disk image is malformed)" \
	"damaged: a query says so, exit 1"
others_fail "damaged" "$db" "" "cannot change the store: the file is damaged (database disk image is malformed)"
run status_view "" "$db"
is "$rc:$err" "3:pm-status: $db: database disk image is malformed" \
	"damaged: pm-status says so once, exit 3"

# --- A lock held past the busy timeout (PM_DB_TIMEOUT, 1s here) by
# another process: writers give up naming the lock, readers read on (WAL).
if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 not installed"
else
	db=$T/locked.db
	mkstore "$db"
	python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(60)' "$db" >"$T/lock.out" &
	lock_pid=$!
	wait_for '[ -s "$T/lock.out" ]'
	PM_DB_TIMEOUT=1s
	export PM_DB_TIMEOUT
	msg="cannot begin a batch: locked by another process for longer than 1s"
	run pm-query --db "$db" --insert "$T/in3"
	is "$rc:$err" "1:pm-query: $db: $msg
pm-query: $db: 3 points not stored" "locked: --insert waits 1s, says so, counts the points"
	run pm-query --db "$db" --insert --tee "$T/in3"
	is "$rc:$err" "1:pm-query: $db: $msg
pm-query: $db: 3 points not stored (passed on by --tee)" "locked: --insert --tee: the error and the count"
	same_file "$T/ref3" "$T/out" "locked: --insert --tee: every point still on standard output"
	run pm-query --db "$db" --prune 1d
	is "$rc:$err" "1:pm-query: $db: cannot lock: locked by another process for longer than 1s" \
		"locked: --prune says so"
	run pm-bench -q --load "$T/base.json" --save-baseline main --db "$db"
	is "$rc:$err" "2:pm-bench: --save-baseline: $db: $msg" "locked: pm-bench --save-baseline says so"
	run pm-query --db "$db" -m cpu.usage -a count
	is "$rc:$err:$(printf '%s' "$out" | jq -r .value)" "0::59" "locked: queries read on"
	run status_view "" "$db"
	is "$rc:$err" "0:" "locked: pm-status reads its history"
	run env PM_DB_TIMEOUT=soon pm-query --db "$db" --list metrics
	is "$rc:$err" "1:pm-query: PM_DB_TIMEOUT: bad duration 'soon'" "PM_DB_TIMEOUT that is not a duration: said so"
	unset PM_DB_TIMEOUT
	kill "$lock_pid"
	wait "$lock_pid" 2>/dev/null
	lock_pid=
	run pm-query --db "$db" --insert "$T/in3"
	is "$rc:$err:$(count "$db")" "0::62" "lock released: the points go in"
fi

done_testing
