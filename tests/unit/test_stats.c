/* Unit tests for lib/pm_stats: statistics on known data, the Welch test
 * against values computed independently (mpmath, 30 digits), and the
 * verdicts on synthetic samples. */
#include "pm_test.h"

#include <math.h>

#include "pm_agg.h"
#include "pm_stats.h"

/* Equal to 9 significant digits (or 1e-9 near zero). */
static void
near(double got, double want, int line)
{
	double scale = fabs(want) > 1 ? fabs(want) : 1;

	if (!(fabs(got - want) <= 1e-9 * scale))
		fail_msg("line %d: got %.17g, want %.17g", line, got, want);
}
#define NEAR(got, want) near((got), (want), __LINE__)

static const double known[] = { 2, 4, 4, 4, 5, 5, 7, 9 };

static void
test_known(void **state)
{
	double x[8];
	struct pm_stats s;
	struct pm_err e;
	size_t i;

	(void)state;
	/* Given out of order: the input is not changed. */
	for (i = 0; i < 8; i++)
		x[i] = known[(i * 3) % 8];
	assert_int_equal(pm_stats_compute(x, 8, 0.95, &s, &e), 0);
	assert_true(x[1] == known[3]);
	assert_int_equal(s.n, 8);
	NEAR(s.mean, 5);
	NEAR(s.stddev, 2.13808993529939507747642784704);
	NEAR(s.median, 4.5);
	NEAR(s.min, 2);
	NEAR(s.max, 9);
	NEAR(s.p90, 7.6);
	NEAR(s.p95, 8.3);
	NEAR(s.p99, 8.86);
	/* t(0.975, 7) = 2.36462425159278530394 */
	NEAR(s.ci_low, 3.21251208176378913349);
	NEAR(s.ci_high, 6.78748791823621086651);
	assert_int_equal(s.outliers, 0);
}

static void
test_small(void **state)
{
	double one = 0.25, sorted[] = { 1, 2 };
	struct pm_stats s;
	struct pm_err e;

	(void)state;
	assert_int_equal(pm_stats_compute(&one, 1, 0.95, &s, &e), 0);
	NEAR(s.mean, 0.25);
	NEAR(s.stddev, 0);
	NEAR(s.p99, 0.25);
	NEAR(s.ci_low, 0.25);
	NEAR(s.ci_high, 0.25);
	assert_int_equal(pm_stats_compute(&one, 0, 0.95, &s, &e), -1);
	NEAR(pm_percentile(sorted, 2, 0), 1);
	NEAR(pm_percentile(sorted, 2, 0.25), 1.25);
	NEAR(pm_percentile(sorted, 2, 1), 2);
}

static void
test_outliers(void **state)
{
	double x[20];
	struct pm_stats s;
	struct pm_err e;
	size_t i;

	(void)state;
	for (i = 0; i < 20; i++)
		x[i] = 10 + 0.1 * (double)(i % 3);	/* MAD 0.1 */
	x[7] = 11.4;	/* 1.4 / 0.14826 = 9.4: not an outlier */
	x[9] = 11.6;	/* 10.8: an outlier */
	x[11] = 100;
	assert_int_equal(pm_stats_compute(x, 20, 0.95, &s, &e), 0);
	assert_int_equal(s.outliers, 2);
	assert_false(pm_stats_outlier(5, 5, 0));
}

/* Wikipedia's Welch example 1; the reference from mpmath. */
static const double wa[] = { 27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1,
	21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4 };
static const double wb[] = { 27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0,
	24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4 };

static void
test_welch(void **state)
{
	struct pm_stats a, b;
	struct pm_err e;
	double lo, hi, p, err, r;

	(void)state;
	assert_int_equal(pm_stats_compute(wa, 15, 0.95, &a, &e), 0);
	assert_int_equal(pm_stats_compute(wb, 15, 0.95, &b, &e), 0);
	p = pm_stats_welch(&a, &b, 0.95, &lo, &hi);
	NEAR(p, 0.0213780014628670599154);
	NEAR(lo, 0.349237066192404788814);
	NEAR(hi, 3.98409626714092807082);
	r = pm_stats_ratio(&a, &b, &err);
	NEAR(r, 1.10406660262568042387);
	NEAR(err, 0.175839557229491613857);
	/* Symmetric. */
	NEAR(pm_stats_welch(&b, &a, 0.95, &lo, &hi), p);
	/* One run each: nothing to test with. */
	a.n = 1;
	assert_true(pm_stats_welch(&a, &b, 0.95, &lo, &hi) == 1);
	assert_true(isinf(lo) && isinf(hi));
}

/* n runs around mean with a small deterministic spread, times f. */
static void
sample(double *x, size_t n, double mean, double spread, double f)
{
	size_t i;

	for (i = 0; i < n; i++)
		x[i] = f * (mean + spread * ((double)(i % 5) - 2));
}

static enum pm_verdict
verdict(const double *a, size_t na, const double *b, size_t nb,
    double *change)
{
	struct pm_stats sa, sb;
	struct pm_err e;
	double p;

	assert_int_equal(pm_stats_compute(a, na, 0.95, &sa, &e), 0);
	assert_int_equal(pm_stats_compute(b, nb, 0.95, &sb, &e), 0);
	return pm_stats_verdict(&sa, &sb, 0.95, 0.05, &p, change);
}

static void
test_verdicts(void **state)
{
	double a[50], b[50], ch;

	(void)state;
	sample(a, 50, 0.010, 0.0001, 1);
	sample(b, 50, 0.010, 0.0001, 1.30);
	assert_int_equal(verdict(a, 50, b, 50, &ch), PM_SLOWER);
	NEAR(ch, 0.30);
	sample(b, 50, 0.010, 0.0001, 0.70);
	assert_int_equal(verdict(a, 50, b, 50, &ch), PM_FASTER);
	/* A real 1% slowdown is below the 5% threshold: same. */
	sample(b, 50, 0.010, 0.0001, 1.01);
	assert_int_equal(verdict(a, 50, b, 50, &ch), PM_SAME);
	/* Identical runs. */
	assert_int_equal(verdict(a, 50, a, 50, &ch), PM_SAME);
	/* 30% slower but so noisy the test cannot tell: inconclusive. */
	sample(a, 10, 0.010, 0.004, 1);
	sample(b, 10, 0.010, 0.004, 1.30);
	assert_int_equal(verdict(a, 10, b, 10, &ch), PM_INCONCLUSIVE);
	/* Too few runs. */
	assert_int_equal(verdict(a, 1, b, 1, &ch), PM_INCONCLUSIVE);
	assert_string_equal(pm_verdict_name(PM_INCONCLUSIVE), "inconclusive");
	assert_string_equal(pm_verdict_name(PM_SLOWER), "slower");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_outliers),
		cmocka_unit_test(test_welch),
		cmocka_unit_test(test_verdicts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
