/* Unit tests for lib/pm_promtext: the Prometheus text format parser. */
#include "pm_test.h"

#include "pm_promtext.h"

/* Parse text (copied, as the parser writes into its buffer) to the end,
 * going on after errors, and render every result as one line:
 *   name{k="v",...} value [@ts] type [counter]
 *   nonfinite name{...}
 *   error line N: why
 * Label values are shown with \n and " escaped back. */
static char *
render_om(const char *text, size_t len, int openmetrics)
{
	struct pm_promtext pt;
	struct pm_prom_sample s;
	struct pm_err e;
	char *buf = malloc(len + 1), *out = calloc(1, 65536), num[32];
	const char *v;
	size_t off = 0, i;
	int rc;

	assert_non_null(buf);
	assert_non_null(out);
	memcpy(buf, text, len);
	pm_promtext_init(&pt, buf, len, openmetrics);
	while ((rc = pm_promtext_next(&pt, &s, &e)) != PM_PROM_END) {
		if (rc == PM_PROM_ERROR) {
			off += (size_t)snprintf(out + off, 65536 - off,
			    "error %s\n", e.msg);
			continue;
		}
		off += (size_t)snprintf(out + off, 65536 - off, "%s%s",
		    rc == PM_PROM_NONFINITE ? "nonfinite " : "", s.name);
		for (i = 0; i < s.nlabels; i++) {
			off += (size_t)snprintf(out + off, 65536 - off, "%s%s=\"",
			    i ? "," : "{", s.labels[i].key);
			for (v = s.labels[i].value; *v != '\0'; v++)
				off += (size_t)snprintf(out + off, 65536 - off,
				    "%s", *v == '\n' ? "\\n" : *v == '"' ? "\\\"" :
				    *v == '\\' ? "\\\\" : (char[2]){ *v, 0 });
			off += (size_t)snprintf(out + off, 65536 - off, "\"%s",
			    i + 1 == s.nlabels ? "}" : "");
		}
		if (rc == PM_PROM_NONFINITE) {
			off += (size_t)snprintf(out + off, 65536 - off, "\n");
			continue;
		}
		pm_number_format(s.value, num);
		off += (size_t)snprintf(out + off, 65536 - off, " %s", num);
		if (s.ts != PM_TS_NONE)
			off += (size_t)snprintf(out + off, 65536 - off, " @%lld",
			    (long long)s.ts);
		off += (size_t)snprintf(out + off, 65536 - off, " %s%s\n",
		    pm_prom_type_name(s.type), s.counter ? " counter" : "");
	}
	free(buf);
	return out;
}

static void
parses_as(const char *text, const char *want)
{
	char *got = render_om(text, strlen(text), 0);

	assert_string_equal(got, want);
	free(got);
}

static void
test_basic(void **state)
{
	(void)state;
	parses_as(
	    "# HELP http_requests_total The total number of HTTP requests.\n"
	    "# TYPE http_requests_total counter\n"
	    "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n"
	    "http_requests_total{method=\"post\",code=\"400\"}    3 1395066363000\n"
	    "\n"
	    "# A comment, and a comment that looks like nothing\n"
	    "#\n"
	    "# TYPE temp gauge\n"
	    "temp 21.5\n"
	    "metric_without_timestamp_and_labels 12.47\n"
	    "something_weird{problem=\"division by zero\"} +Inf -3982045\n",
	    "http_requests_total{method=\"post\",code=\"200\"} 1027 "
	    "@1395066363000000000 counter counter\n"
	    "http_requests_total{method=\"post\",code=\"400\"} 3 "
	    "@1395066363000000000 counter counter\n"
	    "temp 21.5 gauge\n"
	    "metric_without_timestamp_and_labels 12.47 untyped\n"
	    "nonfinite something_weird{problem=\"division by zero\"}\n");
}

