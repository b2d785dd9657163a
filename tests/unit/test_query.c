/* Unit tests for pm-query's selection (lib/pm_query.c, lib/pm_select.c):
 * option parsers, label matchers, --where, the window, the line
 * prefilter, and which options do not go together. */
#include "pm_test.h"

#include "pm_query.h"

#define S PM_NS_PER_S

static void
test_label_matchers(void **state)
{
	struct pm_query q;
	struct pm_err e;
	char a[] = "cpu=0", b[] = "dev!=sda", c[] = "dev=~sd[a-z]",
	    d[] = "dev!~loop.*", x[] = "gpu=";

	(void)state;
	pm_query_init(&q);
	assert_int_equal(pm_query_label(&q, a, &e), 0);
	assert_int_equal(pm_query_label(&q, b, &e), 0);
	assert_int_equal(pm_query_label(&q, c, &e), 0);
	assert_int_equal(pm_query_label(&q, d, &e), 0);
	assert_int_equal(pm_query_label(&q, x, &e), 0);
	assert_int_equal(q.nmatchers, 5);
	assert_string_equal(q.matchers[0].key, "cpu");
	assert_string_equal(q.matchers[0].value, "0");
	assert_int_equal(q.matchers[0].op, PM_MATCH_EQ);
	assert_string_equal(q.matchers[1].key, "dev");
	assert_string_equal(q.matchers[1].value, "sda");
	assert_int_equal(q.matchers[1].op, PM_MATCH_NE);
	assert_int_equal(q.matchers[2].op, PM_MATCH_RE);
	assert_string_equal(q.matchers[2].value, "sd[a-z]");
	assert_int_equal(q.matchers[3].op, PM_MATCH_NRE);
	assert_string_equal(q.matchers[4].value, "");
	pm_query_release(&q);
}

static void
test_label_matchers_bad(void **state)
{
	static const char *const bad[] = { "=x", "cpu", "cpu<3", "x=~(",
		"x!", "!=3" };
	struct pm_query q;
	struct pm_err e;
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pm_query_init(&q);
		snprintf(buf, sizeof(buf), "%s", bad[i]);
		if (pm_query_label(&q, buf, &e) != -1)
			fail_msg("'%s' was taken", bad[i]);
		assert_int_equal(q.nmatchers, 0);
		pm_query_release(&q);
	}
	pm_query_init(&q);
	snprintf(buf, sizeof(buf), "x=~(");
	assert_int_equal(pm_query_label(&q, buf, &e), -1);
	assert_non_null(strstr(e.msg, "bad regex '('"));
}

static void
test_match_series(void **state)
{
	struct pm_query q;
	struct pm_err e;
	struct pm_label sda[] = { { "dev", "sda" }, { "kind", "disk" } };
	struct pm_label loop[] = { { "dev", "loop0" } };
	char m1[] = "dev=~sd.*", m2[] = "kind!=part", m3[] = "dev=~sd";

	(void)state;
	pm_query_init(&q);
	/* Nothing asked: everything selected. */
	assert_true(pm_query_match_series(&q, "mem.used", NULL, NULL, 0));
	assert_int_equal(pm_query_metric(&q, "disk.*", &e), 0);
	assert_int_equal(pm_query_metric(&q, "cpu.usage", &e), 0);
	assert_true(pm_query_match_series(&q, "disk.busy", "h", sda, 2));
	assert_true(pm_query_match_series(&q, "cpu.usage", "h", NULL, 0));
	assert_false(pm_query_match_series(&q, "cpu.user", "h", NULL, 0));
	assert_int_equal(pm_query_host(&q, "web-[12]", &e), 0);
	assert_true(pm_query_match_series(&q, "cpu.usage", "web-2", NULL, 0));
	assert_false(pm_query_match_series(&q, "cpu.usage", "web-3", NULL, 0));
	assert_false(pm_query_match_series(&q, "cpu.usage", NULL, NULL, 0));
	assert_int_equal(pm_query_label(&q, m1, &e), 0);
	assert_int_equal(pm_query_label(&q, m2, &e), 0);
	assert_true(pm_query_match_series(&q, "disk.busy", "web-1", sda, 2));
	assert_false(pm_query_match_series(&q, "disk.busy", "web-1", loop, 1));
	pm_query_release(&q);

	/* Anchored regex; a missing label is "" (so != matches it). */
	pm_query_init(&q);
	assert_int_equal(pm_query_label(&q, m3, &e), 0);
	assert_false(pm_query_match_series(&q, "d", NULL, sda, 2));
	pm_query_release(&q);
	pm_query_init(&q);
	snprintf(m2, sizeof(m2), "kind!=part");
	assert_int_equal(pm_query_label(&q, m2, &e), 0);
	assert_true(pm_query_match_series(&q, "d", NULL, loop, 1));
	pm_query_release(&q);
}

