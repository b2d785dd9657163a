/* Unit tests for lib/pm_summary: peak and time-weighted mean per series. */
#include "pm_test.h"

#include "pm_summary.h"

struct got {
	char lines[512][160];
	size_t n;
};

static int
collect(void *arg, const struct pm_point *p)
{
	struct got *g = arg;
	char *s = g->lines[g->n++];
	size_t i, off;

	off = (size_t)snprintf(s, 160, "%s %.15g %s", p->metric, p->value,
	    p->unit ? p->unit : "-");
	for (i = 0; i < p->nlabels && off < 160; i++)
		off += (size_t)snprintf(s + off, 160 - off, " %s=%s",
		    p->labels[i].key, p->labels[i].value);
	assert_true(p->ts == 77);
	assert_string_equal(p->host, "h");
	return 0;
}

static void
add(struct pm_summary *s, const char *metric, double v, const char *cpu)
{
	struct pm_point p;

	pm_point_init(&p);
	p.metric = metric;
	p.value = v;
	p.unit = "percent";
	if (cpu != NULL)
		pm_point_add_label(&p, "cpu", cpu);
	assert_int_equal(pm_summary_add(s, &p), 0);
}

static void
test_summary(void **state)
{
	struct pm_summary s = { 0 };
	struct got *g = calloc(1, sizeof(*g));

	(void)state;
	assert_non_null(g);
	/* Samples over 0.25 s, 1 s and 1 s. */
	s.weight = 0.25;
	add(&s, "cpu.usage", 60, "total");
	add(&s, "cpu.usage", 10, "0");
	s.weight = 1;
	add(&s, "cpu.usage", 75, "total");
	add(&s, "load.1m", 2, NULL);
	add(&s, "cpu.usage", 30, "total");
	assert_int_equal(pm_summary_write(&s, collect, g, "h", 77), 0);
	assert_int_equal(g->n, 6);
	assert_string_equal(g->lines[0], "cpu.usage 75 percent cpu=total summary=max");
	/* (60 * 0.25 + 75 + 30) / 2.25, to six decimals. */
	assert_string_equal(g->lines[1], "cpu.usage 53.333333 percent cpu=total summary=mean");
	assert_string_equal(g->lines[2], "cpu.usage 10 percent cpu=0 summary=max");
	assert_string_equal(g->lines[3], "cpu.usage 10 percent cpu=0 summary=mean");
	assert_string_equal(g->lines[4], "load.1m 2 percent summary=max");
	assert_string_equal(g->lines[5], "load.1m 2 percent summary=mean");
	pm_summary_release(&s);

	/* No weights: a plain mean.  Negative values have a max too. */
	g->n = 0;
	add(&s, "x", -3, NULL);
	add(&s, "x", -1, NULL);
	add(&s, "x", -8, NULL);
	assert_int_equal(pm_summary_write(&s, collect, g, "h", 77), 0);
	assert_string_equal(g->lines[0], "x -1 percent summary=max");
	assert_string_equal(g->lines[1], "x -4 percent summary=mean");
	pm_summary_release(&s);
	free(g);
}

static void
test_many(void **state)
{
	struct pm_summary s = { 0 };
	struct got *g = calloc(1, sizeof(*g));
	char cpu[16];
	int i, round;

	(void)state;
	assert_non_null(g);
	/* More series than the first table holds, seen twice each. */
	s.weight = 1;
	for (round = 0; round < 2; round++)
		for (i = 0; i < 200; i++) {
			snprintf(cpu, sizeof(cpu), "%d", i);
			add(&s, "cpu.usage", i + round, cpu);
		}
	assert_int_equal(s.n, 200);
	assert_int_equal(pm_summary_write(&s, collect, g, "h", 77), 0);
	assert_int_equal(g->n, 400);
	assert_string_equal(g->lines[398], "cpu.usage 200 percent cpu=199 summary=max");
	assert_string_equal(g->lines[399], "cpu.usage 199.5 percent cpu=199 summary=mean");
	pm_summary_release(&s);
	free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests_name("pm_summary", tests, NULL, NULL);
}