static void
test_escapes(void **state)
{
	(void)state;
	parses_as(
	    "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\","
	    "error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n"
	    "a{v=\"\"} 1\n"
	    "a{v=\"}{,=\"} 2\n"
	    "a{v=\"\\\\n\"} 3\n"
	    "a{v=\"caf\xc3\xa9 \xe2\x82\xac\"} 4\n",
	    "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\","
	    "error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1458255915 untyped\n"
	    "a{v=\"\"} 1 untyped\n"
	    "a{v=\"}{,=\"} 2 untyped\n"
	    "a{v=\"\\\\n\"} 3 untyped\n"
	    "a{v=\"caf\xc3\xa9 \xe2\x82\xac\"} 4 untyped\n");
	/* The unescaped value really is shorter, in place. */
	{
		struct pm_promtext pt;
		struct pm_prom_sample s;
		struct pm_err e;
		char buf[] = "x{a=\"1\\\\2\\\"3\\n4\",b=\"z\"} 5";

		pm_promtext_init(&pt, buf, sizeof(buf) - 1, 0);
		assert_int_equal(pm_promtext_next(&pt, &s, &e), PM_PROM_SAMPLE);
		assert_string_equal(s.labels[0].value, "1\\2\"3\n4");
		assert_string_equal(s.labels[1].value, "z");
		assert_string_equal(s.name, "x");
		assert_int_equal(pm_promtext_next(&pt, &s, &e), PM_PROM_END);
	}
}

static void
test_layout(void **state)
{
	(void)state;
	/* Blanks and tabs anywhere the format allows them, a trailing comma,
	 * an empty label set, CRLF, no newline at the very end. */
	parses_as(
	    "  \t# TYPE a gauge\n"
	    "  a{ x = \"1\" , y=\"2\", } \t 7 \t\n"
	    "a{} 8\r\n"
	    "b\t9\t-5\n"
	    "a \t{x=\"3\"} 9\n"
	    "   \t  \n"
	    "c:d_e 10",
	    "a{x=\"1\",y=\"2\"} 7 gauge\n"
	    "a 8 gauge\n"
	    "b 9 @-5000000 untyped\n"
	    "a{x=\"3\"} 9 gauge\n"
	    "c:d_e 10 untyped\n");
	parses_as("", "");
	parses_as("\n\n", "");
	parses_as("x 1", "x 1 untyped\n");
}

static void
test_values(void **state)
{
	(void)state;
	parses_as(
	    "a 0\n"
	    "a -0.5\n"
	    "a 1e3\n"
	    "a 1.5E-3\n"
	    "a +7\n"
	    "a 123456789012345\n"
	    "a 12345678901234567890\n"
	    "a 0x10\n"
	    "a .5\n"
	    "a NaN\n"
	    "a +Inf\n"
	    "a -Inf\n"
	    "a Inf\n"
	    "a nan\n"
	    "a 1e400\n"
	    "a 1x\n"
	    "a -\n"
	    "a 1,5\n",
	    "a 0 untyped\n"
	    "a -0.5 untyped\n"
	    "a 1000 untyped\n"
	    "a 0.0015 untyped\n"
	    "a 7 untyped\n"
	    "a 123456789012345 untyped\n"
	    "a 1.23456789012346e+19 untyped\n"
	    "a 16 untyped\n"
	    "a 0.5 untyped\n"
	    "nonfinite a\n"
	    "nonfinite a\n"
	    "nonfinite a\n"
	    "nonfinite a\n"
	    "nonfinite a\n"
	    "nonfinite a\n"
	    "error line 16: bad value\n"
	    "error line 17: bad value\n"
	    "error line 18: bad value\n");
}

static void
test_timestamps(void **state)
{
	(void)state;
	parses_as(
	    "a 1 0\n"
	    "a 1 1700000000123\n"
	    "a 1 -1\n"
	    "a 1 +2\n"
	    "a 1 9223372036853\n"
	    "a 1 9223372036855\n"
	    "a 1 1.5\n"
	    "a 1 12x\n"
	    "a 1 -\n"
	    "a 1 2 3\n",
	    "a 1 @0 untyped\n"
	    "a 1 @1700000000123000000 untyped\n"
	    "a 1 @-1000000 untyped\n"
	    "a 1 @2000000 untyped\n"
	    "a 1 @9223372036853000000 untyped\n"
	    "error line 6: bad timestamp\n"
	    "error line 7: bad timestamp\n"
	    "error line 8: bad timestamp\n"
	    "error line 9: bad timestamp\n"
	    "error line 10: text after the value and timestamp\n");
}

