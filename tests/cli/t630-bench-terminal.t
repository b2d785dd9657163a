#!/bin/sh
# pm-bench on a terminal (script(1) gives it one): the report on stdout and
# no records, colour unless NO_COLOR, progress on stderr unless CI; --json
# puts the records back on stdout.
. "$(dirname "$0")/../lib.sh"

if ! command -v script >/dev/null 2>&1; then
	skip "script(1) not installed"
	done_testing
	exit
fi
esc=$(printf '\033')
# tty ENV... -- ARGS: run pm-bench on a pseudo-terminal, output in $T/tty.
tty() {
	_env=
	while [ "$1" != -- ]; do _env="$_env $1"; shift; done
	shift
	# shellcheck disable=SC2086
	env -u CI -u NO_COLOR $_env script -qec "pm-bench $*" /dev/null \
	    </dev/null >"$T/tty" 2>&1
	rc=$?
}

tty -- -r 3 true
is "$rc" 0 "on a terminal: exit 0"
like "$(cat "$T/tty")" "Benchmark 1: true" "the report is shown"
is "$(grep -c '"metric"' "$T/tty")" 0 "no records"
like "$(cat "$T/tty")" "${esc}\[32m" "in colour"
like "$(cat "$T/tty")" "true: [0-9]+(/3)? runs" "with a progress line"
tty NO_COLOR=1 -- -r 3 true
is "$(grep -c "$esc\[3" "$T/tty")" 0 "NO_COLOR: no colour"
tty CI=true -- -r 3 true
is "$(grep -c 'runs, ETA' "$T/tty")" 0 "CI set: no progress line"
like "$(cat "$T/tty")" "Benchmark 1: true" "  the report still"
tty -- -q -r 3 true
is "$(grep -c 'Benchmark\|: [0-9]* runs\|ETA' "$T/tty")" 0 "-q: neither report nor progress"
tty -- --json -r 3 true
is "$(grep -c '"metric":"bench.wall"' "$T/tty")" 3 "--json: the records on the terminal"

done_testing
