#!/bin/sh
# pm-bench: the Mann-Whitney U test beside Welch's, on known runs (--load,
# so no timing luck), against the values SciPy's mannwhitneyu(method=
# "asymptotic") and R's wilcox.test(exact = FALSE) give.
. "$(dirname "$0")/../lib.sh"

# runs WALL...: the members of a command whose runs took these times.
runs() {
	_w=$(echo "$@" | tr ' ' ',')
	_z=$(echo "$@" | sed 's/[^ ][^ ]*/0/g' | tr ' ' ',')
	echo "\"parameters\": {}, \"runs\": {\"wall\": [$_w], \"user\": [$_z],"
	echo " \"sys\": [$_z], \"max_rss\": [$_z], \"vcsw\": [$_z],"
	echo " \"ivcsw\": [$_z], \"status\": [$_z]}"
}
A="0.0101 0.0102 0.0099 0.0100 0.0103 0.0098 0.0104 0.0100 0.0101 0.0102"
B="0.0105 0.0103 0.0107 0.0104 0.0106 0.0102 0.0108 0.0105 0.0104 0.0106"
cat >"$T/two.json" <<EOT
{"format": "pm-bench", "version": 1, "settings": {"runs": 10},
 "commands": [{"name": "a", "command": "./a", $(runs $A)},
              {"name": "b", "command": "./b", $(runs $B)}]}
EOT
summary() { jq -c "select(.metric == \"bench.summary\") | $1" "$T/out"; }

# a is faster; b against a: U = 5.5 of 100 pairs, p = 0.000830384786154903.
run pm-bench --load "$T/two.json"
is "$rc" 0 "--load, two commands: exit 0"
is "$(summary '[.labels.name, .relative_p_u]' | tr '\n' ' ')" \
    '["a",1] ["b",0.000830384786154903] ' \
    "relative_p_u: the U test's p against the fastest (1 for itself)"
is "$(summary '(.relative_p_u | type)' | sort -u)" '"number"' "  a number"
like "$err" "times faster than b \(p = [0-9.e-]+, U test p = 0.00083\)" \
    "  the report gives both p-values"

# Against a baseline: a's runs as the baseline of b's (renamed a).
sed 's/"name": "b"/"name": "x"/; s/"name": "a"/"name": "b"/' "$T/two.json" \
    | jq -c '.commands |= map(select(.name == "b"))' >"$T/base.json"
jq -c '.commands |= map(select(.name == "b") | .command = "./a")' \
    "$T/two.json" >"$T/cur.json"
jq -c '.commands[0].command = "./a"' "$T/base.json" >"$T/base2.json"
run pm-bench --load "$T/cur.json" --baseline-file "$T/base2.json"
is "$rc:$(summary '[.p_value_u, .verdict]')" '0:[0.000830384786154903,"inconclusive"]' \
    "p_value_u: the U test's p against the baseline"
like "$err" "Baseline: .*\(p = [0-9.e-]+, U test p = 0.00083\)" \
    "  the report gives both p-values"

# Ties (c's six 1s with a's 1; a's 3s with b's 3), and runs all equal
# (c and d).
cat >"$T/ties.json" <<EOT
{"format": "pm-bench", "version": 1, "settings": {"runs": 6},
 "commands": [{"name": "a", "command": "./a", $(runs 1 2 2 3 3 3)},
              {"name": "b", "command": "./b", $(runs 3 4 4 5)},
              {"name": "c", "command": "./c", $(runs 1 1 1 1 1 1)},
              {"name": "d", "command": "./d", $(runs 1 1 1 1 1 1)}]}
EOT
run pm-bench -q --load "$T/ties.json"
is "$rc:$(summary '[.labels.name, .relative_p_u]' | tr '\n' ' ')" \
    '0:["a",0.0088512738655005] ["b",0.00555598350702754] ["c",1] ["d",1] ' \
    "ties share their ranks (against c, the fastest); equal runs: p = 1"

done_testing
