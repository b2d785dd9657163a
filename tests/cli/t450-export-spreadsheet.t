#!/bin/sh
# Spreadsheets for real: LibreOffice (headless, its own profile) opens
# pm-export's CSV and saves it as xlsx; openpyxl reads the cells back.
# Numbers are numbers, --ts-format local gives dates, text that starts a
# formula stays text (and, as a control, becomes a formula without the
# guard), non-ASCII text survives --excel (BOM, CRLF).  LibreOffice
# evaluates formulas here, as Excel does.  Needs libreoffice-calc-nogui
# and python3-openpyxl: without them this test fails.
. "$(dirname "$0")/../lib.sh"

S=$FIX/export/sheet.ndjson
PY=/usr/bin/python3

command -v soffice >/dev/null 2>&1
ok $? "LibreOffice (soffice) is installed"
"$PY" -c 'import openpyxl' 2>/dev/null
ok $? "python3-openpyxl is installed"

TZ=Europe/Paris pm-export -f csv --excel --ts-format local "$S" >"$T/guard.csv"
TZ=Europe/Paris pm-export -f csv --excel --ts-format local --no-formula-guard "$S" >"$T/open.csv"
TZ=Europe/Paris pm-export -f csv --excel --wide --ts-format excel --name '{host}' "$S" >"$T/wide.csv"

# Separator ',', quote '"', UTF-8, from line 1, detect special numbers
# (dates), evaluate formulas.  One soffice run converts all three.
mkdir "$T/xlsx"
HOME=$T timeout 120 soffice -env:UserInstallation=file://$T/lo-profile --headless \
	--infilter='CSV:44,34,76,1,,0,false,true,false,false,false,,true' \
	--convert-to xlsx --outdir "$T/xlsx" "$T/guard.csv" "$T/open.csv" \
	"$T/wide.csv" >"$T/soffice.log" 2>&1
for f in guard open wide; do
	[ -s "$T/xlsx/$f.xlsx" ]
	ok $? "LibreOffice wrote $f.xlsx (it says 0 even when it did not)"
done

# Every cell as TYPE:VALUE (n number, s text, d date, f formula), a row a
# line.
cat >"$T/cells.py" <<'EOF'
import sys, warnings
warnings.simplefilter("ignore")
import openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
for row in ws.iter_rows():
    print("|".join("%s:%s" % (c.data_type, "" if c.value is None else
        c.value.isoformat() if hasattr(c.value, "isoformat") else c.value)
        for c in row))
EOF
"$PY" "$T/cells.py" "$T/xlsx/guard.xlsx" >"$T/guard.cells"
cat >"$T/want" <<'EOF'
s:ts|s:host|s:metric|s:value|s:unit|s:at|s:f|s:h|s:n|s:p
d:2026-11-22T11:00:00.250000|s:wéb-1 ünï|s:cpu.usage|n:-23.5|s:percent|s:'@SUM(1)|s:'=1+2|s:'=HYPERLINK("http://example.com","x")|n:-5|s:'+cmd
d:2026-11-22T11:00:01|s:h|s:mem.used|n:1073741824|s:bytes|n:|n:|n:|n:|n:
EOF
same_file "$T/want" "$T/guard.cells" \
	"guarded: dates, numbers (-23.5, -5), formulas as text, UTF-8 whole, no BOM or CR in cells"

# The control: the same file without the guard runs the formulas.
"$PY" "$T/cells.py" "$T/xlsx/open.xlsx" | sed -n 2p | cut -d'|' -f6-8 >"$T/open.cells"
is "$(cat "$T/open.cells")" 's:@SUM(1)|f:=1+2|f:=HYPERLINK("http://example.com","x")' \
	"--no-formula-guard: LibreOffice takes =1+2 and =HYPERLINK() as formulas"

# --wide with --ts-format excel: times and values are numbers, gaps empty.
# 10:00:00.250Z is 11:00:00.250 in Paris: 25569 + 20779 days +
# (11 * 3600 + 0.25) / 86400 = 46348.458336226851..., written with 15
# digits; 11:00:01 is 46348.458344907407...
"$PY" "$T/cells.py" "$T/xlsx/wide.xlsx" >"$T/wide.cells"
cat >"$T/want" <<'EOF'
s:ts|s:wéb-1 ünï|s:h
n:46348.4583362269|n:-23.5|n:
n:46348.4583449074|n:|n:1073741824
EOF
same_file "$T/want" "$T/wide.cells" "--wide, excel times: numbers, empty gaps"

done_testing
