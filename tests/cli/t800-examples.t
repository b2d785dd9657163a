#!/bin/sh
# examples/ and the recipes of pm(7) work as written.  The crontab's lines
# run once each (schedule fields dropped, '\%' unescaped as cron does)
# against a store under $T; the systemd units pass systemd-analyze verify
# and their commands run once, bounded; the CI files parse as YAML and
# their pm steps run on both sides of the gate (a baseline, then a faster
# and a slower change); the rules file loads and fires on a small input;
# every option a pm command uses in pm(7) or examples/ is in its --help;
# the recipes that need no real server run, against stand-ins on
# 127.0.0.1 that record what they are sent.
. "$(dirname "$0")/../lib.sh"

EX=$PM_TOP/examples
PY=python3
have() { command -v "$1" >/dev/null 2>&1; }

# A stand-in server: answers 200 to every request and appends
# "METHOD PATH" and the body to $T/DIR/requests.  $url is its address.
pids=""
stop_servers() {
	for p in $pids; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	pids=""
}
trap 'stop_servers; [ -n "$KEEP" ] || rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP

cat >"$T/standin.py" <<'EOF'
import http.server, sys
log = sys.argv[1]
class H(http.server.BaseHTTPRequestHandler):
    def do_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8", "replace")
        with open(log, "a") as f:
            f.write("%s %s\n%s\n" % (self.command, self.path, body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
    do_POST = do_PUT = do_GET = do_any
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
with open(log + ".port.tmp", "w") as f:
    f.write(str(s.server_address[1]))
import os
os.rename(log + ".port.tmp", log + ".port")
s.serve_forever()
EOF
standin() { # standin DIR: start a stand-in logging to $T/DIR/requests
	mkdir -p "$T/$1"
	"$PY" "$T/standin.py" "$T/$1/requests" &
	pids="$pids $!"
	wait_for "[ -s '$T/$1/requests.port' ]" || return 1
	url=http://127.0.0.1:$(cat "$T/$1/requests.port")
	: >"$T/$1/requests"
}

# Points at times from now, for the store: "points SECONDS-AGO..." of
# cpu.usage 20 on host fixture and fs.used_percent 99 (DiskFull fires).
points() {
	now=$(date -u +%s)
	for ago in "$@"; do
		t=$((now - ago))
		printf '{"ts":%d,"host":"fixture","metric":"cpu.usage","value":20,"unit":"percent","labels":{"cpu":"total"}}\n' "$t"
		printf '{"ts":%d,"host":"fixture","metric":"fs.used_percent","value":99,"unit":"percent","labels":{"mountpoint":"/"}}\n' "$t"
	done
}

# --- every option a pm command uses in pm(7) and examples/ exists.
# Command lines are joined at trailing backslashes, split as the shell
# does, and each pm-* word's options checked against its --help.
cat >"$T/opts.py" <<'EOF'
import re, shlex, subprocess, sys
known = {}
def options(cmd):
    if cmd not in known:
        out = subprocess.run([cmd, "--help"], capture_output=True,
                             text=True).stdout
        o = {}
        for m in re.finditer(r"^ +(?:(-\w), )?(--[\w-]+)( \S+)?", out, re.M):
            arg = m.group(3) is not None
            o[m.group(2)] = arg
            if m.group(1):
                o[m.group(1)] = arg
        known[cmd] = o
    return known[cmd]
bad = []
for path in sys.argv[1:]:
    text = open(path).read()
    if path.endswith(".7"):	# the literal blocks only
        text = "\n".join(re.findall(r"^\.Bd -literal.*?\n(.*?)^\.Ed", text,
                                    re.M | re.S))
        text = text.replace("\\e", "\\")
    text = re.sub(r"\\\n\s*", " ", text)
    for n, line in enumerate(text.splitlines(), 1):
        if "pm-" not in line or line.lstrip().startswith("#"):
            continue
        try:
            lex = shlex.shlex(line, posix=True, punctuation_chars=";&|<>()")
            lex.whitespace_split = True
            words = list(lex)
        except ValueError:
            continue
        cmd = None
        skip = False
        for w in words:
            if re.fullmatch(r"[;&|<>()]+", w):
                cmd = None
                continue
            m = re.fullmatch(r"(?:.*/)?(pm-(?:sample|query|export|alert|bench|status))", w)
            if cmd is None:
                if m:
                    cmd, skip = m.group(1), False
                continue
            if skip:
                skip = False
                continue
            if w == "--":
                cmd = None
                continue
            if not w.startswith("-") or w == "-":
                continue
            name = w.split("=", 1)[0]
            o = options(cmd)
            if name not in o:
                bad.append("%s:%d: %s %s" % (path, n, cmd, w))
            elif o[name] and "=" not in w:
                skip = True
print("\n".join(bad))
EOF
for f in "$PM_TOP/man/pm.7" "$EX/crontab" "$EX"/systemd/*.service \
    "$EX/github-bench.yml" "$EX/gitlab-ci.yml"; do
	run "$PY" "$T/opts.py" "$f"
	is "$rc:$out" "0:" "${f#"$PM_TOP"/}: every option of a pm command exists"
done

# --- the rules file loads and fires.
mkdir -p "$T/rules"
for i in $(seq 0 18); do
	t=$((1795341600 + i * 10))	# from 2026-11-22T10:00:00Z
	printf '{"ts":%d,"host":"web-1","metric":"cpu.usage","value":95,"unit":"percent","labels":{"cpu":"total"}}\n' "$t"
	printf '{"ts":%d,"host":"web-1","metric":"fs.used_percent","value":85,"unit":"percent","labels":{"mountpoint":"/"}}\n' "$t"
done >"$T/rules/in"
run pm-alert --rules "$EX/pm-alert-rules.json" "$T/rules/in"
is "$rc:$err" "0:" "pm-alert-rules.json: loads, the input evaluates"
if have jq; then
	is "$(printf '%s\n' "$out" | jq -r '[.ts, .alert, .state, .severity] | @tsv')" \
"$(printf '%s\t%s\t%s\t%s\n' \
	2026-11-22T10:00:00.000Z HighCPU pending critical \
	2026-11-22T10:00:00.000Z DiskFull firing warning \
	2026-11-22T10:02:00.000Z HighCPU firing critical)" \
		"pm-alert-rules.json: HighCPU pends, fires after 2m; DiskFull warns"
else
	skip "jq not installed"
fi
run pm-alert --check --rules "$EX/pm-alert-rules.json" "$T/rules/in"
like "$rc:$out" '^2:PM CRITICAL - 1 critical, 1 warning: HighCPU on web-1' \
	"pm-alert-rules.json: --check is critical"

# --- the crontab: each line once, in order.
C=$T/cron
mkdir -p "$C"
standin am || echo "# the stand-in did not start"
AM=$url
awk '/^[ \t]*(#|$)/ { next } /^[A-Za-z_][A-Za-z0-9_]*=/ { next } { print }' \
    "$EX/crontab" >"$T/cron.jobs"
like "$(wc -l <"$T/cron.jobs")" '^ *5$' "crontab: five jobs"
# Five time fields, then the command; a bare % would end it.
awk '{ for (i = 1; i <= 5; i++)
	if ($i !~ /^([0-9*]+([-\/][0-9]+)?)(,[0-9]+([-\/][0-9]+)?)*$/) print "field " i ": " $0
	c = $0; gsub(/\\%/, "", c); if (c ~ /%/) print "bare %: " $0 }' \
    "$T/cron.jobs" >"$T/cron.bad"
is "$(cat "$T/cron.bad")" "" "crontab: time fields valid, every % escaped"
is "$(sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p' "$EX/crontab" |
    paste -sd ' ' -)" \
	"SHELL PATH PM_DB PM_RULES ALERTMANAGER CSVDIR TEXTFILE" \
	"crontab: the variables the jobs use"

# The store holds points from yesterday (for the daily CSV) and from the
# last minute (for the alert check) before the jobs run.
yday=$(date -u -d yesterday +%F)
{
	printf '{"ts":"%sT08:00:00Z","host":"fixture","metric":"cpu.usage","value":20,"unit":"percent","labels":{"cpu":"total"}}\n' "$yday"
	printf '{"ts":"%sT20:00:00Z","host":"fixture","metric":"cpu.usage","value":30,"unit":"percent","labels":{"cpu":"total"}}\n' "$yday"
	points 30
} | PM_DB=$C/metrics.db pm-query --insert
n=0
rcs=
while IFS= read -r line; do
	n=$((n + 1))
	cmd=$(printf '%s\n' "$line" | sed -E 's/^([^ \t]+[ \t]+){5}//;
	    s/\\%/%/g; s|/var/lib/pm/|'"$C"'/|g')
	# cron's standard input: a pipe, closed (the text after a '%').
	: | PM_DB=$C/metrics.db PM_RULES=$EX/pm-alert-rules.json \
	    ALERTMANAGER=$AM CSVDIR=$C/csv TEXTFILE=$C/pm.prom \
	    sh -c "$cmd" >"$T/cron.$n.out" 2>"$T/cron.$n.err"
	rcs="$rcs $?"
	sed "s/^/# job $n: /" "$T/cron.$n.err"
done <"$T/cron.jobs"
# pm-alert --check says critical (2): DiskFull at 99 > 95.
is "$rcs" " 0 2 0 0 0" "crontab: every job runs (the check is critical)"
is "$(cat "$T"/cron.*.out)" "" "crontab: the jobs write nothing (no mail)"
run pm-query --db "$C/metrics.db" --list hosts
like "$out" "$(hostname)" "crontab: pm-sample's points are in the store"
if [ -f "$C/pm.prom" ]; then
	like "$(cat "$C/pm.prom")" '^# TYPE pm_cpu_usage_percent gauge' \
		"crontab: the textfile holds the sample as Prometheus text"
else
	ok 1 "crontab: the textfile holds the sample as Prometheus text"
fi
if have promtool && [ -f "$C/pm.prom" ]; then
	run promtool check metrics <"$C/pm.prom"
	is "$rc:$out$err" "0:" "crontab: promtool checks the textfile clean"
else
	skip "promtool not installed"
fi
like "$(cat "$T/am/requests")" '^POST /api/v2/alerts' \
	"crontab: pm-alert posts to Alertmanager's API"
like "$(tr -d '\n' <"$T/am/requests")" '"alertname": ?"DiskFull".*"host": ?"fixture"' \
	"crontab: the alert that fires is DiskFull on fixture"
[ -f "$C/alert.state" ]
ok $? "crontab: pm-alert keeps its state"
csv=$C/csv/$yday.csv
if [ "$(date -u -d yesterday +%F)" != "$yday" ]; then
	skip "the day changed while the jobs ran"
	skip "the day changed while the jobs ran"
elif [ -f "$csv" ]; then
	is "$(head -c 3 "$csv" | od -An -tx1 | tr -d ' ')" efbbbf \
		"crontab: yesterday's CSV starts with a byte order mark"
	is "$(tr -d '\r' <"$csv" | tail -n +2 | cut -d, -f1,3 | tr '\n' ' ')" \
		"${yday}T08:00:00.000Z,cpu.usage ${yday}T20:00:00.000Z,cpu.usage " \
		"crontab: yesterday's CSV holds yesterday's points, no others"
else
	ok 1 "crontab: yesterday's CSV written ($csv)"
	ok 1 "crontab: yesterday's CSV holds yesterday's points"
fi

# --- systemd units.
S=$T/sd
mkdir -p "$S/units" "$S/var"
for u in "$EX"/systemd/*; do
	sed "s|/usr/local/bin/|$PM_BIN/|g" "$u" >"$S/units/${u##*/}"
done
if have systemd-analyze; then
	# verify looks up Documentation=man: pages: give it ours.
	if have man; then
		for s in 1 5 7; do
			mkdir -p "$S/man/man$s"
			cp "$PM_TOP"/man/*.$s "$S/man/man$s/"
		done
	else
		sed -i '/^Documentation=/d' "$S"/units/*
	fi
	run env MANPATH="$S/man" systemd-analyze verify "$S"/units/*
	is "$rc:$out$err" "0:" "systemd: the units pass systemd-analyze verify"
	# The check is caught breaking: a misspelt key.
	sed 's/^SuccessExitStatus=/SuccessExitStatu=/' \
	    "$S/units/pm-alert.service" >"$S/bad.service"
	run env MANPATH="$S/man" systemd-analyze verify "$S/bad.service"
	like "$out$err" "Unknown key" "systemd: verify catches a misspelt key"
else
	skip "systemd-analyze not installed"
	skip "systemd-analyze not installed"
fi
# Their commands, once: pm-sample bounded by -n 1, the paths under $T.
execstart() { # execstart UNIT: its ExecStart=, runnable here
	sed -n 's/^ExecStart=//p' "$S/units/$1" |
	    sed "s|/var/lib/pm/|$S/var/|g; s|/etc/pm/alerts.json|$EX/pm-alert-rules.json|;
		s|http://127.0.0.1:9093|$AM|; s|pm-sample |pm-sample -n 1 |"
}
: >"$T/am/requests"
run env PM_DB="$S/var/metrics.db" sh -c "$(execstart pm-sample.service)"
is "$rc:$err" "0:" "pm-sample.service: its command runs"
run pm-query --db "$S/var/metrics.db" --list hosts
like "$out" "$(hostname)" "pm-sample.service: the points are in the store"
points 30 | pm-query --db "$S/var/metrics.db" --insert
# ${PM_DB} expands in systemd as in sh.
run env PM_DB="$S/var/metrics.db" sh -c "$(execstart pm-alert.service)"
like "$rc:$out" '^2:PM CRITICAL' "pm-alert.service: its check runs (critical)"
success=$(sed -n 's/^SuccessExitStatus=//p' "$S/units/pm-alert.service")
is "$success" "1 2 3" "pm-alert.service: warning, critical, unknown are success"
like "$(cat "$T/am/requests")" '^POST /api/v2/alerts' \
	"pm-alert.service: the alert goes to Alertmanager"
[ -f "$S/var/alert.state" ]
ok $? "pm-alert.service: state in its StateDirectory"
is "$(sed -n 's/^OnCalendar=//p' "$S/units/pm-alert.timer")" minutely \
	"pm-alert.timer: every minute"

# --- CI files: parse, then run their pm steps in a work folder whose
# ./app takes 20 ms more when SLOW is set.
W=$T/ci
mkdir -p "$W"
printf '#!/bin/sh\n[ -z "$SLOW" ] || sleep 0.02\n' >"$W/app"
chmod +x "$W/app"
cat >"$T/ci.py" <<'EOF'
# ci.py github|gitlab FILE OUTDIR: check the structure, write each pm
# step's script as OUTDIR/NAME.sh
import os, sys, yaml
kind, path, out = sys.argv[1:]
y = yaml.safe_load(open(path))
def put(name, text):
    with open(os.path.join(out, name + ".sh"), "w") as f:
        f.write(text)
if kind == "github":
    on = y.get("on", y.get(True))
    assert set(on) == {"push", "pull_request"}, on
    steps = y["jobs"]["bench"]["steps"]
    for s in steps:
        assert "run" in s or "uses" in s, s
    names = [s.get("name") for s in steps if "pm-" in s.get("run", "")]
    assert names == ["benchmark", "summary"], names
    for s in steps:
        if s.get("name") in names:
            put(s["name"], s["run"])
    print(" ".join(s["uses"] for s in steps if "uses" in s))
else:
    for job in ("bench-baseline", "bench-gate"):
        j = y[job]
        assert j["extends"] == ".bench", j
        put(job, "\n".join(j["script"]) + "\n")
        put(job + ".after", "\n".join(j.get("after_script", [])) + "\n")
        print(job, j["cache"]["policy"], j["rules"][0]["if"])
EOF
ci() { # ci SCRIPT [VAR=VALUE...]: run a CI script in $W, as bash -e
	_s=$1
	shift
	(cd "$W" && env "$@" bash --noprofile --norc -eo pipefail "$_s") \
	    >"$T/ci.out" 2>"$T/ci.err"
}
# round SAVE CHECK REPORT: one round of a gate from a fresh start, each
# step "SCRIPT [VAR=VALUE...]"; the three exit statuses.
round() {
	rm -f "$W/bench-base.json" "$W/bench.md"
	: >"$W/summary"
	# shellcheck disable=SC2086 # the steps are split on purpose
	ci $1
	_r1=$?
	ci $2
	_r2=$?
	ci $3
	echo "$_r1 $_r2 $?"
}
if have "$PY" && "$PY" -c 'import yaml' 2>/dev/null; then
	mkdir -p "$T/gh" "$T/gl"
	run "$PY" "$T/ci.py" github "$EX/github-bench.yml" "$T/gh"
	is "$rc:$out" "0:actions/checkout@v4 actions/checkout@v4 actions/cache/restore@v4 actions/cache/save@v4" \
		"github-bench.yml: parses; push and pull_request, the pm steps"
	[ "$rc" -eq 0 ] || sed 's/^/# /' "$T/err"
	S1="$T/gh/benchmark.sh GITHUB_EVENT_NAME=push"
	S2="$T/gh/benchmark.sh GITHUB_EVENT_NAME=pull_request"
	S3="$T/gh/summary.sh GITHUB_STEP_SUMMARY=$W/summary"
	is "$(round "$S1 SLOW=1" "$S2" "$S3")" "0 0 0" \
		"github-bench.yml: baseline saved; a faster change passes"
	like "$(cat "$W/summary")" '^\| `\./app -q` \|.*\| faster \|$' \
		"github-bench.yml: the summary says faster"
	is "$(round "$S1" "$S2 SLOW=1" "$S3")" "0 1 0" \
		"github-bench.yml: a slower change fails the step"
	like "$(cat "$W/summary")" '\| slower \|$' \
		"github-bench.yml: the summary says slower"

	run "$PY" "$T/ci.py" gitlab "$EX/gitlab-ci.yml" "$T/gl"
	is "$rc:$out" "0:bench-baseline push \$CI_COMMIT_BRANCH == \$CI_DEFAULT_BRANCH
bench-gate pull \$CI_PIPELINE_SOURCE == \"merge_request_event\"" \
		"gitlab-ci.yml: parses; baseline on the default branch, gate on merge requests"
	[ "$rc" -eq 0 ] || sed 's/^/# /' "$T/err"
	S1=$T/gl/bench-baseline.sh
	S2=$T/gl/bench-gate.sh
	S3=$T/gl/bench-gate.after.sh
	is "$(round "$S1 SLOW=1" "$S2" "$S3")" "0 0 0" \
		"gitlab-ci.yml: baseline saved; a faster change passes"
	like "$(cat "$W/bench.md" 2>/dev/null)" '\| faster \|$' \
		"gitlab-ci.yml: bench.md says faster"
	is "$(round "$S1" "$S2 SLOW=1" "$S3")" "0 1 0" \
		"gitlab-ci.yml: a slower change fails the job"
	like "$(cat "$W/bench.md" 2>/dev/null)" '\| slower \|$' \
		"gitlab-ci.yml: bench.md says slower"
else
	# Without python3-yaml: the top-level keys at least.
	like "$(grep -E '^(name|on|jobs):' "$EX/github-bench.yml" | paste -sd ' ' -)" \
		'^name: bench on: jobs:$' "github-bench.yml: top-level keys"
	like "$(grep -E '^[a-z.-]+:' "$EX/gitlab-ci.yml" | paste -sd ' ' -)" \
		'^\.bench: bench-baseline: bench-gate:$' "gitlab-ci.yml: top-level keys"
	for i in 1 2 3 4 5 6 7 8; do skip "python3-yaml not installed"; done
fi

# --- pm(7)'s recipes that need no real server, as written there.
recipe() { # recipe WORD: the recipe line of pm(7) holding WORD, joined
	sed 's/\\e/\\/g' "$PM_TOP/man/pm.7" | awk '/^\.Bd -literal/ { f = 1; next }
	    /^\.Ed/ { f = 0 } f' |
	    sed -e ':a' -e '/[\\|]$/N; s/\\\n */ /; s/|\n */| /; ta' |
	    grep -F -- "$1" | head -1
}
# A GPU job's footprint: the job is "true" here.
R=$T/recipe
mkdir -p "$R"
line=$(recipe 'pm-sample -i 500ms --')
like "$line" 'python3 train.py' "pm(7): the job footprint recipe is there"
run sh -c "cd '$R' && $(printf '%s' "$line" | sed 's/^\$ //; s/python3 train.py/true/')"
is "$rc:$err" "0:" "pm(7): a job's footprint runs"
run sh -c "cd '$R' && $(recipe "-m 'run.*'" | sed 's/^\$ //')"
like "$out" 'run\.exit_status' "pm(7): the job's figures come back from its store"
# Pushing to VictoriaMetrics: the stand-in takes its place.
standin vm || echo "# the stand-in did not start"
mkdir -p "$R/spool"
line=$(recipe 'pm-export --push')
like "$line" '^\* \* \* \* \* ' "pm(7): the VictoriaMetrics recipe is a crontab line"
run sh -c "$(printf '%s' "$line" | sed -E 's/^([^ ]+ +){5}//;
    s|http://127.0.0.1:8428|'"$url"'|; s|/var/spool/pm|'"$R"'/spool|')"
is "$rc:$err" "0:" "pm(7): the push to VictoriaMetrics runs"
like "$(head -1 "$T/vm/requests")" '^POST /write$' "pm(7): points go to /write"
like "$(cat "$T/vm/requests")" '^pm,cpu=total,host=[^ ]+ cpu_usage_percent=[0-9.]+ [0-9]+$' \
	"pm(7): as InfluxDB line protocol"
# A day's CSV.
printf '{"ts":"2026-11-21T12:00:00Z","host":"h","metric":"m","value":1}\n{"ts":"2026-11-22T12:00:00Z","host":"h","metric":"m","value":2}\n' |
    pm-query --db "$R/day.db" --insert
line=$(recipe 'pm-export -f csv --excel --ts-format local')
run sh -c "cd '$R' && export PM_DB='$R/day.db' TZ=UTC && $(printf '%s' "$line" | sed 's/^\$ //')" </dev/null
is "$rc:$err" "0:" "pm(7): a day's CSV runs"
is "$(tr -d '\r' <"$R/day.csv" | tail -n +2)" "2026-11-21 12:00:00,h,m,1,," \
	"pm(7): the day's CSV holds that day only"

done_testing
