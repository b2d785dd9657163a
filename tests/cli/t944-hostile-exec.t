#!/bin/sh
# Shell metacharacters in every string that reaches pm-alert --exec: the
# host, label keys and values, -l labels and -a annotations (through
# templates), each also longer than a page and with multi-byte UTF-8 at
# the end.  The command gets each as one environment value, whole and
# byte for byte, the alert as JSON on its standard input, and no shell
# ever runs any of it (no PWNED file appears).  (t530 covers the basic
# cases.)
. "$(dirname "$0")/../lib.sh"

cd "$T" || exit 1
BAD='$(touch PWNED1);`touch PWNED2`|touch PWNED3&&touch PWNED4 >PWNED5 "x" '"'y'"' \ * ? [a] ~ # !! %s %n
tab	nl'
LONG=$(head -c 1000 /dev/zero | tr '\0' x)ééé
python3 - "$BAD" "$LONG" >"$T/in" <<'EOF2'
import json, sys
bad, long = sys.argv[1], sys.argv[2]
for ts, v in (("2026-11-22T10:00:00Z", 9), ("2026-11-22T10:00:10Z", 1)):
    print(json.dumps({"ts": ts, "host": bad + long, "metric": "hostile.exec",
        "value": v, "labels": {bad: bad, "long": long}}, ensure_ascii=False))
EOF2
cat >"$T/hook" <<'EOF2'
#!/bin/sh
n=$(ls "$HOOK_DIR" | wc -l)
d="$HOOK_DIR/$n"
mkdir "$d"
for a in "$@"; do printf '%s\0' "$a"; done >"$d/args"
for v in NAME STATE HOST METRIC LABELS SUMMARY; do
	eval "printf '%s' \"\$PM_ALERT_$v\"" >"$d/$v"
done
cat >"$d/stdin"
EOF2
chmod +x "$T/hook"
mkdir "$T/calls"
HOOK_DIR=$T/calls
export HOOK_DIR

run pm-alert -r 'Hot: hostile.exec > 5' -l "team=$BAD" \
	-a "summary={{host}}|{{labels.long}}|$BAD" --exec "$T/hook a;b \$(id)" "$T/in"
is "$rc" 0 "exit 0"
[ "$rc" -eq 0 ] || sed "s/^/# /" "$T/err"
is "$(ls "$T/calls" | tr '\n' ' ')" "0 1 " "firing and resolved: two calls"
is "$(ls "$T" | grep -c PWNED)" 0 "no shell ran anything of the data"
printf 'a;b\0$(id)\0' >"$T/want"
same_file "$T/want" "$T/calls/0/args" "the command's words as given, unexpanded"
printf '%s' "$BAD$LONG" >"$T/want"
same_file "$T/want" "$T/calls/0/HOST" "PM_ALERT_HOST: whole, byte for byte"
python3 - "$BAD" "$LONG" "$T/calls/0" <<'EOF2'
import json, os, sys
bad, long, d = sys.argv[1], sys.argv[2], sys.argv[3]
def read(name):
    with open(os.path.join(d, name), encoding="utf-8") as f:
        return f.read()
labels = json.loads(read("LABELS"))
want = {bad: bad, "long": long, "team": bad}
errs = []
if labels != want:
    errs.append("PM_ALERT_LABELS: %r" % labels)
if read("SUMMARY") != bad + long + "|" + long + "|" + bad:
    errs.append("PM_ALERT_SUMMARY: %r" % read("SUMMARY")[:80])
ev = json.loads(read("stdin"))
if ev["host"] != bad + long or ev["labels"] != want:
    errs.append("stdin: %r" % ev)
for e in errs:
    print("# " + e)
sys.exit(1 if errs else 0)
EOF2
ok $? "PM_ALERT_LABELS is whole JSON, the summary and the JSON on stdin intact"
is "$(cat "$T/calls/1/STATE")" resolved "the second call: resolved"

# Too long for a series (over 4 KiB of metric, host and labels): that line
# is reported and skipped; alerting goes on.
HUGE=$(head -c 5000 /dev/zero | tr '\0' x)
{
	printf '{"ts":"2026-11-22T10:00:00Z","metric":"hostile.exec","value":9,"labels":{"k":"%s"}}\n' "$HUGE"
	printf '{"ts":"2026-11-22T10:00:01Z","metric":"hostile.exec","value":9}\n'
} >"$T/huge"
run pm-alert -r 'Hot: hostile.exec > 5' "$T/huge"
is "$rc:$err" "1:pm-alert: $T/huge:1: metric, host and labels longer than 4096 bytes, skipped" \
	"a series too long: FILE:LINE: reason, exit 1"
is "$(grep -c '"state":"firing"' "$T/out")" 1 "the next point still alerts"
done_testing
