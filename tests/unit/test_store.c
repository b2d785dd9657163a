/* Unit tests for lib/pm_store and lib/pm_storeq: what the CLI tests do
 * not reach easily (rollbacks and the series cache, read-only opens, the
 * writer thread's failures). */
#include "pm_test.h"

#include <math.h>

#include "pm_store.h"
#include "pm_storeq.h"

static long long
one(struct pm_store *s, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(pm_store_db(s), sql, -1, &st,
	    NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
point(struct pm_point *p, const char *metric, const char *host, int64_t s,
    double v)
{
	pm_point_init(p);
	p->metric = metric;
	p->host = host;
	p->ts = s * PM_NS_PER_S;
	p->value = v;
}

/* A rolled-back batch takes its new series with it: the cache must not
 * hand out their ids afterwards. */
static void
test_store_rollback_forgets(void **state)
{
	struct pm_store s;
	struct pm_point p;
	struct pm_err e;

	(void)state;
	assert_int_equal(pm_store_open(&s, t_path("rb.db"), 0, &e), 0);
	point(&p, "kept", "h", 1, 1);
	assert_int_equal(pm_store_put(&s, &p, &e), 0);
	assert_int_equal(pm_store_commit(&s, &e), 0);
	point(&p, "gone", "h", 1, 1);
	assert_int_equal(pm_store_put(&s, &p, &e), 0);	/* begins a batch */
	assert_true(s.in_batch);
	pm_store_rollback(&s);
	assert_int_equal(one(&s, "SELECT count(*) FROM series"), 1);
	/* Another series takes the rolled-back id; "gone" must get a new one. */
	point(&p, "other", "h", 1, 1);
	assert_int_equal(pm_store_put(&s, &p, &e), 0);
	point(&p, "gone", "h", 2, 2);
	assert_int_equal(pm_store_put(&s, &p, &e), 0);
	assert_int_equal(pm_store_commit(&s, &e), 0);
	assert_int_equal(one(&s, "SELECT count(*) FROM samples JOIN series "
	    "ON id = series WHERE metric = 'gone' AND value = 2"), 1);
	assert_int_equal(one(&s, "SELECT count(*) FROM series"), 3);
	pm_store_close(&s);
}

/* Thousands of series: the cache grows and still finds every one. */
static void
test_store_many_series(void **state)
{
	struct pm_store s;
	struct pm_point p;
	struct pm_err e;
	char host[32];
	int i, round;

	(void)state;
	assert_int_equal(pm_store_open(&s, t_path("many.db"), 0, &e), 0);
	for (round = 0; round < 2; round++) {
		for (i = 0; i < 5000; i++) {
			snprintf(host, sizeof(host), "h%d", i);
			point(&p, "m", host, round, i);
			assert_int_equal(pm_store_put(&s, &p, &e), 0);
		}
		assert_int_equal(pm_store_commit(&s, &e), 0);
	}
	assert_true(s.nused == 5000 && s.nslots >= 10000);
	assert_int_equal(one(&s, "SELECT count(*) FROM series"), 5000);
	assert_int_equal(one(&s, "SELECT count(*) FROM samples"), 10000);
	assert_int_equal(one(&s, "SELECT count(*) FROM samples s JOIN series "
	    "ON id = series WHERE 'h' || CAST(value AS INTEGER) = host"), 10000);
	pm_store_close(&s);
}

static void
test_store_bad_point(void **state)
{
	struct pm_store s;
	struct pm_point p;
	struct pm_err e;

	(void)state;
	assert_int_equal(pm_store_open(&s, t_path("nan.db"), 0, &e), 0);
	point(&p, "m", NULL, 1, NAN);
	assert_int_equal(pm_store_put(&s, &p, &e), PM_STORE_BAD);
	assert_string_equal(e.msg, "value is not a number");
	point(&p, "m", NULL, 1, INFINITY);
	assert_int_equal(pm_store_put(&s, &p, &e), 0);
	assert_int_equal(pm_store_commit(&s, &e), 0);
	assert_int_equal(one(&s, "SELECT value > 1e308 FROM samples"), 1);
	pm_store_close(&s);
}

static void
test_store_readonly(void **state)
{
	struct pm_store s;
	struct pm_point p;
	struct pm_err e;

	(void)state;
	assert_int_equal(pm_store_open(&s, t_path("none.db"), 1, &e), -1);
	assert_non_null(strstr(e.msg, "No such file"));
	assert_int_equal(access(t_path("none.db"), F_OK), -1);
	pm_store_close(&s);	/* harmless after a failed open */

	assert_int_equal(pm_store_open(&s, t_path("ro.db"), 0, &e), 0);
	pm_store_close(&s);
	assert_int_equal(pm_store_open(&s, t_path("ro.db"), 1, &e), 0);
	assert_int_equal(one(&s, "SELECT count(*) FROM samples"), 0);
	point(&p, "m", NULL, 1, 1);
	assert_int_equal(pm_store_put(&s, &p, &e), -1);
	assert_non_null(strstr(e.msg, "read-only"));
	pm_store_close(&s);

	t_write_str("empty.db", "");
	assert_int_equal(pm_store_open(&s, t_path("empty.db"), 1, &e), -1);
	assert_non_null(strstr(e.msg, "not a pm store"));
}

static void
test_store_default_path(void **state)
{
	char buf[256];
	struct pm_err e;

	(void)state;
	setenv("HOME", "/home/u", 1);
	unsetenv("PM_DB");
	unsetenv("XDG_DATA_HOME");
	assert_int_equal(pm_store_default_path(buf, sizeof(buf), &e), 0);
	assert_string_equal(buf, "/home/u/.local/share/pm/metrics.db");
	setenv("XDG_DATA_HOME", "relative/ignored", 1);
	assert_int_equal(pm_store_default_path(buf, sizeof(buf), &e), 0);
	assert_string_equal(buf, "/home/u/.local/share/pm/metrics.db");
	setenv("XDG_DATA_HOME", "/x", 1);
	assert_int_equal(pm_store_default_path(buf, sizeof(buf), &e), 0);
	assert_string_equal(buf, "/x/pm/metrics.db");
	setenv("PM_DB", "", 1);
	assert_int_equal(pm_store_default_path(buf, sizeof(buf), &e), 0);
	assert_string_equal(buf, "/x/pm/metrics.db");
	setenv("PM_DB", "/db/here.db", 1);
	assert_int_equal(pm_store_default_path(buf, sizeof(buf), &e), 0);
	assert_string_equal(buf, "/db/here.db");
	assert_int_equal(pm_store_default_path(buf, 5, &e), -1);
	unsetenv("PM_DB");
	unsetenv("XDG_DATA_HOME");
	unsetenv("HOME");
	assert_int_equal(pm_store_default_path(buf, sizeof(buf), &e), -1);
	assert_non_null(strstr(e.msg, "no store"));
}

/* Through the writer thread: records of every size arrive whole, and a
 * failure in the thread comes back to the caller. */
static void
test_storeq(void **state)
{
	struct pm_store s;
	struct pm_storeq q;
	struct pm_point p;
	struct pm_err e;
	cJSON *extra;
	char *big = malloc(300 * 1024);
	int i;

	(void)state;
	memset(big, 'x', 300 * 1024 - 1);
	big[300 * 1024 - 1] = '\0';
	assert_int_equal(pm_store_open(&s, t_path("q.db"), 0, &e), 0);
	assert_int_equal(pm_storeq_start(&q, &s, &e), 0);
	for (i = 0; i < 30000; i++) {
		point(&p, "m", i % 2 ? "a" : "b", i, i);
		p.unit = "bytes";
		assert_int_equal(pm_storeq_put(&q, &p, &e), 0);
		if (i == 12345)
			assert_int_equal(pm_storeq_commit(&q, &e), 0);
	}
	/* Bigger than a chunk, with extras. */
	extra = cJSON_CreateObject();
	cJSON_AddStringToObject(extra, "note", "hi");
	point(&p, "big", big, 0, 1);
	p.extra = extra;
	assert_int_equal(pm_storeq_put(&q, &p, &e), 0);
	point(&p, "m", NULL, 0, NAN);
	assert_int_equal(pm_storeq_put(&q, &p, &e), PM_STORE_BAD);
	assert_int_equal(pm_storeq_finish(&q, &e), 0);
	cJSON_Delete(extra);
	assert_int_equal(one(&s, "SELECT count(*) FROM samples"), 30001);
	assert_int_equal(one(&s, "SELECT sum(value) FROM samples WHERE "
	    "series IN (SELECT id FROM series WHERE metric = 'm' AND "
	    "unit = 'bytes')"), 29999LL * 30000 / 2);
	assert_int_equal(one(&s, "SELECT length(host) FROM series WHERE "
	    "metric = 'big'"), 300 * 1024 - 1);
	assert_int_equal(one(&s, "SELECT json = '{\"note\":\"hi\"}' FROM "
	    "extras"), 1);
	pm_store_close(&s);

	/* A read-only store: the writer fails, the caller hears of it. */
	assert_int_equal(pm_store_open(&s, t_path("q.db"), 1, &e), 0);
	assert_int_equal(pm_storeq_start(&q, &s, &e), 0);
	point(&p, "m", NULL, 1, 1);
	for (i = 0; i < 100000; i++)
		if (pm_storeq_put(&q, &p, &e) != 0)
			break;
	assert_int_equal(pm_storeq_finish(&q, &e), -1);
	assert_non_null(strstr(e.msg, "read-only"));
	pm_store_close(&s);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_rollback_forgets),
		cmocka_unit_test(test_store_many_series),
		cmocka_unit_test(test_store_bad_point),
		cmocka_unit_test(test_store_readonly),
		cmocka_unit_test(test_store_default_path),
		cmocka_unit_test(test_storeq),
	};

	return cmocka_run_group_tests_name("pm_store", tests, t_setup,
	    t_teardown);
}
