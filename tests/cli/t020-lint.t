#!/bin/sh
# scripts/lint passes: man pages, completion syntax and freshness, banned
# functions, and no exit in lib/ (see scripts/lint for each check).
. "$(dirname "$0")/../lib.sh"

plan 1
"$PM_TOP/scripts/lint" "$PM_BIN" >"$T/lint" 2>&1
rc=$?
ok "$rc" "scripts/lint $PM_BIN exits 0"
[ "$rc" -eq 0 ] || sed 's/^/# /' "$T/lint"
