#!/bin/sh
# The committed completions of every tool really complete, in bash, fish
# and zsh: every option from its prefix, the values of options whose values
# are known (formats, collectors, aggregations...), files and folders where
# an option takes one, and metric and host names from the store for -m/-H.
. "$(dirname "$0")/../lib.sh"

COMP=$PM_TOP/completions
have() { command -v "$1" >/dev/null 2>&1; }

# A store with known names, and a folder with a file and a folder in it.
PM_DB=$T/store.db
export PM_DB
printf '%s\n' '{"metric":"cpu.usage","value":1,"host":"web1"}' \
    '{"metric":"gpu.util","value":2,"host":"gpu7"}' \
    '{"metric":"gpu.mem.used","value":3,"host":"gpu7"}' |
    pm-query --insert || echo "# store not made"
printf '%s\n' '{"metric":"other.metric","value":1,"host":"db9"}' |
    pm-query --db "$T/other.db" --insert || echo "# other store not made"
mkdir -p "$T/w/sub dir" && : >"$T/w/file one"

# Every option with a fixed set of values: "COMMAND OPTION WORD..." lines,
# from the generated bash script (the other shells are checked against it).
for c in pm-sample pm-bench pm-query pm-export pm-alert pm-status; do
	"$c" --completion bash | awk -v c="$c" '
		/^\t[-a-zA-Z|]+\)$/ { opt = $1; sub(/\)$/, "", opt); sub(/.*\|/, "", opt) }
		/compgen .*-W '\''[^-]/ && opt != "" {
			w = $0; sub(/.*-W '\''/, "", w); sub(/'\''.*/, "", w)
			print c, opt, w; opt = "" }'
done >"$T/words"
like "$(cat "$T/words")" 'pm-export --format csv' "value lists found"

# --- bash -------------------------------------------------------------
# bash_run COMMAND SCRIPT: run SCRIPT in a bash that sourced COMMAND's
# completion ($0 is COMMAND); comp WORD... sets COMPREPLY for the last word.
bash_run() {
	bash --norc --noprofile -c '
		source "$1"
		comp() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
			"_${COMP_WORDS[0]//-/_}"; }
		eval "$2"' "$1" "$COMP/bash/$1" "$2"
}

if have bash; then
	for c in pm-sample pm-bench pm-query pm-export pm-alert pm-status; do
		# Each option, long and short, completes from itself and from
		# its first letters.
		"$c" --help | sed -n 's/^  *\(-[a-zA-Z]\), \(--[a-z-]*\).*/\1 \2/p;
		    s/^  *\(--[a-z-]*\).*/\1/p' | tr ' ' '\n' | sed '/^$/d' \
		    >"$T/opts.$c"
		miss=$(bash_run "$c" '
			while read -r o; do
				comp "$0" "${o:0:4}"
				[[ " ${COMPREPLY[*]} " == *" $o "* ]] || echo "$o"
			done' <"$T/opts.$c")
		n=$(wc -l <"$T/opts.$c")
		is "$miss" "" "bash: $c completes each of its $n options from a prefix"

		# Each value list, whole and from a prefix.
		miss=$(grep "^$c " "$T/words" | bash_run "$c" '
			while read -r c o w; do
				comp "$c" "$o" ""
				[[ "${COMPREPLY[*]}" == "$w" ]] || echo "$o: ${COMPREPLY[*]}"
				first=${w%% *}
				comp "$c" "$o" "${first:0:2}"
				[[ " ${COMPREPLY[*]} " == *" $first "* ]] || echo "$o ${first:0:2}"
			done')
		is "$miss" "" "bash: $c completes the values of its options"
	done

	is "$(cd "$T/w" && bash_run pm-export 'comp pm-export -o ""
	    printf "%s\n" "${COMPREPLY[@]}"' | sort)" "$(printf 'file one\nsub dir')" \
		"bash: pm-export -o offers files whole"
	is "$(cd "$T/w" && bash_run pm-export 'comp pm-export --spool ""
	    printf "%s\n" "${COMPREPLY[@]}"')" "sub dir" \
		"bash: pm-export --spool offers only folders"
	is "$(bash_run pm-query 'comp pm-query -m ""; echo "${COMPREPLY[*]}"')" \
		"cpu.usage gpu.mem.used gpu.util" "bash: pm-query -m offers the store's metrics"
	is "$(bash_run pm-query 'comp pm-query --metric gpu.m; echo "${COMPREPLY[*]}"')" \
		"gpu.mem.used" "bash: pm-query --metric gpu.m offers gpu.mem.used"
	is "$(bash_run pm-query 'comp pm-query -H ""; echo "${COMPREPLY[*]}"')" \
		"gpu7 web1" "bash: pm-query -H offers the store's hosts"
	is "$(bash_run pm-query "comp pm-query --db '$T/other.db' -m ''
	    echo \"\${COMPREPLY[*]}\"")" "other.metric" \
		"bash: pm-query --db FILE -m offers that store's metrics"
	is "$(bash_run pm-query "comp pm-query --db = '$T/other.db' -m o
	    echo \"\${COMPREPLY[*]}\"")" "other.metric" \
		"bash: pm-query --db=FILE -m o offers that store's metrics"
	is "$(bash_run pm-export 'comp pm-export --counter c; echo "${COMPREPLY[*]}"')" \
		"cpu.usage" "bash: pm-export --counter offers the store's metrics"
	is "$(PM_DB=$T/none.db bash_run pm-query 'comp pm-query -m ""
	    echo "${#COMPREPLY[@]}"')" "0" \
		"bash: pm-query -m with no store offers nothing, quietly"