static void
test_histogram_summary(void **state)
{
	(void)state;
	parses_as(
	    "# HELP http_request_duration_seconds A histogram.\n"
	    "# TYPE http_request_duration_seconds histogram\n"
	    "http_request_duration_seconds_bucket{le=\"0.05\"} 24054\n"
	    "http_request_duration_seconds_bucket{le=\"+Inf\"} 144320\n"
	    "http_request_duration_seconds_sum 53423\n"
	    "http_request_duration_seconds_count 144320\n"
	    "http_request_duration_seconds_created 1.5e9\n"
	    "http_request_duration_seconds 1\n"
	    "# TYPE rpc_duration_seconds summary\n"
	    "rpc_duration_seconds{quantile=\"0.5\"} 4773\n"
	    "rpc_duration_seconds{quantile=\"0.99\"} NaN\n"
	    "rpc_duration_seconds_sum 1.7560473e+07\n"
	    "rpc_duration_seconds_count 2693\n"
	    "rpc_duration_seconds_other 1\n"
	    "# TYPE c counter\n"
	    "c_total 5\n"
	    "c_created 6\n"
	    "c 7\n"
	    "cc 8\n"
	    "# TYPE u untyped\n"
	    "u 9\n"
	    "u_total 10\n",
	    "http_request_duration_seconds_bucket{le=\"0.05\"} 24054 histogram counter\n"
	    "http_request_duration_seconds_bucket{le=\"+Inf\"} 144320 histogram counter\n"
	    "http_request_duration_seconds_sum 53423 histogram counter\n"
	    "http_request_duration_seconds_count 144320 histogram counter\n"
	    "http_request_duration_seconds_created 1500000000 histogram\n"
	    "http_request_duration_seconds 1 untyped\n"
	    "rpc_duration_seconds{quantile=\"0.5\"} 4773 summary\n"
	    "nonfinite rpc_duration_seconds{quantile=\"0.99\"}\n"
	    "rpc_duration_seconds_sum 17560473 summary counter\n"
	    "rpc_duration_seconds_count 2693 summary counter\n"
	    "rpc_duration_seconds_other 1 untyped\n"
	    "c_total 5 counter counter\n"
	    "c_created 6 counter\n"
	    "c 7 counter counter\n"
	    "cc 8 untyped\n"
	    "u 9 untyped\n"
	    "u_total 10 untyped\n");
	parses_as(
	    "# TYPE h histogram\n"
	    "h_bucket 1\n"
	    "h_bucket{le=\"x\"} 1\n"
	    "h_bucket{le=\"1\"} 1\n"
	    "# TYPE s summary\n"
	    "s 1\n"
	    "s{quantile=\"\"} 1\n"
	    "s_count 1\n",
	    "error line 2: histogram bucket without a numeric le label\n"
	    "error line 3: histogram bucket without a numeric le label\n"
	    "h_bucket{le=\"1\"} 1 histogram counter\n"
	    "error line 6: summary sample without a numeric quantile label\n"
	    "error line 7: summary sample without a numeric quantile label\n"
	    "s_count 1 summary counter\n");
}

static void
test_eof(void **state)
{
	(void)state;
	parses_as("a 1\n# EOF\n", "a 1 untyped\n");
	parses_as("a 1\n# EOF", "a 1 untyped\n");
	parses_as("a 1\n#   EOF  \n\n  \n", "a 1 untyped\n");
	parses_as("a 1\n# EOF\nb 2\n# EOF\n",
	    "a 1 untyped\n"
	    "error line 3: text after # EOF\n"
	    "error line 4: text after # EOF\n");
	/* Only the marker alone is one. */
	parses_as("# EOF x\na 1\n# EOFa\nb 2\n", "a 1 untyped\nb 2 untyped\n");
}

