/* Unit tests for lib/pm_out: the exact line for a point, escaping, write
 * errors, and a round trip through pm_reader. */
#include "pm_test.h"

#include <signal.h>
#include <sys/stat.h>

#include "pm_out.h"
#include "pm_reader.h"

#define S  PM_NS_PER_S
#define MS PM_NS_PER_MS

/* 2026-11-22T15:30:00Z. */
#define T0 INT64_C(1795361400)

/* Write the points with pm_out into a scratch file; its text, which the
 * caller frees. */
static char *
write_points(const struct pm_point *p, size_t n)
{
	struct pm_out o;
	const char *path = t_path("out");
	FILE *fp = fopen(path, "w");
	size_t i;

	assert_non_null(fp);
	pm_out_init(&o, fp, "out");
	assert_int_equal(o.interactive, 0);
	for (i = 0; i < n; i++)
		assert_int_equal(pm_out_point(&o, &p[i]), 0);
	assert_int_equal(pm_out_finish(&o), 0);
	pm_out_release(&o);
	assert_int_equal(fclose(fp), 0);
	return t_slurp(path, NULL);
}

static void
want_line(const struct pm_point *p, const char *want)
{
	char *got = write_points(p, 1);
	size_t n = strlen(want);

	/* Exactly the line and its newline. */
	if (strncmp(got, want, n) != 0 || got[n] != '\n' || got[n + 1] != '\0')
		fail_msg("got  %s\nwant %s", got, want);
	free(got);
}

static void
test_point_line(void **state)
{
	struct pm_point p;

	(void)state;
	pm_point_init(&p);
	p.metric = "cpu.usage";
	p.value = 23.1;
	p.ts = T0 * S + 123 * MS + 999999;	/* ms round down */
	p.host = "web-1";
	p.unit = "percent";
	pm_point_add_label(&p, "cpu", "total");
	want_line(&p, "{\"ts\":\"2026-11-22T15:30:00.123Z\",\"host\":\"web-1\","
	    "\"metric\":\"cpu.usage\",\"value\":23.1,\"unit\":\"percent\","
	    "\"labels\":{\"cpu\":\"total\"}}");

	/* Labels in the order given. */
	pm_point_add_label(&p, "a", "1");
	want_line(&p, "{\"ts\":\"2026-11-22T15:30:00.123Z\",\"host\":\"web-1\","
	    "\"metric\":\"cpu.usage\",\"value\":23.1,\"unit\":\"percent\","
	    "\"labels\":{\"cpu\":\"total\",\"a\":\"1\"}}");

	/* Only what is there. */
	pm_point_init(&p);
	p.metric = "a";
	p.value = 0;
	want_line(&p, "{\"metric\":\"a\",\"value\":0}");
	p.value = -0.0;
	want_line(&p, "{\"metric\":\"a\",\"value\":0}");
	p.value = 1e21;
	want_line(&p, "{\"metric\":\"a\",\"value\":1e+21}");
	p.value = 1e-7;
	want_line(&p, "{\"metric\":\"a\",\"value\":1e-07}");
	p.value = 123456789012.0;
	want_line(&p, "{\"metric\":\"a\",\"value\":123456789012}");
	p.value = -0.5;
	p.ts = -1;
	want_line(&p, "{\"ts\":\"1969-12-31T23:59:59.999Z\",\"metric\":\"a\","
	    "\"value\":-0.5}");
	p.ts = 0;
	p.unit = "";
	want_line(&p, "{\"ts\":\"1970-01-01T00:00:00.000Z\",\"metric\":\"a\","
	    "\"value\":-0.5,\"unit\":\"\"}");
}

static void
test_extra(void **state)
{
	struct pm_point p;
	cJSON *extra;

	(void)state;
	/* Extra members follow the point fields in their input order; point
	 * fields among them are the point's, never repeated. */
	extra = cJSON_Parse("{\"zeta\":1,\"metric\":\"ignored\",\"run\":\"r1\","
	    "\"value\":5,\"nested\":{\"b\":[1,2.5,null,true]},\"alpha\":\"x\","
	    "\"labels\":{\"no\":\"no\"}}");
	assert_non_null(extra);
	pm_point_init(&p);
	p.metric = "bench.time";
	p.value = 1.5;
	p.unit = "s";
	p.extra = extra;
	want_line(&p, "{\"metric\":\"bench.time\",\"value\":1.5,\"unit\":\"s\","
	    "\"zeta\":1,\"run\":\"r1\",\"nested\":{\"b\":[1,2.5,null,true]},"
	    "\"alpha\":\"x\"}");
	/* Writing borrowed the extras and left them as they were. */
	assert_non_null(cJSON_GetObjectItemCaseSensitive(extra, "run"));
	assert_int_equal(cJSON_GetArraySize(extra), 7);
	want_line(&p, "{\"metric\":\"bench.time\",\"value\":1.5,\"unit\":\"s\","
	    "\"zeta\":1,\"run\":\"r1\",\"nested\":{\"b\":[1,2.5,null,true]},"
	    "\"alpha\":\"x\"}");
	cJSON_Delete(extra);
}

