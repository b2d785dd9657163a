#!/bin/sh
# pm-status -w on a real terminal, driven in tmux and read back with
# capture-pane: the first screen is the view -w writes into a pipe, a
# resize redraws it at the new width, space and the interval bring new
# readings (the sparklines of -w's own history filling a cell a reading),
# q, Ctrl-C and SIGTERM end it, and the terminal is as it was (alternate
# screen left, modes restored).  Every wait polls the pane, with a
# deadline.
. "$(dirname "$0")/../lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	ok 1 "tmux is installed (Debian package tmux)"
	done_testing
	exit
fi

F=$FIX/sys1
# A tmux server of this test's own, a shell in its one pane; UTF-8 so
# the view's bars come back as they are.
tm() { LC_ALL=C.UTF-8 tmux -u -S "$T/tmux" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT
screen() { tm capture-pane -p -t pm "$@"; }
# The pane's text without the blank lines below it.
shown() { screen | awk '{ l[NR] = $0 } NF { n = NR }
	END { for (i = 1; i <= n; i++) print l[i] }'; }
alt() { tm display-message -p -t pm '#{alternate_on}'; }
# wait_screen GREP-PATTERN: until a line of the pane matches (30 s at most).
wait_screen() { wait_for "screen | grep -q -- '$1'"; }
# wait_same FILE: until the pane shows exactly FILE (30 s at most).
wait_same() { wait_for "shown >'$T/shown' && cmp -s '$1' '$T/shown'"; }

ARGS="-H fixture --procfs $F/proc --sysfs $F/sys --rootfs $F/rootfs -c cpu,mem,load,disk,net"
piped() { # piped COLUMNS N: the views of -w 5m -n N into a pipe
	COLUMNS=$1 PM_NOW=$PM_FIXTURE_NOW NO_COLOR=1 pm-status $ARGS -w 5m -n $2
}
piped 100 1 >"$T/v100"
piped 120 1 >"$T/v120"
piped 80 1 >"$T/v80"
# Reading 2 at 80 columns: the second of two views.
piped 80 2 | awk 'n { print } /^$/ { n = 1 }' >"$T/v80.2"

tm new-session -d -x 100 -y 40 -s pm "env -i PATH='$PATH' HOME='$T' \
	HISTFILE= TERM=screen LC_ALL=C.UTF-8 PS1='$ ' bash --norc --noprofile"
wait_screen '^\$'
ok $? "a shell in tmux"
tm send-keys -t pm "stty -g >'$T/stty.before'; echo before-watch" Enter
wait_screen '^before-watch'
ok $? "something on the screen before pm-status"

# -w 5m: no new reading comes by itself while the test looks.
tm send-keys -t pm "PM_NOW=$PM_FIXTURE_NOW NO_COLOR=1 pm-status $ARGS -w 5m; echo rc=\$?" Enter
like "$(grep '^Mem' "$T/v100")" '  ▃ (→|↑|↓)  ' "first view: one cell of history"
wait_same "$T/v100"
r=$?
ok $r "first screen: the view at 100 columns, exactly"
[ $r -eq 0 ] || sed 's/^/# /' "$T/shown"
is "$(alt)" 1 "the alternate screen while watching"
is "$(screen | grep -c 'before-watch')" 0 "the shell's lines are hidden"

tm resize-window -t pm -x 120
wait_same "$T/v120"
ok $? "resized to 120 columns: the view follows, exactly"
tm resize-window -t pm -x 80
wait_same "$T/v80"
ok $? "resized to 80 columns: narrower, nothing left over"

# Space: the next reading now, 5 minutes on (pinned clock).
tm send-keys -t pm ' '
wait_same "$T/v80.2"
r=$?
ok $r "space: the next reading drawn over the last one, exactly"
[ $r -eq 0 ] || sed 's/^/# /' "$T/shown"
like "$(screen | grep '^Mem')" ' ▃▃ (→|↑|↓)  ' "the sparkline has grown a cell"

tm send-keys -t pm C-c
wait_screen '^rc='
ok $? "Ctrl-C ends it"
is "$(screen | grep '^rc=')" "rc=1" \
	"the exit status of the last view (a warning)"
is "$(alt)" 0 "the alternate screen is left"
is "$(screen | grep -c '^before-watch')" 1 "the shell's screen is back"
tm send-keys -t pm "stty -g >'$T/stty.after'; echo after-watch" Enter
wait_screen '^after-watch'
same_file "$T/stty.before" "$T/stty.after" "the terminal's modes are restored"

# Colour on a terminal that has it: critical bold red, warning yellow.
tm send-keys -t pm clear Enter
tm send-keys -t pm "PM_NOW=$PM_FIXTURE_NOW pm-status $ARGS -w 5m" Enter
wait_screen '^fixture  2026-11-22T10:00:00.250Z'
ok $? "in colour: first screen"
wait_for "screen -e | grep -q 'nvme0n1'"
like "$(screen -e | grep 'nvme0n1')" "$(printf '\033')\\[[0-9;]*31m.*100\\.0 %" \
	"critical in red"
like "$(screen -e | grep '^Alert')" "$(printf '\033')\\[[0-9;]*33mwarning" \
	"warning in yellow"
is "$(screen -e | grep 'vda' | grep -c "$(printf '\033')\\[[0-9;]*3[13]m")" 0 \
	"a healthy line uncoloured"
tm send-keys -t pm q
wait_for "[ \"\$(alt)\" = 0 ]"
ok $? "q ends it, the alternate screen is left"

# -w 1: readings come by themselves, each drawn in place.
tm send-keys -t pm clear Enter
tm send-keys -t pm "PM_NOW=$PM_FIXTURE_NOW NO_COLOR=1 pm-status $ARGS -w 1; echo rc=\$?" Enter
wait_screen '^fixture  2026-11-22T10:00:02.250Z'
ok $? "-w 1: the third reading comes by itself"
is "$(screen | grep -c '^fixture ')" 1 "one header on the screen"
kill -TERM "$(pgrep -f "pm-status $ARGS -w 1" | head -1)" 2>/dev/null
wait_screen '^rc='
ok $? "SIGTERM ends it"
is "$(alt)" 0 "after SIGTERM the alternate screen is left"

done_testing
