#!/bin/sh
# pm-export -f markdown: a plain table of points, a comparison table of
# benchmark summaries (records as pm-bench writes them), escaping so that
# no value starts markup, a link or HTML; GitHub's own renderer
# (cmark-gfm, Debian package cmark-gfm) shows what was meant.
. "$(dirname "$0")/../lib.sh"

E=$FIX/export

if command -v cmark-gfm >/dev/null 2>&1; then
	ok 0 "cmark-gfm is installed"
else
	ok 1 "cmark-gfm is installed (scripts/install-deps test)"
fi
# The cells of a rendered table, one a line, as text.
cells() {
	cmark-gfm -e table | sed -n 's/^<t[dh][^>]*>\(.*\)<\/t[dh]>$/\1/p' |
	    sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&amp;/\&/g'
}

# Plain points: one row each; the value column right-aligned; a line
# break in a label becomes a space; '|' escaped; a row without ts or host
# leaves the cell empty.
printf '%b\n' '| ts | host | metric | value | unit | labels |' \
	'|---|---|---|---:|---|---|' \
	'| 2026-11-22T10:00:00.000Z | web-1 | cpu.usage | 23.1 | percent | cpu=total |' \
	'| 2026-11-22T10:00:00.000Z | web-1 | mem.used | 1073741824 | bytes |  |' \
	'| 2026-11-22T10:00:00.500Z | wéb 2,"eu" | net.rx.bytes | -0.5 | bytes/s | interface=eth0, note=a,b "c" d=e |' \
	"| 2026-11-22T10:00:01.000Z | =cmd\\\\|' /C calc'!A0 | app.latency | 250 | ms | path=/a=b c, formula==1+2, neg=-5, tab=\\tx, ünï=ça |" \
	'|  |  | load.1m | 1.5 |  |  |' \
	'| 2026-11-22T10:00:02.000Z | web-1 | cpu.usage | 24.5 | percent | cpu=total |' >"$T/want"
run pm-export -f markdown "$E/points.ndjson"
same_file "$T/want" "$T/out" "points: exact table"
is "$rc" 0 "points: exit 0"
is "$(cells <"$T/out" | sed -n 26p)" "=cmd|' /C calc'!A0" "points: cmark-gfm reads the '|' as text"
is "$(cells <"$T/out" | wc -l | tr -d ' ')" 42 "points: 7 rows of 6 cells"

# Columns empty throughout are left out; --ts-format and --precision.
printf '%s\n' '{"ts":"2026-11-22T10:00:00Z","metric":"a","value":3.14159}' \
	'{"ts":"2026-11-22T10:00:01.250Z","metric":"b","value":2}' >"$T/p.ndjson"
printf '%s\n' '| ts | metric | value |' '|---|---|---:|' \
	'| 2026-11-22 11:00:00 | a | 3.14 |' '| 2026-11-22 11:00:01.250 | b | 2 |' >"$T/want"
TZ=Europe/Paris pm-export -f markdown --ts-format local --precision 2 "$T/p.ndjson" >"$T/out"
same_file "$T/want" "$T/out" "no host, unit, labels: those columns left out; local time; precision"

# Markup in values is escaped: the text comes out as it was.
printf '%s\n' '{"metric":"m","value":1,"host":"<b>x</b>","labels":{"k":"*a* _b_ [l](http://u) `c` &amp; ~d~ \\ |p| <img src=x>"}}' >"$T/m.ndjson"
run pm-export -f markdown "$T/m.ndjson"
is "$(sed -n 3p "$T/out")" '| \<b\>x\</b\> | m | 1 | k=\*a\* \_b\_ \[l\](http://u) \`c\` \&amp; \~d\~ \\ \|p\| \<img src=x\> |' \
	"markup: escaped"
is "$(cells <"$T/out" | tail -2 | paste -sd'#' -)" \
	'1#k=*a* _b_ [l](http://u) `c` &amp; ~d~ \ |p| <img src=x>' \
	"markup: cmark-gfm renders the text as it was (no link, no HTML)"
cmark-gfm -e table <"$T/out" >"$T/html"
is "$(grep -c '<a \|<img\|<em>\|<strong>\|<code>\|<del>' "$T/html")" 0 "markup: no tag made"

# Benchmark records, as pm-bench writes them: the single runs (a "run"
# member) are left out; each summary ("mean") is a row; seconds shown in
# ms as the fastest mean (53.1 ms) suits; mean ± stddev; pm-bench's
# relative (1.99 ± 0.05: its own, not the 1.98 ± 0.04 the means would
# give) and change (0.051 = +5.1%); the baseline mean;
# the verdict.  The name goes in a code span (a backtick inside: a double
# fence; '|' still escaped for the table).  Other points: a plain table
# after.
cat >"$T/want" <<'EOF'
| Command | Mean [ms] | Min [ms] | Max [ms] | p95 [ms] | Relative | Baseline [ms] | Change | Verdict |
|:---|---:|---:|---:|---:|---:|---:|---:|:---|
| `sleep 0.1` | 105.2 ± 0.6 | 104.3 | 106.6 | 106.4 | 1.99 ± 0.05 | 100.1 | +5.1% | slower |
| ``grep `x` \| wc`` | 53.1 ± 1.1 | 51.9 | 55.2 | 54.9 | 1.00 | 53.0 | +0.2% | same |

| ts | host | metric | value | unit | labels |
|---|---|---|---:|---|---|
| 2026-11-22T10:00:01.000Z | ci \<b\> | mem.used | 1000 | bytes | note=\*x\* \_y\_ \[l\](u) \`c\` \& \~z\~ \\ \|p\| |
EOF
run pm-export -f markdown "$E/bench.ndjson"
same_file "$T/want" "$T/out" "benchmark: comparison table, then the other points"
is "$(cells <"$T/out" | sed -n 19p)" '<code>grep `x` | wc</code>' \
	"benchmark: cmark-gfm shows the name as code, whole"

# Summaries without pm-bench's own figures: the relative speed is
# computed (hyperfine's error propagation), "baseline" may be an object,
# and the change is computed from it; no verdict column without one;
# a mean over 1 s stays in s.
printf '%s\n' \
	'{"metric":"t","value":2,"unit":"seconds","labels":{"name":"a"},"mean":2,"stddev":0.1,"baseline":{"mean":2.5}}' \
	'{"metric":"t","value":4,"unit":"seconds","labels":{"name":"b"},"mean":4,"stddev":0.4}' >"$T/s.ndjson"
cat >"$T/want" <<'EOF'
| Command | Mean [s] | Relative | Baseline [s] | Change |
|:---|---:|---:|---:|---:|
| `a` | 2.0 ± 0.1 | 1.00 | 2.5 | -20.0% |
| `b` | 4.0 ± 0.4 | 2.00 ± 0.22 |  |  |
EOF
run pm-export -f markdown "$T/s.ndjson"
same_file "$T/want" "$T/out" "summaries: relative computed (2 x sqrt(0.05^2 + 0.1^2) = 0.22)"

# Empty input: nothing.
run pm-export -f markdown </dev/null
is "$out" "" "empty input: no table"
is "$rc" 0 "empty input: exit 0"

done_testing
