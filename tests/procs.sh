# Helpers for tests that signal a tool and look at what is left: source
# after lib.sh.

# lines FILE: FILE is not empty, ends with a newline, and every line is a
# JSON object.
lines() {
	[ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ] &&
		jq -e 'type == "object"' "$1" >/dev/null
}
# alive PID: the process exists and is not a zombie.
alive() {
	_s=$(ps -o stat= -p "$1" 2>/dev/null)
	[ -n "$_s" ] && [ "${_s#Z}" = "$_s" ]
}
# group PGID: the live processes of that process group.
group() {
	ps -e -o pgid=,stat=,pid= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { print $3 }'
}
# finish PID: wait (bounded, wait_for) for our child PID to end; its
# status in rc (KILL and 255 when it did not end by itself).
finish() {
	if wait_for "! alive $1"; then
		wait "$1"
		rc=$?
	else
		kill -9 "$1" 2>/dev/null
		wait "$1"
		rc=255
	fi
}
