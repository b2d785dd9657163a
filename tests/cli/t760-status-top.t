#!/bin/sh
# pm-status --top: the processes using most CPU and most memory, from the
# procs fixture replayed at a pinned time (see tests/fixtures/procs/README:
# proc -> proc.1 over 0.25 s at 100 ticks a second).
. "$(dirname "$0")/../lib.sh"

F=$FIX/procs
top() { PM_NOW=$PM_FIXTURE_NOW COLUMNS=80 NO_COLOR=1 pm-status -H fixture \
	--procfs "$F/proc" --sysfs "$F/sys" --rootfs "$F/rootfs" -c cpu "$@"; }

# Most CPU: 100 (45 ticks = 180 %), 105 (born since: 15 ticks = 60 %), 102
# (8 = 32 %); most memory: 100 (2 GiB), 103 (25000 pages), 106 (a reused
# pid, "ld" now: 5000 pages).
run top --top 3
is "$rc:$err" "0:" "--top 3 on the procs fixture"
printf '%s\n' "$out" | grep -A6 '^Top' >"$T/got"
cat >"$T/want" <<'EOT'
Top   by CPU      180.0 %   2.0 GiB      100 python3
                   60.0 %   7.8 MiB      105 make
                   32.0 %   5.9 MiB      102 nginx
      by memory   180.0 %   2.0 GiB      100 python3
                    8.0 %  97.7 MiB      103 a-very-long-pro
                   20.0 %  19.5 MiB      106 ld
EOT
same_file "$T/want" "$T/got" "--top 3: by CPU, then by memory, exact"

run top --top 1
is "$(printf '%s\n' "$out" | grep -c '^Top\|^      by')" 2 "--top 1: one line of each"
run top
is "$(printf '%s\n' "$out" | grep -c '^Top')" 0 "no --top: no processes"

# --json: "processes" with "cpu" and "memory".
top --top 2 --json >"$T/json"
is "$(jq -c '.processes' "$T/json")" \
	'{"cpu":[{"pid":100,"comm":"python3","cpu":180,"rss":2097152000},{"pid":105,"comm":"make","cpu":60,"rss":8192000}],"memory":[{"pid":100,"comm":"python3","cpu":180,"rss":2097152000},{"pid":103,"comm":"a-very-long-pro","cpu":8,"rss":102400000}]}' \
	"--json: the top processes, exact"
is "$(top --json | jq -r 'has("processes")')" false "--json without --top: no processes"

# --points: the proc.* points of the processes shown.
is "$(top --top 2 --points | jq -r 'select(.metric == "proc.cpu") | .labels.pid' | paste -sd ' ' -)" \
	"100 105 103" "--points: proc.cpu of each process shown"

for n in 0 101 x; do
	run pm-status --top "$n"
	is "$rc:$err" "2:pm-status: --top: '$n' is not a number from 1 to 100
Try 'pm-status --help' for more information." "--top $n: usage error"
done

done_testing
