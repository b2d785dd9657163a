/* pm_nagios: the result of pm-alert --check as a Nagios plugin gives it.
 *
 *   PM CRITICAL - 1 critical, 1 warning: HighCPU on web-1 (97.2 > 90),
 *   DiskFull on web-2 (85 > 80) | 'cpu.usage web-1'=97.2%;;~:90 ...
 *   CRITICAL: HighCPU on web-1: cpu.usage = 97.2 (> 90) since ...
 *   WARNING: ...
 *
 * The first line is the status, the alerts firing (critical ones first)
 * and the perfdata: the last value of each series a rule evaluated, with
 * its unit where Nagios knows it and the thresholds as ranges.  Each
 * firing alert follows on a line of its own (the long output).  Status:
 * 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
 *
 * Ownership: the text is the caller's (free()).
 */
#ifndef PM_NAGIOS_H
#define PM_NAGIOS_H

#include "pm_alert.h"

enum { PM_NAGIOS_OK, PM_NAGIOS_WARNING, PM_NAGIOS_CRITICAL,
	PM_NAGIOS_UNKNOWN };

/* The report of the engine's state, its status in *status.  unknown, when
 * not NULL, is a reason to be UNKNOWN (no data, bad input): it says so
 * when nothing fires, and is appended in parentheses otherwise, since a
 * firing alert is news whatever else went wrong (CRITICAL and WARNING
 * outrank UNKNOWN, as in Nagios). */
char *pm_nagios_report(const struct pm_alerts *a, const char *unknown,
    int *status, struct pm_err *e);

/* What besides the alerts makes a check UNKNOWN. */
struct pm_nagios_why {
	const int *seen;	/* per rule: it selected a point */
	long bad;		/* bad input lines; < 0: input not read whole */
	const char *fatal;	/* why not, or "" */
	const char *dropped;	/* points of new series dropped, or NULL */
};

/* The reason to be UNKNOWN, in buf (size bytes), or NULL when there is
 * none.  The last that applies: a rule (not absent()) that selected no
 * point, "no data for NAME (METRIC)"; dropped; "N bad input lines", or
 * when not read whole, "input not read to the end", or fatal when not
 * "". */
const char *pm_nagios_unknown(const struct pm_alerts *a,
    const struct pm_nagios_why *w, char *buf, size_t size);

#endif
