/* Unit tests for pm-query's series and transforms (lib/pm_series.c,
 * lib/pm_analysis.c): keys, sorting and de-duplication, rollups made
 * flat, --rate, sma and ewma, and the least-squares trend. */
#include "pm_test.h"

#include <math.h>

#include "pm_analysis.h"

#define S PM_NS_PER_S
#define H (3600 * S)

static void
near(double got, double want)
{
	if (!(fabs(got - want) <= 1e-9 * (fabs(want) > 1 ? fabs(want) : 1)))
		fail_msg("got %.17g, want %.17g", got, want);
}

static struct pm_series *
series(struct pm_sset *set, const char *metric, const char *host,
    const struct pm_label *l, size_t nl)
{
	struct pm_point p;
	struct pm_series *s;
	struct pm_err e;
	size_t i;

	pm_point_init(&p);
	p.metric = metric;
	p.host = host;
	p.unit = "bytes";
	for (i = 0; i < nl; i++)
		pm_point_add_label(&p, l[i].key, l[i].value);
	assert_non_null(s = pm_sset_get(set, &p, &e));
	return s;
}

static void
test_sset(void **state)
{
	struct pm_label ab[] = { { "b", "2" }, { "a", "1" }, { "b", "3" } };
	struct pm_label ba[] = { { "a", "1" }, { "b", "2" } };
	struct pm_sset set;
	struct pm_series *s, *t;
	struct pm_err e;

	(void)state;
	pm_sset_init(&set);
	/* Label order does not matter; the first of a repeated key wins. */
	s = series(&set, "m", "h", ab, 3);
	t = series(&set, "m", "h", ba, 2);
	assert_ptr_equal(s, t);
	assert_int_equal(s->nlabels, 2);
	assert_string_equal(s->labels[0].key, "a");
	assert_string_equal(s->labels[1].value, "2");
	assert_string_equal(s->unit, "bytes");
	/* No host and an empty host are the same series, as in the store. */
	assert_ptr_equal(series(&set, "m", NULL, NULL, 0),
	    series(&set, "m", "", NULL, 0));
	assert_null(series(&set, "m", "", NULL, 0)->host);
	series(&set, "a.b", "z", NULL, 0);
	series(&set, "m", "g", NULL, 0);
	assert_int_equal(set.n, 4);

	assert_int_equal(pm_series_add(s, 3 * S, 30, &e), 0);
	assert_int_equal(pm_series_add(s, 1 * S, 10, &e), 0);
	assert_int_equal(pm_series_add(s, 3 * S, 31, &e), 0);
	assert_int_equal(pm_series_add(s, 2 * S, 20, &e), 0);
	assert_int_equal(pm_sset_finish(&set, &e), 0);
	/* Sorted by metric, host, labels; hostless first. */
	assert_string_equal(set.v[0]->metric, "a.b");
	assert_null(set.v[1]->host);
	assert_string_equal(set.v[2]->host, "g");
	assert_ptr_equal(set.v[3], s);
	/* Sorted by time; the last of equal times kept. */
	assert_int_equal(s->n, 3);
	assert_int_equal(s->s[0].ts, 1 * S);
	near(s->s[2].v, 31);
	assert_int_equal(s->count, 3);
	assert_int_equal(s->first, 1 * S);
	assert_int_equal(s->last, 3 * S);
	pm_sset_release(&set);
}

static void
test_flatten(void **state)
{
	struct pm_rollup r1 = { 0, 60 * S, 5, 1, 9, 10 };
	struct pm_rollup r2 = { 120 * S, 60 * S, 7, 7, 7, 1 };
	struct pm_sset set;
	struct pm_series *s;
	struct pm_err e;

	(void)state;
	pm_sset_init(&set);
	s = series(&set, "m", NULL, NULL, 0);
	assert_int_equal(pm_series_add(s, 60 * S, 1, &e), 0);
	assert_int_equal(pm_series_add(s, 180 * S, 2, &e), 0);
	assert_int_equal(pm_series_add_rollup(s, &r2, &e), 0);
	assert_int_equal(pm_series_add_rollup(s, &r1, &e), 0);
	assert_int_equal(pm_sset_finish(&set, &e), 0);
	/* The rollups count the samples they stand for. */
	assert_int_equal(s->count, 13);
	assert_int_equal(s->first, 0);
	assert_int_equal(s->last, 180 * S);
	assert_int_equal(pm_series_flatten(s, &e), 0);
	assert_int_equal(s->n, 4);
	assert_int_equal(s->nr, 0);
	near(s->s[0].v, 5);
	near(s->s[1].v, 1);
	near(s->s[2].v, 7);
	assert_int_equal(s->s[2].ts, 120 * S);
	near(s->s[3].v, 2);
	pm_sset_release(&set);
}

