/* Unit tests for lib/pm_promset: parsed scrapes and finding a series in
 * the previous one. */
#include "pm_test.h"

#include <math.h>

#include "pm_promset.h"

static void
load(struct pm_promset *set, const char *text, const regex_t *match)
{
	struct pm_err e;

	pm_promset_clear(set);
	assert_int_equal(pm_promset_append(set, text, strlen(text), 1 << 20), 0);
	if (pm_promset_parse(set, 0, match, &e) != 0)
		fail_msg("parse: %s", e.msg);
	assert_int_equal(pm_promset_index(set), 0);
}

static void
test_parse(void **state)
{
	struct pm_promset set = { 0 };
	const struct pm_promset_sample *v;
	regex_t re;

	(void)state;
	load(&set, "# TYPE c counter\nc{a=\"1\"} 5 1000\ng 2\nn NaN\n", NULL);
	assert_int_equal(set.n, 3);
	v = &set.v[0];
	assert_string_equal(v->name, "c");
	assert_true(v->counter && v->finite && v->value == 5);
	assert_true(v->ts == 1000 * PM_NS_PER_MS);
	assert_int_equal(v->nlabels, 1);
	assert_string_equal(pm_promset_labels(&set, v)[0].value, "1");
	assert_true(!set.v[1].counter && set.v[1].ts == PM_TS_NONE);
	assert_false(set.v[2].finite);
	assert_int_equal(set.nonfinite, 1);

	/* A match keeps only its names; the first kept has no labels. */
	assert_int_equal(regcomp(&re, "^(g|n)$", REG_EXTENDED | REG_NOSUB), 0);
	load(&set, "c{a=\"1\"} 5\ng 2\nn NaN\nc{a=\"2\"} 6\n", &re);
	assert_int_equal(set.n, 2);
	assert_string_equal(set.v[0].name, "g");
	assert_int_equal(set.nonfinite, 1);
	regfree(&re);

	/* A bad line fails the whole parse, with its number. */
	{
		struct pm_err e;

		pm_promset_clear(&set);
		pm_promset_append(&set, "a 1\nb{ 2\n", 9, 100);
		assert_int_equal(pm_promset_parse(&set, 0, NULL, &e), -1);
		assert_string_equal(e.msg, "line 2: bad label name");
	}
	pm_promset_release(&set);
}

static void
test_append_max(void **state)
{
	struct pm_promset set = { 0 };

	(void)state;
	assert_int_equal(pm_promset_append(&set, "abcd", 4, 6), 0);
	assert_int_equal(pm_promset_append(&set, "ef", 2, 6), 0);
	assert_int_equal(pm_promset_append(&set, "g", 1, 6), -1);
	assert_int_equal(set.len, 6);
	assert_memory_equal(set.body, "abcdef", 6);
	pm_promset_release(&set);
}

static void
test_find(void **state)
{
	struct pm_promset prev = { 0 }, cur = { 0 };
	const struct pm_promset_sample *p;
	char text[65536];
	size_t off = 0, i, cursor = 0;

	(void)state;
	/* 1000 series, then the same in reverse plus a new one: every old one
	 * is found (no cursor luck), the new one is not, and the series that
	 * differ only in how name and labels split are told apart. */
	for (i = 0; i < 1000; i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off,
		    "m{k=\"%zu\"} %zu\n", i, i);
	snprintf(text + off, sizeof(text) - off,
	    "ab{c=\"d\"} 1\na{bc=\"d\"} 2\na{b=\"cd\"} 3\n");
	load(&prev, text, NULL);
	off = 0;
	off += (size_t)snprintf(text + off, sizeof(text) - off,
	    "a{b=\"cd\"} 30\na{bc=\"d\"} 20\nab{c=\"d\"} 10\nnew 1\n");
	for (i = 1000; i-- > 0;)
		off += (size_t)snprintf(text + off, sizeof(text) - off,
		    "m{k=\"%zu\"} %zu\n", i, i + 1);
	load(&cur, text, NULL);
	assert_int_equal(cur.n, 1004);
	for (i = 0; i < 3; i++) {
		p = pm_promset_find(&prev, &cur, &cur.v[i], &cursor);
		assert_non_null(p);
		assert_true(p->value * 10 == cur.v[i].value);
	}
	assert_null(pm_promset_find(&prev, &cur, &cur.v[3], &cursor));
	for (i = 4; i < cur.n; i++) {
		p = pm_promset_find(&prev, &cur, &cur.v[i], &cursor);
		assert_non_null(p);
		assert_true(p->value + 1 == cur.v[i].value);
	}
	/* Same order as last time: the cursor finds each at once. */
	cursor = 0;
	for (i = 0; i < prev.n; i++)
		assert_ptr_equal(pm_promset_find(&prev, &prev, &prev.v[i],
		    &cursor), &prev.v[i]);
	assert_int_equal(cursor, prev.n);
	pm_promset_release(&prev);
	pm_promset_release(&cur);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_append_max),
		cmocka_unit_test(test_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
