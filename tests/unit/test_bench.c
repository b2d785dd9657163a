/* Unit tests for pm-bench's lib/ parts: word splitting, parameters and
 * placeholders, --fail-if gates, and the baseline file round trip. */
#include "pm_test.h"

#include <math.h>

#include "pm_bench.h"
#include "pm_gate.h"
#include "pm_measure.h"
#include "pm_params.h"
#include "pm_words.h"

static void
words_are(const char *s, size_t want_n, const char *const *want)
{
	struct pm_err e;
	char **w;
	size_t n, i;

	if ((w = pm_words_split(s, &n, &e)) == NULL)
		fail_msg("split(%s): %s", s, e.msg);
	assert_int_equal(n, want_n);
	for (i = 0; i < n; i++)
		assert_string_equal(w[i], want[i]);
	assert_null(w[n]);
	free(w);
}

static void
test_words(void **state)
{
	const char *w1[] = { "sleep", "0.1" };
	const char *w2[] = { "grep", "a b", "it's", "x\"y", "$HOME\\n" };
	const char *w3[] = { "a b", "c" };
	struct pm_err e;
	size_t n;

	(void)state;
	words_are("  sleep\t0.1 ", 2, w1);
	words_are("grep 'a b' it\\'s \"x\\\"y\" \"\\$HOME\\n\"", 5, w2);
	words_are("a\\ b c", 2, w3);
	assert_null(pm_words_split("echo 'oops", &n, &e));
	assert_non_null(strstr(e.msg, "no closing '"));
	assert_null(pm_words_split("   ", &n, &e));
	assert_non_null(strstr(e.msg, "no command"));
}

static void
test_params(void **state)
{
	struct pm_params ps = { 0 };
	const char *v[PM_PARAMS_MAX];
	struct pm_err e;
	char *s;

	(void)state;
	assert_int_equal(pm_params_count(&ps), 1);
	assert_int_equal(pm_params_list(&ps, "size=small,big", &e), 0);
	assert_int_equal(pm_params_scan(&ps, "n=1:5:2", &e), 0);
	assert_int_equal(pm_params_count(&ps), 6);
	/* The first parameter varies slowest. */
	pm_params_pick(&ps, 0, v);
	assert_string_equal(v[0], "small");
	assert_string_equal(v[1], "1");
	pm_params_pick(&ps, 4, v);
	assert_string_equal(v[0], "big");
	assert_string_equal(v[1], "3");
	s = pm_params_subst(&ps, v, "run {size} -n{n} {other} {n", &e);
	assert_string_equal(s, "run big -n3 {other} {n");
	free(s);
	assert_int_equal(pm_params_list(&ps, "n=1", &e), -1);
	assert_non_null(strstr(e.msg, "given twice"));
	assert_int_equal(pm_params_scan(&ps, "x=3:1", &e), -1);
	assert_int_equal(pm_params_scan(&ps, "y=a:b", &e), -1);
	assert_int_equal(pm_params_list(&ps, "1x=a", &e), -1);
	assert_int_equal(pm_params_scan(&ps, "f=0:1:0.25", &e), 0);
	assert_int_equal(ps.p[2].n, 5);
	assert_string_equal(ps.p[2].values[1], "0.25");
	assert_string_equal(ps.p[2].values[4], "1");
	pm_params_release(&ps);
	/* No drift: 0.1 steps end at exactly 1. */
	assert_int_equal(pm_params_scan(&ps, "f=0:1:0.1", &e), 0);
	assert_int_equal(ps.p[0].n, 11);
	assert_string_equal(ps.p[0].values[3], "0.3");
	assert_string_equal(ps.p[0].values[10], "1");
	pm_params_release(&ps);
}

static void
test_gates(void **state)
{
	double fig[PM_GATE_NFIGURES] = { 0 };
	struct pm_gate g;
	struct pm_err e;

	(void)state;
	assert_int_equal(pm_gate_parse("errors > 1%", &g, &e), 0);
	assert_true(g.figure == PM_GATE_ERRORS && g.limit == 0.01);
	assert_int_equal(pm_gate_parse("errors > 0.5", &g, &e), 0);
	assert_int_equal(pm_gate_parse("errors > 1ms", &g, &e), -1);
	assert_int_equal(pm_gate_parse("p95 > 200ms", &g, &e), 0);
	assert_int_equal(g.figure, PM_GATE_P95);
	assert_true(g.limit == 0.2);
	fig[PM_GATE_P95] = 0.2;
	assert_false(pm_gate_fails(&g, fig));
	assert_int_equal(pm_gate_parse("p95>=200ms", &g, &e), 0);
	assert_true(pm_gate_fails(&g, fig));
	assert_int_equal(pm_gate_parse(" max_rss > 512MiB ", &g, &e), 0);
	assert_true(g.limit == 512.0 * 1048576);
	assert_int_equal(pm_gate_parse("max_rss <= 2GB", &g, &e), 0);
	assert_true(g.limit == 2e9 && g.op == 'l');
	assert_int_equal(pm_gate_parse("mean < 0.5", &g, &e), 0);
	assert_true(g.limit == 0.5);
	assert_int_equal(pm_gate_parse("failures > 0", &g, &e), 0);
	assert_int_equal(pm_gate_parse("p42 > 1s", &g, &e), -1);
	assert_non_null(strstr(e.msg, "unknown figure 'p42'"));
	assert_int_equal(pm_gate_parse("p95 = 1s", &g, &e), -1);
	assert_int_equal(pm_gate_parse("p95 >", &g, &e), -1);
	assert_int_equal(pm_gate_parse("p95 > 200 parsecs", &g, &e), -1);
	assert_int_equal(pm_gate_parse("max_rss > 1XB", &g, &e), -1);
	assert_string_equal(pm_gate_figure_name(PM_GATE_MAX_RSS), "max_rss");
}

