/* pm_agg: the aggregations of pm-query over one bucket of samples.
 *
 * A bucket holds entries: raw samples (weight 1) and rollups (avg, min,
 * max and a weight of count).  A rollup adds exactly to count, sum, avg,
 * min and max.  For first and last it is its avg at its bucket start.  For
 * stddev and the percentiles it counts as `count` samples of value avg, so
 * over rolled-up data these describe the bucket averages, not the samples
 * they replaced.
 *
 * Percentiles are exact: the values are sorted, and the p-th percentile of
 * n values x[0] <= ... <= x[n-1] is the linear interpolation between the
 * closest ranks, as numpy's default and Prometheus' quantile_over_time:
 * h = (n - 1) p, x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
 * stddev is the population standard deviation (divided by n).
 *
 * rate and increase treat the values as a counter and are computed per
 * series (pm_counter_delta); pm_agg_bucket leaves them NaN.
 *
 * Ownership: the caller owns the entries; a pm_aggbuf owns its scratch
 * arrays (pm_aggbuf_release).
 */
#ifndef PM_AGG_H
#define PM_AGG_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"
#include "pm_query.h"

struct pm_entry {
	int64_t ts;
	double v, min, max;	/* a sample: all three are its value */
	double w;		/* 1, or a rollup's count */
	size_t seq;		/* ties in ts: the order of gathering */
};

struct pm_wv {
	double v, w;
};

/* Scratch memory for the percentiles, reused from bucket to bucket. */
struct pm_aggbuf {
	double *v;
	struct pm_wv *wv;
	size_t cap;
};

void pm_aggbuf_release(struct pm_aggbuf *b);

/* Each of aggs over e[0..n) (n > 0, sorted by ts and seq) into out[i];
 * NaN where undefined. */
int pm_agg_bucket(const struct pm_entry *e, size_t n, const enum pm_agg *aggs,
    size_t naggs, double *out, struct pm_aggbuf *b, struct pm_err *err);

/* The percentile p (0..1) of v[0..n), sorted, n > 0. */
double pm_percentile(const double *v, size_t n, double p);

/* The same over values with whole-number weights, sorted by value; total
 * is the sum of the weights. */
double pm_percentile_weighted(const struct pm_wv *v, size_t n, double total,
    double p);

/* How much a counter grew from prev to cur: a decrease means the counter
 * was reset (restarted from 0) in between, so it grew by cur, as in
 * Prometheus. */
double pm_counter_delta(double prev, double cur);

#endif
