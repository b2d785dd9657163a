/* pm_ostat: order statistics of a changing multiset of numbers, for
 * min, max and percentiles over sliding windows (pm_window.h).
 *
 * The values are kept sorted in blocks of at most PM_OSTAT_BLOCK, so that
 * adding or removing one moves at most a block's values (never the whole
 * window's, as one sorted array would: a p95 over 10 minutes of a series
 * sending ten points a second holds 6000), and the k-th value is found by
 * walking the block counts from the nearer end.  NaN sorts after every
 * number.  Blocks left sparse by removals are packed again once they hold
 * less than a quarter of their room on average, so memory stays within a
 * few times the values held.
 *
 * Ownership: the set owns its blocks; pm_ostat_release frees them.
 */
#ifndef PM_OSTAT_H
#define PM_OSTAT_H

#include <stddef.h>

#include "pm_err.h"

#define PM_OSTAT_BLOCK 128

struct pm_ostat_block {
	size_t n;
	double v[PM_OSTAT_BLOCK];
};

struct pm_ostat {
	struct pm_ostat_block **b;	/* in order */
	size_t nb, cap;		/* blocks; room in b */
	size_t n;		/* values */
};

int pm_ostat_insert(struct pm_ostat *o, double x, struct pm_err *e);

/* Remove one value equal to x (NaN: one NaN), if there is one. */
void pm_ostat_remove(struct pm_ostat *o, double x);

/* The k-th smallest value (0-based, k < n). */
double pm_ostat_at(const struct pm_ostat *o, size_t k);

/* The p-quantile (0..1), interpolated as pm_percentile does. */
double pm_ostat_quantile(const struct pm_ostat *o, double p);

void pm_ostat_release(struct pm_ostat *o);

#endif