/* One writer, points of every shape in turn: nothing of one point may
 * stay in the next, however many extras and labels there are. */
static void
test_reuse(void **state)
{
	static const size_t nextras[] = { 0, 1, 15, 16, 17, 40, 3, 100, 0 };
	size_t n = sizeof(nextras) / sizeof(nextras[0]), i, k, len = 0;
	char text[16384], want[32768], keys[PM_LABELS_MAX][8], *got;
	struct pm_point p[sizeof(nextras) / sizeof(nextras[0])];
	cJSON *extra[sizeof(nextras) / sizeof(nextras[0])];
	size_t wlen = 0;

	(void)state;
	for (k = 0; k < PM_LABELS_MAX; k++)
		snprintf(keys[k], sizeof(keys[k]), "k%zu", k);
	for (i = 0; i < n; i++) {
		pm_point_init(&p[i]);
		p[i].metric = i % 2 ? "odd" : "even";
		p[i].value = (double)i;
		if (i % 3 == 1)
			p[i].host = "h";
		if (i % 4 == 2)
			p[i].ts = (PM_NS_PER_S + (int64_t)i) * PM_NS_PER_MS;
		for (k = 0; k < (i % 3 == 0 ? PM_LABELS_MAX : i % 3); k++)
			pm_point_add_label(&p[i], keys[k], i % 2 ? "a" : "b");

		/* The extras, as a reader would leave them, point fields
		 * among them. */
		len = (size_t)snprintf(text, sizeof(text), "{\"metric\":\"x\"");
		for (k = 0; k < nextras[i]; k++)
			len += (size_t)snprintf(text + len, sizeof(text) - len,
			    ",\"e%zu\":%zu", k, k);
		snprintf(text + len, sizeof(text) - len, ",\"value\":1}");
		extra[i] = cJSON_Parse(text);
		assert_non_null(extra[i]);
		p[i].extra = nextras[i] ? extra[i] : NULL;

		/* What must come out. */
		wlen += (size_t)snprintf(want + wlen, sizeof(want) - wlen, "{");
		if (p[i].ts != PM_TS_NONE)
			wlen += (size_t)snprintf(want + wlen, sizeof(want) - wlen,
			    "\"ts\":\"1970-01-12T13:46:40.00%zuZ\",", i);
		if (p[i].host != NULL)
			wlen += (size_t)snprintf(want + wlen, sizeof(want) - wlen,
			    "\"host\":\"h\",");
		wlen += (size_t)snprintf(want + wlen, sizeof(want) - wlen,
		    "\"metric\":\"%s\",\"value\":%zu", p[i].metric, i);
		for (k = 0; k < p[i].nlabels; k++)
			wlen += (size_t)snprintf(want + wlen, sizeof(want) - wlen,
			    "%s\"%s\":\"%s\"", k ? "," : ",\"labels\":{", keys[k],
			    i % 2 ? "a" : "b");
		if (p[i].nlabels > 0)
			wlen += (size_t)snprintf(want + wlen, sizeof(want) - wlen,
			    "}");
		for (k = 0; k < nextras[i]; k++)
			wlen += (size_t)snprintf(want + wlen, sizeof(want) - wlen,
			    ",\"e%zu\":%zu", k, k);
		wlen += (size_t)snprintf(want + wlen, sizeof(want) - wlen, "}\n");
	}
	assert_true(wlen < sizeof(want));
	got = write_points(p, n);
	assert_string_equal(got, want);
	free(got);
	for (i = 0; i < n; i++)
		cJSON_Delete(extra[i]);
}

