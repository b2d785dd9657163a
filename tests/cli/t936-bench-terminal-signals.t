#!/bin/sh
# pm-bench at a real terminal (a tmux pane, read back with capture-pane):
# Ctrl-C reaches pm-bench alone, not the run (which is in a process group
# of its own, out of the terminal's foreground group), and pm-bench stops
# it: the run's trap for SIGINT never fires, its child is killed, the
# report of the runs done is on the screen, exit 130.  With --show-output
# and "stty tostop" a run still writes to the terminal.  Every wait polls,
# with a deadline.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../procs.sh"

if ! command -v tmux >/dev/null 2>&1; then
	ok 1 "tmux is installed (Debian package tmux)"
	done_testing
	exit
fi

tm() { LC_ALL=C.UTF-8 tmux -u -S "$T/tmux" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null
for p in $(cat "$T/left" 2>/dev/null); do
	[ "$(ps -o args= -p $p)" = "sleep 300" ] && kill -9 $p
done 2>/dev/null; rm -rf "$T"' EXIT
screen() { tm capture-pane -p -t pm -S -100; }
wait_screen() { wait_for "screen | grep -q -- '$1'"; }

tm new-session -d -x 120 -y 50 -s pm "env -i PATH='$PATH' HOME='$T' T='$T' \
	HISTFILE= TERM=screen LC_ALL=C.UTF-8 PS1='$ ' sh"
wait_screen '^\$'
ok $? "a shell in tmux"

# Two quick runs, then one that traps SIGINT (it would write
# $T/trapped), starts sleep 300 and waits.
: >"$T/c"
cat >"$T/run.sh" <<'EOF'
n=$(wc -l <"$T/c")
echo x >>"$T/c"
[ "$n" -lt 2 ] && exit 0
trap 'echo INT >>"$T/trapped"' INT
sleep 300 &
echo $! >>"$T/left"
echo $! >"$T/gc.tmp"
mv "$T/gc.tmp" "$T/gc"
wait
wait
EOF
tm send-keys -t pm "NO_COLOR=1 pm-bench -r 5 --name slow -- sh \"\$T/run.sh\"; echo rc=\$?" Enter
wait_for "[ -s '$T/gc' ]"
ok $? "the third run waits"
tm send-keys -t pm C-c
wait_screen '^rc='
ok $? "Ctrl-C ends pm-bench"
is "$(screen | grep '^rc=')" "rc=130" "exit 130"
like "$(screen)" "Benchmark 1: slow" "the report is on the screen"
like "$(screen | grep 'Range')" " 2 runs" "of the two runs done"
ok "$( [ ! -e "$T/trapped" ]; echo $?)" "the run got no SIGINT from the terminal"
wait_for "! alive $(cat "$T/gc")"
ok $? "the run's child is killed"

# --show-output with tostop: the run is out of the foreground group and
# still writes to the terminal.
tm send-keys -t pm "stty tostop; pm-bench -q -r 1 --show-output -- echo from-the-run; echo rc2=\$?; stty -tostop" Enter
wait_screen '^rc2='
ok $? "--show-output with tostop: pm-bench ends"
is "$(screen | grep -c '^from-the-run$'):$(screen | grep '^rc2=')" "1:rc2=0" \
	"--show-output with tostop: the run wrote to the terminal, exit 0"

done_testing
