#!/bin/sh
# pm-bench: statistics on known data, verdicts against a baseline on
# synthetic runs (--load, so no timing luck), --fail-on, --fail-if, exit
# statuses, refused comparisons and the save/compare round trip.
. "$(dirname "$0")/../lib.sh"

# mkbase FILE NAME WALL...: a baseline file with these wall times (seconds).
mkbase() {
	_f=$1 _name=$2
	shift 2
	_cnt=$#
	_w=$(echo "$@" | tr ' ' ',')
	_z=$(yes 0 | head -n "$_cnt" | tr '\n' ',' | sed 's/,$//')
	_m=$(yes 1048576 | head -n "$_cnt" | tr '\n' ',' | sed 's/,$//')
	cat >"$_f" <<EOT
{"format": "pm-bench", "version": 1, "settings": {"runs": $_cnt},
 "commands": [{"name": "$_name", "command": "./prog", "parameters": {},
   "runs": {"wall": [$_w], "user": [$_z], "sys": [$_z], "max_rss": [$_m],
            "vcsw": [$_z], "ivcsw": [$_z], "status": [$_z]}}]}
EOT
}
# series N MEAN SPREAD FACTOR: N times around MEAN, deterministic spread.
series() {
	awk -v n="$1" -v m="$2" -v s="$3" -v f="$4" \
	    'BEGIN { for (i = 0; i < n; i++) printf "%.9g ", f * (m + s * (i % 5 - 2)) }'
}
summary() { jq -c "select(.metric == \"bench.summary\") | $1" "$T/out"; }

mkbase "$T/known.json" known 2 4 4 4 5 5 7 9
run pm-bench --load "$T/known.json"
is "$rc" 0 "--load: exit 0"
is "$(summary '[.runs, .mean, .median, .min, .max, .p90, .p95, .p99]')" \
    "[8,5,4.5,2,9,7.6,8.3,8.86]" "statistics of 2 4 4 4 5 5 7 9 exactly"
is "$(summary '[.stddev, .ci_low, .ci_high]')" \
    "[2.1380899352994,3.21251208176379,6.78748791823621]" \
    "  sample standard deviation and the Student t 95% interval"
is "$(summary '[.max_rss, .failures, .outliers, .labels.name]')" \
    '[1048576,0,0,"known"]' "  max_rss, failures, outliers and name"
run pm-bench --load "$T/known.json" --confidence 99%
is "$(summary '[.confidence, (.ci_low < 3.2)]')" "[0.99,true]" \
    "--confidence 99%: a wider interval"

series 30 0.010 0.0001 1 >"$T/w"
# shellcheck disable=SC2046
mkbase "$T/base.json" prog $(cat "$T/w")
# shellcheck disable=SC2046
mkbase "$T/slow.json" prog $(series 30 0.010 0.0001 1.30)
# shellcheck disable=SC2046
mkbase "$T/same.json" prog $(series 30 0.010 0.0001 1.01)
# shellcheck disable=SC2046
mkbase "$T/fast.json" prog $(series 30 0.010 0.0001 0.70)
# shellcheck disable=SC2046
mkbase "$T/noisy-base.json" prog $(series 30 0.010 0.004 1)
# shellcheck disable=SC2046
mkbase "$T/noisy.json" prog $(series 30 0.010 0.004 1.30)

run pm-bench --load "$T/slow.json" --baseline-file "$T/base.json" --fail-on slower
is "$rc" 1 "30% slower, --fail-on slower: exit 1"
like "$err" "prog: slower than the baseline \(\+30.0%, p = " "  says so"
is "$(summary '[.verdict, .change, .baseline_runs, .baseline, .baseline_p95, .threshold]')" \
    '["slower",0.3,30,0.01,0.0102,0.05]' "  the summary holds the verdict and the baseline"
like "$err" "Baseline: .* → \+30.0% \(p = .*\): slower" "  the report shows it"
run pm-bench --load "$T/slow.json" --baseline-file "$T/base.json"
is "$rc" 0 "30% slower without --fail-on: exit 0"
run pm-bench --load "$T/slow.json" --baseline-file "$T/base.json" \
    --fail-on slower --threshold 40%
is "$rc:$(summary .verdict)" '0:"same"' \
    "30% slower, --threshold 40%: within the threshold, same"
run pm-bench --load "$T/same.json" --baseline-file "$T/base.json" \
    --fail-on slower,inconclusive
is "$rc:$(summary .verdict)" '0:"same"' "a real 1% slowdown: same"
run pm-bench --load "$T/fast.json" --baseline-file "$T/base.json" --fail-on slower
is "$rc:$(summary .verdict)" '0:"faster"' "30% faster: faster, exit 0"
run pm-bench --load "$T/fast.json" --baseline-file "$T/base.json" --fail-on faster
is "$rc" 1 "--fail-on faster: exit 1"
run pm-bench --load "$T/noisy.json" --baseline-file "$T/noisy-base.json" \
    --fail-on slower