static void
test_escape(void **state)
{
	/* Quotes, backslashes, control characters, UTF-8 and a slash. */
	const char *host = "a\"b\\c\nd\te\x01" "f\x7f/\r\b\f";
	const char *val = "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80 \xe2\x80\xa8";
	const char *key = "k\"ey\n";
	struct pm_point p;
	cJSON *j, *labels;
	char *got;

	(void)state;
	pm_point_init(&p);
	p.metric = "m";
	p.value = 1;
	p.host = host;
	p.unit = "\"%\"";
	pm_point_add_label(&p, key, val);
	want_line(&p, "{\"host\":\"a\\\"b\\\\c\\nd\\te\\u0001f\x7f/\\r\\b\\f\","
	    "\"metric\":\"m\",\"value\":1,\"unit\":\"\\\"%\\\"\","
	    "\"labels\":{\"k\\\"ey\\n\":\"caf\xc3\xa9 \xe2\x9c\x93 "
	    "\xf0\x9f\x98\x80 \xe2\x80\xa8\"}}");

	/* And a JSON parser reads back exactly what went in. */
	got = write_points(&p, 1);
	j = cJSON_Parse(got);
	assert_non_null(j);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "host")->
	    valuestring, host);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "unit")->
	    valuestring, "\"%\"");
	labels = cJSON_GetObjectItemCaseSensitive(j, "labels");
	assert_string_equal(labels->child->string, key);
	assert_string_equal(labels->child->valuestring, val);
	cJSON_Delete(j);
	free(got);
}

/* A line longer than the writer's first buffer. */
static void
test_long_values(void **state)
{
	size_t n = 100000, i;
	char *host, *got, *want;
	struct pm_point p[3];
	cJSON *j;

	(void)state;
	host = malloc(n + 1);
	assert_non_null(host);
	for (i = 0; i < n; i++)
		host[i] = (char)('a' + i % 26);
	host[n] = '\0';
	for (i = 0; i < 3; i++) {
		pm_point_init(&p[i]);
		p[i].metric = "m";
		p[i].value = (double)i;
	}
	p[1].host = host;
	got = write_points(p, 3);
	want = malloc(n + 256);
	assert_non_null(want);
	snprintf(want, n + 256, "{\"metric\":\"m\",\"value\":0}\n"
	    "{\"host\":\"%s\",\"metric\":\"m\",\"value\":1}\n"
	    "{\"metric\":\"m\",\"value\":2}\n", host);
	assert_string_equal(got, want);
	j = cJSON_Parse(strchr(got, '\n') + 1);
	assert_non_null(j);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "host")->
	    valuestring, host);
	cJSON_Delete(j);
	free(want);
	free(got);
	free(host);
}

static void
test_json(void **state)
{
	struct pm_point p;
	struct pm_out o;
	cJSON *obj;
	char *got;
	FILE *fp;

	(void)state;
	pm_point_init(&p);
	p.metric = "a.b";
	p.value = 2;
	p.ts = T0 * S;
	pm_point_add_label(&p, "k", "v");
	obj = pm_point_to_json(&p);
	assert_non_null(obj);
	assert_string_equal(obj->child->string, "ts");
	assert_string_equal(obj->child->valuestring, "2026-11-22T15:30:00.000Z");

	fp = fopen(t_path("json"), "w");
	assert_non_null(fp);
	pm_out_init(&o, fp, "json");
	assert_int_equal(pm_out_json(&o, obj), 0);
	cJSON_Delete(obj);
	obj = cJSON_Parse("{\"any\":[1,{\"x\":\"y\"}],\"n\":null}");
	assert_int_equal(pm_out_json(&o, obj), 0);
	cJSON_Delete(obj);
	assert_int_equal(pm_out_finish(&o), 0);
	pm_out_release(&o);
	assert_int_equal(fclose(fp), 0);
	got = t_slurp(t_path("json"), NULL);
	assert_string_equal(got, "{\"ts\":\"2026-11-22T15:30:00.000Z\","
	    "\"metric\":\"a.b\",\"value\":2,\"labels\":{\"k\":\"v\"}}\n"
	    "{\"any\":[1,{\"x\":\"y\"}],\"n\":null}\n");
	free(got);
}

