/* libFuzzer target for pm-alert --test files (pm_alert_tests_load): the
 * suite's JSON, inline rules or a rules file beside it ("rules.json", a
 * valid one, is there to be named), cases, the values notation, expected
 * alerts; then every case runs.  Checks: every error has a message; what
 * loads has at most the room given for rules, a name per case; a run
 * passes with no diff or fails with one.  Cases run only when the input's
 * repetitions (xN) add up to at most RUN_POINTS: a case may hold a million
 * points, which is slow to run and no harder.  Standard input is
 * /dev/null, so a rules file naming it cannot wait.
 *   make fuzz FUZZ_TARGETS=alerttests
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pm_alert_test.h"

#define MAX 8
#define RUN_POINTS 10000

static const char rules_json[] = "{\"rules\": ["
    "{\"alert\": \"Hot\", \"expr\": \"temp > 90 for 2m\","
    " \"keep_firing_for\": \"1m\", \"labels\": {\"gpu\": \"{{labels.gpu}}\"}},"
    "{\"alert\": \"Quiet\", \"expr\": \"absent(temp, 3m)\","
    " \"severity\": \"warning\"},"
    "{\"alert\": \"Cpu\", \"expr\": \"avg(cpu[5m])\", \"warning\": \"> 80\","
    " \"critical\": \"> 90\"}]}\n";

/* The sum of the N of each "xN" in data, at most RUN_POINTS + 1. */
static size_t
repetitions(const uint8_t *data, size_t size)
{
	size_t i, sum = 0, n;

	for (i = 0; i < size && sum <= RUN_POINTS; i++) {
		if (data[i] != 'x')
			continue;
		for (n = 0; i + 1 < size && data[i + 1] >= '0' &&
		    data[i + 1] <= '9' && n <= RUN_POINTS; i++)
			n = n * 10 + (size_t)(data[i + 1] - '0');
		sum += n;
	}
	return sum;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct pm_alert_tests t;
	struct pm_rule rules[MAX];
	struct pm_err e;
	char path[PATH_MAX + 16];
	size_t n = 0, i;
	int rc, run;

	if (!ready) {
		if (freopen("/dev/null", "r", stdin) == NULL ||
		    fuzz_tmpfile("rules.json", (const uint8_t *)rules_json,
		    sizeof(rules_json) - 1, path, sizeof(path)) != 0)
			abort();
		ready = 1;
	}
	if (fuzz_tmpfile("tests.json", data, size, path, sizeof(path)) != 0)
		return 0;
	run = repetitions(data, size) <= RUN_POINTS;
	rc = pm_alert_tests_load(&t, path, rules, &n, MAX, &e);
	if (n > MAX || (rc != 0 && e.msg[0] == '\0'))
		abort();
	for (i = 0; rc == 0 && i < t.ncases; i++) {
		if (pm_alert_tests_name(&t, i) == NULL)
			abort();
		if (!run)
			continue;
		switch (pm_alert_tests_run(&t, i, rules, n, &e)) {
		case 1:
			if (t.diff != NULL && t.diff[0] != '\0')
				abort();
			break;
		case 0:
			if (t.diff == NULL || t.diff[0] == '\0')
				abort();
			break;
		default:
			if (e.msg[0] == '\0')
				abort();
		}
	}
	pm_alert_tests_release(&t);
	for (i = 0; i < n; i++)
		pm_rule_release(&rules[i]);
	return 0;
}
