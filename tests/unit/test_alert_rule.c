/* Unit tests for pm-alert's rules: the parser (lib/pm_rule_parse.c),
 * thresholds and Nagios ranges (pm_threshold), templates (pm_tmpl). */
#include "pm_test.h"

#include <math.h>

#include "pm_rule.h"
#include "pm_threshold.h"
#include "pm_tmpl.h"

#define S PM_NS_PER_S

static void
parse_ok(struct pm_rule *r, const char *text)
{
	struct pm_err e = { "" };

	if (pm_rule_parse(r, text, NULL, &e) != 0)
		fail_msg("pm_rule_parse(\"%s\"): %s", text, e.msg);
}

static void
parse_bad(const char *text, const char *want)
{
	struct pm_rule r;
	struct pm_err e = { "" };

	if (pm_rule_parse(&r, text, NULL, &e) == 0)
		fail_msg("pm_rule_parse(\"%s\") succeeded", text);
	if (strcmp(e.msg, want) != 0)
		fail_msg("pm_rule_parse(\"%s\"): got \"%s\", want \"%s\"", text,
		    e.msg, want);
}

static void
test_parse_simple(void **state)
{
	struct pm_rule r;

	(void)state;
	parse_ok(&r, "HighCPU: cpu.usage{cpu=\"total\", host!=\"db\"} > 90 "
	    "for 2m keep_firing_for 30s");
	assert_string_equal(r.name, "HighCPU");
	assert_string_equal(r.metric, "cpu.usage");
	assert_int_equal(r.kind, PM_RULE_VALUE);
	assert_int_equal(r.nmatch, 2);
	assert_string_equal(r.match[0].key, "cpu");
	assert_string_equal(r.match[0].value, "total");
	assert_false(r.match[0].negate);
	assert_string_equal(r.match[1].key, "host");
	assert_true(r.match[1].negate);
	assert_true(r.crit.set);
	assert_false(r.warn.set);
	assert_int_equal(r.crit.op, PM_CMP_GT);
	assert_true(r.crit.num == 90);
	assert_string_equal(r.crit.text, "> 90");
	assert_true(r.for_ns == 120 * S);
	assert_true(r.keep_ns == 30 * S);
	pm_rule_release(&r);
}

static void
test_parse_forms(void **state)
{
	static const struct { const char *text; enum pm_agg agg; } aggs[] = {
		{ "avg(m[5m]) >= 1", PM_AGG_AVG }, { "min(m[5m]) < 1", PM_AGG_MIN },
		{ "max(m[5m]) <= 1", PM_AGG_MAX }, { "p50(m[5m]) == 1", PM_AGG_P50 },
		{ "p90(m[5m]) != 1", PM_AGG_P90 }, { "p95(m[5m]) > 1", PM_AGG_P95 },
		{ "p99(m[5m]) > 1", PM_AGG_P99 }, { "last(m[5m]) > 1", PM_AGG_LAST },
		{ "rate(m[1m]) > 0", PM_AGG_RATE },
	};
	static const enum pm_cmp_op ops[] = { PM_CMP_GE, PM_CMP_LT, PM_CMP_LE,
		PM_CMP_EQ, PM_CMP_NE, PM_CMP_GT };
	struct pm_rule r;
	struct pm_err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(aggs) / sizeof(aggs[0]); i++) {
		parse_ok(&r, aggs[i].text);
		assert_int_equal(r.kind, PM_RULE_AGG);
		assert_int_equal(r.agg, aggs[i].agg);
		if (i < 6)
			assert_int_equal(r.crit.op, ops[i]);
		/* No name: the metric names the alert. */
		assert_string_equal(r.name, "m");
		pm_rule_release(&r);
	}
	/* A metric name with colons is no alert name. */
	parse_ok(&r, "job:cpu:rate5m > 1");
	assert_string_equal(r.metric, "job:cpu:rate5m");
	assert_string_equal(r.name, "job:cpu:rate5m");
	pm_rule_release(&r);
	/* absent(): threshold ">= window seconds"; severity warning. */
	assert_int_equal(pm_rule_parse(&r, "Gone: absent(gpu.temp{gpu=\"0\"}, "
	    "5m) for 1m", "warning", &e), 0);
	assert_int_equal(r.kind, PM_RULE_ABSENT);
	assert_true(r.window == 300 * S);
	assert_true(r.warn.set && !r.crit.set);
	assert_string_equal(r.warn.text, ">= 300");
	pm_rule_release(&r);
	/* Escapes in a quoted value; a negative number. */
	parse_ok(&r, "m{k=\"a\\\"b\\\\c\"} < -1.5e-3");
	assert_string_equal(r.match[0].value, "a\"b\\c");
	assert_true(r.crit.num == -1.5e-3);
	pm_rule_release(&r);
}

