/* Unit tests for pm-status's pieces: lib/pm_tline (lines cut at the
 * terminal's width, colour, bars, sparklines), lib/pm_limits (thresholds
 * by metric) and lib/pm_snap (points kept by copy). */
#include "pm_test.h"

#include <math.h>

#include "pm_limits.h"
#include "pm_snap.h"
#include "pm_tline.h"

static void
test_tline_cells(void **state)
{
	struct pm_tline l;

	(void)state;
	pm_tline_init(&l, 80, 0);
	pm_tline_cell(&l, "ab", 4, 0, PM_OK);
	pm_tline_cell(&l, "7", 3, 1, PM_OK);
	pm_tline_cell(&l, "toolong", 5, 0, PM_OK);
	pm_tline_cell(&l, "°C", 3, 1, PM_OK);
	assert_string_equal(l.buf, "ab    7tool~ °C");
	assert_int_equal(l.width, 15);
}

static void
test_tline_cut_and_colour(void **state)
{
	struct pm_tline l;

	(void)state;
	pm_tline_init(&l, 6, 1);
	pm_tline_add(&l, "ok ", PM_OK);
	pm_tline_add(&l, "warn", PM_WARNING);
	pm_tline_add(&l, "crit", PM_CRITICAL);
	/* Cut at 6 columns; escapes count for nothing; nothing coloured
	 * past the edge. */
	assert_string_equal(l.buf, "ok \033[33mwar\033[m");
	assert_int_equal(l.width, 6);
	pm_tline_init(&l, 3, 1);
	pm_tline_add(&l, "µµµµ", PM_CRITICAL);
	assert_string_equal(l.buf, "\033[1;31mµµµ\033[m");
}

static void
test_tline_bar_spark(void **state)
{
	double v[] = { 0, 50, NAN, 100, 150 };
	struct pm_tline l;

	(void)state;
	pm_tline_init(&l, 80, 0);
	pm_tline_bar(&l, 50, 10, PM_OK);
	pm_tline_bar(&l, 250, 4, PM_OK);
	pm_tline_bar(&l, NAN, 4, PM_OK);
	assert_string_equal(l.buf, "[####....][##][..]");
	pm_tline_init(&l, 80, 0);
	pm_tline_spark(&l, v, 5, 0, 100);
	assert_string_equal(l.buf, "▁▅ ██");
	pm_tline_init(&l, 80, 0);
	pm_tline_spark(&l, v, 2, 7, 7);	/* flat: the middle */
	assert_string_equal(l.buf, "▄▄");
}

static void
test_limits(void **state)
{
	struct pm_limits ls;
	struct pm_err e;

	(void)state;
	pm_limits_default(&ls);
	assert_int_equal(pm_limits_check(&ls, "fs.used_percent", 85), PM_OK);
	assert_int_equal(pm_limits_check(&ls, "fs.used_percent", 90),
	    PM_WARNING);
	assert_int_equal(pm_limits_check(&ls, "fs.used_percent", 96),
	    PM_CRITICAL);
	assert_int_equal(pm_limits_check(&ls, "no.such", 1e9), PM_OK);
	assert_int_equal(pm_limits_check(&ls, "fs.used_percent", NAN), PM_OK);
	/* Changed, removed, added; a Nagios range. */
	assert_int_equal(pm_limits_set(&ls, "fs.used_percent=> 50", 0, &e), 0);
	assert_int_equal(pm_limits_set(&ls, "fs.used_percent=", 1, &e), 0);
	assert_int_equal(pm_limits_check(&ls, "fs.used_percent", 99),
	    PM_WARNING);
	assert_int_equal(pm_limits_set(&ls, "my.metric=10:20", 1, &e), 0);
	assert_int_equal(pm_limits_check(&ls, "my.metric", 15), PM_OK);
	assert_int_equal(pm_limits_check(&ls, "my.metric", 25), PM_CRITICAL);
	assert_int_equal(pm_limits_set(&ls, "=> 1", 0, &e), -1);
	assert_int_equal(pm_limits_set(&ls, "x y=> 1", 0, &e), -1);
	assert_int_equal(pm_limits_set(&ls, "x=>>", 0, &e), -1);
}

static void
test_snap(void **state)
{
	struct pm_snap s;
	struct pm_point p;
	struct pm_err e;
	char metric[16] = "disk.busy", dev[8] = "sda";
	int i;

	(void)state;
	pm_snap_init(&s);
	for (i = 0; i < 300; i++) {	/* past the first allocation */
		pm_point_init(&p);
		p.metric = metric;
		p.value = i;
		p.unit = "percent";
		p.ts = 1000;
		snprintf(dev, sizeof(dev), "d%d", i);
		pm_point_add_label(&p, "device", dev);
		assert_int_equal(pm_snap_add(&s, &p, &e), 0);
	}
	/* Copies: the caller's buffers can change. */
	snprintf(metric, sizeof(metric), "changed");
	assert_int_equal(s.n, 300);
	assert_int_equal(s.ts, 1000);
	assert_true(pm_snap_value(&s, "disk.busy", "device", "d7") == 7);
	assert_string_equal(pm_snap_find(&s, "disk.busy", NULL, NULL)->unit,
	    "percent");
	assert_true(isnan(pm_snap_value(&s, "disk.busy", "device", "x")));
	pm_snap_clear(&s);
	assert_int_equal(s.n, 0);
	assert_null(pm_snap_find(&s, "disk.busy", NULL, NULL));
	pm_snap_release(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tline_cells),
		cmocka_unit_test(test_tline_cut_and_colour),
		cmocka_unit_test(test_tline_bar_spark),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_snap),
	};

	return cmocka_run_group_tests_name("pm_status", tests, NULL, NULL);
}
