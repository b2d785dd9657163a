/* Unit tests for pm-query's aggregations (lib/pm_agg.c, lib/pm_qgroup.c):
 * exact percentiles (checked against numpy's default method), rollups as
 * weights, counters with resets, buckets aligned to the epoch, groups. */
#include "pm_test.h"

#include <math.h>

#include "pm_agg.h"
#include "pm_qengine.h"

#define S PM_NS_PER_S
#define MIN (60 * S)

/* 2026-11-22T10:00:00Z, a whole number of minutes and hours. */
#define T0 (INT64_C(1795341600) * S)

static void
near(double got, double want)
{
	if (!(fabs(got - want) <= 1e-9 * (fabs(want) > 1 ? fabs(want) : 1)))
		fail_msg("got %.17g, want %.17g", got, want);
}

static void
test_percentile(void **state)
{
	double one[] = { 7 }, two[] = { 10, 20 }, five[] = { 1, 2, 3, 4, 5 };
	/* numpy.percentile([15, 20, 35, 40, 50], [5, 30, 40, 50, 90, 100]):
	 * 16, 23, 29, 35, 46, 50. */
	double np[] = { 15, 20, 35, 40, 50 };

	(void)state;
	near(pm_percentile(one, 1, 0.99), 7);
	near(pm_percentile(two, 2, 0.5), 15);
	near(pm_percentile(five, 5, 0.5), 3);
	near(pm_percentile(five, 5, 0.9), 4.6);
	near(pm_percentile(five, 5, 0.95), 4.8);
	near(pm_percentile(five, 5, 0.99), 4.96);
	near(pm_percentile(five, 5, 0), 1);
	near(pm_percentile(five, 5, 1), 5);
	near(pm_percentile(np, 5, 0.05), 16);
	near(pm_percentile(np, 5, 0.30), 23);
	near(pm_percentile(np, 5, 0.40), 29);
	near(pm_percentile(np, 5, 0.50), 35);
	near(pm_percentile(np, 5, 0.90), 46);
	near(pm_percentile(np, 5, 1), 50);
}

/* Weights are repeats: the weighted percentile equals the plain one over
 * the values repeated. */
static void
test_percentile_weighted(void **state)
{
	struct pm_wv wv[] = { { 1, 2 }, { 3, 1 }, { 4, 3 }, { 10, 1 } };
	double rep[] = { 1, 1, 3, 4, 4, 4, 10 };
	double ps[] = { 0, 0.1, 0.25, 0.5, 0.6, 0.9, 0.95, 0.99, 1 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ps) / sizeof(ps[0]); i++)
		near(pm_percentile_weighted(wv, 4, 7, ps[i]),
		    pm_percentile(rep, 7, ps[i]));
}

static void
entry(struct pm_entry *x, size_t i, int64_t ts, double v)
{
	x[i].ts = ts;
	x[i].v = x[i].min = x[i].max = v;
	x[i].w = 1;
	x[i].seq = i;
}

static void
test_bucket(void **state)
{
	static const enum pm_agg all[] = { PM_AGG_AVG, PM_AGG_MIN, PM_AGG_MAX,
		PM_AGG_SUM, PM_AGG_COUNT, PM_AGG_FIRST, PM_AGG_LAST,
		PM_AGG_STDDEV, PM_AGG_P50, PM_AGG_P90, PM_AGG_RATE };
	double want[] = { 5, 2, 9, 40, 8, 4, 9, 2, 4.5, 7.6, NAN };
	double in[] = { 4, 2, 4, 4, 5, 5, 7, 9 }, out[11];
	struct pm_entry x[8];
	struct pm_aggbuf b = { 0 };
	struct pm_err e;
	size_t i;

	(void)state;
	for (i = 0; i < 8; i++)
		entry(x, i, (int64_t)i * S, in[i]);
	assert_int_equal(pm_agg_bucket(x, 8, all, 11, out, &b, &e), 0);
	for (i = 0; i < 10; i++)
		near(out[i], want[i]);
	/* rate and increase are the group's business. */
	assert_true(isnan(out[10]));
	pm_aggbuf_release(&b);
}

/* A rollup adds exactly to count, sum, avg, min, max; to stddev and the
 * percentiles as count samples of its avg. */
