/* pm_summary: the peak and the mean of every series seen during a run.
 *
 * A series is a metric with its labels, in the order the points carry
 * them (a collector always writes them in the same order).  The mean is
 * weighted by the time each sample covers, so the mean of a rate is the
 * rate over the whole run, and a short last sample counts for little.
 *
 * Ownership: the summary copies what it keeps of the points (metric, unit,
 * labels); pm_summary_release frees it.
 */
#ifndef PM_SUMMARY_H
#define PM_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "pm_point.h"

struct pm_summary_series;

struct pm_summary {
	struct pm_summary_series **series;	/* in the order first seen */
	size_t n, cap;
	uint32_t *index;	/* hash of metric and labels: series + 1 */
	size_t index_size;
	double weight;		/* seconds the sample being added covers */
	int nomem;		/* a series was lost for want of memory */
};

/* A zeroed struct pm_summary is an empty summary. */

/* Count point p in its series, with weight s->weight.  -1 when memory ran
 * out (s->nomem is set and p is not counted). */
int pm_summary_add(struct pm_summary *s, const struct pm_point *p);

/* Two points per series, its labels plus summary="max" and
 * summary="mean", with host and time ts, to fn; stops at the first
 * non-zero return of fn and returns it. */
int pm_summary_write(const struct pm_summary *s,
    int (*fn)(void *arg, const struct pm_point *p), void *arg,
    const char *host, int64_t ts);

void pm_summary_release(struct pm_summary *s);

#endif
