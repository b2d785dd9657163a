/* pm_stats: statistics of a sample of measurements (benchmark run times),
 * and the comparison of two samples.
 *
 * Percentiles interpolate linearly between the order statistics (the
 * "type 7" definition of R and numpy, pm_percentile of pm_agg.h, as
 * pm-query computes them).
 * The standard deviation is the sample one (n - 1).  The confidence
 * interval of the mean and the Welch test use Student's t distribution from
 * GSL.  Nothing here allocates except pm_stats_compute's sorted copy.
 */
#ifndef PM_STATS_H
#define PM_STATS_H

#include <stddef.h>

#include "pm_err.h"

struct pm_stats {
	size_t n;
	double mean, stddev, median, min, max, p90, p95, p99;
	double ci_low, ci_high;	/* the mean's confidence interval */
	size_t outliers;	/* by modified Z-score, see pm_stats_outlier */
};

/* Fill s from the n values of x (x is not changed) with the mean's
 * confidence interval at confidence (0.95 for 95%).  With n == 1 the
 * interval is the value itself.  -1 with e when n is 0 or memory ran out. */
int pm_stats_compute(const double *x, size_t n, double confidence,
    struct pm_stats *s, struct pm_err *e);

/* Whether x is an outlier in a sample with this median and median absolute
 * deviation: |x - median| / (1.4826 mad) > 10, hyperfine's rule (the
 * modified Z-score, scaled so 1 is one standard deviation of a normal
 * sample).  Loose on purpose: it flags runs disturbed by something else,
 * not the long tail every process start has. */
int pm_stats_outlier(double x, double median, double mad);

/* Welch's t-test of the means of a and b: the two-sided p-value, and the
 * confidence interval of mean(b) - mean(a) at confidence in lo/hi.  With
 * no spread in either sample, p is 0 when the means differ and 1 when not.
 * Both samples need n >= 2; otherwise p is 1 and the interval infinite. */
double pm_stats_welch(const struct pm_stats *a, const struct pm_stats *b,
    double confidence, double *lo, double *hi);

/* How many times slower b is than a (mean(b) / mean(a)) with its
 * uncertainty by error propagation, r sqrt((sa/ma)^2 + (sb/mb)^2). */
double pm_stats_ratio(const struct pm_stats *a, const struct pm_stats *b,
    double *err);

enum pm_verdict {
	PM_SAME,
	PM_FASTER,
	PM_SLOWER,
	PM_INCONCLUSIVE,
};

/* The verdict on b (current) against a (baseline) for a minimum effect
 * threshold (0.05: 5% of the baseline mean):
 *   slower/faster  the test is significant at confidence and the change of
 *                  the mean is beyond the threshold;
 *   same           the confidence interval of the change lies within
 *                  +-threshold (a real 1% change is still "same");
 *   inconclusive   anything else: the runs are too noisy or too few to
 *                  tell.
 * *p gets the Welch p-value, *change the relative change of the mean. */
enum pm_verdict pm_stats_verdict(const struct pm_stats *a,
    const struct pm_stats *b, double confidence, double threshold,
    double *p, double *change);

const char *pm_verdict_name(enum pm_verdict v);

#endif
