#!/bin/sh
# pm-export -f svg and -f html: exact SVG for a small input, the structure
# of a report (a chart per metric, a line per series, the summary table,
# the time range, escaping, nothing fetched from the network), XML
# well-formedness with xmllint, and a screenshot in headless Chromium that
# must show the charts.  Without xmllint (Debian libxml2-utils), chromium
# or python3-pil this test fails: it does not skip.
. "$(dirname "$0")/../lib.sh"

PY=/usr/bin/python3

if command -v xmllint >/dev/null 2>&1; then
	ok 0 "xmllint is installed"
else
	ok 1 "xmllint is installed (Debian package libxml2-utils)"
fi

# --- svg: exact output.  Two series (hosts a and b), 10 s apart: value
# ticks 0..4, time ticks every 2 s, no unit on the axis since the units
# differ, one polyline per series in the first two colours, a legend.
printf '%s\n' '{"ts":"2026-11-22T10:00:00Z","host":"a","metric":"m","value":1}' \
	'{"ts":"2026-11-22T10:00:10Z","host":"a","metric":"m","value":3}' \
	'{"ts":"2026-11-22T10:00:00Z","host":"b","metric":"m","value":2,"unit":"ms"}' \
	'{"ts":"2026-11-22T10:00:10Z","host":"b","metric":"m","value":4,"unit":"ms"}' >"$T/small.ndjson"
cat >"$T/want" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="900" height="422" viewBox="0 0 900 422" font-family="system-ui, sans-serif" font-size="12" role="img">
<title>m</title>
<rect width="100%" height="100%" fill="#fff"/>
<text x="72" y="24" font-size="16" font-weight="600" fill="#222">m</text>
<g class="grid" stroke="#e6e6e6" stroke-width="1"><line x1="72" x2="876" y1="344.0" y2="344.0"/><line x1="72" x2="876" y1="269.0" y2="269.0"/><line x1="72" x2="876" y1="194.0" y2="194.0"/><line x1="72" x2="876" y1="119.0" y2="119.0"/><line x1="72" x2="876" y1="44.0" y2="44.0"/><line x1="72.0" x2="72.0" y1="44" y2="344"/><line x1="232.8" x2="232.8" y1="44" y2="344"/><line x1="393.6" x2="393.6" y1="44" y2="344"/><line x1="554.4" x2="554.4" y1="44" y2="344"/><line x1="715.2" x2="715.2" y1="44" y2="344"/><line x1="876.0" x2="876.0" y1="44" y2="344"/></g>
<g class="yaxis" fill="#555" text-anchor="end"><text x="64" y="348.0">0</text><text x="64" y="273.0">1</text><text x="64" y="198.0">2</text><text x="64" y="123.0">3</text><text x="64" y="48.0">4</text></g>
<g class="xaxis" fill="#555" text-anchor="middle"><text x="72.0" y="362">10:00:00</text><text x="232.8" y="362">10:00:02</text><text x="393.6" y="362">10:00:04</text><text x="554.4" y="362">10:00:06</text><text x="715.2" y="362">10:00:08</text><text x="876.0" y="362">10:00:10</text></g>
<text x="474" y="382" fill="#555" text-anchor="middle">time (UTC)</text>
<path d="M72 44V344H876" fill="none" stroke="#888"/>
<g class="series"><title>a/m</title><polyline fill="none" stroke="#4e79a7" stroke-width="1.75" stroke-linejoin="round" points="72.0,269.0 876.0,119.0"/></g>
<g class="series"><title>b/m</title><polyline fill="none" stroke="#f28e2b" stroke-width="1.75" stroke-linejoin="round" points="72.0,194.0 876.0,44.0"/></g>
<g class="legend" fill="#333"><line x1="72" x2="90" y1="400" y2="400" stroke="#4e79a7" stroke-width="3"/><text x="96" y="404">a/m</text><line x1="474" x2="492" y1="400" y2="400" stroke="#f28e2b" stroke-width="3"/><text x="498" y="404">b/m</text></g>
</svg>
EOF
run pm-export -f svg "$T/small.ndjson"
same_file "$T/want" "$T/out" "svg: exact output"
is "$rc:$err" "0:" "svg: exit 0"
xmllint --noout "$T/out" 2>"$T/xml.err"
ok $? "svg: well-formed XML (xmllint)"

# The summary rows of the same input: points, min, mean, p95, max; the
# exact value as the tooltip.
run pm-export -f html "$T/small.ndjson"
cat >"$T/want" <<'EOF'
<tr><td><span class="key" style="background:#4e79a7"></span>a/m</td><td></td><td class="n" title="2">2</td><td class="n" title="1">1</td><td class="n" title="2">2</td><td class="n" title="2.9">2.9</td><td class="n" title="3">3</td></tr>
<tr><td><span class="key" style="background:#f28e2b"></span>b/m</td><td>ms</td><td class="n" title="2">2</td><td class="n" title="2">2</td><td class="n" title="3">3</td><td class="n" title="3.9">3.9</td><td class="n" title="4">4</td></tr>
EOF
grep '^<tr><td>' "$T/out" >"$T/got"
same_file "$T/want" "$T/got" "html: summary rows (min, mean, p95, max)"
is "$(grep 'class="range"' "$T/out")" \
	'<p class="range">From <time>2026-11-22T10:00:00.000Z</time> to <time>2026-11-22T10:00:10.000Z</time> (10s); 2 series, 4 points.</p>' \
	"html: the time range"

