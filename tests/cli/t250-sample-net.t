#!/bin/sh
# pm-sample's net collector against frozen /proc/net/dev trees.
. "$(dirname "$0")/../lib.sh"

# sys1/proc/net/dev -> proc.1 over the 0.25 s priming interval (rates are
# deltas x 4).  lo is skipped; veth0a1b2c3 is only in reading 0 and tun0
# only in reading 1, so neither is reported.  eth0's byte counters fill
# their column ("  eth0:98765432100 ..."): no blank after the colon.
#   eth0: rx bytes +1250000 -> 5000000 B/s, tx bytes +250000 -> 1000000 B/s,
#         rx packets +1000 -> 4000/s, tx packets +500 -> 2000/s,
#         rx errs +1 -> 4/s, tx errs 0, rx drop +3 -> 12/s, tx drop +2 -> 8/s
#   wlp3s0: rx bytes +3 -> 12, tx bytes +7 -> 28, rx/tx packets +1 -> 4/s,
#         rx drop +1 -> 4/s; tx errs went 5 -> 0 (a reset): 0, not huge
#   br-0123456789ab (15 characters, no leading blank): rx bytes +1000 -> 4000,
#         tx bytes +2000 -> 8000, rx/tx packets +10 -> 40/s
sample_fixture sys1 -n 1 -c net >"$T/net" 2>"$T/err"
ok $? "net collector on the sys1 fixture"
same_file "$GOLDEN/sample-net.ndjson" "$T/net" "net output is exact"
is "$(cat "$T/err")" "" "nothing on stderr"

# -a adds lo: +2500 bytes and +25 packets each way -> 10000 B/s, 100/s.
sample_fixture sys1 -n 1 -a -c net >"$T/all"
is "$(jq -r 'select(.metric == "net.rx.bytes") | .labels.interface' "$T/all" | tr '\n' ' ')" \
	"lo eth0 wlp3s0 br-0123456789ab " "-a: lo too, in file order"
is "$(jq -c 'select(.labels.interface == "lo") | .value' "$T/all" | tr '\n' ' ')" \
	"10000 10000 100 100 0 0 0 0 " "-a: lo values"

# A line cut short: net fails with file and line, load still reports.
mkdir -p "$T/bad/proc/net" "$T/bad/proc.1/net"
cp "$FIX/sys1/proc/net/dev" "$T/bad/proc/net/dev"
sed '4s/ 23457289 .*//' "$FIX/sys1/proc.1/net/dev" >"$T/bad/proc.1/net/dev"
printf '0.52 0.58 0.59 2/1022 12345\n' >"$T/bad/proc/loadavg"
printf '0.61 0.60 0.59 4/1024 12350\n' >"$T/bad/proc.1/loadavg"
PM_NOW=$PM_FIXTURE_NOW pm-sample -H fixture -n 1 -c net,load \
	--procfs "$T/bad/proc" >"$T/out" 2>"$T/err"
is "$?" 1 "truncated net/dev line: exit 1"
like "$(cat "$T/err")" '^pm-sample: net: .*/bad/proc\.1/net/dev: line 4: expected 16 counters: "eth0:98766682100' \
	"truncated line: the error names collector, file and line"
is "$(grep -c '"metric":"load\.' "$T/out")" 5 "truncated line: load still reports"
is "$(grep -c '"metric":"net\.' "$T/out")" 0 "truncated line: no net points"

# A line with no colon.
sed '5s/:/ /' "$FIX/sys1/proc.1/net/dev" >"$T/bad/proc.1/net/dev"
PM_NOW=$PM_FIXTURE_NOW pm-sample -H fixture -n 1 -c net \
	--procfs "$T/bad/proc" >"$T/out" 2>"$T/err"
is "$?" 1 "no colon: exit 1"
like "$(cat "$T/err")" 'net/dev: line 5: expected "interface:": "wlp3s0 ' "no colon: clear error"

# Live: this machine's interfaces.
if [ -r /proc/net/dev ]; then
	pm-sample -n 1 -i 200ms -c net >"$T/live" 2>"$T/err"
	ok $? "live net sample"
	is "$(jq -r 'select(.value < 0) | .metric' "$T/live")" "" "live rates are not negative"
	is "$(jq -r 'select(.labels.interface == "lo") | .metric' "$T/live")" "" "live: no lo without -a"
fi
done_testing
