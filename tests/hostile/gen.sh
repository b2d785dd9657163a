#!/bin/sh
# Big hostile inputs, made at test time (never committed):
#   gen.sh longline BYTES   one point whose label value makes a line of BYTES (and a newline)
#   gen.sh labels N         one point with N labels
#   gen.sh series N         N points, each a series of its own (label id)
# Each writes to standard output.
set -e
case $1 in
longline)
	# {"ts":...,"metric":"hostile.big",...,"labels":{"k":"aaa..."}}: 80 bytes
	# around the value.
	printf '{"ts":"2026-11-22T10:00:00Z","metric":"hostile.big","value":1,"labels":{"k":"'
	head -c $(($2 - 80)) /dev/zero | tr '\0' a
	printf '"}}\n'
	;;
labels)
	awk -v n="$2" 'BEGIN {
		printf "{\"ts\":\"2026-11-22T10:00:00Z\",\"metric\":\"hostile.labels\",\"value\":1,\"labels\":{"
		for (i = 0; i < n; i++)
			printf "%s\"k%d\":\"v%d\"", i ? "," : "", i, i
		printf "}}\n"
	}'
	;;
series)
	awk -v n="$2" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "{\"ts\":%d,\"host\":\"h%d\",\"metric\":\"hostile.card\",\"value\":%d,\"labels\":{\"id\":\"s%d\"}}\n", 1795341600 + i % 60, i % 100, i % 1000, i
	}'
	;;
*)
	echo "usage: gen.sh longline BYTES | labels N | series N" >&2
	exit 2
	;;
esac