static struct pm_series *
filled(struct pm_sset *set, const double *v, const int64_t *ts, size_t n)
{
	struct pm_series *s = series(set, "m", NULL, NULL, 0);
	struct pm_err e;
	size_t i;

	for (i = 0; i < n; i++)
		assert_int_equal(pm_series_add(s, ts[i], v[i], &e), 0);
	return s;
}

static void
test_rate(void **state)
{
	double v[] = { 100, 150, 20, 20, 50 };
	int64_t ts[] = { 0, 10 * S, 20 * S, 25 * S, 35 * S };
	struct pm_sset set;
	struct pm_series *s;

	(void)state;
	pm_sset_init(&set);
	s = filled(&set, v, ts, 5);
	pm_series_rate(s);
	assert_int_equal(s->n, 4);
	assert_int_equal(s->s[0].ts, 10 * S);
	near(s->s[0].v, 5);
	near(s->s[1].v, 2);	/* reset: grew by 20 in 10 s */
	near(s->s[2].v, 0);
	near(s->s[3].v, 3);
	assert_int_equal(s->s[3].ts, 35 * S);
	pm_sset_release(&set);
}

static void
test_smooth(void **state)
{
	double v[] = { 1, 2, 3, 4, 5, 10 };
	int64_t ts[] = { 1, 2, 3, 4, 5, 6 };
	struct pm_sset set;
	struct pm_series *s;
	struct pm_err e;

	(void)state;
	pm_sset_init(&set);
	s = filled(&set, v, ts, 6);
	assert_int_equal(pm_series_sma(s, 3, &e), 0);
	near(s->s[0].v, 1);
	near(s->s[1].v, 1.5);
	near(s->s[2].v, 2);
	near(s->s[3].v, 3);
	near(s->s[4].v, 4);
	near(s->s[5].v, 19.0 / 3);
	assert_int_equal(s->s[5].ts, 6);
	pm_sset_release(&set);

	/* A window longer than the series. */
	pm_sset_init(&set);
	s = filled(&set, v, ts, 3);
	assert_int_equal(pm_series_sma(s, 10, &e), 0);
	near(s->s[2].v, 2);
	pm_sset_release(&set);

	pm_sset_init(&set);
	s = filled(&set, (double[]){ 0, 10, 10, 0 }, ts, 4);
	pm_series_ewma(s, 0.5);
	near(s->s[0].v, 0);
	near(s->s[1].v, 5);
	near(s->s[2].v, 7.5);
	near(s->s[3].v, 3.75);
	pm_series_ewma(s, 1);	/* weight 1: the values themselves */
	near(s->s[3].v, 3.75);
	pm_sset_release(&set);
}

static void
test_trend(void **state)
{
	/* 10 + 2 per hour, plus noise that cancels out. */
	struct pm_sample on[] = { { 0, 10 }, { H, 12.5 }, { 2 * H, 13.5 },
		{ 3 * H, 16 } };
	struct pm_sample flat[] = { { 0, 5 }, { H, 5 } };
	struct pm_sample one[] = { { 0, 5 }, { 0, 6 } };
	struct pm_trend t;
	double when;

	(void)state;
	assert_int_equal(pm_trend_fit(on, 4, &t), 0);
	near(t.slope, 1.9);
	near(t.a, 10.15);
	/* 10.15 + 1.9 h = 29.15 at h = 10. */
	assert_int_equal(pm_trend_reaches(&t, 29.15, 3 * H, &when), 1);
	near(when, 7 * 3600);
	assert_int_equal(pm_trend_reaches(&t, 15.9, 3 * H, &when), 1);
	near(when, (5.75 / 1.9 - 3) * 3600);
	/* Heading away, or reached before `after`: never. */
	assert_int_equal(pm_trend_reaches(&t, 0, 3 * H, &when), 0);
	assert_int_equal(pm_trend_reaches(&t, 12, 3 * H, &when), 0);
	assert_int_equal(pm_trend_fit(flat, 2, &t), 0);
	near(t.slope, 0);
	assert_int_equal(pm_trend_reaches(&t, 9, 0, &when), 0);
	assert_int_equal(pm_trend_fit(flat, 1, &t), -1);
	assert_int_equal(pm_trend_fit(one, 2, &t), -1);
	/* Falling towards a lower limit. */
	on[0].v = 16;
	on[3].v = 10;
	on[1].v = 13.5;
	on[2].v = 12.5;
	assert_int_equal(pm_trend_fit(on, 4, &t), 0);
	near(t.slope, -1.9);
	assert_int_equal(pm_trend_reaches(&t, 0, 3 * H, &when), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sset),
		cmocka_unit_test(test_flatten),
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_smooth),
		cmocka_unit_test(test_trend),
	};

	return cmocka_run_group_tests_name("pm_analysis", tests, NULL, NULL);
}