else
	for i in $(seq 21); do skip "bash not installed"; done
fi

# --- fish -------------------------------------------------------------
# fish_run COMMAND SCRIPT: SCRIPT in a fish that loaded COMMAND's
# completion; comp LINE prints the candidates (without descriptions).
fish_run() {
	fish --no-config -c "source '$COMP/fish/$1.fish'
		function comp; complete -C \$argv[1] | cut -f1; end
		$2"
}

if have fish; then
	for c in pm-sample pm-bench pm-query pm-export pm-alert pm-status; do
		# fish offers short options after a lone dash.
		miss=$(fish_run "$c" "
			set -l short (comp '$c -')
			for o in (cat '$T/opts.$c')
				switch \$o
				case '--*'
					contains -- \$o (comp '$c '(string sub -l 4 -- \$o))
				case '*'
					contains -- \$o \$short
				end
				or echo \$o
			end")
		is "$miss" "" "fish: $c completes each of its options from a prefix"
		grep "^$c " "$T/words" | while read -r cc o w; do
			echo "$o"
			echo "$w" | tr ' ' '\n' | sort
		done >"$T/want.$c"
		got=$(grep "^$c " "$T/words" | while read -r cc o w; do
			echo "$o"
			fish_run "$c" "comp '$c $o '" | sed 's/.*,//' | sort -u
		done)
		# A list option offers its words after a comma too.
		is "$got" "$(cat "$T/want.$c")" "fish: $c completes the values of its options"
	done
	is "$(cd "$T/w" && fish_run pm-export "comp 'pm-export --spool '")" "sub dir/" \
		"fish: pm-export --spool offers only folders"
	is "$(fish_run pm-query "comp 'pm-query -m '" | paste -sd ' ' -)" \
		"cpu.usage gpu.mem.used gpu.util" "fish: pm-query -m offers the store's metrics"
	is "$(fish_run pm-query "comp 'pm-query -H '" | paste -sd ' ' -)" \
		"gpu7 web1" "fish: pm-query -H offers the store's hosts"
	is "$(fish_run pm-query "comp 'pm-query --db $T/other.db -m '")" \
		"other.metric" "fish: pm-query --db FILE -m offers that store's metrics"
	is "$(fish_run pm-query "comp 'pm-query --db=$T/other.db --metric='")" \
		"--metric=other.metric" "fish: --db=FILE --metric= offers that store's metrics"
	is "$(fish_run pm-export "comp 'pm-export --counter g'" | paste -sd ' ' -)" \
		"gpu.mem.used gpu.util" "fish: pm-export --counter offers the store's metrics"
else
	for i in $(seq 18); do skip "fish not installed"; done
fi

# pm-sample's own cases: a list after a comma, --opt=value split at the
# '=' by bash, folders with blanks kept whole.
if have bash; then
	is "$(bash_run pm-sample 'comp pm-sample -c cpu,m; echo "${COMPREPLY[*]}"')" \
		"cpu,mem" "bash: pm-sample -c cpu,m offers cpu,mem"
	# bash splits "--collectors=cpu,m" at the '=' (COMP_WORDBREAKS).
	is "$(bash_run pm-sample 'comp pm-sample --collectors = cpu,m; echo "${COMPREPLY[*]}"')" \
		"cpu,mem" "bash: --collectors=cpu,m offers cpu,mem"
	is "$(bash_run pm-sample 'comp pm-sample --completion = z; echo "${COMPREPLY[*]}"')" \
		"zsh" "bash: --completion=z offers zsh"
	is "$(cd "$T/w" && bash_run pm-sample 'comp pm-sample --procfs ""
	    printf "%s\n" "${COMPREPLY[@]}"')" "sub dir" \
		"bash: --procfs offers folders whole"
else
	for i in 1 2 3 4; do skip "bash not installed"; done
fi
if have fish; then
	is "$(fish_run pm-sample "comp 'pm-sample -c cpu,m'" | head -n 1)" "cpu,mem" \
		"fish: -c cpu,m offers cpu,mem"
	is "$(fish_run pm-sample "comp 'pm-sample --completion '" | sort | paste -sd ' ' -)" \
		"bash fish zsh" "fish: --completion offers the shells"
else
	for i in 1 2; do skip "fish not installed"; done
fi

# --- zsh: compinit, and a real TAB typed into an interactive zsh -------
cat >"$T/zc.zsh" <<'EOF'
# zc.zsh FPATH-DIR LINE WANT: type LINE and a TAB, wait (10 s at most) for
# WANT on the screen, and print what the terminal showed.
setopt extendedglob
zmodload zsh/zpty || exit 2
zpty z zsh -f -i || exit 2
zpty -w z "unset zle_bracketed_paste; PROMPT='zp> '; fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D; print RE''ADY"
wait_for() {
	local i chunk
	for i in {1..1000}; do
		zpty -r -t z chunk && out+=$chunk
		out=${${out//$'\e'\[[0-9;?]#[A-Za-z]/}//[$'\b\r']/}
		[[ $out == $~1 ]] && return 0
		sleep 0.01
	done
	return 1
}
out=
wait_for '*READY*zp> *' || { print -r -- "no prompt: $out"; exit 2; }
out=
zpty -w -n z "$2"$'\t'
wait_for "*${(b)3}*"
shown=$out
out=
zpty -w -n z $'\C-e\C-u'
zpty -w z "print -r -- EN''D"
wait_for '*END*zp> *'
zpty -d z
print -r -- "$shown"
EOF
zsh_complete() { # zsh_complete LINE WANT
	zsh -f "$T/zc.zsh" "$COMP/zsh" "$1" "$2"
}

if have zsh; then
	run zsh -f -c "fpath=('$COMP/zsh' \$fpath); autoload -U compinit
		compinit -u -D
		for c in pm-sample pm-bench pm-query pm-export pm-alert pm-status
		do print -r -- \$c=\${_comps[\$c]}; done"
	is "$out" "$(for c in pm-sample pm-bench pm-query pm-export pm-alert pm-status
		do echo "$c=_$c"; done)" "zsh: compinit binds every tool's completion"
	like "$(zsh_complete 'pm-bench --warm' '--warmup')" '--warmup' \
		"zsh: pm-bench --warm offers --warmup"
	like "$(zsh_complete 'pm-export -f prom' 'prometheus')" \
		'pm-export -f prometheus' "zsh: pm-export -f prom completes to prometheus"
	like "$(zsh_complete 'pm-query -a avg,p9' 'p95')" 'p95' \
		"zsh: pm-query -a avg,p9 offers p95"
	like "$(zsh_complete 'pm-alert --check --ru' '--rule')" '--check --rule' \
		"zsh: pm-alert --ru completes to --rule"
	like "$(zsh_complete 'pm-status --ti' '--timeout')" '--timeout' \
		"zsh: pm-status --ti offers --timeout"
	like "$(zsh_complete 'pm-query -m gpu.m' 'gpu.mem.used')" \
		'pm-query -m gpu.mem.used' "zsh: pm-query -m gpu.m completes from the store"
	like "$(zsh_complete "pm-query --db $T/other.db -m o" 'other.metric')" \
		'-m other.metric' "zsh: pm-query --db FILE -m o completes from that store"
	like "$(zsh_complete 'pm-query -H w' 'web1')" 'pm-query -H web1' \
		"zsh: pm-query -H w completes the store's host"
	# '*' outside the quotes was a glob that nullglob deleted with the
	# whole -l/--label spec.
	like "$(zsh_complete 'pm-sample --lab' '--label')" '--label' \
		"zsh: pm-sample --lab offers --label (repeatable option)"
	like "$(zsh_complete 'pm-sample -c cpu,m' 'cpu,mem,')" \
		'pm-sample -c cpu,mem,' "zsh: pm-sample -c cpu,m completes to cpu,mem,"
else
	for i in $(seq 11); do skip "zsh not installed"; done
fi

done_testing
