/* pm_hist: log-linear latency histogram (see pm_hist.h). */
#include "pm_hist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* 1024 sub-buckets per half: 2^10, so each power of two from 2^11 has
 * 1024 steps of 2^(k-10) ns. */
#define HALF_BITS 10
#define HALF (1 << HALF_BITS)
#define SUB_MASK ((int64_t)(2 * HALF - 1))

/* The bucket (power of two) of v: 0 for v < 2048. */
static int
bucket_of(int64_t v)
{
	return 64 - __builtin_clzll((unsigned long long)(v | SUB_MASK)) -
	    (HALF_BITS + 1);
}

static size_t
index_of(int64_t v)
{
	int b = bucket_of(v);
	int64_t sub = v >> b;	/* HALF <= sub < 2 HALF, or below HALF in 0 */

	return ((size_t)(b + 1) << HALF_BITS) + (size_t)(sub - HALF);
}

/* The lowest value counted at index i, and the width of its sub-bucket. */
static int64_t
value_at(size_t i, int64_t *width)
{
	int b = (int)(i >> HALF_BITS) - 1;
	int64_t sub = (int64_t)(i & (HALF - 1)) + HALF;

	if (b < 0) {	/* the first half of bucket 0 */
		b = 0;
		sub -= HALF;
	}
	*width = (int64_t)1 << b;
	return sub << b;
}

int
pm_hist_init(struct pm_hist *h, struct pm_err *e)
{
	memset(h, 0, sizeof(*h));
	h->len = index_of(PM_HIST_MAX) + 1;
	if ((h->counts = calloc(h->len, sizeof(*h->counts))) == NULL)
		return pm_err_set(e, "out of memory");
	h->min = INT64_MAX;
	return 0;
}

void
pm_hist_record(struct pm_hist *h, int64_t ns)
{
	double d;

	if (ns < 0)
		ns = 0;
	if (ns > PM_HIST_MAX) {
		ns = PM_HIST_MAX;
		h->clamped++;
	}
	h->counts[index_of(ns)]++;
	h->total++;
	if (ns < h->min)
		h->min = ns;
	if (ns > h->max)
		h->max = ns;
	/* Welford: no cancellation however close the values are. */
	d = (double)ns - h->mean;
	h->mean += d / (double)h->total;
	h->m2 += d * ((double)ns - h->mean);
}

void
pm_hist_merge(struct pm_hist *dst, const struct pm_hist *src)
{
	double n, d;
	size_t i;

	if (src->total == 0)
		return;
	for (i = 0; i < dst->len && i < src->len; i++)
		dst->counts[i] += src->counts[i];
	/* Chan et al.: the mean and sum of squares of the union. */
	n = (double)(dst->total + src->total);
	d = src->mean - dst->mean;
	dst->m2 += src->m2 + d * d * (double)dst->total * (double)src->total / n;
	dst->mean += d * (double)src->total / n;
	dst->total += src->total;
	dst->clamped += src->clamped;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}

int64_t
pm_hist_percentile(const struct pm_hist *h, double p)
{
	uint64_t want, seen = 0;
	int64_t v, width;
	size_t i;

	if (h->total == 0)
		return 0;
	want = (uint64_t)ceil(p * (double)h->total);
	if (want < 1)
		want = 1;
	for (i = 0; i < h->len; i++) {
		seen += h->counts[i];
		if (seen >= want) {
			v = value_at(i, &width) + width - 1;
			/* Never beyond what was seen. */
			return v > h->max ? h->max : v < h->min ? h->min : v;
		}
	}
	return h->max;
}

double
pm_hist_mean(const struct pm_hist *h)
{
	return h->mean;
}

double
pm_hist_stddev(const struct pm_hist *h)
{
	if (h->total < 2)
		return 0;
	return sqrt(h->m2 / (double)(h->total - 1));
}

void
pm_hist_release(struct pm_hist *h)
{
	free(h->counts);
	memset(h, 0, sizeof(*h));
}