static void
test_baseline(void **state)
{
	struct pm_bench_set s = { 0 }, t = { 0 };
	struct pm_measure m = { 0 };
	struct pm_bench_cmd *c;
	struct pm_err e;
	char path[PATH_MAX];

	(void)state;
	snprintf(path, sizeof(path), "%s/base.json", t_dir);
	s.settings = cJSON_CreateObject();
	cJSON_AddNumberToObject(s.settings, "runs", 2);
	assert_non_null(c = pm_bench_add(&s, "fast", "true -x", &e));
	assert_int_equal(pm_bench_param(c, "n", "3", &e), 0);
	m.wall = 1500000;	/* 1.5 ms */
	m.user = 0.001;
	m.max_rss = 4096;
	m.vcsw = 2;
	assert_int_equal(pm_bench_add_run(c, &m, &e), 0);
	m.wall = 2500000;
	m.status = 3;
	assert_int_equal(pm_bench_add_run(c, &m, &e), 0);
	assert_int_equal(pm_bench_save(&s, path, &e), 0);
	assert_int_equal(pm_bench_load(&t, path, &e), 0);
	assert_int_equal(t.n, 1);
	c = pm_bench_find(&t, "fast");
	assert_non_null(c);
	assert_string_equal(c->command, "true -x");
	assert_int_equal(c->nparams, 1);
	assert_string_equal(c->value[0], "3");
	assert_int_equal(c->n, 2);
	assert_int_equal(c->runs[0].wall, 1500000);
	assert_int_equal(c->runs[1].wall, 2500000);
	assert_true(c->runs[0].user == 0.001);
	assert_true(c->runs[0].max_rss == 4096);
	assert_int_equal(c->runs[0].vcsw, 2);
	assert_int_equal(c->runs[1].status, 3);
	assert_int_equal(pm_bench_comparable(&t, &s, &e), 0);
	/* Different settings or commands are refused. */
	cJSON_ReplaceItemInObject(s.settings, "runs", cJSON_CreateNumber(5));
	assert_int_equal(pm_bench_comparable(&t, &s, &e), -1);
	assert_non_null(strstr(e.msg, "setting runs differs: 5 now, 2"));
	cJSON_ReplaceItemInObject(s.settings, "runs", cJSON_CreateNumber(2));
	free(s.cmds[0].command);
	s.cmds[0].command = strdup("true -y");
	assert_int_equal(pm_bench_comparable(&t, &s, &e), -1);
	assert_non_null(strstr(e.msg, "the command differs"));
	pm_bench_release(&s);
	pm_bench_release(&t);
	assert_int_equal(pm_bench_load(&t, "/nonexistent/x", &e), -1);
	assert_int_equal(pm_bench_load(&t, t_write_str("bad.json",
	    "{\"format\": \"other\"}"), &e), -1);
	assert_non_null(strstr(e.msg, "not a pm-bench baseline file"));
}

static void
test_which(void **state)
{
	const char *old = getenv("PATH");
	char saved[4096], *p;

	(void)state;
	snprintf(saved, sizeof(saved), "%s", old ? old : "/usr/bin:/bin");
	t_write_str("prog", "#!/bin/sh\n");
	chmod(t_path("prog"), 0755);
	t_write_str("noexec", "");
	mkdir(t_path("dir"), 0755);
	setenv("PATH", t_dir, 1);
	p = pm_measure_which("prog");
	assert_string_equal(p, t_path("prog"));
	free(p);
	assert_null(pm_measure_which("noexec"));	/* not executable */
	assert_null(pm_measure_which("dir"));		/* not a file */
	assert_null(pm_measure_which("pm-no-such-command"));
	p = pm_measure_which("./anything");		/* a path: as it is */
	assert_string_equal(p, "./anything");
	free(p);
	/* The first directory that has it wins; an empty entry is ".". */
	setenv("PATH", "/nonexistent::/bin", 1);
	assert_int_equal(chdir(t_dir), 0);
	p = pm_measure_which("prog");
	assert_string_equal(p, "prog");
	free(p);
	setenv("PATH", saved, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_gates),
		cmocka_unit_test(test_baseline),
		cmocka_unit_test(test_which),
	};

	return cmocka_run_group_tests(tests, t_setup, t_teardown);
}
