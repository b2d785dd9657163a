#include "pm_agg.h"

#include <math.h>
#include <stdlib.h>

void
pm_aggbuf_release(struct pm_aggbuf *b)
{
	free(b->v);
	free(b->wv);
	b->v = NULL;
	b->wv = NULL;
	b->cap = 0;
}

double
pm_counter_delta(double prev, double cur)
{
	return cur >= prev ? cur - prev : cur;
}

double
pm_percentile(const double *v, size_t n, double p)
{
	double h = (double)(n - 1) * p, lo = floor(h);
	size_t i = (size_t)lo;

	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + (h - lo) * (v[i + 1] - v[i]);
}

/* The value at rank k (0-based) of the values repeated by their weights. */
static double
rank_value(const struct pm_wv *v, size_t n, double k)
{
	double cum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		cum += v[i].w;
		if (k < cum)
			return v[i].v;
	}
	return v[n - 1].v;
}

double
pm_percentile_weighted(const struct pm_wv *v, size_t n, double total,
    double p)
{
	double h = (total - 1) * p, lo = floor(h), a, b;

	a = rank_value(v, n, lo);
	if (lo + 1 >= total)
		return a;
	b = rank_value(v, n, lo + 1);
	return a + (h - lo) * (b - a);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int
cmp_wv(const void *a, const void *b)
{
	return cmp_double(&((const struct pm_wv *)a)->v,
	    &((const struct pm_wv *)b)->v);
}

static double
quantile(enum pm_agg a)
{
	switch (a) {
	case PM_AGG_P50: return 0.5;
	case PM_AGG_P90: return 0.9;
	case PM_AGG_P95: return 0.95;
	case PM_AGG_P99: return 0.99;
	default: return -1;
	}
}

/* Sort the bucket's values once, into b, for every percentile asked. */
static int
sorted_values(const struct pm_entry *e, size_t n, struct pm_aggbuf *b,
    int *weighted, double *total, struct pm_err *err)
{
	size_t i;

	if (n > b->cap) {
		double *v = realloc(b->v, n * sizeof(*v));
		struct pm_wv *wv;

		if (v == NULL)
			return pm_err_set(err, "out of memory");
		b->v = v;
		if ((wv = realloc(b->wv, n * sizeof(*wv))) == NULL)
			return pm_err_set(err, "out of memory");
		b->wv = wv;
		b->cap = n;
	}
	*weighted = 0;
	*total = 0;
	for (i = 0; i < n; i++) {
		*weighted |= e[i].w != 1;
		*total += e[i].w;
	}
	if (!*weighted) {
		for (i = 0; i < n; i++)
			b->v[i] = e[i].v;
		qsort(b->v, n, sizeof(*b->v), cmp_double);
	} else {
		for (i = 0; i < n; i++) {
			b->wv[i].v = e[i].v;
			b->wv[i].w = e[i].w;
		}
		qsort(b->wv, n, sizeof(*b->wv), cmp_wv);
	}
	return 0;
}

int
pm_agg_bucket(const struct pm_entry *e, size_t n, const enum pm_agg *aggs,
    size_t naggs, double *out, struct pm_aggbuf *b, struct pm_err *err)
{
	double sum = 0, count = 0, min = e[0].min, max = e[0].max, mean;
	double var = 0, total = 0;
	int sorted = 0, weighted = 0, have_var = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		sum += e[i].v * e[i].w;
		count += e[i].w;
		if (e[i].min < min)
			min = e[i].min;
		if (e[i].max > max)
			max = e[i].max;
	}
	mean = sum / count;
	for (i = 0; i < naggs; i++) {
		switch (aggs[i]) {
		case PM_AGG_AVG: out[i] = mean; break;
		case PM_AGG_MIN: out[i] = min; break;
		case PM_AGG_MAX: out[i] = max; break;
		case PM_AGG_SUM: out[i] = sum; break;
		case PM_AGG_COUNT: out[i] = count; break;
		case PM_AGG_FIRST: out[i] = e[0].v; break;
		case PM_AGG_LAST: out[i] = e[n - 1].v; break;
		case PM_AGG_STDDEV:
			if (!have_var) {
				size_t j;

				/* Two passes: no cancellation in sum(x^2). */
				for (j = 0; j < n; j++)
					var += e[j].w * (e[j].v - mean) *
					    (e[j].v - mean);
				var /= count;
				have_var = 1;
			}
			out[i] = sqrt(var);
			break;
		case PM_AGG_P50: case PM_AGG_P90: case PM_AGG_P95:
		case PM_AGG_P99:
			if (!sorted && sorted_values(e, n, b, &weighted, &total,
			    err) != 0)
				return -1;
			sorted = 1;
			out[i] = weighted ? pm_percentile_weighted(b->wv, n,
			    total, quantile(aggs[i])) :
			    pm_percentile(b->v, n, quantile(aggs[i]));
			break;
		default:
			out[i] = NAN;
		}
	}
	return 0;
}
