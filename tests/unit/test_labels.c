/* Unit tests for lib/pm_labels: the canonical text of a label set. */
#include "pm_test.h"

#include "pm_labels.h"

static void
test_labels_empty(void **state)
{
	char buf[8];

	(void)state;
	assert_int_equal(pm_labels_canonical(NULL, 0, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "{}");
}

static void
test_labels_sorted(void **state)
{
	struct pm_label a[] = { { "mode", "user" }, { "cpu", "0" },
	    { "Z", "up" }, { "cpu2", "" } };
	struct pm_label b[] = { { "cpu2", "" }, { "Z", "up" },
	    { "cpu", "0" }, { "mode", "user" } };
	char x[128], y[128];

	(void)state;
	pm_labels_canonical(a, 4, x, sizeof(x));
	pm_labels_canonical(b, 4, y, sizeof(y));
	assert_string_equal(x,
	    "{\"Z\":\"up\",\"cpu\":\"0\",\"cpu2\":\"\",\"mode\":\"user\"}");
	assert_string_equal(x, y);
}

static void
test_labels_first_wins(void **state)
{
	struct pm_label a[] = { { "k", "1" }, { "a", "x" }, { "k", "2" } };
	char buf[64];

	(void)state;
	pm_labels_canonical(a, 3, buf, sizeof(buf));
	assert_string_equal(buf, "{\"a\":\"x\",\"k\":\"1\"}");
}

/* Escapes must be exactly cJSON's, so the text round-trips through any
 * JSON reader and equals what cJSON would print. */
static void
test_labels_escape_like_cjson(void **state)
{
	static const char *vals[] = { "q\"b\\s/", "\b\f\n\r\t", "\x01\x1f\x7f",
	    "caf\xc3\xa9 \xe2\x82\xac", "" };
	struct pm_label l[2];
	cJSON *obj;
	char buf[128], *want;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		l[0].key = "k\n\"";
		l[0].value = vals[i];
		obj = cJSON_CreateObject();
		cJSON_AddStringToObject(obj, l[0].key, l[0].value);
		want = cJSON_PrintUnformatted(obj);
		pm_labels_canonical(l, 1, buf, sizeof(buf));
		assert_string_equal(buf, want);
		cJSON_free(want);
		cJSON_Delete(obj);
	}
}

static void
test_labels_truncated(void **state)
{
	struct pm_label l[] = { { "host", "a-rather-long-value" } };
	char buf[8], *p;
	size_t need;

	(void)state;
	need = pm_labels_canonical(l, 1, buf, sizeof(buf));
	assert_int_equal(need, strlen("{\"host\":\"a-rather-long-value\"}"));
	assert_int_equal(strlen(buf), sizeof(buf) - 1);
	assert_memory_equal(buf, "{\"host\"", 7);
	p = pm_labels_canonical_alloc(l, 1);
	assert_string_equal(p, "{\"host\":\"a-rather-long-value\"}");
	free(p);
	assert_int_equal(pm_labels_canonical(l, 1, NULL, 0), need);
}

static void
test_labels_long_alloc(void **state)
{
	struct pm_label l[1];
	char *v = malloc(1000), *p;

	(void)state;
	memset(v, 'v', 999);
	v[999] = '\0';
	l[0].key = "k";
	l[0].value = v;
	p = pm_labels_canonical_alloc(l, 1);
	assert_int_equal(strlen(p), 999 + 8);
	assert_memory_equal(p, "{\"k\":\"vvv", 9);
	free(p);
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labels_empty),
		cmocka_unit_test(test_labels_sorted),
		cmocka_unit_test(test_labels_first_wins),
		cmocka_unit_test(test_labels_escape_like_cjson),
		cmocka_unit_test(test_labels_truncated),
		cmocka_unit_test(test_labels_long_alloc),
	};

	return cmocka_run_group_tests_name("pm_labels", tests, NULL, NULL);
}
