#!/bin/sh
# make install puts binaries, man pages and completions where a package
# wants them under DESTDIR, without rebuilding what is under test; make
# uninstall takes every file away again.
. "$(dirname "$0")/../lib.sh"

if ! command -v make >/dev/null 2>&1; then
	echo "1..0 # SKIP make not installed"
	exit 0
fi

# A hermetic make: nothing from a make that runs this test (make test
# SANITIZE=1 ...) leaks in.  -o all: install what PM_BIN holds, never
# rebuild it first.
pm_make() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$PM_TOP" \
		--no-print-directory -o all DESTDIR="$T/root" PREFIX=/usr \
		BIN="$PM_BIN" "$@"
}

R=$T/root/usr
ls -l --time-style=full-iso "$PM_BIN" >"$T/bin-before"

run pm_make install
is "$rc" 0 "make install exits 0"
[ "$rc" -eq 0 ] || sed 's/^/# /' "$T/err"

for p in "$PM_BIN"/pm-*; do
	[ -x "$p" ] || continue
	c=${p##*/}
	[ -x "$R/bin/$c" ]
	ok $? "$c installed in bin, executable"
	[ -f "$R/share/man/man1/$c.1" ]
	ok $? "$c(1) installed in share/man/man1"
	[ -f "$R/share/bash-completion/completions/$c" ]
	ok $? "$c bash completion installed"
	[ -f "$R/share/zsh/site-functions/_$c" ]
	ok $? "$c zsh completion installed"
	[ -f "$R/share/fish/vendor_completions.d/$c.fish" ]
	ok $? "$c fish completion installed"

	# Each installed piece works: the binary runs, man -l renders the
	# page, and the installed bash completion completes an option.
	run "$R/bin/$c" --version
	like "$out" "^$c [0-9]" "installed $c runs"
	if command -v man >/dev/null 2>&1; then
		run man -l "$R/share/man/man1/$c.1"
		is "$rc:$(printf '%s\n' "$out" | col -b | grep -c '^SYNOPSIS$')" "0:1" \
			"man -l shows the installed $c(1)"
	else
		skip "man not installed"
	fi
	if command -v bash >/dev/null 2>&1; then
		out=$(bash --norc --noprofile -c 'source "$1"; COMP_WORDS=("$2" --hel)
			COMP_CWORD=1; "_${2//-/_}"; echo "${COMPREPLY[*]}"' bash \
			"$R/share/bash-completion/completions/$c" "$c")
		is "$out" "--help" "installed $c bash completion completes --hel"
	else
		skip "bash not installed"
	fi
done
[ -f "$R/share/man/man5/pm-points.5" ]
ok $? "pm-points(5) installed in share/man/man5"
[ -f "$R/share/man/man7/pm.7" ]
ok $? "pm(7) installed in share/man/man7"
same_file "$PM_TOP/man/pm.7" "$R/share/man/man7/pm.7" \
	"installed pm(7) is man/pm.7"
if command -v man >/dev/null 2>&1; then
	run man -l "$R/share/man/man7/pm.7"
	is "$rc:$(printf '%s\n' "$out" | col -b | grep -c '^RECIPES$')" "0:1" \
		"man -l shows the installed pm(7)"
else
	skip "man not installed"
fi

same_file "$PM_TOP/man/pm-sample.1" "$R/share/man/man1/pm-sample.1" \
	"installed pm-sample(1) is man/pm-sample.1"

ls -l --time-style=full-iso "$PM_BIN" >"$T/bin-after"
same_file "$T/bin-before" "$T/bin-after" "make install rebuilt nothing in PM_BIN"

run pm_make uninstall
is "$rc" 0 "make uninstall exits 0"
[ "$rc" -eq 0 ] || sed 's/^/# /' "$T/err"
is "$(cd "$T/root" && find . ! -type d | sort)" "" \
	"make uninstall removes every installed file"

done_testing