static void
test_bucket_rollup(void **state)
{
	static const enum pm_agg aggs[] = { PM_AGG_COUNT, PM_AGG_SUM,
		PM_AGG_AVG, PM_AGG_MIN, PM_AGG_MAX, PM_AGG_FIRST, PM_AGG_LAST,
		PM_AGG_STDDEV, PM_AGG_P50 };
	struct pm_entry x[3];
	struct pm_aggbuf b = { 0 };
	struct pm_err e;
	double out[9];

	(void)state;
	entry(x, 0, 0, 2);
	x[1].ts = S;
	x[1].v = 6;
	x[1].min = 5;
	x[1].max = 9;
	x[1].w = 2;
	x[1].seq = 1;
	entry(x, 2, 2 * S, 4);
	assert_int_equal(pm_agg_bucket(x, 3, aggs, 9, out, &b, &e), 0);
	near(out[0], 4);
	near(out[1], 18);
	near(out[2], 4.5);
	near(out[3], 2);
	near(out[4], 9);
	near(out[5], 2);
	near(out[6], 4);
	near(out[7], sqrt(2.75));	/* of 2, 6, 6, 4 */
	near(out[8], 5);		/* 2 4 6 6: h = 1.5 */
	pm_aggbuf_release(&b);
}

static void
test_counter_delta(void **state)
{
	(void)state;
	near(pm_counter_delta(100, 150), 50);
	near(pm_counter_delta(150, 150), 0);
	near(pm_counter_delta(150, 20), 20);	/* reset */
}

/* A sink that keeps what it is given. */
struct capture {
	struct pm_qcols c;
	size_t n;
	int64_t ts[64];
	char metric[64][32], host[64][32], labels[64][64];
	double v[64][PM_QCOLS_MAX];
};

static int
cap_begin(void *arg, const struct pm_qcols *c, struct pm_err *e)
{
	struct capture *k = arg;

	(void)e;
	k->c = *c;
	return 0;
}

static int
cap_row(void *arg, const struct pm_qrow *r, struct pm_err *e)
{
	struct capture *k = arg;
	size_t i, n = 0;

	(void)e;
	assert_true(k->n < 64);
	k->ts[k->n] = r->ts;
	snprintf(k->metric[k->n], 32, "%s", r->metric);
	snprintf(k->host[k->n], 32, "%s", r->host ? r->host : "-");
	k->labels[k->n][0] = '\0';
	for (i = 0; i < r->nlabels; i++)
		n += (size_t)snprintf(k->labels[k->n] + n, 64 - n, "%s=%s;",
		    r->labels[i].key, r->labels[i].value);
	memcpy(k->v[k->n], r->v, sizeof(r->v));
	k->n++;
	return 0;
}

static void
add(struct pm_sset *set, const char *metric, const char *host,
    const char *lk, const char *lv, int64_t ts, double v)
{
	struct pm_point p;
	struct pm_series *s;
	struct pm_err e;

	pm_point_init(&p);
	p.metric = metric;
	p.host = host;
	if (lk != NULL)
		pm_point_add_label(&p, lk, lv);
	assert_non_null(s = pm_sset_get(set, &p, &e));
	assert_int_equal(pm_series_add(s, ts, v, &e), 0);
}

static void
run(struct pm_query *q, struct pm_sset *set, struct capture *k)
{
	struct pm_qsink sink = { cap_begin, cap_row, k };
	struct pm_err e;

	memset(k, 0, sizeof(*k));
	assert_int_equal(pm_sset_finish(set, &e), 0);
	if (pm_query_run(q, set, &sink, &e) != 0)
		fail_msg("%s", e.msg);
}

/* Buckets start at multiples of --every since the epoch, also before it;
 * a bucket without samples gives no row. */
static void
test_buckets(void **state)
{
	struct pm_query q;
	struct pm_sset set;
	struct capture k;
	struct pm_err e;

	(void)state;
	pm_sset_init(&set);
	add(&set, "m", "a", NULL, NULL, T0 + 10 * S, 1);
	add(&set, "m", "a", NULL, NULL, T0 + 59 * S, 3);
	add(&set, "m", "a", NULL, NULL, T0 + 60 * S, 10);
	add(&set, "m", "a", NULL, NULL, T0 + 185 * S, 20);
	add(&set, "n", NULL, NULL, NULL, -30 * S, 5);
	pm_query_init(&q);
	assert_int_equal(pm_query_aggs(&q, "avg,count", &e), 0);
	q.every = MIN;
	run(&q, &set, &k);
	assert_string_equal(k.c.label, "agg");
	assert_int_equal(k.c.n, 2);
	assert_true(k.c.time);
	assert_int_equal(k.n, 4);
	assert_int_equal(k.ts[0], T0);
	near(k.v[0][0], 2);
	near(k.v[0][1], 2);
	assert_int_equal(k.ts[1], T0 + MIN);
	near(k.v[1][0], 10);
	assert_int_equal(k.ts[2], T0 + 3 * MIN);
	near(k.v[2][0], 20);
	assert_string_equal(k.metric[3], "n");
	assert_int_equal(k.ts[3], -MIN);
	/* Without --by, no host in the row. */
	assert_string_equal(k.host[0], "-");

	/* The whole window: one bucket, at --since when given. */
	q.every = 0;
	q.since = T0 - 5 * S;
	run(&q, &set, &k);
	assert_false(k.c.time);
	assert_int_equal(k.n, 2);
	assert_int_equal(k.ts[0], T0 - 5 * S);
	near(k.v[0][0], 8.5);
	near(k.v[0][1], 4);
	assert_int_equal(k.ts[1], T0 - 5 * S);
	/* Else at the group's first sample. */
	q.since = PM_TS_NONE;
	run(&q, &set, &k);
	assert_int_equal(k.ts[0], T0 + 10 * S);
	assert_int_equal(k.ts[1], -30 * S);
	pm_sset_release(&set);
}

