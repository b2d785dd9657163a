#include "pm_analysis.h"

#include <stdlib.h>

#include "pm_agg.h"

#define NS_PER_HOUR 3.6e12

void
pm_series_rate(struct pm_series *s)
{
	size_t i, k = 0;

	for (i = 1; i < s->n; i++) {
		double dt = (double)(s->s[i].ts - s->s[i - 1].ts) / 1e9;

		if (dt <= 0)
			continue;
		s->s[k].ts = s->s[i].ts;
		s->s[k].v = pm_counter_delta(s->s[i - 1].v, s->s[i].v) / dt;
		/* In place: k < i, so s->s[i] is still raw next time. */
		k++;
	}
	s->n = k;
}

int
pm_series_sma(struct pm_series *s, size_t n, struct pm_err *e)
{
	size_t size = n < s->n ? n : s->n, i;
	double sum = 0, *ring;

	if (s->n == 0)
		return 0;
	/* The last n raw values, which the loop writes over. */
	if ((ring = malloc(size * sizeof(*ring))) == NULL)
		return pm_err_set(e, "out of memory");
	for (i = 0; i < s->n; i++) {
		if (i >= n)
			sum -= ring[i % size];
		ring[i % size] = s->s[i].v;
		sum += s->s[i].v;
		s->s[i].v = sum / (double)(i + 1 < n ? i + 1 : n);
	}
	free(ring);
	return 0;
}

void
pm_series_ewma(struct pm_series *s, double alpha)
{
	size_t i;

	for (i = 1; i < s->n; i++)
		s->s[i].v = alpha * s->s[i].v + (1 - alpha) * s->s[i - 1].v;
}

int
pm_trend_fit(const struct pm_sample *s, size_t n, struct pm_trend *t)
{
	double mx = 0, my = 0, sxx = 0, sxy = 0;
	size_t i;

	if (n < 2 || s[0].ts == s[n - 1].ts)
		return -1;
	t->t0 = s[0].ts;
	for (i = 0; i < n; i++) {
		mx += (double)(s[i].ts - t->t0) / NS_PER_HOUR;
		my += s[i].v;
	}
	mx /= (double)n;
	my /= (double)n;
	for (i = 0; i < n; i++) {
		double dx = (double)(s[i].ts - t->t0) / NS_PER_HOUR - mx;

		sxx += dx * dx;
		sxy += dx * (s[i].v - my);
	}
	t->slope = sxy / sxx;
	t->a = my - t->slope * mx;
	return 0;
}

int
pm_trend_reaches(const struct pm_trend *t, double limit, int64_t after,
    double *secs)
{
	double h, from = (double)(after - t->t0) / NS_PER_HOUR;

	if (t->slope == 0)
		return 0;
	h = (limit - t->a) / t->slope;
	if (!(h >= from))
		return 0;
	*secs = (h - from) * 3600;
	return 1;
}
