/* Unit tests for the limit on the count of series of a set (pm_series.h)
 * and the words of --max-series (pm_maxseries.h). */
#include "pm_test.h"

#include "pm_maxseries.h"
#include "pm_series.h"

static struct pm_series *
get(struct pm_sset *set, const char *id, struct pm_err *e)
{
	struct pm_point p;

	pm_point_init(&p);
	p.metric = "m";
	pm_point_add_label(&p, "id", id);
	return pm_sset_get(set, &p, e);
}

/* Exactly max series are made; a new one past them is PM_SSET_FULL, not
 * an error, and those made are still found. */
static void
test_sset_limit(void **state)
{
	struct pm_sset set;
	struct pm_series *a, *s;
	struct pm_err e;

	(void)state;
	pm_sset_init(&set);
	set.max = 2;
	assert_non_null(a = get(&set, "a", &e));
	assert_true(a != PM_SSET_FULL);
	assert_non_null(s = get(&set, "b", &e));
	assert_true(s != PM_SSET_FULL);
	snprintf(e.msg, sizeof(e.msg), "untouched");
	assert_ptr_equal(get(&set, "c", &e), PM_SSET_FULL);
	assert_string_equal(e.msg, "untouched");
	assert_ptr_equal(get(&set, "a", &e), a);
	assert_int_equal(pm_series_add(a, 1, 1.0, &e), 0);
	assert_ptr_equal(get(&set, "d", &e), PM_SSET_FULL);
	assert_int_equal(set.n, 2);
	pm_sset_release(&set);
}

/* max 0: no limit. */
static void
test_sset_no_limit(void **state)
{
	struct pm_sset set;
	struct pm_err e;
	char id[16];
	int i;

	(void)state;
	pm_sset_init(&set);
	for (i = 0; i < 200; i++) {
		snprintf(id, sizeof(id), "%d", i);
		assert_true(get(&set, id, &e) != PM_SSET_FULL);
	}
	assert_int_equal(set.n, 200);
	pm_sset_release(&set);
}

static void
test_max_series_words(void **state)
{
	struct pm_err e;
	size_t max = 7;

	(void)state;
	assert_int_equal(pm_max_series_parse("0", &max, &e), 0);
	assert_int_equal(max, 0);
	assert_int_equal(pm_max_series_parse("1000000", &max, &e), 0);
	assert_int_equal(max, 1000000);
	assert_int_equal(pm_max_series_parse("-1", &max, &e), -1);
	assert_string_equal(e.msg, "'-1' is not a count of series (0: no "
	    "limit)");
	assert_int_equal(pm_max_series_parse("", &max, &e), -1);
	assert_int_equal(max, 1000000);
	pm_max_series_reached(&e, "in.ndjson", 4, 3);
	assert_string_equal(e.msg, "in.ndjson:4: more than 3 series; points "
	    "of new series are dropped (--max-series)");
	pm_max_series_reached(&e, NULL, 0, 1000000);
	assert_string_equal(e.msg, "more than 1000000 series; the rest are "
	    "left out (--max-series)");
	pm_max_series_dropped(&e, 1);
	assert_string_equal(e.msg, "1 point of new series dropped");
	pm_max_series_dropped(&e, 12);
	assert_string_equal(e.msg, "12 points of new series dropped");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sset_limit),
		cmocka_unit_test(test_sset_no_limit),
		cmocka_unit_test(test_max_series_words),
	};

	return cmocka_run_group_tests_name("pm_series limit", tests, NULL,
	    NULL);
}
