/* Unit tests for lib/pm_benchrank: the Mann-Whitney U test against values
 * SciPy's mannwhitneyu(method="asymptotic") and R's wilcox.test(exact =
 * FALSE) give (1:10 against 11:20: R says W = 0, p-value = 0.0001827). */
#include "pm_test.h"

#include <math.h>

#include "pm_benchrank.h"

#define N(x)	(sizeof(x) / sizeof((x)[0]))
#define NEAR(got, want) \
	assert_true(fabs((got) - (want)) <= 1e-12 * fabs(want) + 1e-15)

static void
test_known(void **state)
{
	static const double a1[] = { 1, 2, 3 }, b1[] = { 4, 5, 6 };
	static const double a2[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	static const double b2[] = { 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
	/* Ties: 2 twice, 3 four times across the samples, 4 twice. */
	static const double a3[] = { 1, 2, 2, 3, 3, 3 }, b3[] = { 3, 4, 4, 5 };
	static const double a4[] = { 1, 3, 5, 7 }, b4[] = { 2, 4, 6, 8 };
	/* Run times: b about 3% slower, noisy. */
	static const double a5[] = { 0.0101, 0.0102, 0.0099, 0.0100, 0.0103,
	    0.0098, 0.0104, 0.0100, 0.0101, 0.0102 };
	static const double b5[] = { 0.0105, 0.0103, 0.0107, 0.0104, 0.0106,
	    0.0102, 0.0108, 0.0105, 0.0104, 0.0106 };
	double u;

	(void)state;
	NEAR(pm_benchrank_p(a1, N(a1), b1, N(b1), &u), 0.0808555983700523);
	assert_true(u == 0);
	NEAR(pm_benchrank_p(a2, N(a2), b2, N(b2), &u), 0.0001826717911095504);
	assert_true(u == 0);
	NEAR(pm_benchrank_p(a3, N(a3), b3, N(b3), &u), 0.026826219079541535);
	assert_true(u == 1.5);
	NEAR(pm_benchrank_p(a4, N(a4), b4, N(b4), &u), 0.6650055421020291);
	assert_true(u == 6);
	NEAR(pm_benchrank_p(a5, N(a5), b5, N(b5), &u), 0.000830384786154903);
	assert_true(u == 5.5);
}

static void
test_symmetry(void **state)
{
	static const double a[] = { 1, 2, 2, 3, 3, 3 }, b[] = { 3, 4, 4, 5 };
	double ua, ub;

	(void)state;
	/* The same p either way round; U of a and of b make every pair. */
	NEAR(pm_benchrank_p(b, N(b), a, N(a), &ub),
	    pm_benchrank_p(a, N(a), b, N(b), &ua));
	assert_true(ua + ub == (double)(N(a) * N(b)));
}

static void
test_degenerate(void **state)
{
	static const double a[] = { 5, 5, 5 }, b[] = { 5, 5 }, c[] = { 1, 2 };
	double u = -1;

	(void)state;
	/* All equal: no evidence of anything. */
	assert_true(pm_benchrank_p(a, N(a), b, N(b), &u) == 1);
	assert_true(u == 3);
	/* An empty sample. */
	assert_true(pm_benchrank_p(a, 0, b, N(b), &u) == 1);
	assert_true(pm_benchrank_p(a, N(a), b, 0, NULL) == 1);
	/* |U - mean| within the continuity correction: p is 1, not above. */
	assert_true(pm_benchrank_p(c, 1, c + 1, 1, &u) == 1);
	assert_true(u == 0);
	assert_true(pm_benchrank_p(c, 2, c, 2, &u) == 1);
	assert_true(u == 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_symmetry),
		cmocka_unit_test(test_degenerate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
