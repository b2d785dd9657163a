/* libFuzzer target for pm-alert rule expressions (lib/pm_rule_parse.c),
 * thresholds (-w/-c: comparisons and Nagios ranges, lib/pm_threshold.c),
 * label templates (lib/pm_tmpl.c) and health-check targets (pm_check_init).
 * The first byte picks the parser, and for rules the severity that the
 * comparison sets; a failure must say why.
 *   make fuzz FUZZ_TARGETS=rule
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pm_check.h"
#include "pm_rule.h"
#include "pm_threshold.h"
#include "pm_tmpl.h"

static void
other(int which, const char *s)
{
	struct pm_threshold t;
	struct pm_check c;
	struct pm_err e;
	char buf[64];
	int rc;

	e.msg[0] = '\0';
	if (which == 0) {
		if ((rc = pm_threshold_parse(&t, s, &e)) == 0) {
			(void)pm_threshold_alerts(&t, 0);
			pm_threshold_range(&t, buf, sizeof(buf));
		}
	} else if (which == 1)
		rc = pm_tmpl_check(s, &e);
	else
		rc = pm_check_init(&c, s, &e);
	if (rc != 0 && e.msg[0] == '\0')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pm_rule r;
	struct pm_err e;
	char *s;

	if (size == 0 || (s = fuzz_string(data + 1, size - 1)) == NULL)
		return 0;
	if (data[0] & 6) {
		other(((data[0] >> 1) & 3) - 1, s);
		free(s);
		return 0;
	}
	if (pm_rule_parse(&r, s, data[0] & 1 ? "warning" : "critical",
	    &e) == 0) {
		if (r.name == NULL || r.metric == NULL ||
		    r.nmatch > PM_RULE_MATCHERS_MAX || r.window < 0 ||
		    r.for_ns < 0 || r.keep_ns < 0)
			abort();
		pm_rule_release(&r);
	} else if (e.msg[0] == '\0')
		abort();
	free(s);
	return 0;
}
