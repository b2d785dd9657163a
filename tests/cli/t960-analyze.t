#!/bin/sh
# make analyze inside make test, so CI runs it: cppcheck and clang-tidy
# (.clang-tidy) find nothing in lib/, cmd/ and tests/unit/.  make test
# writes the compilation database into PM_BUILD; scripts/analyze prints
# every finding, and they are shown here when the check fails.
. "$(dirname "$0")/../lib.sh"

if [ -z "${PM_BUILD:-}" ] || [ ! -f "$PM_BUILD/compile_commands.json" ]; then
	echo "1..0 # SKIP no compilation database in PM_BUILD (make test writes it)"
	exit 0
fi
if [ -n "${PM_MEMCHECK:-}" ]; then
	echo "1..0 # SKIP runs no pm binary: make test checks it"
	exit 0
fi
plan 1
"$PM_TOP/scripts/analyze" "$PM_BUILD" >"$T/out" 2>&1
rc=$?
ok "$rc" "cppcheck and clang-tidy find nothing ($(tail -1 "$T/out"))"
[ "$rc" -eq 0 ] || sed 's/^/# /' "$T/out" | head -150
