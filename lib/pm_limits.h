/* pm_limits: when a reading of this machine is a warning or critical, for
 * pm-status's colours, alerts and exit status.
 *
 * Each limit names a metric and holds a warning and a critical threshold
 * in pm_threshold's syntax ("> 90", a Nagios range), the same as pm-alert's
 * -w and -c.  The defaults (pm_limits_default) are the table in
 * pm_limits.c; pm_limits_set changes one, or adds a metric.
 *
 * Ownership: plain values, nothing to free.
 */
#ifndef PM_LIMITS_H
#define PM_LIMITS_H

#include "pm_err.h"
#include "pm_point.h"
#include "pm_threshold.h"

#define PM_LIMITS_MAX 64

enum pm_severity { PM_OK, PM_WARNING, PM_CRITICAL };

struct pm_limit {
	char metric[64];
	struct pm_threshold warn, crit;
};

struct pm_limits {
	struct pm_limit l[PM_LIMITS_MAX];
	size_t n;
};

/* The default limits. */
void pm_limits_default(struct pm_limits *ls);

/* "METRIC=THRESHOLD" for the warning (crit 0) or critical (crit 1) level;
 * an empty threshold removes that level. */
int pm_limits_set(struct pm_limits *ls, const char *spec, int crit,
    struct pm_err *e);

/* The limit of metric, or NULL. */
const struct pm_limit *pm_limits_find(const struct pm_limits *ls,
    const char *metric);

/* How bad value v of metric is. */
enum pm_severity pm_limits_check(const struct pm_limits *ls,
    const char *metric, double v);

/* "ok", "warning", "critical". */
const char *pm_severity_name(enum pm_severity s);

#endif
