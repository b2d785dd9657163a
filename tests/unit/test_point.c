/* Unit tests for lib/pm_point: points from JSON, names, number format. */
#include "pm_test.h"

#include <math.h>

#include "pm_point.h"

#define S  PM_NS_PER_S
#define MS PM_NS_PER_MS

/* 2026-11-22T15:30:00Z. */
#define T0 INT64_C(1795361400)

/* Parse json into *obj and fill p; the return of pm_point_from_json. */
static int
from(const char *json, cJSON **obj, struct pm_point *p, struct pm_err *e)
{
	*obj = cJSON_Parse(json);
	if (*obj == NULL)
		fail_msg("test input is not JSON: %s", json);
	e->msg[0] = '\0';
	return pm_point_from_json(p, *obj, e);
}

/* json must be rejected with a message containing why. */
static void
bad(const char *json, const char *why)
{
	struct pm_point p;
	struct pm_err e;
	cJSON *obj;
	int rc;

	rc = from(json, &obj, &p, &e);
	cJSON_Delete(obj);
	if (rc != -1)
		fail_msg("accepted: %s", json);
	if (strstr(e.msg, why) == NULL)
		fail_msg("%s: message \"%s\", want \"%s\" in it", json, e.msg,
		    why);
}

static void
test_point_full(void **state)
{
	struct pm_point p;
	struct pm_err e;
	cJSON *obj;

	(void)state;
	assert_int_equal(from("{\"ts\":\"2026-11-22T15:30:00.123Z\","
	    "\"host\":\"web-1\",\"metric\":\"cpu.usage\",\"value\":23.1,"
	    "\"unit\":\"percent\",\"labels\":{\"cpu\":\"total\",\"mode\":\"x\"}}",
	    &obj, &p, &e), 0);
	assert_int_equal(p.ts, T0 * S + 123 * MS);
	assert_string_equal(p.host, "web-1");
	assert_string_equal(p.metric, "cpu.usage");
	assert_true(p.value == 23.1);
	assert_string_equal(p.unit, "percent");
	assert_int_equal(p.nlabels, 2);
	assert_string_equal(p.labels[0].key, "cpu");
	assert_string_equal(p.labels[0].value, "total");
	assert_string_equal(p.labels[1].key, "mode");
	assert_string_equal(p.labels[1].value, "x");
	assert_string_equal(pm_point_label(&p, "mode"), "x");
	assert_null(pm_point_label(&p, "nope"));
	assert_null(p.extra);
	/* The point borrows from the tree. */
	assert_ptr_equal(p.metric,
	    cJSON_GetObjectItemCaseSensitive(obj, "metric")->valuestring);
	cJSON_Delete(obj);

	/* Only metric and value are required; order does not matter. */
	assert_int_equal(from("{\"value\":-0.5,\"metric\":\"a\"}", &obj, &p,
	    &e), 0);
	assert_string_equal(p.metric, "a");
	assert_true(p.value == -0.5);
	assert_int_equal(p.ts, PM_TS_NONE);
	assert_null(p.host);
	assert_null(p.unit);
	assert_int_equal(p.nlabels, 0);
	assert_null(p.extra);
	cJSON_Delete(obj);

	/* An empty labels object is fine. */
	assert_int_equal(from("{\"metric\":\"a\",\"value\":1,\"labels\":{}}",
	    &obj, &p, &e), 0);
	assert_int_equal(p.nlabels, 0);
	cJSON_Delete(obj);
}