static void
test_where(void **state)
{
	static const struct {
		const char *text;
		enum pm_cmp_op op;
		double v;
	} good[] = {
		{ "value > 80", PM_CMP_GT, 80 }, { ">=80", PM_CMP_GE, 80 },
		{ "value<= -1.5", PM_CMP_LE, -1.5 },
		{ " < 1e3 ", PM_CMP_LT, 1000 },
		{ "value == 3", PM_CMP_EQ, 3 }, { "value = 3", PM_CMP_EQ, 3 },
		{ "value != 0", PM_CMP_NE, 0 },
	};
	static const char *const bad[] = { "value >", "> x", "value ~ 3",
		"> inf", "value > 80 and", "", "val > 3" };
	struct pm_query q;
	struct pm_err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		pm_query_init(&q);
		if (pm_query_where(&q, good[i].text, &e) != 0)
			fail_msg("'%s': %s", good[i].text, e.msg);
		assert_true(q.where);
		assert_int_equal(q.where_op, good[i].op);
		assert_true(q.where_value == good[i].v);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pm_query_init(&q);
		if (pm_query_where(&q, bad[i], &e) != -1)
			fail_msg("'%s' was taken", bad[i]);
		assert_false(q.where);
	}
}

static void
test_cmp(void **state)
{
	enum pm_cmp_op op = PM_CMP_GT;

	(void)state;
	assert_int_equal(pm_cmp_op_parse(">= 3", &op), 2);
	assert_int_equal(op, PM_CMP_GE);
	assert_int_equal(pm_cmp_op_parse("<3", &op), 1);
	assert_int_equal(op, PM_CMP_LT);
	assert_int_equal(pm_cmp_op_parse("!=", &op), 2);
	assert_int_equal(op, PM_CMP_NE);
	assert_int_equal(pm_cmp_op_parse("= 3", &op), 0);
	assert_int_equal(pm_cmp_op_parse("x", &op), 0);
	assert_true(pm_cmp(PM_CMP_GE, 3, 3));
	assert_false(pm_cmp(PM_CMP_GT, 3, 3));
	assert_true(pm_cmp(PM_CMP_LE, 2, 3));
	assert_false(pm_cmp(PM_CMP_NE, 3, 3));
}

static void
test_match_sample(void **state)
{
	struct pm_query q;
	struct pm_err e;

	(void)state;
	pm_query_init(&q);
	assert_true(pm_query_match_sample(&q, INT64_MIN + 1, -1e300));
	q.since = 100 * S;
	q.until = 200 * S;
	/* Both ends of the window are in it. */
	assert_true(pm_query_match_sample(&q, 100 * S, 0));
	assert_true(pm_query_match_sample(&q, 200 * S, 0));
	assert_false(pm_query_match_sample(&q, 100 * S - 1, 0));
	assert_false(pm_query_match_sample(&q, 200 * S + 1, 0));
	assert_int_equal(pm_query_where(&q, "value > 80", &e), 0);
	assert_false(pm_query_match_sample(&q, 150 * S, 80));
	assert_true(pm_query_match_sample(&q, 150 * S, 80.5));
	assert_int_equal(pm_query_where(&q, "<= 80", &e), 0);
	assert_true(pm_query_match_sample(&q, 150 * S, 80));
	assert_int_equal(pm_query_where(&q, "!= 80", &e), 0);
	assert_false(pm_query_match_sample(&q, 150 * S, 80));
	assert_int_equal(pm_query_where(&q, "== 80", &e), 0);
	assert_true(pm_query_match_sample(&q, 150 * S, 80));
	assert_int_equal(pm_query_where(&q, "< 80", &e), 0);
	assert_false(pm_query_match_sample(&q, 150 * S, 80));
	assert_int_equal(pm_query_where(&q, ">= 80", &e), 0);
	assert_true(pm_query_match_sample(&q, 150 * S, 80));
}

