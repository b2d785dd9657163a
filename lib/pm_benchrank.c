/* pm_benchrank: the Mann-Whitney U test (see pm_benchrank.h). */
#include "pm_benchrank.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

struct ranked {
	double v;
	int of_a;
};

static int
by_value(const void *p, const void *q)
{
	double x = ((const struct ranked *)p)->v;
	double y = ((const struct ranked *)q)->v;

	return (x > y) - (x < y);
}

double
pm_benchrank_p(const double *a, size_t na, const double *b, size_t nb,
    double *u)
{
	struct ranked *r;
	double n = (double)(na + nb), ra = 0, ties = 0, t, mu, var, z;
	size_t i, j, k;

	if (u != NULL)
		*u = (double)na * (double)nb / 2;
	if (na == 0 || nb == 0)
		return 1;
	if ((r = malloc((na + nb) * sizeof(*r))) == NULL)
		return -1;
	for (i = 0; i < na; i++)
		r[i] = (struct ranked){ a[i], 1 };
	for (i = 0; i < nb; i++)
		r[na + i] = (struct ranked){ b[i], 0 };
	qsort(r, na + nb, sizeof(*r), by_value);
	/* Tied values share the mean of their ranks (1-based). */
	for (i = 0; i < na + nb; i = j) {
		for (j = i + 1; j < na + nb && r[j].v == r[i].v; j++)
			;
		t = (double)(j - i);
		ties += t * t * t - t;
		for (k = i; k < j; k++)
			if (r[k].of_a)
				ra += (double)(i + j + 1) / 2;
	}
	free(r);
	mu = (double)na * (double)nb / 2;
	ra -= (double)na * (double)(na + 1) / 2;	/* U of a */
	if (u != NULL)
		*u = ra;
	var = (double)na * (double)nb / 12 * (n + 1 - ties / (n * (n - 1)));
	if (!(var > 0))
		return 1;
	z = (fabs(ra - mu) - 0.5) / sqrt(var);
	return z <= 0 ? 1 : fmin(1, 2 * gsl_cdf_ugaussian_Q(z));
}