static void
test_point_ts(void **state)
{
	struct pm_point p;
	struct pm_err e;
	cJSON *obj;
	char json[128];
	int ms;

	(void)state;
	/* Epoch seconds as a number. */
	assert_int_equal(from("{\"metric\":\"a\",\"value\":1,"
	    "\"ts\":1763825400.5}", &obj, &p, &e), 0);
	assert_int_equal(p.ts, INT64_C(1763825400) * S + 500 * MS);
	cJSON_Delete(obj);
	/* As a double .123 is .12299990654: it must stay .123. */
	assert_int_equal(from("{\"metric\":\"a\",\"value\":1,"
	    "\"ts\":1763825400.123}", &obj, &p, &e), 0);
	assert_int_equal(p.ts, INT64_C(1763825400) * S + 123 * MS);
	cJSON_Delete(obj);
	for (ms = 0; ms < 1000; ms++) {
		snprintf(json, sizeof(json), "{\"metric\":\"a\",\"value\":1,"
		    "\"ts\":1763825400.%03d}", ms);
		assert_int_equal(from(json, &obj, &p, &e), 0);
		assert_int_equal(p.ts, INT64_C(1763825400) * S + ms * MS);
		cJSON_Delete(obj);
	}
	assert_int_equal(from("{\"metric\":\"a\",\"value\":1,\"ts\":0}", &obj,
	    &p, &e), 0);
	assert_int_equal(p.ts, 0);
	cJSON_Delete(obj);
	assert_int_equal(from("{\"metric\":\"a\",\"value\":1,"
	    "\"ts\":\"2026-11-22T16:30:00+01:00\"}", &obj, &p, &e), 0);
	assert_int_equal(p.ts, T0 * S);
	cJSON_Delete(obj);

	bad("{\"metric\":\"a\",\"value\":1,\"ts\":\"yesterday\"}", "bad ts");
	bad("{\"metric\":\"a\",\"value\":1,\"ts\":\"2026-11-22T15:30:00\"}",
	    "bad ts");
	bad("{\"metric\":\"a\",\"value\":1,\"ts\":\"now\"}", "bad ts");
	bad("{\"metric\":\"a\",\"value\":1,\"ts\":\"\"}", "bad ts");
	bad("{\"metric\":\"a\",\"value\":1,\"ts\":-1}", "bad ts");
	bad("{\"metric\":\"a\",\"value\":1,\"ts\":1e10}", "bad ts");
	bad("{\"metric\":\"a\",\"value\":1,\"ts\":1e999}", "bad ts");
	bad("{\"metric\":\"a\",\"value\":1,\"ts\":true}", "bad ts");
	bad("{\"metric\":\"a\",\"value\":1,\"ts\":null}", "bad ts");
	bad("{\"metric\":\"a\",\"value\":1,\"ts\":[1]}", "bad ts");
}

static void
test_point_extra(void **state)
{
	struct pm_point p;
	struct pm_err e;
	cJSON *obj;

	(void)state;
	assert_int_equal(from("{\"metric\":\"bench.ok\",\"value\":1,"
	    "\"run\":\"r1\",\"ts\":1,\"iter\":3,\"lat\":{\"p50\":1}}", &obj,
	    &p, &e), 0);
	assert_ptr_equal(p.extra, obj);
	assert_string_equal(p.metric, "bench.ok");
	assert_int_equal(p.ts, S);
	/* Extra members stay in the object, in input order. */
	assert_string_equal(obj->child->next->next->string, "run");
	assert_non_null(cJSON_GetObjectItemCaseSensitive(obj, "iter"));
	cJSON_Delete(obj);

	/* Keys that only start like a field are extras too. */
	assert_int_equal(from("{\"metric\":\"a\",\"value\":1,\"metrics\":2,"
	    "\"v\":3,\"tss\":4,\"hostname\":5,\"units\":6,\"label\":7,"
	    "\"\":8}", &obj, &p, &e), 0);
	assert_ptr_equal(p.extra, obj);
	assert_null(p.host);
	assert_null(p.unit);
	assert_int_equal(p.ts, PM_TS_NONE);
	cJSON_Delete(obj);
}