static void
test_parse_errors(void **state)
{
	(void)state;
	parse_bad("HighCPU: cpu.usage > high",
	    "column 22: expected a number, found 'high'");
	parse_bad("cpu.usage > 5m", "column 13: expected a number, found '5m'");
	parse_bad("avg(cpu.usage[5x]) > 1",
	    "column 15: expected a duration (30s, 5m, 1h), found '5x'");
	parse_bad("avg(cpu.usage) > 1", "column 14: expected '[', found ')'");
	parse_bad("sum(m[5m]) > 1", "column 1: expected avg, min, max, p50, "
	    "p90, p95, p99, last, rate or absent, found 'sum'");
	parse_bad("m{k=v} > 1", "column 5: expected a quoted value, found 'v'");
	parse_bad("m{k=\"v} > 1", "column 5: expected a quoted value, found "
	    "'\"v} > 1'");
	parse_bad("m{k~\"v\"}", "column 4: expected '=' or '!=', found '~'");
	parse_bad("m > 1 for", "column 10: expected a duration (30s, 5m, 1h), "
	    "found the end");
	parse_bad("m > 1 every 5m", "column 7: expected 'for', "
	    "'keep_firing_for' or the end, found 'every'");
	parse_bad("m 5", "column 3: expected a comparison (>, >=, <, <=, ==, "
	    "!=), 'for' or the end, found '5'");
	parse_bad("absent(m) > 1", "column 9: expected ',', found ')'");
	parse_bad("absent(m, 1m) > 1",
	    "column 15: expected no comparison after absent(), found '>'");
	parse_bad("X: ", "column 4: expected a metric name, found the end");
}

static void
alerts(const char *range, double v, int want)
{
	struct pm_threshold t;
	struct pm_err e = { "" };

	if (pm_threshold_parse(&t, range, &e) != 0)
		fail_msg("pm_threshold_parse(\"%s\"): %s", range, e.msg);
	if (pm_threshold_alerts(&t, v) != want)
		fail_msg("'%s' with %g: got %d, want %d", range, v, !want, want);
}

static void
range_text(const char *s, const char *want)
{
	struct pm_threshold t;
	struct pm_err e;
	char buf[64];

	assert_int_equal(pm_threshold_parse(&t, s, &e), 0);
	pm_threshold_range(&t, buf, sizeof(buf));
	if (strcmp(buf, want) != 0)
		fail_msg("range of '%s': got '%s', want '%s'", s, buf, want);
}

static void
test_thresholds(void **state)
{
	struct pm_threshold t;
	struct pm_err e;

	(void)state;
	/* The Nagios guidelines' table, edges included. */
	alerts("10", -1, 1);
	alerts("10", 0, 0);
	alerts("10", 10, 0);
	alerts("10", 10.5, 1);
	alerts("10:", 9.9, 1);
	alerts("10:", 10, 0);
	alerts("10:", 1e300, 0);
	alerts("~:10", -1e300, 0);
	alerts("~:10", 10.1, 1);
	alerts("10:20", 9, 1);
	alerts("10:20", 15, 0);
	alerts("10:20", 21, 1);
	alerts("@10:20", 10, 1);
	alerts("@10:20", 20, 1);
	alerts("@10:20", 20.1, 0);
	alerts("@10:20", 9, 0);
	alerts("> 90", 90, 0);
	alerts(">90", 90.1, 1);
	alerts(">= 90", 90, 1);
	alerts("< 1", 0.5, 1);
	alerts("<= 1", 1, 1);
	alerts("== 0", 0, 1);
	alerts("!= 0", 0, 0);
	alerts("> 1", NAN, 0);
	assert_int_equal(pm_threshold_parse(&t, "20:10", &e), -1);
	assert_string_equal(e.msg, "'20:10': the range's start is above its end");
	assert_int_equal(pm_threshold_parse(&t, "x", &e), -1);
	assert_int_equal(pm_threshold_parse(&t, "> x", &e), -1);
	assert_string_equal(e.msg, "'> x': expected a number after '>'");
	/* Perfdata: each form as the range that alerts exactly as it does. */
	range_text("10", "10");
	range_text("10:", "10:");
	range_text("~:10", "~:10");
	range_text("@10:20", "@10:20");
	range_text("> 90", "~:90");
	range_text(">= 90", "@90:");
	range_text("< 5", "5:");
	range_text("<= 5", "@~:5");
	range_text("== 5", "@5:5");
	range_text("!= 5", "5:5");
}

static void
test_templates(void **state)
{
	static const struct pm_label labels[] = { { "gpu", "0" },
		{ "cpu", "total" } };
	struct pm_tmpl_ctx c = { .alert = "Hot", .metric = "gpu.temp",
		.host = "web-1", .severity = "critical", .threshold = "85",
		.value = 91.5, .labels = labels, .nlabels = 2 };
	struct pm_err e;
	char buf[128];
	size_t n;

	(void)state;
	n = pm_tmpl_render("{{alert}} {{host}} gpu {{labels.gpu}} {{ $value }}"
	    " > {{threshold}} ({{metric}}, {{severity}}){{labels.none}}", &c,
	    buf, sizeof(buf));
	assert_string_equal(buf, "Hot web-1 gpu 0 91.5 > 85 (gpu.temp, "
	    "critical)");
	assert_int_equal(n, strlen(buf));
	/* Cut short, the length it needs all the same. */
	n = pm_tmpl_render("{{host}}{{host}}", &c, buf, 8);
	assert_string_equal(buf, "web-1we");
	assert_int_equal(n, 10);
	assert_int_equal(pm_tmpl_check("{{ host }} {{$labels.x}} {", &e), 0);
	assert_int_equal(pm_tmpl_check("{{hots}}", &e), -1);
	assert_string_equal(e.msg, "'{{hots}}': unknown field 'hots' (host, "
	    "metric, value, threshold, alert, severity, labels.KEY)");
	assert_int_equal(pm_tmpl_check("a {{host", &e), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_simple),
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_thresholds),
		cmocka_unit_test(test_templates),
	};

	return cmocka_run_group_tests_name("pm_alert_rule", tests, NULL, NULL);
}
