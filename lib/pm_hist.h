/* pm_hist: a latency histogram with 3 significant digits from 1 ns to 1
 * hour in bounded memory (HdrHistogram's log-linear buckets): for the HTTP
 * benchmark, where keeping every request's time is too much.
 *
 * Values are nanoseconds.  Each power of two from 2^11 up is cut into 1024
 * equal sub-buckets (below 2048 ns every nanosecond has its own), so any
 * value is kept to within 1/1024 of itself, under 0.1%.  Values above one
 * hour are counted as one hour (and counted in clamped).  Min, max, mean
 * and standard deviation are exact: they come from the values themselves,
 * not from the buckets.
 *
 * Percentiles are the nearest rank: the smallest value v such that at
 * least p of the values are <= v, reported as the highest value of its
 * sub-bucket (as HdrHistogram does), so never below the true one.
 *
 * Ownership: pm_hist owns its counts (about 270 KiB); pm_hist_release.
 */
#ifndef PM_HIST_H
#define PM_HIST_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"

#define PM_HIST_MAX INT64_C(3600000000000)	/* one hour, in ns */

struct pm_hist {
	uint64_t *counts;
	size_t len;
	uint64_t total, clamped;
	int64_t min, max;
	double mean, m2;	/* Welford's running mean and sum of squares */
};

int pm_hist_init(struct pm_hist *h, struct pm_err *e);

/* Count one value (ns; below 0 counts as 0). */
void pm_hist_record(struct pm_hist *h, int64_t ns);

/* Add src's values to dst (one histogram per thread, merged at the end). */
void pm_hist_merge(struct pm_hist *dst, const struct pm_hist *src);

/* The percentile p (0..1) in ns; 0 when empty. */
int64_t pm_hist_percentile(const struct pm_hist *h, double p);

double pm_hist_mean(const struct pm_hist *h);
double pm_hist_stddev(const struct pm_hist *h);	/* sample (n - 1) */

void pm_hist_release(struct pm_hist *h);

#endif
