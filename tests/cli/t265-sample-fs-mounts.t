#!/bin/sh
# The fs collector re-reads the mount table only when the kernel says it
# changed (poll on /proc/mounts): a mount made while pm-sample runs must
# show up in the next sample, and go when it is unmounted.  Done in a
# private mount namespace, so the host's table is never touched.
. "$(dirname "$0")/../lib.sh"

if ! unshare -m true 2>/dev/null; then
	skip "no private mount namespaces here (needs root)"
	done_testing
	exit
fi
mkdir -p "$T/mnt"
unshare -m sh -c '
	mount --make-rprivate / 2>/dev/null
	pm-sample -a -c fs -i 100ms -n 30 >"$1/out" &
	pid=$!
	sleep 1
	mount -t tmpfs -o size=4m pmtest "$1/mnt"
	sleep 1
	umount "$1/mnt"
	wait $pid
' sh "$T"
ok $? "pm-sample ran while a tmpfs came and went"
jq -r 'select(.metric == "fs.size") | "\(.ts) \(.labels.mountpoint)"' "$T/out" >"$T/seen"
nts=$(cut -d' ' -f1 "$T/seen" | sort -u | wc -l)
is "$nts" 30 "every sample reported filesystems"
with=$(grep -c " $T/mnt\$" "$T/seen")
ok $(( with > 0 && with < 30 ? 0 : 1 )) "the tmpfs appears in some samples, not all ($with of 30)"
first=$(grep -n " $T/mnt\$" "$T/seen" | head -1 | cut -d: -f1)
last=$(grep -n " $T/mnt\$" "$T/seen" | tail -1 | cut -d: -f1)
between=$(sed -n "${first},${last}p" "$T/seen" | cut -d' ' -f1 | sort -u | wc -l)
is "$between" "$with" "it is in every sample between its first and last"
is "$(jq -r 'select(.labels.mountpoint == "'"$T/mnt"'" and .metric == "fs.size") | .value' "$T/out" | sort -u)" \
	4194304 "its size is the 4 MiB it was mounted with"
done_testing