static void
test_point_bad(void **state)
{
	char json[2048];
	size_t n, i;

	(void)state;
	bad("{\"value\":1}", "no metric");
	bad("{\"metric\":\"a\"}", "no value");
	bad("{}", "no metric");
	bad("[1]", "not a JSON object");
	bad("\"metric\"", "not a JSON object");
	bad("{\"metric\":\"a\",\"value\":\"1\"}", "value must be a number");
	bad("{\"metric\":\"a\",\"value\":true}", "value must be a number");
	bad("{\"metric\":\"a\",\"value\":null}", "value must be a number");
	bad("{\"metric\":\"a\",\"value\":[1]}", "value must be a number");
	bad("{\"metric\":\"a\",\"value\":1e999}", "not finite");
	bad("{\"metric\":\"a\",\"value\":-1e999}", "not finite");
	bad("{\"metric\":1,\"value\":1}", "metric must be a string");
	bad("{\"metric\":null,\"value\":1}", "metric must be a string");
	bad("{\"metric\":\"\",\"value\":1}", "bad metric name");
	bad("{\"metric\":\"9x\",\"value\":1}", "bad metric name \"9x\"");
	bad("{\"metric\":\"a b\",\"value\":1}", "bad metric name");
	bad("{\"metric\":\"a-b\",\"value\":1}", "bad metric name");
	bad("{\"metric\":\"a/b\",\"value\":1}", "bad metric name");
	bad("{\"metric\":\"caf\\u00e9\",\"value\":1}", "bad metric name");
	bad("{\"metric\":\"a\",\"value\":1,\"host\":1}", "host must be a string");
	bad("{\"metric\":\"a\",\"value\":1,\"unit\":false}",
	    "unit must be a string");
	bad("{\"metric\":\"a\",\"value\":1,\"labels\":{\"cpu\":0}}",
	    "label \"cpu\" must be a string");
	bad("{\"metric\":\"a\",\"value\":1,\"labels\":{\"cpu\":null}}",
	    "label \"cpu\" must be a string");
	bad("{\"metric\":\"a\",\"value\":1,\"labels\":[\"cpu\"]}",
	    "labels must be an object");
	bad("{\"metric\":\"a\",\"value\":1,\"labels\":\"cpu=0\"}",
	    "labels must be an object");
	bad("{\"metric\":\"a\",\"value\":1,\"labels\":null}",
	    "labels must be an object");

	/* PM_LABELS_MAX labels fit, one more does not. */
	for (i = 0; i <= 1; i++) {
		struct pm_point p;
		struct pm_err e;
		cJSON *obj;
		size_t k;
		int rc;

		n = (size_t)snprintf(json, sizeof(json),
		    "{\"metric\":\"a\",\"value\":1,\"labels\":{");
		for (k = 0; k < PM_LABELS_MAX + i; k++)
			n += (size_t)snprintf(json + n, sizeof(json) - n,
			    "%s\"k%zu\":\"v%zu\"", k ? "," : "", k, k);
		snprintf(json + n, sizeof(json) - n, "}}");
		rc = from(json, &obj, &p, &e);
		cJSON_Delete(obj);
		if (i == 0) {
			assert_int_equal(rc, 0);
			assert_int_equal(p.nlabels, PM_LABELS_MAX);
		} else {
			assert_int_equal(rc, -1);
			assert_non_null(strstr(e.msg, "more than 32 labels"));
		}
	}
}

static void
test_point_labels(void **state)
{
	struct pm_point p;
	size_t i;
	char key[PM_LABELS_MAX + 1][8];

	(void)state;
	pm_point_init(&p);
	assert_null(p.metric);
	assert_int_equal(p.ts, PM_TS_NONE);
	for (i = 0; i < PM_LABELS_MAX; i++) {
		snprintf(key[i], sizeof(key[i]), "k%zu", i);
		assert_int_equal(pm_point_add_label(&p, key[i], "v"), 0);
	}
	assert_int_equal(pm_point_add_label(&p, "extra", "v"), -1);
	assert_int_equal(p.nlabels, PM_LABELS_MAX);
	assert_string_equal(pm_point_label(&p, "k31"), "v");
	assert_null(pm_point_label(&p, "extra"));

	assert_true(pm_point_is_field("metric"));
	assert_true(pm_point_is_field("value"));
	assert_true(pm_point_is_field("ts"));
	assert_true(pm_point_is_field("host"));
	assert_true(pm_point_is_field("unit"));
	assert_true(pm_point_is_field("labels"));
	assert_false(pm_point_is_field("label"));
	assert_false(pm_point_is_field("run"));
	assert_false(pm_point_is_field(""));
}

