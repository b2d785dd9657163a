/* Unit tests for lib/pm_cli: the small option values every command parses
 * the same way. */
#include "pm_test.h"

#include <math.h>

#include "pm_cli.h"
#include "pm_time.h"

static void
test_duration(void **state)
{
	static const struct {
		const char *s;
		int64_t ns;	/* -1: refused */
	} c[] = {
		{ "500ms", 500 * PM_NS_PER_MS }, { "3s", 3 * PM_NS_PER_S },
		{ "5m", 300 * PM_NS_PER_S }, { "1us", 1000 },
		{ "0s", -1 }, { "0", -1 }, { "-1s", -1 }, { "soon", -1 },
		{ "", -1 }, { "5 m", -1 },
	};
	struct pm_err e;
	int64_t ns;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		ns = 42;
		if (c[i].ns >= 0) {
			assert_int_equal(pm_cli_duration(c[i].s, &ns, &e), 0);
			assert_int_equal(ns, c[i].ns);
		} else {
			assert_int_equal(pm_cli_duration(c[i].s, &ns, &e), -1);
		}
	}
	assert_int_equal(pm_cli_duration("0s", &ns, &e), -1);
	assert_string_equal(e.msg, "'0s' is not a duration above 0 (500ms, "
	    "30s, 5m)");
	assert_int_equal(pm_cli_duration("soon", &ns, &e), -1);
	assert_string_equal(e.msg, "'soon' is not a duration above 0 (500ms, "
	    "30s, 5m)");
}

static void
test_percent(void **state)
{
	static const struct {
		const char *s;
		int zero;
		double v;	/* -1: refused */
	} c[] = {
		{ "95%", 0, 0.95 }, { "95", 0, 0.95 }, { "0.95", 0, 0.95 },
		{ "99.9%", 0, 0.999 }, { "1", 0, 0.01 }, { "0.5%", 0, 0.005 },
		{ "0", 1, 0 }, { "0%", 1, 0 }, { "5%", 1, 0.05 },
		{ "0", 0, -1 }, { "0%", 0, -1 }, { "100%", 0, -1 },
		{ "100", 1, -1 }, { "-5%", 1, -1 }, { "95%%", 0, -1 },
		{ "", 0, -1 }, { "x", 0, -1 }, { "95 %", 0, -1 },
	};
	struct pm_err e;
	double v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		if (c[i].v >= 0) {
			assert_int_equal(pm_cli_percent(c[i].s, c[i].zero, &v,
			    &e), 0);
			assert_true(fabs(v - c[i].v) < 1e-12);
		} else {
			assert_int_equal(pm_cli_percent(c[i].s, c[i].zero, &v,
			    &e), -1);
		}
	}
	assert_int_equal(pm_cli_percent("100%", 0, &v, &e), -1);
	assert_string_equal(e.msg, "'100%' is not a percentage below 100%");
}

static void
test_words(void **state)
{
	static const char *const w[] = { "faster", "slower", "inconclusive" };
	struct pm_err e;
	unsigned set;

	(void)state;
	assert_int_equal(pm_cli_words("slower", w, 3, &set, &e), 0);
	assert_int_equal(set, 2);
	assert_int_equal(pm_cli_words("inconclusive,faster", w, 3, &set, &e),
	    0);
	assert_int_equal(set, 5);
	assert_int_equal(pm_cli_words("slower,slower", w, 3, &set, &e), 0);
	assert_int_equal(set, 2);
	/* A prefix is not the word, nor is the empty word. */
	assert_int_equal(pm_cli_words("slow", w, 3, &set, &e), -1);
	assert_string_equal(e.msg, "'slow' is not faster, slower or "
	    "inconclusive");
	assert_int_equal(pm_cli_words("slower,", w, 3, &set, &e), -1);
	assert_string_equal(e.msg, "'' is not faster, slower or inconclusive");
	assert_int_equal(pm_cli_words("slowest", w, 3, &set, &e), -1);
	assert_int_equal(pm_cli_words("same", w, 1, &set, &e), -1);
	assert_string_equal(e.msg, "'same' is not faster");
	assert_int_equal(pm_cli_words("b", w + 1, 2, &set, &e), -1);
	assert_string_equal(e.msg, "'b' is not slower or inconclusive");
}

static void
test_count_label(void **state)
{
	struct pm_label l;
	struct pm_err e;
	long long n;
	char kv[] = "env=ci=1", bad[] = "a.b=1";

	(void)state;
	assert_int_equal(pm_cli_count("0", &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(pm_cli_count("12", &n, &e), 0);
	assert_int_equal(n, 12);
	assert_int_equal(pm_cli_count("-1", &n, &e), -1);
	assert_int_equal(pm_cli_count("1x", &n, &e), -1);
	assert_int_equal(pm_cli_count("", &n, &e), -1);
	assert_int_equal(pm_cli_count("99999999999999999999", &n, &e), -1);
	assert_int_equal(pm_cli_label(kv, &l, &e), 0);
	assert_string_equal(l.key, "env");
	assert_string_equal(l.value, "ci=1");
	assert_int_equal(pm_cli_label(bad, &l, &e), -1);
	assert_string_equal(bad, "a.b=1");	/* left as it was */
}

static void
test_hostname(void **state)
{
	char buf[256];

	(void)state;
	assert_ptr_equal(pm_cli_hostname(buf, sizeof(buf)), buf);
	assert_true(buf[0] != '\0' && strlen(buf) < sizeof(buf));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_count_label),
		cmocka_unit_test(test_hostname),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
