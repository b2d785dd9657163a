/* pm_alert_test: rule unit tests, in the spirit of `promtool test rules`.
 *
 *   {"rules": [rules as in pm_rules_file.h] | "rules_file": "PATH",
 *    "tests": [{"name": "HighCPU fires after 2m",
 *               "start": "2026-11-22T10:00:00Z", "interval": "1m",
 *               "input_series": [{"metric": "cpu.usage", "host": "web-1",
 *                                 "labels": {"cpu": "total"},
 *                                 "values": "50 95x3 _ 10"}],
 *               "alerts": [{"at": "2m", "alerts": [
 *                   {"alert": "HighCPU", "state": "firing",
 *                    "severity": "critical", "host": "web-1",
 *                    "labels": {"cpu": "total"}}]}]}]}
 *
 * rules_file is relative to the test file's folder.  A series' values
 * come one per interval from start (default 1970-01-01T00:00:00Z, 1m):
 * N; "AxN" (A, N + 1 times); "A+BxN", "A-BxN" (A, A+B, ... A+N*B); "_"
 * (no point there); "_xN" (N of them).  At each "at" (a duration after
 * start, ascending), the alerts pending or firing after every point up to
 * then must be exactly those listed: name, state, severity, host (none
 * when missing) and every label (the series' and the rule's).  Unknown
 * members are errors.
 *
 * Ownership: the suite owns its parsed cases; the rules appended to the
 * caller's array are the caller's.  The diff of a failed case is owned by
 * the suite and valid until the next run or release.
 */
#ifndef PM_ALERT_TEST_H
#define PM_ALERT_TEST_H

#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "pm_err.h"
#include "pm_rule.h"

struct pm_alert_test_case;

struct pm_alert_tests {
	cJSON *root;			/* the file, which cases borrow from */
	struct pm_alert_test_case *cases;
	size_t ncases;
	char *diff;			/* of the last failed run */
};

/* Parse path (every case, so a bad file fails before any runs) and append
 * its rules to rules[*n..max).  e says "PATH: test N: ...".  Release t in
 * any case. */
int pm_alert_tests_load(struct pm_alert_tests *t, const char *path,
    struct pm_rule *rules, size_t *n, size_t max, struct pm_err *e);

const char *pm_alert_tests_name(const struct pm_alert_tests *t, size_t i);

/* Run case i against rules: 1 passed, 0 failed (t->diff says how), -1
 * when memory ran out. */
int pm_alert_tests_run(struct pm_alert_tests *t, size_t i,
    const struct pm_rule *rules, size_t nrules, struct pm_err *e);

void pm_alert_tests_release(struct pm_alert_tests *t);

#endif