# --- a report: 3 metrics, 5 series (one host name full of markup), a
# point without a time, 60 samples each.
awk 'BEGIN {
	for (i = 0; i < 60; i++) {
		t = 1795341600 + i * 10
		printf "{\"ts\":%d,\"host\":\"web-1\",\"metric\":\"cpu.usage\",\"value\":%.2f,\"unit\":\"percent\",\"labels\":{\"cpu\":\"0\"}}\n", t, 30 + 20 * sin(i / 6)
		printf "{\"ts\":%d,\"host\":\"web-1\",\"metric\":\"cpu.usage\",\"value\":%.2f,\"unit\":\"percent\",\"labels\":{\"cpu\":\"1\"}}\n", t, 50 + 15 * cos(i / 5)
		printf "{\"ts\":%d,\"host\":\"db <1> & \\\"x\\\"\",\"metric\":\"mem.used\",\"value\":%d,\"unit\":\"bytes\"}\n", t, 1073741824 + i * 8000000
		printf "{\"ts\":%d,\"host\":\"web-1\",\"metric\":\"mem.used\",\"value\":%d,\"unit\":\"bytes\"}\n", t, 2147483648 - i * 4000000
		printf "{\"ts\":%d,\"host\":\"web-1\",\"metric\":\"net.rx\",\"value\":%d,\"unit\":\"bytes/s\"}\n", t, (i * 7919) % 1000
	}
	print "{\"metric\":\"load.1m\",\"value\":1.5}"
}' >"$T/report.ndjson"
run pm-export -f html -o "$T/report.html" "$T/report.ndjson"
is "$rc:$err" "0:" "html: exit 0"
xmllint --noout "$T/report.html" 2>"$T/xml.err"
ok $? "html: well-formed (xmllint, as XML)"
is "$(head -1 "$T/report.html")" "<!DOCTYPE html>" "html: a DOCTYPE"
is "$(grep -c '^<svg ' "$T/report.html")" 3 "html: one chart per timed metric"
is "$(grep -c '<g class="series">' "$T/report.html")" 5 "html: one line per series"
is "$(grep -c '^<tr><td>' "$T/report.html")" 6 "html: a table row per series (load.1m too)"
is "$(grep -o '<svg [^>]*>' "$T/report.html" | sed -n 's/.*viewBox="\([^"]*\)".*/\1/p' | tr '\n' ' ')" \
	"0 0 900 422 0 0 900 422 0 0 900 422 " "html: chart sizes"
grep -q '<title>db &lt;1&gt; &amp; &quot;x&quot;/mem.used</title>' "$T/report.html"
ok $? "html: a host name with markup is escaped"
is "$(grep -ci '<script\|src=\|href=\|@import\|url(' "$T/report.html")" 0 \
	"html: self-contained (no script, nothing fetched)"
is "$(grep -o 'http[s]*://[^"]*' "$T/report.html" | sort -u)" "http://www.w3.org/2000/svg" \
	"html: the only URL is the SVG namespace"
like "$(grep 'class="range"' "$T/report.html")" '9m50s); 6 series, 301 points' \
	"html: the time range and the counts"
grep -q '>1.07G</td>' "$T/report.html"
ok $? "html: big numbers shortened in the table (1.07G)"

# A long name: whole in the tooltip, cut at 52 bytes (at a character)
# with an ellipsis in the legend, so legend columns do not run together.
printf '%s\n' '{"ts":1,"host":"h","metric":"m","value":1,"labels":{"k":"ééééééééééééééééééééééééééééééééééééééé"}}' >"$T/long.ndjson"
run pm-export -f svg "$T/long.ndjson"
is "$(grep -o '<text x="96" y="404">[^<]*</text>' "$T/out")" \
	'<text x="96" y="404">h/m{k=ééééééééééééééééééééééé…</text>' "svg: a long name cut in the legend"
grep -q '<title>h/m{k=ééééééééééééééééééééééééééééééééééééééé}</title>' "$T/out"
ok $? "svg: the whole name in the series' title"

# Empty input: still a valid document and a valid SVG.
run pm-export -f html /dev/null
xmllint --noout "$T/out" 2>/dev/null
is "$rc:$?:$(grep -c '<svg' "$T/out")" "0:0:0" "html: empty input, a valid page with no chart"
run pm-export -f svg /dev/null
xmllint --noout "$T/out" 2>/dev/null
is "$rc:$?" "0:0" "svg: empty input, a valid (empty) chart"
run pm-export -f html --prefix x "$T/small.ndjson"
is "$rc" 2 "html: --prefix is not for html"

# --- headless Chromium: the page renders, the charts are not blank, and
# the first two series' colours are on screen.
if command -v chromium >/dev/null 2>&1; then
	ok 0 "chromium is installed"
else
	ok 1 "chromium is installed (Debian package chromium)"
fi
timeout 120 chromium --headless --no-sandbox --disable-gpu \
	--disable-background-networking --disable-component-update --disable-sync \
	--no-first-run --user-data-dir="$T/prof" --screenshot="$T/shot.png" \
	--window-size=1200,900 "file://$T/report.html" >"$T/chromium.log" 2>&1
ok $? "chromium: screenshot taken"
"$PY" - "$T/shot.png" >"$T/pixels" 2>&1 <<'EOF'
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
px = list(im.getdata())
colours = set(px)
ink = sum(1 for p in px if p != (255, 255, 255) and p != (250, 250, 250))
def near(c):
    return sum(1 for p in px if all(abs(p[i] - c[i]) < 30 for i in range(3)))
print(len(colours) > 100, ink > len(px) // 50, near((0x4e, 0x79, 0xa7)) > 300,
      near((0xf2, 0x8e, 0x2b)) > 300)
EOF
is "$(cat "$T/pixels")" "True True True True" \
	"screenshot: many colours, ink on the page, both series' lines drawn"

done_testing