static void
test_dev_full(void **state)
{
	struct pm_point p;
	struct pm_out o;
	FILE *fp;
	int i, rc = 0;

	(void)state;
	pm_point_init(&p);
	p.metric = "a";
	p.value = 1;

	/* A few points fit in the stdio buffer; the flush fails. */
	fp = fopen("/dev/full", "w");
	assert_non_null(fp);
	pm_out_init(&o, fp, "/dev/full");
	assert_int_equal(pm_out_point(&o, &p), 0);
	errno = 0;
	assert_int_equal(pm_out_finish(&o), -1);
	assert_int_equal(errno, ENOSPC);
	assert_int_equal(o.err, ENOSPC);
	/* Every later write fails the same way. */
	errno = 0;
	assert_int_equal(pm_out_point(&o, &p), -1);
	assert_int_equal(errno, ENOSPC);
	errno = 0;
	assert_int_equal(pm_out_sync(&o), -1);
	assert_int_equal(errno, ENOSPC);
	pm_out_release(&o);
	fclose(fp);

	/* Enough points that a write fails on the way. */
	fp = fopen("/dev/full", "w");
	assert_non_null(fp);
	pm_out_init(&o, fp, "/dev/full");
	for (i = 0; i < 100000 && rc == 0; i++)
		rc = pm_out_point(&o, &p);
	assert_int_equal(rc, -1);
	assert_int_equal(o.err, ENOSPC);
	errno = 0;
	assert_int_equal(pm_out_finish(&o), -1);
	assert_int_equal(errno, ENOSPC);
	pm_out_release(&o);
	fclose(fp);
}