static void
test_parsers(void **state)
{
	struct pm_query q;
	struct pm_err e;

	(void)state;
	pm_query_init(&q);
	assert_int_equal(pm_query_aggs(&q, "avg,p95", &e), 0);
	assert_int_equal(pm_query_aggs(&q, "increase", &e), 0);
	assert_int_equal(q.naggs, 3);
	assert_int_equal(q.aggs[0], PM_AGG_AVG);
	assert_int_equal(q.aggs[1], PM_AGG_P95);
	assert_int_equal(q.aggs[2], PM_AGG_INCREASE);
	assert_string_equal(pm_agg_name(PM_AGG_STDDEV), "stddev");
	assert_int_equal(pm_query_aggs(&q, "avg,,p95", &e), -1);
	assert_int_equal(pm_query_aggs(&q, "median", &e), -1);
	assert_non_null(strstr(e.msg, "unknown aggregation 'median'"));

	assert_int_equal(pm_query_by(&q, "host", &e), 0);
	assert_int_equal(pm_query_by(&q, "metric", &e), 0);
	assert_int_equal(pm_query_by(&q, "label:gpu", &e), 0);
	assert_int_equal(q.by[2].kind, PM_BY_LABEL);
	assert_string_equal(q.by[2].key, "gpu");
	assert_int_equal(pm_query_by(&q, "label:", &e), -1);
	assert_int_equal(pm_query_by(&q, "gpu", &e), -1);

	assert_int_equal(pm_query_smooth(&q, "sma:5", &e), 0);
	assert_int_equal(q.smooth, PM_SMOOTH_SMA);
	assert_int_equal(q.sma, 5);
	assert_int_equal(pm_query_smooth(&q, "ewma:0.3", &e), 0);
	assert_int_equal(q.smooth, PM_SMOOTH_EWMA);
	assert_true(q.alpha == 0.3);
	assert_int_equal(pm_query_smooth(&q, "ewma:1", &e), 0);
	assert_int_equal(pm_query_smooth(&q, "sma:0", &e), -1);
	assert_int_equal(pm_query_smooth(&q, "sma:2x", &e), -1);
	assert_int_equal(pm_query_smooth(&q, "ewma:0", &e), -1);
	assert_int_equal(pm_query_smooth(&q, "ewma:1.5", &e), -1);
	assert_int_equal(pm_query_smooth(&q, "wma:3", &e), -1);

	assert_int_equal(pm_query_limit(&q, "90", &e), 0);
	assert_true(q.has_limit && q.limit == 90);
	assert_int_equal(pm_query_limit(&q, "9O", &e), -1);

	assert_int_equal(pm_query_list(&q, "labels", &e), 0);
	assert_int_equal(q.list, PM_LIST_LABELS);
	assert_int_equal(pm_query_list(&q, "label", &e), -1);
	assert_int_equal(pm_query_metric(&q, "", &e), -1);
}

static void
test_options(void **state)
{
	int64_t now = INT64_C(1795341600) * S, t;
	struct pm_query q;
	struct pm_err e;
	char lab[] = "cpu=0", every[] = "5m", bad[] = "0s", since[] = "24h";

	(void)state;
	assert_int_equal(pm_query_time("24h", now, &t, &e), 0);
	assert_int_equal(t, now - 24 * 3600 * S);
	assert_int_equal(pm_query_time("now-1h", now, &t, &e), 0);
	assert_int_equal(t, now - 3600 * S);
	assert_int_equal(pm_query_time("2026-11-22T00:00:00Z", now, &t, &e), 0);
	assert_int_equal(t, now - 10 * 3600 * S);
	assert_int_equal(pm_query_time("yesterday", now, &t, &e), -1);
	assert_non_null(strstr(e.msg, "bad time 'yesterday'"));

	pm_query_init(&q);
	assert_int_equal(pm_query_option(&q, "label", lab, now, &e), 0);
	assert_int_equal(pm_query_option(&q, "every", every, now, &e), 0);
	assert_int_equal(q.every, 300 * S);
	assert_int_equal(pm_query_option(&q, "every", bad, now, &e), -1);
	assert_int_equal(pm_query_option(&q, "since", since, now, &e), 0);
	assert_int_equal(q.since, now - 24 * 3600 * S);
	assert_int_equal(pm_query_option(&q, "trend", NULL, now, &e), 0);
	assert_int_equal(pm_query_option(&q, "latest", NULL, now, &e), 0);
	assert_int_equal(pm_query_option(&q, "rate", NULL, now, &e), 0);
	assert_true(q.trend && q.latest && q.rate);
	assert_int_equal(pm_query_option(&q, "db", since, now, &e), -1);
	assert_int_equal(q.nmatchers, 1);
	pm_query_release(&q);
}

