/* Unit tests for pm-alert's evaluation: windows (pm_window), the engine's
 * state machine (pm_alert) and its state file (pm_alert_state). */
#include "pm_test.h"

#include <math.h>

#include "pm_alert.h"
#include "pm_alert_state.h"
#include "pm_window.h"

#define S PM_NS_PER_S
#define T0 (INT64_C(1795361400) * S)

/* Events as text: "STATE SEVERITY @SECONDS HOST value" per line. */
static char got[4096];

static int
record(void *arg, const struct pm_alert_event *ev, struct pm_err *e)
{
	size_t n = strlen(got);
	char v[32];

	(void)arg;
	(void)e;
	pm_number_format(ev->value, v);
	snprintf(got + n, sizeof(got) - n, "%s %s @%lld %s %s%s\n", ev->state,
	    ev->severity, (long long)((ev->ts - T0) / S),
	    ev->s->host ? ev->s->host : "-", v, ev->repeat ? " repeat" : "");
	return 0;
}

struct fixture {
	struct pm_rule rules[4];
	size_t n;
	struct pm_alerts a;
};

static void
setup(struct fixture *f, const char *const *texts)
{
	struct pm_err e = { "" };

	memset(f, 0, sizeof(*f));
	got[0] = '\0';
	for (; *texts != NULL; texts++, f->n++)
		if (pm_rule_parse(&f->rules[f->n], *texts, NULL, &e) != 0)
			fail_msg("%s: %s", *texts, e.msg);
	assert_int_equal(pm_alerts_init(&f->a, f->rules, f->n, &e), 0);
	f->a.emit = record;
}

static void
teardown(struct fixture *f)
{
	size_t i;

	pm_alerts_release(&f->a);
	for (i = 0; i < f->n; i++)
		pm_rule_release(&f->rules[i]);
}

static int
point(struct fixture *f, const char *metric, const char *host, int64_t sec,
    double v)
{
	struct pm_point p;
	struct pm_err e = { "" };
	int rc;

	pm_point_init(&p);
	p.metric = metric;
	p.host = host;
	p.ts = T0 + sec * S;
	p.value = v;
	if ((rc = pm_alerts_point(&f->a, &p, &e)) < 0)
		fail_msg("pm_alerts_point: %s", e.msg);
	return rc;
}

/* Feed v[0..n) to host h at 0, 10, 20 ... seconds. */
static void
series(struct fixture *f, const char *h, const double *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		point(f, "m", h, (int64_t)i * 10, v[i]);
}

#define SERIES(f, h, ...) do { const double v_[] = { __VA_ARGS__ }; \
	series(f, h, v_, sizeof(v_) / sizeof(v_[0])); } while (0)

static void
test_for(void **state)
{
	static const char *const r[] = { "m > 5 for 20s", NULL };
	struct fixture f;

	(void)state;
	setup(&f, r);
	/* Pending at 10; one false evaluation (30) resets it; pending again
	 * at 40, firing at 60 exactly, resolved at the first false, 80. */
	SERIES(&f, "h", 1, 9, 9, 1, 9, 9, 9, 9, 1);
	assert_string_equal(got,
	    "pending critical @10 h 9\n"
	    "pending critical @40 h 9\n"
	    "firing critical @60 h 9\n"
	    "resolved critical @80 h 1\n");
	teardown(&f);
}

static void
test_keep_firing_for(void **state)
{
	static const char *const r[] = { "m > 5 keep_firing_for 30s", NULL };
	struct fixture f;

	(void)state;
	setup(&f, r);
	/* False at 10 and 20 (kept), true at 30 (the count starts over),
	 * false from 40: resolved at 70, 30s later, not before. */
	SERIES(&f, "h", 9, 1, 1, 9, 1, 1, 1, 1, 1);
	assert_string_equal(got,
	    "firing critical @0 h 9\n"
	    "resolved critical @70 h 1\n");
	teardown(&f);
}

