#!/bin/sh
# pm-bench --sample: the system's CPU, memory and GPUs sampled around every
# run, mean and max per command.  The GPUs are the stand-in NVML library
# (tests/stand-in/nvml_stub.c, as in t270), so their figures are exact; the
# CPU's are this machine's, so only their range is checked.
. "$(dirname "$0")/../lib.sh"

nvml_stub
summary() { jq -c "select(.metric == \"bench.summary\") | $1" "$T/out"; }

# Two GPUs: utilization 37 and 3 at the first reading after priming, then
# 41 and 0; memory 20480 + 512 MiB, then 20992 + 512 MiB (nvml-2gpu.conf).
# Each run takes two readings (before and after), so the first run of the
# first command sees the first values and every later run the last ones.
PM_NVML_STUB_CONFIG=$FIX/gpu/nvml-2gpu.conf PM_NVML_LIBRARY=$STUB \
    run pm-bench --json -r 5 --sample 'sleep 0.05' true
is "$rc" 0 "--sample with two stand-in GPUs: exit 0"
is "$(summary '[.labels.name, .gpu_util_mean, .gpu_util_max, .gpu_mem_mean, .gpu_mem_max]')" \
    '["sleep 0.05",20.4,20.5,22441204121.6,22548578304]
["true",20.5,20.5,22548578304,22548578304]' \
    "  GPU utilization (mean of the GPUs) and memory (summed): exact"
is "$(summary '.system_cpu_mean >= 0 and .system_cpu_mean <= .system_cpu_max and .system_cpu_max <= 100' | head -n 1)" \
    true "  system CPU utilization over a 50 ms run: 0 ≤ mean ≤ max ≤ 100"
is "$(summary '.system_mem_mean > 0 and .system_mem_mean <= .system_mem_max' | sort -u)" \
    true "  system memory in use: mean ≤ max"
like "$err" "System: *CPU [0-9.]+% mean, [0-9.]+% max; memory .* max; GPU 20.4% mean, 20.5% max; GPU memory 20.9 GiB mean, 21.0 GiB max" \
    "  the report says it"
is "$(jq -c 'select(.metric == "bench.wall" and .labels.name == "true") | [.gpu_util, .gpu0_util, .gpu1_util, .gpu_mem, has("gpu_util_mean")]' "$T/out" | sort -u)" \
    '[20.5,41,0,22548578304,false]' \
    "  every run record has the run's own figures (t636 has more)"

# No GPU here, whatever this machine has (tests/lib.sh: no NVML, no
# nvidia-smi), and no AMD GPU either.
run pm-bench --json -r 3 --sample --sysfs "$FIX/bench-sys/sys" true
is "$rc:$(summary '[.gpu_util_mean, .gpu_mem_max, (.system_mem_max > 0)]')" \
    "0:[null,null,true]" "no GPU: no GPU figures"
run pm-bench --json -r 3 true
is "$(summary '[has("system_mem_mean"), has("system_cpu_mean")]')" \
    "[false,false]" "without --sample: no system figures"

run pm-bench --sample --load "$T/none.json"
is "$rc" 2 "--sample with --load: usage error"
run pm-bench --sample --url http://127.0.0.1:1/
is "$rc" 2 "--sample with --url: usage error"

done_testing
