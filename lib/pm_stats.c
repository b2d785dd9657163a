/* pm_stats: statistics of samples and their comparison (see pm_stats.h). */
#include "pm_stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "pm_agg.h"

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
pm_stats_outlier(double x, double median, double mad)
{
	if (mad <= 0)
		return 0;
	return fabs(x - median) / (1.4826 * mad) > 10;
}

/* Student's t quantile for a two-sided interval at confidence. */
static double
t_crit(double confidence, double df)
{
	return gsl_cdf_tdist_Qinv((1 - confidence) / 2, df);
}

int
pm_stats_compute(const double *x, size_t n, double confidence,
    struct pm_stats *s, struct pm_err *e)
{
	double *v, sum = 0, ss = 0, mad, half;
	size_t i;

	memset(s, 0, sizeof(*s));
	if (n == 0)
		return pm_err_set(e, "no values");
	if ((v = malloc(n * sizeof(*v))) == NULL)
		return pm_err_set(e, "out of memory");
	memcpy(v, x, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_double);
	s->n = n;
	for (i = 0; i < n; i++)
		sum += v[i];
	s->mean = sum / (double)n;
	for (i = 0; i < n; i++)
		ss += (v[i] - s->mean) * (v[i] - s->mean);
	s->stddev = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
	s->min = v[0];
	s->max = v[n - 1];
	s->median = pm_percentile(v, n, 0.5);
	s->p90 = pm_percentile(v, n, 0.90);
	s->p95 = pm_percentile(v, n, 0.95);
	s->p99 = pm_percentile(v, n, 0.99);
	half = n > 1 ? t_crit(confidence, (double)(n - 1)) * s->stddev /
	    sqrt((double)n) : 0;
	s->ci_low = s->mean - half;
	s->ci_high = s->mean + half;
	/* The median absolute deviation, from the same buffer. */
	for (i = 0; i < n; i++)
		v[i] = fabs(x[i] - s->median);
	qsort(v, n, sizeof(*v), cmp_double);
	mad = pm_percentile(v, n, 0.5);
	for (i = 0; i < n; i++)
		s->outliers += (size_t)pm_stats_outlier(x[i], s->median, mad);
	free(v);
	return 0;
}

double
pm_stats_welch(const struct pm_stats *a, const struct pm_stats *b,
    double confidence, double *lo, double *hi)
{
	double va, vb, se, df, d, t, half;

	d = b->mean - a->mean;
	if (a->n < 2 || b->n < 2) {
		*lo = -INFINITY;
		*hi = INFINITY;
		return 1;
	}
	va = a->stddev * a->stddev / (double)a->n;
	vb = b->stddev * b->stddev / (double)b->n;
	se = sqrt(va + vb);
	if (se == 0) {
		*lo = *hi = d;
		return d == 0 ? 1 : 0;
	}
	/* Welch-Satterthwaite degrees of freedom. */
	df = (va + vb) * (va + vb) / (va * va / (double)(a->n - 1) +
	    vb * vb / (double)(b->n - 1));
	t = d / se;
	half = t_crit(confidence, df) * se;
	*lo = d - half;
	*hi = d + half;
	return 2 * gsl_cdf_tdist_Q(fabs(t), df);
}

double
pm_stats_ratio(const struct pm_stats *a, const struct pm_stats *b,
    double *err)
{
	double r = b->mean / a->mean, ra, rb;

	ra = a->stddev / a->mean;
	rb = b->stddev / b->mean;
	*err = r * sqrt(ra * ra + rb * rb);
	return r;
}

enum pm_verdict
pm_stats_verdict(const struct pm_stats *a, const struct pm_stats *b,
    double confidence, double threshold, double *p, double *change)
{
	double lo, hi;

	*p = pm_stats_welch(a, b, confidence, &lo, &hi);
	*change = a->mean != 0 ? (b->mean - a->mean) / a->mean : 0;
	if (a->mean <= 0)
		return PM_INCONCLUSIVE;
	lo /= a->mean;
	hi /= a->mean;
	if (*p < 1 - confidence && *change > threshold)
		return PM_SLOWER;
	if (*p < 1 - confidence && *change < -threshold)
		return PM_FASTER;
	if (lo >= -threshold && hi <= threshold)
		return PM_SAME;
	return PM_INCONCLUSIVE;
}

const char *
pm_verdict_name(enum pm_verdict v)
{
	switch (v) {
	case PM_SAME:
		return "same";
	case PM_FASTER:
		return "faster";
	case PM_SLOWER:
		return "slower";
	case PM_INCONCLUSIVE:
		break;
	}
	return "inconclusive";
}