static void
test_severities(void **state)
{
	static const char *const r[] = { "m", NULL };
	struct fixture f;
	struct pm_err e;

	(void)state;
	setup(&f, r);
	assert_int_equal(pm_threshold_parse(&f.rules[0].warn, "~:80", &e), 0);
	assert_int_equal(pm_threshold_parse(&f.rules[0].crit, "> 90", &e), 0);
	/* Per series: a and b each have their own alert and severity. */
	point(&f, "m", "a", 0, 85);
	point(&f, "m", "b", 0, 95);
	point(&f, "m", "a", 10, 95);
	point(&f, "m", "b", 10, 85);
	point(&f, "m", "a", 20, 10);
	point(&f, "m", "b", 20, 85);
	assert_string_equal(got,
	    "firing warning @0 a 85\n"
	    "firing critical @0 b 95\n"
	    "firing critical @10 a 95\n"
	    "firing warning @10 b 85\n"
	    "resolved critical @20 a 10\n");
	assert_int_equal(f.a.nseries, 2);
	teardown(&f);
}

static void
test_repeat_and_order(void **state)
{
	static const char *const r[] = { "m > 5", NULL };
	struct fixture f;

	(void)state;
	setup(&f, r);
	f.a.repeat = 20 * S;
	SERIES(&f, "h", 9, 9, 9, 9, 9);
	/* Older than the series' newest point: skipped. */
	assert_int_equal(point(&f, "m", "h", 5, 1), 1);
	assert_int_equal(point(&f, "m", "h", 40, 9), 0);	/* same time: fine */
	assert_string_equal(got,
	    "firing critical @0 h 9\n"
	    "firing critical @20 h 9 repeat\n"
	    "firing critical @40 h 9 repeat\n");
	teardown(&f);
}

static void
test_absent(void **state)
{
	static const char *const r[] = { "absent(m, 30s)", NULL };
	struct fixture f;

	(void)state;
	setup(&f, r);
	/* No m at all: the stand-in fires 30s after the stream's start. */
	point(&f, "other", NULL, 0, 1);
	point(&f, "other", NULL, 20, 1);
	point(&f, "other", NULL, 30, 1);
	/* m arrives: the stand-in resolves; then host a goes quiet. */
	point(&f, "m", "a", 40, 1);
	point(&f, "m", "b", 40, 1);
	point(&f, "m", "b", 60, 1);
	point(&f, "m", "b", 70, 1);
	point(&f, "m", "b", 80, 1);
	assert_string_equal(got,
	    "firing critical @30 - 30\n"
	    "resolved critical @40 - 0\n"
	    "firing critical @70 a 30\n");
	teardown(&f);
}

static void
agg(const char *fn, const double *v, size_t n, double want)
{
	struct pm_rule r;
	struct pm_alerts a;
	struct pm_err e;
	struct pm_point p;
	char text[64];
	size_t i;

	snprintf(text, sizeof(text), "%s(m[50s]) > 1e300", fn);
	assert_int_equal(pm_rule_parse(&r, text, NULL, &e), 0);
	assert_int_equal(pm_alerts_init(&a, &r, 1, &e), 0);
	pm_point_init(&p);
	p.metric = "m";
	for (i = 0; i < n; i++) {
		p.ts = T0 + (int64_t)i * 10 * S;
		p.value = v[i];
		assert_int_equal(pm_alerts_point(&a, &p, &e), 0);
	}
	if (fabs(a.series[0]->value - want) > 1e-9)
		fail_msg("%s: got %.17g, want %.17g", fn, a.series[0]->value,
		    want);
	pm_alerts_release(&a);
	pm_rule_release(&r);
}

static void
test_aggregations(void **state)
{
	/* 100 at 0s falls out of the 50s window at 50s: the window is
	 * (50-50, 50] = 10..50s: 4 3 1 2 5. */
	static const double v[] = { 100, 4, 3, 1, 2, 5 };
	static const double c[] = { 10, 20, 5, 15 };	/* reset at 20s */
	struct pm_window w = { .sorted = 1 };
	struct pm_err e;

	(void)state;
	agg("avg", v, 6, 3);
	agg("min", v, 6, 1);
	agg("max", v, 6, 5);
	agg("last", v, 6, 5);
	agg("p50", v, 6, 3);
	agg("p90", v, 6, 4.6);
	agg("p95", v, 6, 4.8);
	agg("p99", v, 6, 4.96);
	/* 10 -> 20 (+10), reset to 5 (+5), 5 -> 15 (+10): 25 over 30s. */
	agg("rate", c, 4, 25.0 / 30);
	/* Equal values leave the sorted copy one at a time, and the value
	 * that left is the one removed: 5 5 3 5 9 9, a window of 3 samples. */
	{
		static const double d[] = { 5, 5, 3, 5, 9, 9 };
		struct pm_window x = { .sorted = 1 };
		size_t i;

		for (i = 0; i < 6; i++)
			assert_int_equal(pm_window_push(&x, (int64_t)i * S, d[i],
			    3 * S, &e), 0);
		assert_int_equal(x.n, 3);	/* 5 9 9 */
		assert_true(pm_window_agg(&x, PM_AGG_MIN) == 5);
		assert_true(pm_window_agg(&x, PM_AGG_P50) == 9);
		assert_true(pm_window_agg(&x, PM_AGG_MAX) == 9);
		assert_true(pm_window_agg(&x, PM_AGG_AVG) == 23.0 / 3);
		pm_window_release(&x);
	}
	/* One sample: no rate. */
	assert_int_equal(pm_window_push(&w, 0, 1, S, &e), 0);
	assert_true(isnan(pm_window_agg(&w, PM_AGG_RATE)));
	/* Memory follows the window, not the stream. */
	for (int64_t t = 1; t < 100000; t++)
		assert_int_equal(pm_window_push(&w, t * PM_NS_PER_MS, 1, S, &e),
		    0);
	assert_int_equal(w.n, 1000);
	assert_true(w.cap <= 1024);
	assert_true(pm_window_agg(&w, PM_AGG_MAX) == 1);
	pm_window_release(&w);
}

