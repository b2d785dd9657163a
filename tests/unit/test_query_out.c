/* Unit tests for pm-query's output (lib/pm_human.c, lib/pm_table.c,
 * lib/pm_qout.c): numbers for people, aligned tables, and the points a
 * result row becomes. */
#include "pm_test.h"

#include <math.h>

#include "pm_human.h"
#include "pm_qout.h"

static void
test_human(void **state)
{
	static const struct {
		double v;
		const char *unit, *want;
	} c[] = {
		{ 23.14, "percent", "23.1 %" },
		{ 100, "percent", "100.0 %" },
		{ 512, "bytes", "512 B" },
		{ 1288490188.8, "bytes", "1.2 GiB" },
		{ 1023.9 * 1024, "bytes", "1.0 MiB" },
		{ 150 * 1048576.0, "bytes", "150 MiB" },
		{ 2.5 * 1024, "bytes/s", "2.5 KiB/s" },
		{ 0.35, "seconds", "350 ms" },
		{ 0.0000123, "seconds", "12.3 µs" },
		{ 1.5, "seconds", "1.5 s" },
		{ 90, "seconds", "1.5 min" },
		{ 7200, "seconds", "2.0 h" },
		{ 3 * 86400, "seconds", "3.0 d" },
		{ 0, "seconds", "0 s" },
		{ 45, "celsius", "45.0 °C" },
		{ 350, "watts", "350 W" },
		{ 1.8e9, "hertz", "1.8 GHz" },
		{ 12345, "1/s", "12.3k/s" },
		{ 0.42, NULL, "0.42" },
		{ 0.123456, NULL, "0.123" },
		{ 2.35, "none", "2.35" },
		{ 23.15, NULL, "23.1" },
		{ 42, "count", "42" },
		{ -1500, NULL, "-1.5k" },
		{ 2e6, NULL, "2.0M" },
		{ 0.0001, NULL, "0.0001" },
		{ 1.9, "percent/h", "1.9 %/h" },
		{ 3e9, "bytes/h", "2.8 GiB/h" },
		{ 3, "pages/s", "3 pages/s" },
		{ NAN, "percent", "-" },
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		pm_human(c[i].v, c[i].unit, buf, sizeof(buf));
		if (strcmp(buf, c[i].want) != 0)
			fail_msg("%g %s: got '%s', want '%s'", c[i].v,
			    c[i].unit ? c[i].unit : "(none)", buf, c[i].want);
	}
}

static char *
print_table(const struct pm_table *t)
{
	const char *path = t_path("table");
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(pm_table_print(t, fp), 0);
	assert_int_equal(fclose(fp), 0);
	return t_slurp(path, NULL);
}

static void
test_table(void **state)
{
	const char *h[] = { "NAME", "EMPTY", "TEMP", "N" };
	const char *r1[] = { "gpu", NULL, "45.0 °C", "1" };
	const char *r2[] = { "cpu-longer", "", "5.0 °C", "100" };
	struct pm_table t;
	struct pm_err e;
	char *got;

	(void)state;
	assert_int_equal(pm_table_init(&t, 4, h, &e), 0);
	t.right[2] = t.right[3] = 1;
	assert_int_equal(pm_table_add(&t, r1, &e), 0);
	assert_int_equal(pm_table_add(&t, r2, &e), 0);
	got = print_table(&t);
	/* Widths count characters ("°" is two bytes); EMPTY is left out. */
	assert_string_equal(got,
	    "NAME           TEMP    N\n"
	    "gpu         45.0 °C    1\n"
	    "cpu-longer   5.0 °C  100\n");
	free(got);
	pm_table_release(&t);
	assert_int_equal(pm_table_init(&t, 4, h, &e), 0);
	got = print_table(&t);
	assert_string_equal(got, "");
	free(got);
	pm_table_release(&t);
	assert_int_equal(pm_table_init(&t, 0, h, &e), -1);
}

static void
test_points(void **state)
{
	struct pm_qcols c = { "agg", 2, { "avg", "count" }, 1 };
	struct pm_label l[] = { { "gpu", "0" }, { "agg", "mine" } };
	struct pm_qrow r;
	struct pm_qout o;
	struct pm_qsink sink;
	struct pm_out out;
	struct pm_err e;
	const char *path = t_path("points");
	FILE *fp = fopen(path, "w");
	char *got;

	(void)state;
	assert_non_null(fp);
	pm_out_init(&out, fp, "points");
	pm_qout_init(&o, &out, 0);
	sink = pm_qout_sink(&o);
	memset(&r, 0, sizeof(r));
	r.ts = INT64_C(1795341600) * PM_NS_PER_S;
	r.metric = "gpu.temperature";
	r.host = "h";
	r.labels = l;
	r.nlabels = 2;
	r.v[0] = 45.5;
	r.unit[0] = "celsius";
	r.v[1] = 4;
	assert_int_equal(sink.begin(sink.arg, &c, &e), 0);
	assert_int_equal(sink.row(sink.arg, &r, &e), 0);
	r.v[0] = NAN;	/* no value: no point */
	r.host = NULL;
	assert_int_equal(sink.row(sink.arg, &r, &e), 0);
	assert_int_equal(pm_qout_finish(&o, &e), 0);
	pm_qout_release(&o);
	assert_int_equal(pm_out_finish(&out), 0);
	pm_out_release(&out);
	assert_int_equal(fclose(fp), 0);
	got = t_slurp(path, NULL);
	/* The row's own "agg" label gives way to the column's. */
	assert_string_equal(got,
	    "{\"ts\":\"2026-11-22T10:00:00.000Z\",\"host\":\"h\",\"metric\":"
	    "\"gpu.temperature\",\"value\":45.5,\"unit\":\"celsius\","
	    "\"labels\":{\"gpu\":\"0\",\"agg\":\"avg\"}}\n"
	    "{\"ts\":\"2026-11-22T10:00:00.000Z\",\"host\":\"h\",\"metric\":"
	    "\"gpu.temperature\",\"value\":4,\"labels\":{\"gpu\":\"0\","
	    "\"agg\":\"count\"}}\n"
	    "{\"ts\":\"2026-11-22T10:00:00.000Z\",\"metric\":"
	    "\"gpu.temperature\",\"value\":4,\"labels\":{\"gpu\":\"0\","
	    "\"agg\":\"count\"}}\n");
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_human),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_points),
	};

	return cmocka_run_group_tests_name("pm_qout", tests, t_setup,
	    t_teardown);
}