/* Counter deltas: a decrease is a reset; each delta belongs to the
 * bucket of its later sample; series add up in a group. */
static void
test_rate_increase(void **state)
{
	struct pm_query q;
	struct pm_sset set;
	struct capture k;
	struct pm_err e;

	(void)state;
	pm_sset_init(&set);
	add(&set, "c", "a", NULL, NULL, T0 + 0 * S, 100);
	add(&set, "c", "a", NULL, NULL, T0 + 10 * S, 150);
	add(&set, "c", "a", NULL, NULL, T0 + 20 * S, 20);
	add(&set, "c", "a", NULL, NULL, T0 + 30 * S, 50);
	add(&set, "c", "b", NULL, NULL, T0 + 0 * S, 0);
	add(&set, "c", "b", NULL, NULL, T0 + 40 * S, 8);
	add(&set, "d", "b", NULL, NULL, T0, 8);
	pm_query_init(&q);
	assert_int_equal(pm_query_aggs(&q, "increase,rate", &e), 0);
	run(&q, &set, &k);
	/* d has one sample: no delta, no row. */
	assert_int_equal(k.n, 1);
	near(k.v[0][0], 50 + 20 + 30 + 8);
	near(k.v[0][1], 100.0 / 30 + 8.0 / 40);
	assert_int_equal(k.ts[0], T0);

	q.every = 15 * S;
	assert_int_equal(pm_query_by(&q, "host", &e), 0);
	run(&q, &set, &k);
	/* a: buckets 0 (delta at 10 s), 15 (20 s), 30 (30 s); b: 30 (40 s). */
	assert_int_equal(k.n, 4);
	assert_int_equal(k.ts[0], T0);
	near(k.v[0][0], 50);
	near(k.v[0][1], 5);
	assert_int_equal(k.ts[1], T0 + 15 * S);
	near(k.v[1][0], 20);
	near(k.v[1][1], 2);
	assert_int_equal(k.ts[2], T0 + 30 * S);
	near(k.v[2][0], 30);
	assert_string_equal(k.host[3], "b");
	near(k.v[3][0], 8);
	near(k.v[3][1], 0.2);
	pm_sset_release(&set);
}

/* --by label:KEY: one group per value, and one for series without it;
 * rows carry only the --by labels; metrics never mix. */
static void
test_groups(void **state)
{
	struct pm_query q;
	struct pm_sset set;
	struct capture k;
	struct pm_err e;

	(void)state;
	pm_sset_init(&set);
	add(&set, "g", "a", "gpu", "0", T0, 10);
	add(&set, "g", "b", "gpu", "0", T0, 30);
	add(&set, "g", "a", "gpu", "1", T0, 50);
	add(&set, "g", "a", NULL, NULL, T0, 70);
	add(&set, "h", "a", "gpu", "0", T0, 1000);
	pm_query_init(&q);
	assert_int_equal(pm_query_aggs(&q, "avg,max", &e), 0);
	assert_int_equal(pm_query_by(&q, "label:gpu", &e), 0);
	run(&q, &set, &k);
	assert_false(k.c.time);
	assert_int_equal(k.n, 4);
	assert_string_equal(k.labels[0], "");
	near(k.v[0][0], 70);
	assert_string_equal(k.labels[1], "gpu=0;");
	near(k.v[1][0], 20);
	near(k.v[1][1], 30);
	assert_string_equal(k.labels[2], "gpu=1;");
	near(k.v[2][0], 50);
	assert_string_equal(k.metric[3], "h");
	near(k.v[3][0], 1000);

	/* No --by: one group per metric, across hosts and labels. */
	q.nby = 0;
	run(&q, &set, &k);
	assert_int_equal(k.n, 2);
	near(k.v[0][0], 40);
	assert_string_equal(k.labels[0], "");
	pm_sset_release(&set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percentile),
		cmocka_unit_test(test_percentile_weighted),
		cmocka_unit_test(test_bucket),
		cmocka_unit_test(test_bucket_rollup),
		cmocka_unit_test(test_counter_delta),
		cmocka_unit_test(test_buckets),
		cmocka_unit_test(test_rate_increase),
		cmocka_unit_test(test_groups),
	};

	return cmocka_run_group_tests_name("pm_agg", tests, NULL, NULL);
}
