# Helpers for the CLI tests: plain TAP for prove.  Source it, call plan N
# (or done_testing at the end), then ok/is/cmp_ok_file...
#
# PM_BIN: the binaries under test (make test sets it; defaults to ./bin).
# T: a fresh scratch folder, removed at exit.

PM_TOP=${PM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
PM_BIN=${PM_BIN:-$PM_TOP/bin}
PATH=$PM_BIN:$PATH
FIX=$PM_TOP/tests/fixtures
GOLDEN=$PM_TOP/tests/golden
export LC_ALL=C TZ=UTC PATH
unset PM_NOW PM_DB PM_DB_TIMEOUT PM_NVML_STUB_CONFIG
# No GPU tool of this machine takes part unless a test names it: NVML and
# nvidia-smi are the stand-ins a test sets, or missing.
PM_NVML_LIBRARY=/nonexistent/libnvidia-ml.so.1
PM_NVIDIA_SMI=/nonexistent/nvidia-smi
export PM_NVML_LIBRARY PM_NVIDIA_SMI
T=$(mktemp -d "${TMPDIR:-/tmp}/pm-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
_n=0
_failed=0

plan() { echo "1..$1"; }
done_testing() { echo "1..$_n"; [ "$_failed" -eq 0 ]; }

ok() { # ok CONDITION-STATUS DESCRIPTION
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		_failed=$((_failed + 1))
	fi
}

is() { # is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2"
	fi
}

skip() { # skip REASON: a check this machine cannot run
	_n=$((_n + 1))
	echo "ok $_n # skip $1"
}

like() { # like GOT REGEX DESCRIPTION
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:  %s\n#   want match: %s\n' "$1" "$2"
	fi
}

same_file() { # same_file WANT-FILE GOT-FILE DESCRIPTION
	if diff -u "$1" "$2" >"$T/diff" 2>&1; then
		ok 0 "$3"
	else
		ok 1 "$3"
		sed 's/^/# /' "$T/diff" | head -40
	fi
}

# run CMD...: run a command, keeping its stdout, stderr and status in
# $T/out, $T/err and $rc.
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

# wait_for CONDITION: evaluate a shell condition every 20 ms until it
# holds; 1 if it still does not after 30 s.  For tests that wait on
# something another process does: never sleep a fixed time instead.
wait_for() {
	_w=0
	while ! eval "$1"; do
		_w=$((_w + 1))
		[ $_w -gt 1500 ] && return 1
		sleep 0.02
	done
}

# Replay a fixture root: pm-sample with its clock pinned.
PM_FIXTURE_NOW=2026-11-22T10:00:00Z
sample_fixture() { # sample_fixture FIXTURE-NAME [pm-sample options]
	_f=$FIX/$1
	shift
	PM_NOW=$PM_FIXTURE_NOW pm-sample -H fixture --procfs "$_f/proc" \
		--sysfs "$_f/sys" --rootfs "$_f/rootfs" "$@"
}

# The stand-in NVML library (tests/stand-in/README): the one make built
# (PM_STANDIN), else built here; in STUB.  Skips the whole test when it
# cannot be built.
nvml_stub() {
	if [ -n "${PM_STANDIN:-}" ] && [ -f "$PM_STANDIN/libnvidia-ml-stub.so" ]; then
		STUB=$PM_STANDIN/libnvidia-ml-stub.so
		return 0
	fi
	STUB=$T/libnvidia-ml-stub.so
	${CC:-cc} -std=c17 -D_GNU_SOURCE -O1 -shared -fPIC -o "$STUB" \
		"$PM_TOP/tests/stand-in/nvml_stub.c" || {
		echo "1..0 # skip cannot build the stand-in NVML library"
		exit 0
	}
}

# same_threads DESCRIPTION CMD...: CMD with PM_THREADS=1, then with 2, 4
# and the default: one test each, that stdout, stderr and the exit status
# are those of one thread, byte for byte.
same_threads() {
	_d=$1
	shift
	PM_THREADS=1 "$@" >"$T/out1" 2>"$T/err1"
	_rc1=$?
	for _t in 2 4 default; do
		if [ "$_t" = default ]; then
			(unset PM_THREADS; "$@") >"$T/outN" 2>"$T/errN"
		else
			PM_THREADS=$_t "$@" >"$T/outN" 2>"$T/errN"
		fi
		_rcN=$?
		cmp -s "$T/out1" "$T/outN" && cmp -s "$T/err1" "$T/errN" &&
		    [ "$_rc1" = "$_rcN" ]
		ok $? "$_d: threads $_t as one"
	done
}
