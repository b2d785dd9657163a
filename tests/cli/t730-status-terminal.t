#!/bin/sh
# pm-status on a terminal (through script(1)): colours by severity,
# NO_COLOR, --color, and -w redrawing in place.
. "$(dirname "$0")/../lib.sh"

command -v script >/dev/null || { echo "1..0 # skip no script(1)"; exit 0; }

F=$FIX/sys1
ESC=$(printf '\033')
# on_tty COMMAND: run it on a pseudo-terminal; its output, CR LF made LF.
on_tty() {
	script -qec "$1" /dev/null </dev/null | tr -d '\r'
}
VIEW="PM_NOW=$PM_FIXTURE_NOW COLUMNS=80 pm-status -H fixture --procfs $F/proc --sysfs $F/sys -c disk,net"

# sys1: nvme0n1 100 % busy (critical: bold red), eth0 4 errors/s (warning:
# yellow), the rest plain.
on_tty "env -u NO_COLOR $VIEW" >"$T/tty"
sed "s/$ESC/<ESC>/g" "$T/tty" >"$T/got"
cat >"$T/want" <<'EOT'
fixture  2026-11-22T10:00:00.250Z
Disk  vda          [######......]  50.0 %  read 4.0 MiB/s  write 2.0 MiB/s
      nvme0n1      [<ESC>[1;31m############<ESC>[m] <ESC>[1;31m100.0 %<ESC>[m  read 15.6 MiB/s  write 0 B/s
      cciss/c0d0   [............]   0.4 %  read 14.0 KiB/s  write 48.0 KiB/s
Net   eth0         rx 4.8 MiB/s  tx 977 KiB/s  errors in <ESC>[33m4/s<ESC>[m  out 0/s
      wlp3s0       rx 12 B/s  tx 28 B/s  errors in 0/s  out 0/s
      br-01234567~ rx 3.9 KiB/s  tx 7.8 KiB/s  errors in 0/s  out 0/s
Alert <ESC>[1;31mcritical<ESC>[m disk.busy nvme0n1 <ESC>[1;31m100.0 %<ESC>[m (> 95)
Alert <ESC>[33mwarning<ESC>[m  net.rx.errors eth0 <ESC>[33m4/s<ESC>[m (> 0)
EOT
same_file "$T/want" "$T/got" "terminal: critical bold red, warning yellow"

# NO_COLOR on a terminal, and --color never: the plain view.
on_tty "NO_COLOR=1 $VIEW" >"$T/nocolor"
sed 's/<ESC>\[[0-9;]*m//g' "$T/want" >"$T/plain"
same_file "$T/plain" "$T/nocolor" "NO_COLOR=1 on a terminal: no colour"
on_tty "$VIEW --color never" >"$T/never"
same_file "$T/plain" "$T/never" "--color never on a terminal: no colour"
# Not a terminal: no colour, unless --color always.
env -u NO_COLOR sh -c "$VIEW" >"$T/pipe"
same_file "$T/plain" "$T/pipe" "not a terminal: no colour"
env -u NO_COLOR sh -c "$VIEW --color always" | sed "s/$ESC/<ESC>/g" >"$T/always"
same_file "$T/want" "$T/always" "--color always: colour even into a pipe"
NO_COLOR= sh -c "$VIEW --color auto" >"$T/empty"
same_file "$T/plain" "$T/empty" "an empty NO_COLOR is no NO_COLOR (and a pipe: none)"

# -w on a terminal: curses on the alternate screen (t770 reads it back
# in tmux); it is entered once and left at the end.
SMCUP=$(TERM=xterm tput smcup | sed "s/$ESC/<ESC>/g")
RMCUP=$(TERM=xterm tput rmcup | sed "s/$ESC/<ESC>/g")
on_tty "TERM=xterm NO_COLOR=1 $VIEW -w 100ms -n 3" | sed "s/$ESC/<ESC>/g" >"$T/watch"
is "$(grep -cF "$SMCUP" "$T/watch")" 1 "-w on a terminal: the alternate screen entered once"
is "$(tail -c 100 "$T/watch" | grep -cF "$RMCUP")" 1 "and left at the end"
is "$(grep -c '<ESC>\[2J' "$T/watch")" 1 "the screen cleared once, never again"
# A terminal terminfo does not know: said, then views as into a pipe.
on_tty "TERM=nosuch NO_COLOR=1 $VIEW -w 100ms -n 2" >"$T/unknown"
like "$(head -1 "$T/unknown")" "^pm-status: TERM=nosuch: unknown to terminfo; one view after another$" \
	"-w, TERM unknown: said so"
is "$(grep -c '^fixture  2026-11-22T10:00:0' "$T/unknown")" 2 "and the views one after another"
# -w elsewhere: plain views, a blank line between them.
eval "NO_COLOR=1 $VIEW -w 1s -n 2" >"$T/plainwatch"
is "$(grep -c "$ESC" "$T/plainwatch")" 0 "-w into a pipe: no escapes"
is "$(grep -c '^$' "$T/plainwatch")" 1 "-w into a pipe: a blank line between views"

# SIGINT ends -w at once, with the status of the last view.  A job that
# bash starts in the background begins with SIGINT ignored, until
# pm-status sets its handler (later than 0.5 s under valgrind): the signal
# is sent again until pm-status has ended (gone, as bash reaps its jobs, or
# a zombie).
on_tty "pm-status -c load -w 10s --warn load.1m= --crit load.1m= & p=\$!; i=0; while [ \$i -lt 300 ]; do sleep 0.5; kill -INT \$p 2>/dev/null || break; sleep 0.1; [ -e /proc/\$p ] || break; [ \"\$(sed 's/.*) //' /proc/\$p/stat | cut -c1)\" = Z ] && break; i=\$((i+1)); done; kill -KILL \$p 2>/dev/null; wait \$p; echo rc=\$?" >"$T/int"
like "$(tail -1 "$T/int")" "rc=0$" "SIGINT during -w: ends, exit status of the last view"

done_testing
