#!/bin/sh
# Every fuzz corpus (tests/fuzz/corpus/NAME) replayed through its target
# (tests/fuzz/fuzz_NAME.c) without libFuzzer: the inputs that once crashed
# a parser stay fixed, under make test SANITIZE=1 as under libFuzzer.  The
# replay binaries are built by make test into PM_FUZZ.
. "$(dirname "$0")/../lib.sh"

FUZZ=${PM_FUZZ:-$PM_TOP/build/rel/fuzz}
if [ ! -d "$FUZZ" ]; then
	echo "1..0 # SKIP no replay binaries in $FUZZ (make test builds them)"
	exit 0
fi

# The proc target writes its kernel files under TMPDIR: keep them in $T.
TMPDIR=$T
export TMPDIR

for src in "$PM_TOP"/tests/fuzz/fuzz_*.c; do
	name=${src##*/fuzz_}
	name=${name%.c}
	corpus=$PM_TOP/tests/fuzz/corpus/$name
	n=$(find "$corpus" -type f 2>/dev/null | wc -l)
	ok "$([ "$n" -gt 0 ]; echo $?)" "$name: corpus has inputs ($n)"
	if [ ! -x "$FUZZ/replay_$name" ]; then
		ok 1 "$name: replay binary built"
		continue
	fi
	run "$FUZZ/replay_$name" "$corpus"
	is "$rc" 0 "$name: every input replays without a crash"
	[ "$rc" -eq 0 ] || tail -30 "$T/err" | sed 's/^/# /'
	is "$out" "replayed $n inputs" "$name: replayed each input"
done
done_testing