static int
count(void *arg, const struct pm_alert_event *ev, struct pm_err *e)
{
	(void)ev, (void)e;
	(*(int *)arg)++;
	return 0;
}

/* Points from 1677 and 2262 on one series: the time since (for, keep,
 * repeat, absent) saturates, never wraps.  The fuzz_alertstate corpus
 * does the same through state files. */
static void
test_far_times(void **state)
{
	static const char *const r[] = { "m > 5 for 1m keep_firing_for 1m",
		NULL };
	static const struct { int64_t ts; double v; } pts[] = {
		{ INT64_MIN + 1, 9 }, { INT64_MAX - 2, 9 },
		{ INT64_MAX - 1, 1 }, { INT64_MAX, 1 },
	};
	struct pm_point p;
	struct pm_err e = { "" };
	struct fixture f;
	size_t i;
	int n = 0;

	(void)state;
	setup(&f, r);
	f.a.emit = count;
	f.a.emit_arg = &n;
	f.a.repeat = 60 * S;
	for (i = 0; i < sizeof(pts) / sizeof(pts[0]); i++) {
		pm_point_init(&p);
		p.metric = "m";
		p.ts = pts[i].ts;
		p.value = pts[i].v;
		assert_int_equal(pm_alerts_point(&f.a, &p, &e), 0);
	}
	/* Pending in 1677, firing in 2262, kept (false for 1 ns, not 1m). */
	assert_int_equal(n, 2);
	teardown(&f);
}

static void
test_state_file(void **state)
{
	static const char *const r[] = { "Hot: m > 5 for 20s", "absent(m, 1h)",
		NULL };
	struct fixture f;
	struct pm_err e = { "" };
	char path[PATH_MAX];

	(void)state;
	snprintf(path, sizeof(path), "%s/state.json", t_dir);
	setup(&f, r);
	assert_int_equal(pm_alert_state_load(&f.a, path, &e), 0); /* none */
	SERIES(&f, "h", 9, 9);
	assert_int_equal(pm_alert_state_save(&f.a, path, &e), 0);
	teardown(&f);
	/* The next run carries on: pending since 0, firing at 20. */
	setup(&f, r);
	assert_int_equal(pm_alert_state_load(&f.a, path, &e), 0);
	point(&f, "m", "h", 20, 9);
	point(&f, "m", "h", 30, 9);
	assert_string_equal(got, "firing critical @20 h 9\n");
	assert_int_equal(pm_alert_state_save(&f.a, path, &e), 0);
	teardown(&f);
	setup(&f, r);
	assert_int_equal(pm_alert_state_load(&f.a, path, &e), 0);
	point(&f, "m", "h", 40, 1);
	assert_string_equal(got, "resolved critical @40 h 1\n");
	teardown(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_for),
		cmocka_unit_test(test_keep_firing_for),
		cmocka_unit_test(test_severities),
		cmocka_unit_test(test_repeat_and_order),
		cmocka_unit_test(test_absent),
		cmocka_unit_test(test_aggregations),
		cmocka_unit_test(test_state_file),
		cmocka_unit_test(test_far_times),
	};

	return cmocka_run_group_tests_name("pm_alert_eval", tests, t_setup,
	    t_teardown);
}
