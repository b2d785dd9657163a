#!/bin/sh
# pm-sample's command-line conventions: usage errors, output errors,
# signals, labels and host.
. "$(dirname "$0")/../lib.sh"

run pm-sample --help
is "$rc" 0 "--help exits 0"
like "$out" '^usage: pm-sample ' "--help starts with the usage"

run pm-sample --bogus
is "$rc" 2 "unknown option: exit 2"
like "$err" "^pm-sample: unknown option '--bogus'" "unknown option: named"
like "$err" "Try 'pm-sample --help'" "unknown option: a hint"

run pm-sample -i
is "$rc" 2 "missing argument: exit 2"
like "$err" "option '-i' needs an argument" "missing argument: named"

run pm-sample -i 5parsecs
is "$rc" 2 "bad interval: exit 2"
like "$err" "^pm-sample: -i: bad duration '5parsecs'" "bad interval: named"

run pm-sample -n many
is "$rc" 2 "bad count: exit 2"

run pm-sample -c cpu,gpus
is "$rc" 2 "unknown collector: exit 2"
like "$err" "unknown collector 'gpus'" "unknown collector: named"

run pm-sample extra
is "$rc" 2 "stray operand: exit 2"

run pm-sample -l novalue
is "$rc" 2 "bad label: exit 2"

# Labels and host go on every point.
sample_fixture sys1 -n 1 -c load -H web-1 -l env=prod -l team=ml >"$T/out"
is "$(jq -r '[.host, .labels.env, .labels.team] | join(" ")' "$T/out" | sort -u)" \
	"web-1 prod ml" "-H and -l apply to every point"

# A full disk is an error, never silent.
run sh -c 'pm-sample -n 1 -c load > /dev/full'
is "$rc" 1 "write error: exit 1"
like "$err" "pm-sample: write error on <stdout>: No space left on device" \
	"write error: reported"

# A reader that goes away (| head -1) ends pm-sample quietly.
run sh -c 'pm-sample -i 10ms | head -1'
is "$rc" 0 "closed pipe: the pipeline succeeds"
is "$err" "" "closed pipe: nothing on stderr"
is "$(printf '%s' "$out" | jq -r .metric)" "cpu.usage" "closed pipe: the first line is whole"

# SIGTERM and SIGINT finish the current sample and exit 0; every line is
# complete JSON.
for sig in TERM INT; do
	rm -f "$T/sig"
	pm-sample -i 20ms -c cpu,load >"$T/sig" 2>"$T/sigerr" &
	pid=$!
	# Its first line means its handlers are in place (under valgrind,
	# make memcheck, starting takes longer than any fixed sleep).
	wait_for "[ -s '$T/sig' ]"
	kill -$sig $pid
	wait $pid
	is "$?" 0 "SIG$sig: exit 0"
	jq -c . "$T/sig" >/dev/null 2>&1
	ok $? "SIG$sig: every line is complete JSON"
	is "$(tail -c 1 "$T/sig" | od -An -c | tr -d ' ')" '\n' "SIG$sig: output ends with a newline"
done

# Numbers never follow the user's locale.
for loc in de_DE.UTF-8 fr_FR.UTF-8 C.UTF-8; do
	LC_ALL=$loc PM_NOW=$PM_FIXTURE_NOW pm-sample -H fixture -n 1 -c load \
		--procfs "$FIX/sys1/proc" 2>/dev/null | grep -c '"value":1\.25' >"$T/n"
	is "$(cat "$T/n")" 1 "LC_ALL=$loc: decimal point is '.'"
done

# A named collector whose files are missing is an error; by default it
# is skipped quietly.
mkdir -p "$T/empty/proc"
cp "$FIX/sys1/proc/loadavg" "$T/empty/proc/"
run env PM_NOW=$PM_FIXTURE_NOW pm-sample -n 1 -c cpu --procfs "$T/empty/proc" --sysfs "$T/empty/sys"
is "$rc" 1 "missing files for a named collector: exit 1"
like "$err" "^pm-sample: cpu: not available" "missing files: named"
run env PM_NOW=$PM_FIXTURE_NOW pm-sample -n 1 --procfs "$T/empty/proc" --sysfs "$T/empty/sys" --rootfs "$T/empty"
is "$rc" 0 "missing files, default collectors: exit 0"
is "$err" "" "missing files, default collectors: quiet"
is "$(printf '%s\n' "$out" | jq -r .metric | sort -u | tr '\n' ' ')" \
	"load.15m load.1m load.5m load.runnable load.tasks " "missing files: the rest still reports"
done_testing