static void
test_pipe(void **state)
{
	struct pm_point p;
	struct pm_out o;
	struct stat st;
	char buf[256];
	int fds[2];
	void (*old)(int);
	ssize_t n;
	FILE *fp;

	(void)state;
	pm_point_init(&p);
	p.metric = "a";
	p.value = 1;

	/* To a pipe, pm_out_sync hands each batch on at once. */
	assert_int_equal(pipe(fds), 0);
	fp = fdopen(fds[1], "w");
	assert_non_null(fp);
	pm_out_init(&o, fp, "<pipe>");
	assert_int_equal(o.interactive, 1);
	assert_int_equal(pm_out_point(&o, &p), 0);
	assert_int_equal(pm_out_point(&o, &p), 0);
	pm_out_sync_hook(&o);
	n = read(fds[0], buf, sizeof(buf) - 1);
	assert_int_equal(n, 50);
	buf[n] = '\0';
	assert_string_equal(buf, "{\"metric\":\"a\",\"value\":1}\n"
	    "{\"metric\":\"a\",\"value\":1}\n");

	/* The reader goes away: EPIPE. */
	close(fds[0]);
	old = signal(SIGPIPE, SIG_IGN);
	assert_int_equal(pm_out_point(&o, &p), 0);
	errno = 0;
	assert_int_equal(pm_out_sync(&o), -1);
	assert_int_equal(errno, EPIPE);
	errno = 0;
	assert_int_equal(pm_out_finish(&o), -1);
	assert_int_equal(errno, EPIPE);
	pm_out_release(&o);
	fclose(fp);	/* may try the write again */
	signal(SIGPIPE, old);

	/* To a regular file pm_out_sync leaves the buffer alone. */
	fp = fopen(t_path("sync"), "w");
	assert_non_null(fp);
	pm_out_init(&o, fp, "sync");
	assert_int_equal(o.interactive, 0);
	assert_int_equal(pm_out_point(&o, &p), 0);
	assert_int_equal(pm_out_sync(&o), 0);
	assert_int_equal(fstat(fileno(fp), &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(pm_out_finish(&o), 0);
	assert_int_equal(fstat(fileno(fp), &st), 0);
	assert_int_equal(st.st_size, 25);
	pm_out_release(&o);
	fclose(fp);
}

/* Read lines with pm_reader, write them with pm_out: the normal form. */
static void
test_round_trip(void **state)
{
	static const char *in[][2] = {
		{ "{\"value\":23.10,\"labels\":{\"cpu\":\"total\"},"
		  "\"metric\":\"cpu.usage\",\"extra\":[1,2.50],"
		  "\"ts\":\"2026-11-22T16:30:00.123456+01:00\",\"host\":\"web-1\","
		  "\"unit\":\"percent\",\"z\":{\"a\":null}}",
		  "{\"ts\":\"2026-11-22T15:30:00.123Z\",\"host\":\"web-1\","
		  "\"metric\":\"cpu.usage\",\"value\":23.1,\"unit\":\"percent\","
		  "\"labels\":{\"cpu\":\"total\"},\"extra\":[1,2.5],"
		  "\"z\":{\"a\":null}}" },
		{ "  { \"metric\" : \"a\" , \"value\" : 1.0E+21 }  ",
		  "{\"metric\":\"a\",\"value\":1e+21}" },
		{ "{\"metric\":\"a\",\"value\":-0.0,\"ts\":1763825400.5}",
		  "{\"ts\":\"2025-11-22T15:30:00.500Z\",\"metric\":\"a\","
		  "\"value\":0}" },
		{ "{\"metric\":\"a\",\"value\":0.30000000000000004,"
		  "\"ts\":\"2026-11-22t15:30:00z\"}",
		  "{\"ts\":\"2026-11-22T15:30:00.000Z\",\"metric\":\"a\","
		  "\"value\":0.3}" },
		{ "{\"metric\":\"disk.read.bytes\",\"value\":123456789012,"
		  "\"ts\":\"2026-11-22 15:30:00.9999Z\"}",
		  "{\"ts\":\"2026-11-22T15:30:00.999Z\","
		  "\"metric\":\"disk.read.bytes\",\"value\":123456789012}" },
		{ "{\"metric\":\"a\",\"value\":1e-7,\"host\":\"\\u00e9\\n\\\"\","
		  "\"labels\":{\"k\":\"\\/\\t\"}}",
		  "{\"host\":\"\xc3\xa9\\n\\\"\",\"metric\":\"a\",\"value\":1e-07,"
		  "\"labels\":{\"k\":\"/\\t\"}}" },
		{ "{\"metric\":\"a\",\"value\":1,\"ts\":1763825400.123}",
		  "{\"ts\":\"2025-11-22T15:30:00.123Z\",\"metric\":\"a\","
		  "\"value\":1}" },
		{ "{\"metric\":\"a\",\"value\":1,\"ts\":\"1969-12-31T23:59:59.9999Z\"}",
		  "{\"ts\":\"1969-12-31T23:59:59.999Z\",\"metric\":\"a\","
		  "\"value\":1}" },
	};
	size_t n = sizeof(in) / sizeof(in[0]), i, len = 0, wlen = 0;
	char text[4096], want[4096], *got, *paths[1];
	struct pm_reader r;
	struct pm_point p;
	struct pm_err e;
	struct pm_out o;
	FILE *fp;
	int rc;

	(void)state;
	for (i = 0; i < n; i++) {
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s\n",
		    in[i][0]);
		wlen += (size_t)snprintf(want + wlen, sizeof(want) - wlen,
		    "%s\n", in[i][1]);
	}
	assert_true(len < sizeof(text) && wlen < sizeof(want));
	paths[0] = (char *)t_write("rt.in", text, len);
	fp = fopen(t_path("rt.out"), "w");
	assert_non_null(fp);
	pm_out_init(&o, fp, "rt.out");
	pm_reader_init(&r, paths, 1);
	while ((rc = pm_reader_next(&r, &p, &e)) == PM_READ_POINT)
		assert_int_equal(pm_out_point(&o, &p), 0);
	if (rc != PM_READ_EOF)
		fail_msg("reader: %s", e.msg);
	pm_reader_release(&r);
	assert_int_equal(pm_out_finish(&o), 0);
	pm_out_release(&o);
	assert_int_equal(fclose(fp), 0);
	got = t_slurp(t_path("rt.out"), NULL);
	assert_string_equal(got, want);

	/* The normal form is a fixed point. */
	paths[0] = (char *)t_path("rt.out");
	fp = fopen(t_path("rt.again"), "w");
	assert_non_null(fp);
	pm_out_init(&o, fp, "rt.again");
	pm_reader_init(&r, paths, 1);
	while ((rc = pm_reader_next(&r, &p, &e)) == PM_READ_POINT)
		assert_int_equal(pm_out_point(&o, &p), 0);
	assert_int_equal(rc, PM_READ_EOF);
	pm_reader_release(&r);
	assert_int_equal(pm_out_finish(&o), 0);
	pm_out_release(&o);
	assert_int_equal(fclose(fp), 0);
	free(got);
	got = t_slurp(t_path("rt.again"), NULL);
	assert_string_equal(got, want);
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_point_line),
		cmocka_unit_test(test_extra),
		cmocka_unit_test(test_reuse),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_long_values),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_dev_full),
		cmocka_unit_test(test_pipe),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests_name("pm_out", tests, t_setup,
	    t_teardown);
}
