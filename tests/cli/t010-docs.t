#!/bin/sh
# The docs cannot drift from the code: for every command, the man page's
# SYNOPSIS is its usage, its options are the option table's, the committed
# completions are what the command prints now (t015 drives them in each
# shell).
# pm-points(5)'s metric table covers every point pm-sample writes.
. "$(dirname "$0")/../lib.sh"

MAN=$PM_TOP/man
VERSION=$(sed -n 's/^VERSION *= *//p' "$PM_TOP/Makefile")

# Words on one line, single spaces: layout is the renderer's business.
squash() {
	tr -s ' \t\n' '   ' | sed 's/^ //; s/ $//'
}

# The SYNOPSIS as mandoc renders it, overstrike removed.
synopsis() { # synopsis MANPAGE
	mandoc -Tascii "$1" | col -b |
	    awk '/^SYNOPSIS/ { f = 1; next } /^[^ \t]/ { f = 0 } f' | squash
}

# The usage lines of --help (up to the first blank line), without "usage:".
usage() { # usage COMMAND
	"$1" --help | awk 'NF == 0 { exit } { print }' | sed '1s/^usage: //' |
	    squash
}

# The options a command's bash completion offers, one a line.
completion_opts() { # completion_opts COMMAND
	"$1" --completion bash |
	    sed -n "s/.*compgen -W '\(-[^']*\)' -- .*/\1/p" | tr ' ' '\n'
}

# One section of an mdoc source.
section() { # section NAME MANPAGE
	awk -v s=".Sh $1" '$0 == s { f = 1; next } /^\.Sh / { f = 0 } f' "$2"
}

have() { command -v "$1" >/dev/null 2>&1; }

for p in "$PM_BIN"/pm-*; do
	[ -x "$p" ] || continue
	c=${p##*/}
	m=$MAN/$c.1
	if [ ! -f "$m" ]; then
		ok 1 "$c: man/$c.1 exists"
		continue
	fi
	ok 0 "$c: man/$c.1 exists"

	if have mandoc && have col; then
		is "$(synopsis "$m")" "$(usage "$c")" \
			"$c: SYNOPSIS of $c(1) is the usage of --help"
	else
		skip "mandoc or col not installed"
	fi

	completion_opts "$c" >"$T/opts"
	like "$(cat "$T/opts")" '^-' "$c: bash completion lists the options"
	section OPTIONS "$m" >"$T/options"
	like "$(wc -l <"$T/options")" '[1-9]' "$c: $c(1) has an OPTIONS section"
	missing=
	for o in $(cat "$T/opts"); do
		# "-x" is "Fl x" in mdoc, "--long" is "Fl -long".
		grep -Eq "Fl ${o#-}( |$)" "$T/options" || missing="$missing $o"
	done
	is "$missing" "" "$c: every option in the table is in OPTIONS of $c(1)"
	extra=
	for o in $(grep -oE 'Fl -?[A-Za-z0-9][A-Za-z0-9-]*' "$T/options" |
	    sed 's/^Fl /-/' | sort -u); do
		grep -qx -- "$o" "$T/opts" || extra="$extra $o"
	done
	is "$extra" "" "$c: every option in OPTIONS of $c(1) is in the table"

	for s in bash zsh fish; do
		f=$PM_TOP/$(cd "$PM_TOP" && scripts/completion-path "$s" "$c")
		"$c" --completion "$s" >"$T/gen"
		if [ -f "$f" ]; then
			same_file "$f" "$T/gen" \
				"$c: committed $s completion is current (make completions)"
		else
			ok 1 "$c: committed $s completion exists ($f)"
		fi
	done

	run "$c" --version
	is "$out" "$c $VERSION" "$c: --version prints \"$c $VERSION\""
done

# pm-sample(1) describes each collector it has.
cols=$(pm-sample --completion bash |
    sed -n "/^	-c|--collectors)/,/return/s/.*-W '\([^']*\)'.*/\1/p")
like "$cols" 'cpu' "pm-sample: collectors listed in its completion"
missing=
for c in $cols; do
	grep -q "^\.It Cm $c\$" "$MAN/pm-sample.1" || missing="$missing $c"
done
is "$missing" "" "pm-sample(1) describes every collector"

# pm-points(5): every point pm-sample writes, from the fixtures and from
# this machine, has a row in the metric table with its unit and labels.
# Rows: ".It METRIC Ta UNIT Ta LABELS Ta MEANING"; \(em is none.
awk '/^\.Ss Metrics/ { f = 1 } f && /^\.El/ { exit }
	f && /^\.It [a-z]+\./ {
		split(substr($0, 5), c, / Ta /)
		u = c[2] == "\\(em" ? "" : c[2]
		l = c[3] == "\\(em" ? "" : c[3]
		gsub(/ /, "", l)
		n = split(l, k, ",")
		for (i = 2; i <= n; i++)	# sort the label names
			for (j = i; j > 1 && k[j - 1] > k[j]; j--) {
				t = k[j]; k[j] = k[j - 1]; k[j - 1] = t
			}
		l = ""
		for (i = 1; i <= n; i++)
			l = l (i > 1 ? "," : "") k[i]
		print c[1] "\t" u "\t" l
	}' "$MAN/pm-points.5" | sort -u >"$T/table"
like "$(wc -l <"$T/table")" '[0-9][0-9]' "pm-points(5): metric table parsed"

if have jq; then
	{
		[ -d "$FIX/sys1" ] && sample_fixture sys1 -a -n 1
		for f in amdgpu npu; do
			[ -d "$FIX/$f" ] && sample_fixture "$f" -a -n 2
		done
		[ -d "$FIX/procs" ] && sample_fixture procs -n 1 --top 3 -p 1
		# A command's points; its summary repeats them with a label.
		pm-sample -c load -- true | grep -v '"summary":'
		pm-sample -a -i 50ms -n 1
	} 2>/dev/null |
	    jq -r '[.metric, (.unit // ""), ((.labels // {}) | keys | join(","))]
		| @tsv' |
	    sed 's/^pressure\.[a-z]*\./pressure.RES./' | sort -u >"$T/emitted"
	like "$(wc -l <"$T/emitted")" '[0-9][0-9]' "pm-sample wrote points"
	comm -23 "$T/emitted" "$T/table" >"$T/undoc"
	is "$(cat "$T/undoc")" "" \
		"pm-points(5): every metric written has its row (metric unit labels)"
else
	for i in 1 2; do skip "jq not installed"; done
fi

done_testing