static void
test_metric_name(void **state)
{
	(void)state;
	assert_true(pm_metric_name_valid("a"));
	assert_true(pm_metric_name_valid("cpu.usage"));
	assert_true(pm_metric_name_valid("_x"));
	assert_true(pm_metric_name_valid("Disk:read_bytes.v2"));
	assert_true(pm_metric_name_valid(".a"));
	assert_true(pm_metric_name_valid("a9"));
	assert_false(pm_metric_name_valid(""));
	assert_false(pm_metric_name_valid("9x"));
	assert_false(pm_metric_name_valid("0"));
	assert_false(pm_metric_name_valid("a b"));
	assert_false(pm_metric_name_valid("a-b"));
	assert_false(pm_metric_name_valid("a\tb"));
	assert_false(pm_metric_name_valid("a\n"));
	assert_false(pm_metric_name_valid("a\"b"));
	assert_false(pm_metric_name_valid("caf\xc3\xa9"));
	assert_false(pm_metric_name_valid("a{b}"));
}

static void
num(double v, const char *want)
{
	char buf[32];
	size_t n;

	memset(buf, 'x', sizeof(buf));
	n = pm_number_format(v, buf);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void
test_number_format(void **state)
{
	static const double round[] = {
		0.1, 23.1, -0.5, 1e21, 1e-7, 123456789012.0, 3.14159265358979,
		1e300, -1e-300, 4.94065645841247e-324, 0.001, 99.99,
	};
	char buf[32];
	size_t i;

	(void)state;
	num(0, "0");
	num(-0.0, "0");
	num(1, "1");
	num(-1, "-1");
	num(42, "42");
	num(0.1, "0.1");
	num(23.1, "23.1");
	num(-0.5, "-0.5");
	num(1.5, "1.5");
	num(0.25, "0.25");
	num(1e21, "1e+21");
	num(-1e21, "-1e+21");
	num(1e-7, "1e-07");
	num(0.0001, "0.0001");
	num(123456789012.0, "123456789012");
	num(1e15, "1000000000000000");
	num(9007199254740991.0, "9007199254740991");
	num(-9007199254740991.0, "-9007199254740991");
	num(9007199254740992.0, "9.00719925474099e+15");
	num(18446744073709551616.0, "1.84467440737096e+19");
	num(0.1 + 0.2, "0.3");		/* 15 significant digits */
	num(1.0 / 3, "0.333333333333333");
	num(2.0 / 3, "0.666666666666667");
	num(-1.0 / 3, "-0.333333333333333");
	num(123456.789, "123456.789");
	num(1.7976931348623157e308, "1.79769313486232e+308");

	/* cJSON reads every form back to the same value, or within 15
	 * significant digits. */
	for (i = 0; i < sizeof(round) / sizeof(round[0]); i++) {
		cJSON *j;

		pm_number_format(round[i], buf);
		j = cJSON_Parse(buf);
		assert_non_null(j);
		assert_true(cJSON_IsNumber(j));
		assert_true(fabs(j->valuedouble - round[i]) <=
		    fabs(round[i]) * 1e-14);
		cJSON_Delete(j);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_point_full),
		cmocka_unit_test(test_point_ts),
		cmocka_unit_test(test_point_extra),
		cmocka_unit_test(test_point_bad),
		cmocka_unit_test(test_point_labels),
		cmocka_unit_test(test_metric_name),
		cmocka_unit_test(test_number_format),
	};

	return cmocka_run_group_tests_name("pm_point", tests, NULL, NULL);
}
