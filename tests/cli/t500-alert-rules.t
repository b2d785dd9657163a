#!/bin/sh
# pm-alert: rules on the command line and in a file, and how a bad one is
# reported (the column that is wrong; exit 2, or 3 UNKNOWN with --check).
. "$(dirname "$0")/../lib.sh"

echo '{"ts":"2026-11-22T10:00:00Z","metric":"m","value":1}' >"$T/in"

run pm-alert -r 'Ok: m > 0' -r 'Bad: avg(m[5m]) > high' "$T/in"
is "$rc" 2 "bad rule: usage error, exit 2"
is "$(head -1 "$T/err")" \
	"pm-alert: rule 2: column 19: expected a number, found 'high'" \
	"bad rule: its number and the column that is wrong"
is "$out" "" "bad rule: nothing evaluated"

run pm-alert --check -r 'avg(m[5q]) > 1' "$T/in"
is "$rc:$(head -1 "$T/err")" \
	"3:pm-alert: rule 1: column 7: expected a duration (30s, 5m, 1h), found '5q'" \
	"--check: a bad rule is UNKNOWN (3)"

run pm-alert -r 'm' "$T/in"
is "$rc:$(head -1 "$T/err")" \
	"2:pm-alert: rule 1 (m): no threshold: add a comparison (> 90), or -w/-c" \
	"a rule needs a threshold"

run pm-alert "$T/in"
is "$rc:$(head -1 "$T/err")" "2:pm-alert: no rules (-r or --rules)" "no rules"

run pm-alert -r 'm' -w '20:10' "$T/in"
is "$rc:$(head -1 "$T/err")" \
	"2:pm-alert: -w: '20:10': the range's start is above its end" "bad range"

run pm-alert -r 'm > 1' -a 'summary={{hots}}' "$T/in"
is "$rc:$(head -1 "$T/err")" \
	"2:pm-alert: -a: annotation summary: '{{hots}}': unknown field 'hots' (host, metric, value, threshold, alert, severity, labels.KEY)" \
	"a template field that does not exist"
run pm-alert -r 'm > 1' -l 'team={{hots}}' "$T/in"
is "$rc:$(head -1 "$T/err")" \
	"2:pm-alert: -l: label team: '{{hots}}': unknown field 'hots' (host, metric, value, threshold, alert, severity, labels.KEY)" \
	"a label template field that does not exist"

run pm-alert --rules "$PM_TOP/examples/pm-alert-rules.json" "$T/in"
is "$rc:$err:$out" "0::" "the example rules file loads"

cat >"$T/rules.json" <<'EOF'
{"rules":[{"alert":"A","expr":"m > 1"},{"alert":"B","expr":"m >"}]}
EOF
run pm-alert --rules "$T/rules.json" "$T/in"
is "$rc:$(head -1 "$T/err")" \
	"2:pm-alert: $T/rules.json: rule 2: column 4: expected a number, found the end" \
	"rules file: the rule and column that is wrong"

echo '[{"alert":"A","expr":"m > 1","fro":"1m"}]' >"$T/rules.json"
run pm-alert --rules "$T/rules.json" "$T/in"
is "$rc:$(head -1 "$T/err")" \
	"2:pm-alert: $T/rules.json: rule 1: unknown member 'fro'" \
	"rules file: a misspelt member is an error"

echo '[{"alert":"A","expr":"m","critical":"@1:"}]' >"$T/rules.json"
run pm-alert --rules "$T/rules.json" "$T/in"
is "$rc:$(jq -r '[.alert,.state,.threshold]|join(" ")' "$T/out")" \
	"0:A firing @1:" "rules file: a Nagios range as the critical threshold"

echo '{"rules":' >"$T/rules.json"
run pm-alert --rules "$T/rules.json" "$T/in"
is "$rc:$(head -1 "$T/err")" \
	"2:pm-alert: $T/rules.json: not JSON with a \"rules\" array" \
	"rules file: not JSON"

run pm-alert --rules "$T/none.json" "$T/in"
is "$rc:$(head -1 "$T/err")" \
	"2:pm-alert: $T/none.json: No such file or directory" \
	"rules file: missing"

done_testing