static void
test_check(void **state)
{
	struct pm_query q;
	struct pm_err e;

	(void)state;
	pm_query_init(&q);
	assert_int_equal(pm_query_check(&q, &e), 0);
	q.naggs = 1;
	q.trend = 1;
	assert_int_equal(pm_query_check(&q, &e), -1);
	pm_query_init(&q);
	q.every = S;
	assert_int_equal(pm_query_check(&q, &e), -1);
	assert_string_equal(e.msg, "--every needs --agg");
	pm_query_init(&q);
	q.nby = 1;
	assert_int_equal(pm_query_check(&q, &e), -1);
	pm_query_init(&q);
	q.has_limit = 1;
	assert_int_equal(pm_query_check(&q, &e), -1);
	q.trend = 1;
	assert_int_equal(pm_query_check(&q, &e), 0);
	pm_query_init(&q);
	q.since = 2;
	q.until = 1;
	assert_int_equal(pm_query_check(&q, &e), -1);
	pm_query_init(&q);
	q.list = PM_LIST_HOSTS;
	q.rate = 1;
	assert_int_equal(pm_query_check(&q, &e), -1);
}

static int
may(const struct pm_query *q, const char *line)
{
	return pm_query_line_may_match(q, line, strlen(line));
}

static void
test_prefilter(void **state)
{
	struct pm_query q;
	struct pm_err e;

	(void)state;
	pm_query_init(&q);
	assert_true(may(&q, "{\"metric\":\"x\",\"value\":1}"));
	assert_int_equal(pm_query_metric(&q, "cpu.usage", &e), 0);
	assert_true(may(&q, "{\"metric\":\"cpu.usage\",\"value\":1}"));
	assert_false(may(&q, "{\"metric\":\"cpu.usage_x\",\"value\":1}"));
	assert_false(may(&q, "{\"metric\":\"mem.used\",\"value\":1}\r"));
	/* Escapes could spell the name: parse. */
	assert_true(may(&q, "{\"metric\":\"cpu\\u002eusage\",\"value\":1}"));
	/* Not one object: parse, so the bad line is reported. */
	assert_true(may(&q, "{\"metric\":\"mem.used\",\"value\":1"));
	assert_true(may(&q, "garbage"));
	assert_true(may(&q, ""));
	/* A glob: its literal prefix; without one, every line. */
	assert_int_equal(pm_query_metric(&q, "disk.*", &e), 0);
	assert_true(may(&q, "{\"metric\":\"disk.busy\",\"value\":1}"));
	assert_false(may(&q, "{\"metric\":\"xdisk.busy\",\"value\":1}"));
	assert_int_equal(pm_query_host(&q, "web-1", &e), 0);
	assert_false(may(&q, "{\"host\":\"web-2\",\"metric\":\"disk.busy\"}"));
	assert_true(may(&q, " {\"host\":\"web-1\",\"metric\":\"disk.busy\"} "));
	assert_int_equal(pm_query_metric(&q, "*usage", &e), 0);
	assert_true(may(&q, "{\"host\":\"web-1\",\"metric\":\"mem.x\"}"));
	pm_query_init(&q);
	assert_int_equal(pm_query_host(&q, "we\"b", &e), 0);
	assert_true(may(&q, "{\"host\":\"x\"}"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_label_matchers),
		cmocka_unit_test(test_label_matchers_bad),
		cmocka_unit_test(test_match_series),
		cmocka_unit_test(test_where),
		cmocka_unit_test(test_cmp),
		cmocka_unit_test(test_match_sample),
		cmocka_unit_test(test_parsers),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_prefilter),
	};

	return cmocka_run_group_tests_name("pm_query", tests, NULL, NULL);
}