static void
test_errors(void **state)
{
	(void)state;
	parses_as(
	    "ok 1\n"
	    "9bad 1\n"
	    "bad-name 1\n"
	    "noval\n"
	    "noval2 \n"
	    "a{x=\"1} 1\n"
	    "a{x=\"\\t\"} 1\n"
	    "a{x=1} 1\n"
	    "a{x=\"1\" y=\"2\"} 1\n"
	    "a{1x=\"1\"} 1\n"
	    "a{x=\"1\",x=\"2\"} 1\n"
	    "a{__name__=\"b\"} 1\n"
	    "a{x=\"1\"\n"
	    "a{x.y=\"1\"} 1\n"
	    "# TYPE t nonsense\n"
	    "# TYPE t counter extra\n"
	    "# TYPE 1t counter\n"
	    "# HELP bad-name help\n"
	    "# HELP\n"
	    "{x=\"1\"} 1\n"
	    "a 1 2 # exemplar\n"
	    "ok 2\n",
	    "ok 1 untyped\n"
	    "error line 2: bad metric name\n"
	    "error line 3: bad character in metric name\n"
	    "error line 4: no value\n"
	    "error line 5: no value\n"
	    "error line 6: label value without a closing quote\n"
	    "error line 7: bad escape in label value (only \\\\, \\\" and \\n)\n"
	    "error line 8: expected =\"value\" after label name\n"
	    "error line 9: expected , or } after label value\n"
	    "error line 10: bad label name\n"
	    "error line 11: duplicate label name\n"
	    "error line 12: label name __name__ is reserved\n"
	    "error line 13: label set without a closing }\n"
	    "error line 14: expected =\"value\" after label name\n"
	    "error line 15: unknown type in TYPE line\n"
	    "error line 16: text after the type in TYPE line\n"
	    "error line 17: bad metric name in TYPE line\n"
	    "error line 18: bad metric name in HELP line\n"
	    "error line 19: bad metric name in HELP line\n"
	    "error line 20: bad metric name\n"
	    "error line 21: text after the value and timestamp\n"
	    "ok 2 untyped\n");
}

static void
test_nul_and_limits(void **state)
{
	static const char nul[] = "a 1\0junk\nb{x=\"1\0\"} 2\nc 3\n";
	char big[4096], *got;
	size_t off = 0, i;

	(void)state;
	got = render_om(nul, sizeof(nul) - 1, 0);
	assert_string_equal(got,
	    "error line 1: text after the value and timestamp\n"
	    "error line 2: label value without a closing quote\n"
	    "c 3 untyped\n");
	free(got);

	/* 31 labels fit (a point's 32 less the scraper's instance). */
	off += (size_t)snprintf(big + off, sizeof(big) - off, "m{");
	for (i = 0; i < PM_PROM_LABELS_MAX; i++)
		off += (size_t)snprintf(big + off, sizeof(big) - off,
		    "l%zu=\"%zu\",", i, i);
	off += (size_t)snprintf(big + off, sizeof(big) - off, "} 1\nm{");
	for (i = 0; i <= PM_PROM_LABELS_MAX; i++)
		off += (size_t)snprintf(big + off, sizeof(big) - off,
		    "l%zu=\"%zu\",", i, i);
	snprintf(big + off, sizeof(big) - off, "} 1\n");
	got = render_om(big, strlen(big), 0);
	assert_true(strstr(got, "l30=\"30\"} 1 untyped\n") != NULL);
	assert_true(strstr(got, "error line 2: too many labels\n") != NULL);
	free(got);
}

static void
test_openmetrics(void **state)
{
	static const char om[] =
	    "# TYPE foo counter\n"
	    "foo_total 17.0 1520879607.789 # {id=\"c4\"} 1 1520879607.7\n"
	    "foo_created 1520430000.123\n"
	    "foo_total 18 # {id=\"c5\"} 1\n"
	    "bar 1 1.5e9\n"
	    "# EOF\n";
	char *got = render_om(om, sizeof(om) - 1, 1);

	(void)state;
	assert_string_equal(got,
	    "foo_total 17 @1520879607789000000 counter counter\n"
	    "foo_created 1520430000.123 counter\n"
	    "foo_total 18 counter counter\n"
	    "bar 1 @1500000000000000000 untyped\n");
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_histogram_summary),
		cmocka_unit_test(test_eof),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_nul_and_limits),
		cmocka_unit_test(test_openmetrics),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
