#!/bin/sh
# pm-bench: the order of runs and hooks, --interleave, parameter lists and
# scans, --input and --shell.  Commands append to a log to show the order.
. "$(dirname "$0")/../lib.sh"

L=$T/log
log() { tr '\n' ' ' <"$L"; rm -f "$L"; }
app() { echo "sh -c 'echo $1 >> $L'"; }

run pm-bench -q -w 1 -r 2 --setup "$(app S)" --prepare "$(app p)" \
    --conclude "$(app c)" --cleanup "$(app C)" "$(app r)"
is "$rc" 0 "hooks: exit 0"
is "$(log)" "S p r c p r c p r c C " \
    "setup once, prepare and conclude around every run (warmup too), cleanup once"

run pm-bench -q -r 3 "$(app A)" "$(app B)"
is "$(log)" "A A A B B B " "without --interleave: one command after the other"
run pm-bench -q -r 3 -w 1 --interleave "$(app A)" "$(app B)"
is "$(log)" "A B A B A B A B " "--interleave: A B A B ... (the warmup too)"
run pm-bench -q -m 3 --min-time 1ns --interleave --setup "$(app S)" \
    --cleanup "$(app C)" "$(app A)" "$(app B)"
is "$(log)" "S S A B A B A B C C " \
    "--interleave: setups before, cleanups after, the same number of runs"

# A needs at most 5 runs for --min-time (0.1 s each), B 10 (-M): together
# both take 10.
run pm-bench -q -m 1 -M 10 --min-time 500ms --interleave \
    "sh -c 'sleep 0.1; echo A >> $L'" "$(app B)"
is "$(log)" "A B A B A B A B A B A B A B A B A B A B " \
    "--interleave: every command runs as often as the one that needs most"

run pm-bench -q -r 1 -P size=s,l --scan n=1:3 --name '{size}{n}' \
    "$(app '{size}-{n}')"
is "$rc" 0 "-P and --scan: exit 0"
is "$(log)" "s-1 s-2 s-3 l-1 l-2 l-3 " \
    "every combination, the first parameter varying slowest"
is "$(jq -r 'select(.metric=="bench.summary") | [.labels.name, .labels.size, .labels.n] | @tsv' "$T/out" | tr '\t\n' ', ')" \
    "s1,s,1 s2,s,2 s3,s,3 l1,l,1 l2,l,2 l3,l,3 " \
    "each combination a record with its parameters as labels and its --name"
run pm-bench -q -r 1 --scan x=0:1:0.5 --prepare "$(app 'p{x}')" "$(app '{x}')"
is "$(log)" "p0 0 p0.5 0.5 p1 1 " "a scan with a fraction; placeholders in hooks too"

printf 'one\ntwo\n' >"$T/in"
run pm-bench -q -r 2 --input "$T/in" -- sh -c 'cat >> "$1"' sh "$L"
is "$(log)" "one two one two " "--input: every run reads the file from the start"
run pm-bench -q -r 1 -- sh -c 'read x; echo "[$x]" >> "$1"' sh "$L"
is "$(log)" "[] " "without --input: stdin is /dev/null"
run pm-bench -q -r 1 -- sh -c 'echo out; echo err >&2'
is "$(grep -c '^out$' "$T/out")$err" "0" "the command's output is discarded"
run pm-bench -q -r 1 --show-output -- sh -c 'echo out; echo err >&2'
is "$(grep -c '^out$' "$T/out"):$err" "1:err" "--show-output: it is not"

run pm-bench -q -r 2 --shell sh "echo sh >> $L; echo and >> $L"
is "$rc" 0 "--shell sh: exit 0"
is "$(log)" "sh and sh and " "--shell: the command line goes to sh -c"
run pm-bench -r 7 --shell sh true
like "$err" "warning: true: under 5 ms through a shell" \
    "--shell with a fast command: a warning"
run pm-bench -q -r 1 --shell pm-bench-no-such-shell true
is "$rc" 2 "--shell that does not run: exit 2"

# The command is looked up in PATH once, at its first run: after --setup.
mkdir "$T/bin"
printf '#!/bin/sh\necho made >> "%s"\n' "$L" >"$T/made"
chmod +x "$T/made"
run env PATH="$T/bin:$PATH" pm-bench -q -r 2 --setup "cp $T/made $T/bin/made-by-setup" \
    made-by-setup
is "$rc:$(log)" "0:made made " "a command that --setup makes is found"

run pm-bench -q -r 1 --setup false true
is "$rc" 2 "a failing hook: exit 2"
like "$err" "--setup: 'false' failed with status 1" "  says which"

done_testing
