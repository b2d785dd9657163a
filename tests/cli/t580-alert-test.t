#!/bin/sh
# pm-alert --test: rule unit tests.  The example suite passes; a failing
# suite prints each failed case with the diff of expected (-) and got (+)
# alerts at each evaluation that differs, and exits 1; a malformed file is
# a usage error (exit 2) before any case runs.
. "$(dirname "$0")/../lib.sh"

# The example: rules from the rules file beside it; every case passes.
run pm-alert --test "$PM_TOP/examples/pm-alert-tests.json"
cat >"$T/want" <<'EOF2'
ok 1 - HighCPU: pending (warning), firing (critical) 2m later, kept 1m
ok 2 - DiskFull: warning at 80, critical at 95, per disk
2 tests, 0 failed
EOF2
same_file "$T/want" "$T/out" "the example suite passes"
is "$rc:$err" "0:" "all pass: exit 0, nothing on stderr"

# A suite with inline rules and expectations that are wrong in several
# ways: a state (pending, not yet firing), a label, alerts missing; the
# values notation with steps and gaps (g2 sends nothing from 30s to 4m30s:
# nothing is evaluated at 4m, then Hot fires for g2 and absent() for g1).
cat >"$T/fail.json" <<'EOF2'
{"rules": [{"alert": "Hot", "expr": "temp > 90 for 2m",
            "labels": {"gpu": "{{labels.gpu}}", "team": "ml"}},
           {"alert": "Quiet", "expr": "absent(temp, 3m)",
            "severity": "warning"}],
 "tests": [
  {"name": "passes", "start": "2026-11-22T10:00:00Z",
   "input_series": [{"metric": "temp", "host": "g1", "labels": {"gpu": "0"},
                     "values": "80+5x5"},
                    {"metric": "temp", "host": "g3", "labels": {"gpu": "2"},
                     "values": "100-10x2 80x2"}],
   "alerts": [{"at": "2m", "alerts": []},
              {"at": "4m", "alerts": [{"alert": "Hot", "state": "pending",
               "host": "g1", "labels": {"gpu": "0", "team": "ml"}}]},
              {"at": "5m", "alerts": [{"alert": "Hot", "host": "g1",
               "labels": {"gpu": "0", "team": "ml"}}]}]},
  {"name": "fails", "interval": "30s",
   "input_series": [{"metric": "temp", "host": "g1", "labels": {"gpu": "0"},
                     "values": "95x2"},
                    {"metric": "temp", "host": "g2", "labels": {"gpu": "1"},
                     "values": "91 _x8 92"}],
   "alerts": [{"at": "1m", "alerts": [
                {"alert": "Hot", "state": "firing", "host": "g1",
                 "labels": {"gpu": "0", "team": "ml"}},
                {"alert": "Hot", "state": "pending", "host": "g2",
                 "labels": {"gpu": "1", "team": "ml"}}]},
              {"at": "4m", "alerts": [
                {"alert": "Hot", "state": "pending", "host": "g2",
                 "labels": {"gpu": "1"}}]},
              {"at": "5m", "alerts": []}]}]}
EOF2
run pm-alert --test "$T/fail.json"
cat >"$T/want" <<'EOF2'
ok 1 - passes
FAILED 2 - fails
  at 1m:
    - Hot firing critical host=g1 {"gpu":"0","team":"ml"}
    + Hot pending critical host=g1 {"gpu":"0","team":"ml"}
      Hot pending critical host=g2 {"gpu":"1","team":"ml"}
  at 4m:
    + Hot pending critical host=g1 {"gpu":"0","team":"ml"}
    + Hot pending critical host=g2 {"gpu":"1","team":"ml"}
    - Hot pending critical host=g2 {"gpu":"1"}
  at 5m:
    + Hot firing critical host=g2 {"gpu":"1","team":"ml"}
    + Hot pending critical host=g1 {"gpu":"0","team":"ml"}
    + Quiet firing warning host=g1 {"gpu":"0"}
2 tests, 1 failed
EOF2
same_file "$T/want" "$T/out" "a failing case: the diff of expected and got"
is "$rc:$err" "1:" "a failure: exit 1, nothing on stderr"

# -r rules go with the file's; a rule the file lacks makes a case fail.
run pm-alert --test "$T/fail.json" -r 'Any: temp > 0'
like "$(head -1 "$T/out")" '^FAILED 1 - passes$' "-r adds rules to the suite's"
is "$rc" 1 "... exit 1"

# Malformed files: exit 2, the reason on stderr, no case run.
bad() { # bad JSON MESSAGE DESCRIPTION
	printf '%s\n' "$1" >"$T/bad.json"
	run pm-alert --test "$T/bad.json"
	is "$rc|$out|$(head -1 "$T/err")" "2||pm-alert: $T/bad.json$2" "$3"
}
S='"input_series": [{"metric": "m", "values": "1"}]'
bad '{"tests": [' ': not JSON with a "tests" array' "not JSON"
bad '{"rules": [{"expr": "m > 1"}], "test": []}' \
	': not JSON with a "tests" array' "no tests"
bad '{"rules": [{"expr": "m > 1"}], "tests": [], "x": 1}' \
	": unknown member 'x'" "an unknown member"
bad '{"rules": [{"expr": "m >"}], "tests": []}' \
	': rule 1: column 4: expected a number, found the end' "a bad rule"
bad '{"rules": [{"expr": "m > 1"}], "tests": [{'"$S"', "alerts": []}, {"input_series": [{"metric": "m", "values": "1 2+x3"}]}]}' \
	": test 2: input_series 1: values: '2+x3' is not N, AxN, A+BxN, A-BxN, _ or _xN" \
	"a bad value, in the second case"
bad '{"rules": [{"expr": "m > 1"}], "tests": [{'"$S"', "alerts": [{"at": "2m"}, {"at": "1m"}]}]}' \
	": test 1: alerts 2: at: not a duration after the last (0s, 5m)" \
	"evaluation times out of order"
bad '{"rules": [{"expr": "m > 1"}], "tests": [{'"$S"', "alerts": [{"at": "1m", "alerts": [{"alert": "m", "state": "on"}]}]}]}' \
	": test 1: alerts 1: alert 1: state: not firing or pending" "a bad state"
printf '{"rules_file": "nope.json", "tests": []}' >"$T/bad.json"
run pm-alert --test "$T/bad.json"
is "$rc|$out|$err" "2||pm-alert: $T/nope.json: No such file or directory
Try 'pm-alert --help' for more information." \
	"a missing rules file (beside the test file)"
printf '{"tests": []}' >"$T/bad.json"
run pm-alert --test "$T/bad.json"
is "$rc|$out|$(head -1 "$T/err")" "2||pm-alert: no rules (-r or --rules)" \
	"no rules at all"
run pm-alert --test "$T/fail.json" --check
is "$rc:$out" "2:" "--test with --check: a usage error, not UNKNOWN"
run pm-alert --test "$T/fail.json" "$T/fail.json"
is "$rc" 2 "--test with files: a usage error"

done_testing
