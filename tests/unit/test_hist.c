/* Unit tests for lib/pm_hist: 3 significant digits from 1 ns to 1 hour,
 * nearest-rank percentiles, exact min/max/mean/stddev, merging. */
#include "pm_test.h"

#include <math.h>

#include "pm_hist.h"

static void
test_precision(void **state)
{
	struct pm_hist h;
	struct pm_err e;
	int64_t v, got;

	(void)state;
	assert_int_equal(pm_hist_init(&h, &e), 0);
	assert_true(h.len * sizeof(*h.counts) < 300 * 1024);
	/* One value at a time, across the whole range: within 1/1024. */
	for (v = 1; v <= PM_HIST_MAX; v = v * 3 + 7) {
		memset(h.counts, 0, h.len * sizeof(*h.counts));
		h.total = 0;
		h.min = INT64_MAX;
		h.max = 0;
		pm_hist_record(&h, v);
		got = pm_hist_percentile(&h, 0.5);
		assert_int_equal(got, v);	/* clamped to min and max */
		h.max = PM_HIST_MAX;	/* see the bucket's top */
		got = pm_hist_percentile(&h, 0.5);
		if (got < v || (double)(got - v) > (double)v / 1024)
			fail_msg("%lld reported as %lld", (long long)v,
			    (long long)got);
	}
	/* Below 2048 ns every nanosecond has its own bucket. */
	memset(h.counts, 0, h.len * sizeof(*h.counts));
	h.total = 0;
	pm_hist_record(&h, 2047);
	h.max = PM_HIST_MAX;
	assert_int_equal(pm_hist_percentile(&h, 1), 2047);
	pm_hist_release(&h);
}

static void
test_percentiles(void **state)
{
	struct pm_hist h;
	struct pm_err e;
	int64_t i;

	(void)state;
	assert_int_equal(pm_hist_init(&h, &e), 0);
	assert_int_equal(pm_hist_percentile(&h, 0.5), 0);
	/* 1..1000 us: p50 is 500 us, p99 990 us, p100 the max. */
	for (i = 1; i <= 1000; i++)
		pm_hist_record(&h, i * 1000);
	assert_int_equal(h.total, 1000);
	assert_int_equal(h.min, 1000);
	assert_int_equal(h.max, 1000000);
	/* 500000 falls in a sub-bucket 256 ns wide: [499968, 500224). */
	assert_int_equal(pm_hist_percentile(&h, 0.5), 500223);
	assert_int_equal(pm_hist_percentile(&h, 0.99), 990207);
	assert_int_equal(pm_hist_percentile(&h, 1), 1000000);
	assert_int_equal(pm_hist_percentile(&h, 0), 1000);
	assert_true(fabs(pm_hist_mean(&h) - 500500) < 1e-6);
	/* stddev of 1000..1000000 step 1000: 1000 sqrt(1000 1001 / 12). */
	assert_true(fabs(pm_hist_stddev(&h) - 1000 * sqrt(1000.0 * 1001 / 12)) <
	    1e-6);
	pm_hist_release(&h);
}

static void
test_clamp_merge(void **state)
{
	struct pm_hist a, b;
	struct pm_err e;

	(void)state;
	assert_int_equal(pm_hist_init(&a, &e), 0);
	assert_int_equal(pm_hist_init(&b, &e), 0);
	pm_hist_record(&a, 10);
	pm_hist_record(&a, 30);
	pm_hist_record(&b, PM_HIST_MAX * 2);
	pm_hist_record(&b, -5);
	assert_int_equal(b.clamped, 1);
	assert_int_equal(b.max, PM_HIST_MAX);
	assert_int_equal(b.min, 0);
	pm_hist_merge(&a, &b);
	assert_int_equal(a.total, 4);
	assert_int_equal(a.min, 0);
	assert_int_equal(a.max, PM_HIST_MAX);
	assert_int_equal(a.clamped, 1);
	assert_true(fabs(pm_hist_mean(&a) - (40 + (double)PM_HIST_MAX) / 4) < 1);
	assert_int_equal(pm_hist_percentile(&a, 0.5), 10);
	assert_int_equal(pm_hist_percentile(&a, 0.75), 30);
	/* The merged stddev is the stddev of the four values. */
	{
		double x[4] = { 10, 30, (double)PM_HIST_MAX, 0 }, m = 0, ss = 0;
		int i;

		for (i = 0; i < 4; i++)
			m += x[i] / 4;
		for (i = 0; i < 4; i++)
			ss += (x[i] - m) * (x[i] - m);
		assert_true(fabs(pm_hist_stddev(&a) - sqrt(ss / 3)) <
		    1e-9 * sqrt(ss / 3));
	}
	pm_hist_release(&a);
	pm_hist_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precision),
		cmocka_unit_test(test_percentiles),
		cmocka_unit_test(test_clamp_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