is "$rc:$(summary .verdict)" '0:"inconclusive"' \
    "30% slower but too noisy to tell: inconclusive, not a failure"
run pm-bench --load "$T/noisy.json" --baseline-file "$T/noisy-base.json" \
    --fail-on slower,inconclusive
is "$rc" 1 "--fail-on inconclusive: exit 1"
like "$err" "prog: inconclusive against the baseline \(\+30.0%, p = " "  says so"

# Absolute gates.
run pm-bench --load "$T/known.json" --fail-if 'p95 > 8s' --fail-if 'max_rss > 2MiB'
is "$rc" 1 "--fail-if 'p95 > 8s' on a p95 of 8.3 s: exit 1"
run pm-bench -q --load "$T/known.json" --fail-if 'p95 > 8s' --fail-if 'max_rss > 2MiB'
is "$err" "pm-bench: known: p95 > 8s" "  only the gate that fails is reported"
run pm-bench -q --load "$T/known.json" --fail-if 'p95 > 9s' --fail-if 'max_rss >= 1MiB'
is "$rc:$err" "1:pm-bench: known: max_rss >= 1MiB" "--fail-if max_rss: exit 1, says which"
run pm-bench -q --load "$T/known.json" --fail-if 'p95 > 9s' --fail-if 'mean <= 4900ms' \
    --fail-if 'failures > 0'
is "$rc:$err" "0:" "gates that hold: exit 0"

# Refused comparisons.
# shellcheck disable=SC2046
mkbase "$T/other-name.json" other $(cat "$T/w")
run pm-bench -q --load "$T/other-name.json" --baseline-file "$T/base.json"
is "$rc" 2 "a command not in the baseline: exit 2"
like "$err" "other: not in the baseline" "  says so"
sed 's/"runs": 30}/"runs": 10}/' "$T/base.json" >"$T/other.json"
run pm-bench -q --load "$T/slow.json" --baseline-file "$T/other.json"
is "$rc" 2 "different settings: exit 2"
like "$err" "setting runs differs: 30 now, 10 in the baseline" "  says which"
sed 's|"./prog"|"./prog -O2"|' "$T/base.json" >"$T/other.json"
run pm-bench -q --load "$T/slow.json" --baseline-file "$T/other.json"
like "$rc:$err" "^2:.*prog: the command differs: './prog' now, './prog -O2'" \
    "a different command line: refused"
echo '{"format": "x"}' >"$T/bad.json"
run pm-bench -q --load "$T/slow.json" --baseline-file "$T/bad.json"
like "$rc:$err" "^2:.*bad.json: not a pm-bench baseline file" "a file that is not a baseline: exit 2"

# Round trip: save real runs, compare real runs with them.
run pm-bench -q -r 5 -P n=1,2 --name 'n{n}' --save-baseline-file "$T/saved.json" 'true {n}'
is "$rc" 0 "--save-baseline-file: exit 0"
is "$(jq -c '[.format, .version, .settings.runs, (.commands | map([.name, .command, .parameters.n, (.runs.wall | length), (.runs.max_rss | length)]))]' "$T/saved.json")" \
    '["pm-bench",1,5,[["n1","true 1","1",5,5],["n2","true 2","2",5,5]]]' \
    "  the file holds every run of every command"
run pm-bench -q --load "$T/saved.json" --baseline-file "$T/saved.json" \
    --fail-on slower,faster
is "$rc:$(summary '[.change, .p_value]' | tr '\n' ' ')" '0:[0,1] [0,1] ' \
    "  compared with itself: no change (same, or inconclusive with 5 runs)"
jq -c '[.commands[] | .runs.wall]' "$T/saved.json" >"$T/w1"
run pm-bench -q --load "$T/saved.json" --save-baseline-file "$T/again.json"
is "$(jq -c '[.commands[] | .runs.wall]' "$T/again.json")" "$(cat "$T/w1")" \
    "  loaded and saved again: the same times"
run pm-bench -q -r 5 -P n=1,2 --name 'n{n}' --baseline-file "$T/saved.json" 'true {n}'
is "$rc:$(summary .baseline_runs | tr '\n' ' ')" "0:5 5 " \
    "  new runs compared with the saved ones"
run pm-bench -q -r 3 -P n=1,2 --name 'n{n}' --baseline-file "$T/saved.json" 'true {n}'
is "$rc" 2 "  with other settings (-r 3): refused"

done_testing
