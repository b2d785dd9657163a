#!/bin/sh
# pm-bench --sample: every run record carries the system's figures over that
# run.  The system is a fixture (tests/fixtures/bench-sys: PM_NOW pins the
# clock, so reading k of /proc reads proc.k) and two GPUs of the stand-in
# NVML library, so every figure is exact.  pm-bench reads before and after
# every run: readings 0 and 1 for the first run, 2 and 3 for the second...
. "$(dirname "$0")/../lib.sh"

nvml_stub
F=$FIX/bench-sys
export PM_NOW=$PM_FIXTURE_NOW
bench() {
	PM_NVML_STUB_CONFIG=$F/nvml.conf run pm-bench -q --json --sample \
	    --procfs "$F/proc" --sysfs "$F/sys" "$@"
}
walls() { jq -c "select(.metric == \"bench.wall\") | $1" "$T/out"; }
FIGS='[.labels.name, .run, .system_cpu, .system_mem, .gpu_util, .gpu_mem, .gpu0_util, .gpu0_mem, .gpu1_util, .gpu1_mem]'

# Run 1: CPU 25% (25 of 100 ticks busy), 4000000 kB in use, GPU 0 at 25%
# with 1 GiB, GPU 1 at 5% with 512 MiB.  Run 2: 50%, 5000000 kB, 50% and
# 2 GiB, 10% and GPU 1's memory unknown ([N/A]).  Run 3: no CPU tick
# between the readings, 6000000 kB, 75% and 4 GiB, 15% and 512 MiB.
PM_NVML_LIBRARY=$STUB bench -r 3 true
# Warnings about the runs' times (a slow first run, outliers) depend on
# the machine's load, not on what is tested here.
is "$rc:$(printf '%s\n' "$err" | grep -v ': warning: ')" "0:" \
    "--sample with a fixture system and two GPUs: exit 0, no error"
is "$(walls "$FIGS")" \
'["true",1,25,4096000000,15,1610612736,25,1073741824,5,536870912]
["true",2,50,5120000000,30,2147483648,50,2147483648,10,null]
["true",3,null,6144000000,45,4831838208,75,4294967296,15,536870912]' \
    "  every run record: CPU, memory, the GPUs' mean and sum, each GPU's"
is "$(walls '[has("system_cpu"), has("gpu1_mem")]' | tr '\n' ' ')" \
    '[true,true] [true,false] [false,true] ' \
    "  a figure not sampled is left out, not null"
is "$(jq -r 'select(.metric == "bench.wall") | keys_unsorted | join(",")' "$T/out" | head -n 1)" \
    "ts,host,metric,value,unit,labels,run,user,sys,max_rss,vcsw,ivcsw,exit_status,system_cpu,system_mem,gpu_util,gpu_mem,gpu0_util,gpu0_mem,gpu1_util,gpu1_mem" \
    "  members in order: the run's, the system's, then GPU by GPU"
is "$(jq -c 'select(.metric == "bench.summary") | [.system_cpu_mean, .system_cpu_max, .system_mem_mean, .system_mem_max, .gpu_util_mean, .gpu_util_max, .gpu_mem_max]' "$T/out")" \
    '[37.5,50,5120000000,6144000000,30,45,4831838208]' \
    "  the summary: mean and max of the runs' figures"
cp "$T/out" "$T/records"

# The records go on through the other tools.
run pm-export -f json "$T/records"
is "$rc:$(jq -c ".[] | select(.metric == \"bench.wall\") | $FIGS" "$T/out" | sed -n 2p)" \
    '0:["true",2,50,5120000000,30,2147483648,50,2147483648,10,null]' \
    "pm-export -f json keeps every figure"
run pm-export -f csv "$T/records"
is "$rc:$(wc -l <"$T/out")" "0:5" "pm-export -f csv: a row per record"
run pm-query --db "$T/db" --insert "$T/records"
is "$rc:$err" "0:" "pm-query --insert takes the records"
run pm-query --db "$T/db" -m 'bench.*' -s 2026-11-22T09:00:00Z
is "$rc:$(jq -r .metric "$T/out" | sort -u | tr '\n' ' ')" \
    "0:bench.summary bench.wall " "  and has them"

# Interleaved, each command's records get the figures of its own runs:
# a's runs read 0-1 and 4-5, b's 2-3 and 6-7 (ROOT again: no tick).
PM_NVML_LIBRARY=$STUB bench -r 2 --interleave --name a --name b true true
is "$(walls '[.labels.name, .run, .system_cpu, .system_mem, .gpu0_util]')" \
'["a",1,25,4096000000,25]
["a",2,null,6144000000,75]
["b",1,50,5120000000,50]
["b",2,null,1024000000,75]' "--interleave: each run its own figures"

# Without GPUs, the system's figures only.
bench -r 3 true
is "$rc:$(walls '[.run, .system_cpu, .system_mem, ([keys[] | select(startswith("gpu"))] | length)]' | tr '\n' ' ')" \
    '0:[1,25,4096000000,0] [2,50,5120000000,0] [3,null,6144000000,0] ' \
    "no GPU: CPU and memory per run, no GPU member"

run pm-bench -q --json -r 2 true
is "$rc:$(jq -c 'select(.metric == "bench.wall") | [has("system_cpu"), has("system_mem"), has("gpu_util")]' "$T/out" | sort -u)" \
    "0:[false,false,false]" "without --sample: no system figures"

run pm-bench -q -r 2 --procfs "$F/proc" true
like "$rc:$err" "^2:pm-bench: --procfs and --sysfs go with --sample" \
    "--procfs without --sample: usage error"
run pm-bench -q --url http://127.0.0.1:1/ --sysfs "$F/sys"
like "$rc:$err" "^2:pm-bench: --procfs and --sysfs go with --sample" \
    "--sysfs with --url: usage error"
run pm-bench -q -r 2 --sample --procfs "$T/none" true
is "$rc:$err" "2:pm-bench: --sample: cpu: not available on this system (CPU usage, total and per core, from /proc/stat)" \
    "--procfs where there is no /proc: exit 2, said so"

done_testing
