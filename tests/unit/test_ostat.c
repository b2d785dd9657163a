/* Unit tests for lib/pm_ostat: after every insert and remove of a seeded
 * random sliding window (with many equal values, so equal runs cross
 * blocks), every rank and the quantiles are those of a sorted copy
 * (pm_percentile), and memory is packed again after removals. */
#include "pm_test.h"

#include <math.h>

#include "pm_agg.h"
#include "pm_ostat.h"

#define N 3000

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Every rank and some quantiles of o against the values in win[0..n). */
static void
check(const struct pm_ostat *o, const double *win, size_t n)
{
	static double sorted[N];
	static const double qs[] = { 0, 0.5, 0.9, 0.95, 0.99, 1 };
	size_t k;

	assert_int_equal(o->n, n);
	memcpy(sorted, win, n * sizeof(*win));
	qsort(sorted, n, sizeof(*sorted), cmp);
	for (k = 0; k < n; k++)
		assert_true(pm_ostat_at(o, k) == sorted[k]);
	for (k = 0; n > 0 && k < sizeof(qs) / sizeof(qs[0]); k++)
		assert_true(pm_ostat_quantile(o, qs[k]) ==
		    pm_percentile(sorted, n, qs[k]));
}

static void
test_sliding(void **state)
{
	static double win[N];
	struct pm_ostat o = { 0 };
	struct pm_err e;
	size_t head = 0, n = 0, step, width;
	unsigned seed = 12345;

	(void)state;
	for (step = 0; step < 40000; step++) {
		/* The window's width wanders, so it grows and shrinks. */
		width = 1 + (step / 5000 % 2 ? 2500 : 300);
		seed = seed * 1103515245 + 12345;
		while (n >= width) {
			pm_ostat_remove(&o, win[head % N]);
			head++;
			n--;
		}
		win[(head + n) % N] = (double)(seed >> 16 & 255);
		assert_int_equal(pm_ostat_insert(&o, win[(head + n) % N], &e), 0);
		n++;
		if (step % 997 == 0 || step % 5000 < 3) {
			static double flat[N];
			size_t i;

			for (i = 0; i < n; i++)
				flat[i] = win[(head + i) % N];
			check(&o, flat, n);
			/* At most 4 blocks' worth of room per 128 values
			 * held, plus a few: packed when sparse. */
			assert_true(o.nb <= 2 + 4 * (n / PM_OSTAT_BLOCK + 1));
		}
	}
	while (n > 0) {
		pm_ostat_remove(&o, win[head++ % N]);
		n--;
	}
	assert_int_equal(o.n, 0);
	assert_int_equal(o.nb, 0);
	pm_ostat_release(&o);
}

static void
test_remove_absent_and_nan(void **state)
{
	struct pm_ostat o = { 0 };
	struct pm_err e;

	(void)state;
	assert_int_equal(pm_ostat_insert(&o, 2, &e), 0);
	assert_int_equal(pm_ostat_insert(&o, NAN, &e), 0);
	assert_int_equal(pm_ostat_insert(&o, 1, &e), 0);
	pm_ostat_remove(&o, 5);		/* not there: nothing happens */
	assert_int_equal(o.n, 3);
	assert_true(pm_ostat_at(&o, 0) == 1);
	assert_true(isnan(pm_ostat_at(&o, 2)));	/* NaN sorts last */
	pm_ostat_remove(&o, NAN);
	assert_int_equal(o.n, 2);
	assert_true(pm_ostat_at(&o, 1) == 2);
	pm_ostat_release(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sliding),
		cmocka_unit_test(test_remove_absent_and_nan),
	};

	return cmocka_run_group_tests_name("pm_ostat", tests, NULL, NULL);
}
