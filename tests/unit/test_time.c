/* Unit tests for lib/pm_time: durations, RFC 3339, user times, the clock. */
#include "pm_test.h"

#include <time.h>

#include "pm_time.h"

#define S  PM_NS_PER_S
#define MS PM_NS_PER_MS

/* 2026-11-22T15:30:00Z: `date -u -d 2026-11-22T15:30:00Z +%s`. */
#define T0 INT64_C(1795361400)

static void
dur_ok(const char *s, int64_t want)
{
	struct pm_err e = { "" };
	int64_t ns = -42;

	if (pm_duration_parse(s, &ns, &e) != 0)
		fail_msg("pm_duration_parse(\"%s\") failed: %s", s, e.msg);
	if (ns != want)
		fail_msg("pm_duration_parse(\"%s\") = %lld, want %lld", s,
		    (long long)ns, (long long)want);
}

static void
dur_bad(const char *s, const char *msg_has)
{
	struct pm_err e = { "" };
	int64_t ns = -42;

	if (pm_duration_parse(s, &ns, &e) != -1)
		fail_msg("pm_duration_parse(\"%s\") accepted: %lld", s,
		    (long long)ns);
	assert_int_equal(ns, -42); /* untouched */
	assert_true(e.msg[0] != '\0');
	if (msg_has != NULL && strstr(e.msg, msg_has) == NULL)
		fail_msg("message for \"%s\" is \"%s\", want \"%s\" in it", s,
		    e.msg, msg_has);
	/* A NULL e is allowed. */
	assert_int_equal(pm_duration_parse(s, &ns, NULL), -1);
}

static void
test_duration_parse_good(void **state)
{
	(void)state;
	dur_ok("500ms", 500 * MS);
	dur_ok("30s", 30 * S);
	dur_ok("5m", 300 * S);
	dur_ok("24h", 86400 * S);
	dur_ok("7d", 7 * 86400 * S);
	dur_ok("1w", 7 * 86400 * S);
	dur_ok("1h30m", 5400 * S);
	dur_ok("1m30s", 90 * S);
	dur_ok("1d2h3m4s5ms6us7ns", ((86400 + 7200 + 180 + 4) * S) +
	    5 * MS + 6000 + 7);
	dur_ok("1.5s", 1500 * MS);
	dur_ok("0.25h", 900 * S);
	dur_ok(".5s", 500 * MS);
	dur_ok("1.1s", 1100 * MS);
	dur_ok("250us", 250000);
	dur_ok("100ns", 100);
	dur_ok("2", 2 * S);		/* a bare number is seconds */
	dur_ok("0.5", 500 * MS);
	dur_ok("0", 0);
	dur_ok("0s", 0);
	dur_ok("0ms", 0);
	dur_ok("007s", 7 * S);
	/* The longest duration that fits in int64 nanoseconds. */
	dur_ok("106751d", INT64_C(106751) * 86400 * S);
}

static void
test_duration_parse_bad(void **state)
{
	(void)state;
	dur_bad("", "empty");
	dur_bad(NULL, "empty");
	dur_bad("5x", "5x");
	dur_bad("-5s", "-5s");
	dur_bad("+5s", NULL);
	dur_bad("s", NULL);
	dur_bad("ms", NULL);
	dur_bad("1h-", NULL);
	dur_bad("1h30", NULL);		/* a number after a unit needs one */
	dur_bad("abc", "abc");
	dur_bad(".", NULL);
	dur_bad("1s ", NULL);
	dur_bad(" 1s", NULL);
	dur_bad("5mm", NULL);
	dur_bad("5msx", NULL);
	dur_bad("1.5.5s", NULL);
	dur_bad("5 s", NULL);
	dur_bad("99999999999d", "too long");
	dur_bad("106752d", "too long");
	dur_bad("106751d106751d", "too long");
	dur_bad("1e99999s", NULL);
}

static void
dur_fmt(int64_t ns, const char *want)
{
	char buf[64];

	pm_duration_format(ns, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void
test_duration_format(void **state)
{
	static const int64_t round[] = {
		1, 999, 1000, 500 * MS, S, 1500 * MS, 90 * S, 5400 * S,
		86400 * S, 7 * 86400 * S + 1, INT64_C(106751) * 86400 * S,
		INT64_MAX,
	};
	char buf[64];
	size_t i;
	int64_t ns;

	(void)state;
	dur_fmt(0, "0s");
	dur_fmt(-5 * S, "0s");
	dur_fmt(INT64_MIN, "0s");
	dur_fmt(1, "1ns");
	dur_fmt(250000, "250us");
	dur_fmt(500 * MS, "500ms");
	dur_fmt(S, "1s");
	dur_fmt(1500 * MS, "1s500ms");
	dur_fmt(300 * S, "5m");
	dur_fmt(5400 * S, "1h30m");
	dur_fmt(86400 * S, "1d");
	dur_fmt(7 * 86400 * S, "7d");
	dur_fmt(86400 * S + 3600 * S + 60 * S + S + MS + 1000 + 1,
	    "1d1h1m1s1ms1us1ns");
	dur_fmt(INT64_MAX, "106751d23h47m16s854ms775us807ns");

	/* Whatever it writes, the parser reads back. */
	for (i = 0; i < sizeof(round) / sizeof(round[0]); i++) {
		pm_duration_format(round[i], buf, sizeof(buf));
		assert_int_equal(pm_duration_parse(buf, &ns, NULL), 0);
		assert_int_equal(ns, round[i]);
	}

	/* A small buffer truncates and stays terminated. */
	memset(buf, 'x', sizeof(buf));
	pm_duration_format(5400 * S, buf, 4);
	assert_string_equal(buf, "1h3");
	memset(buf, 'x', sizeof(buf));
	pm_duration_format(86400 * S + 1, buf, 3);
	assert_string_equal(buf, "1d");
	memset(buf, 'x', sizeof(buf));
	pm_duration_format(5 * S, buf, 1);
	assert_string_equal(buf, "");
	memset(buf, 'x', sizeof(buf));
	pm_duration_format(5 * S, buf, 0);
	assert_int_equal(buf[0], 'x');
}

static void
ts_ok(const char *s, int64_t want)
{
	int64_t ns = -42;

	if (pm_rfc3339_parse(s, strlen(s), &ns) != 0)
		fail_msg("pm_rfc3339_parse(\"%s\") failed", s);
	if (ns != want)
		fail_msg("pm_rfc3339_parse(\"%s\") = %lld, want %lld", s,
		    (long long)ns, (long long)want);
}

static void
ts_bad(const char *s)
{
	int64_t ns = -42;

	if (pm_rfc3339_parse(s, strlen(s), &ns) == 0)
		fail_msg("pm_rfc3339_parse(\"%s\") accepted: %lld", s,
		    (long long)ns);
	assert_int_equal(ns, -42);
}

static void
test_rfc3339_parse_good(void **state)
{
	(void)state;
	ts_ok("2026-11-22T15:30:00Z", T0 * S);
	ts_ok("2026-11-22T15:30:00.123Z", T0 * S + 123 * MS);
	ts_ok("2026-11-22t15:30:00z", T0 * S);
	ts_ok("2026-11-22 15:30:00Z", T0 * S);
	ts_ok("2026-11-22T15:30:00+00:00", T0 * S);
	ts_ok("2026-11-22T15:30:00-00:00", T0 * S);
	/* `date -u -d 2026-11-22T10:00:00+05:30 +%s` and -08:00. */
	ts_ok("2026-11-22T10:00:00+05:30", INT64_C(1795321800) * S);
	ts_ok("2026-11-22T10:00:00-08:00", INT64_C(1795370400) * S);
	ts_ok("2026-11-22T21:00:00.5+05:30", T0 * S + 500 * MS);
	ts_ok("2026-11-22T15:30:00,25Z", T0 * S + 250 * MS);

	/* Fractions of 1 to 9 digits, and extra digits beyond ns dropped. */
	ts_ok("2026-11-22T15:30:00.1Z", T0 * S + 100000000);
	ts_ok("2026-11-22T15:30:00.12Z", T0 * S + 120000000);
	ts_ok("2026-11-22T15:30:00.123Z", T0 * S + 123000000);
	ts_ok("2026-11-22T15:30:00.1234Z", T0 * S + 123400000);
	ts_ok("2026-11-22T15:30:00.12345Z", T0 * S + 123450000);
	ts_ok("2026-11-22T15:30:00.123456Z", T0 * S + 123456000);
	ts_ok("2026-11-22T15:30:00.1234567Z", T0 * S + 123456700);
	ts_ok("2026-11-22T15:30:00.12345678Z", T0 * S + 123456780);
	ts_ok("2026-11-22T15:30:00.123456789Z", T0 * S + 123456789);
	ts_ok("2026-11-22T15:30:00.1234567891Z", T0 * S + 123456789);
	ts_ok("2026-11-22T15:30:00.000000001Z", T0 * S + 1);
	ts_ok("2026-11-22T15:30:00.999999999Z", T0 * S + 999999999);

	/* A date alone is midnight UTC. */
	ts_ok("2026-11-22", (T0 - 15 * 3600 - 30 * 60) * S);
	ts_ok("1970-01-01", 0);
	ts_ok("1970-01-01T00:00:00Z", 0);

	/* Leap years: 2024 and 2000 are, 1900 and 2023 are not. */
	ts_ok("2024-02-29", INT64_C(1709164800) * S);
	ts_ok("2024-02-29T23:59:59Z", (INT64_C(1709164800) + 86399) * S);
	ts_ok("2000-02-29", (INT64_C(951868800) - 86400) * S);
	ts_ok("2024-12-31", (INT64_C(1735603200)) * S);

	/* A leap second folds into the next minute. */
	ts_ok("2016-12-31T23:59:60Z", INT64_C(1483228800) * S);

	/* Before the epoch. */
	ts_ok("1969-12-31T23:59:59Z", -S);
	ts_ok("1969-12-31T23:59:59.5Z", -500 * MS);
	ts_ok("1900-01-01", INT64_C(-2208988800) * S);
	ts_ok("1970-01-01T01:00:00+01:00", 0);

	/* The ends of int64 nanoseconds (what comes before the range's first
	 * whole millisecond, 43.146, is left out: written to the millisecond
	 * it would not read back). */
	ts_ok("2262-04-11T23:47:16.854775807Z", INT64_MAX);
	ts_ok("1677-09-21T00:12:43.146Z", INT64_MIN + 775808);
	ts_ok("1677-09-21T00:12:43.146224191Z", INT64_MIN + MS - 1);
	ts_ok("1677-09-21T00:12:43.146224192Z", INT64_MIN + MS);
	ts_ok("1677-09-21T00:12:44Z", INT64_C(-9223372036) * S);
}

static void
test_rfc3339_parse_bad(void **state)
{
	(void)state;
	ts_bad("");
	ts_bad("2026");
	ts_bad("2026-11");
	ts_bad("2026-11-2");
	ts_bad("26-11-22");
	ts_bad("2026/11/22");
	ts_bad("2023-02-29");
	ts_bad("1900-02-29");
	ts_bad("2024-02-30");
	ts_bad("2024-04-31");
	ts_bad("2024-01-00");
	ts_bad("2024-01-32");
	ts_bad("2026-13-01T00:00:00Z");
	ts_bad("2026-00-01T00:00:00Z");
	ts_bad("2026-11-22T24:00:00Z");
	ts_bad("2026-11-22T23:60:00Z");
	ts_bad("2026-11-22T23:59:61Z");
	ts_bad("2026-11-22T15:30:00");		/* no offset */
	ts_bad("2026-11-22T15:30:00.5");
	ts_bad("2026-11-22T15:30Z");
	ts_bad("2026-11-22T15:30:0Z");
	ts_bad("2026-11-22T");
	ts_bad("2026-11-22X15:30:00Z");
	ts_bad("2026-11-22T15:30:00.Z");
	ts_bad("2026-11-22T15:30:00Zx");	/* trailing garbage */
	ts_bad("2026-11-22T15:30:00Z ");
	ts_bad("2026-11-22x");
	ts_bad("2026-11-22 ");
	ts_bad("2026-11-22T15:30:00+0530");
	ts_bad("2026-11-22T15:30:00+5:30");
	ts_bad("2026-11-22T15:30:00+05");
	ts_bad("2026-11-22T15:30:00+24:00");
	ts_bad("2026-11-22T15:30:00+05:60");
	ts_bad("2026-11-22T15:30:00+05:30:00");
	ts_bad("2026-11-22T15:30:00UTC");
	ts_bad(" 2026-11-22T15:30:00Z");
	ts_bad("-2026-11-22");
	/* Beyond what int64 nanoseconds hold: fail, never wrap. */
	ts_bad("2262-04-11T23:47:16.854775808Z");
	ts_bad("2262-04-11T23:47:17Z");
	ts_bad("2262-04-11T23:47:16-01:00");
	ts_bad("9999-12-31T23:59:59.999999999Z");
	ts_bad("0000-01-01T00:00:00Z");
	ts_bad("1677-09-21T00:12:43Z");
	/* INT64_MIN itself is PM_TS_NONE, "no timestamp". */
	ts_bad("1677-09-21T00:12:43.145224192Z");
	ts_bad("1677-09-21T00:12:43.145224193Z");
	ts_bad("1677-09-21T00:12:43.145999999Z");
}

static void
test_rfc3339_parse_len(void **state)
{
	const char *s = "2026-11-22T15:30:00Zjunk";
	int64_t ns = 0;

	(void)state;
	/* Only the first len bytes count. */
	assert_int_equal(pm_rfc3339_parse(s, 20, &ns), 0);
	assert_int_equal(ns, T0 * S);
	assert_int_equal(pm_rfc3339_parse(s, 10, &ns), 0);
	assert_int_equal(ns, (T0 - 15 * 3600 - 30 * 60) * S);
	assert_int_equal(pm_rfc3339_parse(s, 19, &ns), -1);
	assert_int_equal(pm_rfc3339_parse(s, 21, &ns), -1);
	assert_int_equal(pm_rfc3339_parse(s, 9, &ns), -1);
	assert_int_equal(pm_rfc3339_parse(s, 0, &ns), -1);
}

static void
ts_fmt(int64_t ns, const char *want)
{
	char buf[PM_TS_LEN + 1];

	memset(buf, 'x', sizeof(buf));
	pm_rfc3339_format(ns, buf);
	assert_string_equal(buf, want);
	assert_int_equal(strlen(buf), PM_TS_LEN);
}

static void
test_rfc3339_format(void **state)
{
	static const int64_t round[] = {
		0, -S, 86400 * S, T0 * S + 123 * MS, INT64_C(-2208988800) * S,
		INT64_C(1709164800) * S + 999 * MS, INT64_C(9223372036) * S,
		INT64_C(-9223372036) * S,
	};
	char buf[PM_TS_LEN + 1];
	int64_t ns;
	size_t i;

	(void)state;
	ts_fmt(T0 * S + 123 * MS, "2026-11-22T15:30:00.123Z");
	ts_fmt(T0 * S, "2026-11-22T15:30:00.000Z");
	/* Milliseconds round down, never up into the next second. */
	ts_fmt(T0 * S + 123999999, "2026-11-22T15:30:00.123Z");
	ts_fmt(T0 * S + 999999999, "2026-11-22T15:30:00.999Z");
	ts_fmt(T0 * S + 999999, "2026-11-22T15:30:00.000Z");
	ts_fmt(0, "1970-01-01T00:00:00.000Z");
	ts_fmt(1, "1970-01-01T00:00:00.000Z");
	/* Before 1970 the floor is toward the past too. */
	ts_fmt(-1, "1969-12-31T23:59:59.999Z");
	ts_fmt(-500 * MS, "1969-12-31T23:59:59.500Z");
	ts_fmt(-S, "1969-12-31T23:59:59.000Z");
	ts_fmt(-S - 1, "1969-12-31T23:59:58.999Z");
	ts_fmt(INT64_C(-2208988800) * S, "1900-01-01T00:00:00.000Z");
	ts_fmt(INT64_C(951782400) * S + 1, "2000-02-29T00:00:00.000Z");
	ts_fmt(INT64_MAX, "2262-04-11T23:47:16.854Z");
	ts_fmt(INT64_MIN + 1, "1677-09-21T00:12:43.145Z");

	/* The per-second cache: across a second, back again, and a day
	 * apart at the same time of day. */
	ts_fmt(T0 * S + 999 * MS, "2026-11-22T15:30:00.999Z");
	ts_fmt(T0 * S + 1000 * MS, "2026-11-22T15:30:01.000Z");
	ts_fmt(T0 * S + 1001 * MS, "2026-11-22T15:30:01.001Z");
	ts_fmt(T0 * S + 500 * MS, "2026-11-22T15:30:00.500Z");
	ts_fmt((T0 + 86400) * S + 500 * MS, "2026-11-23T15:30:00.500Z");
	ts_fmt(T0 * S + 500 * MS, "2026-11-22T15:30:00.500Z");
	ts_fmt(-1, "1969-12-31T23:59:59.999Z");
	ts_fmt(0, "1970-01-01T00:00:00.000Z");
	ts_fmt(-1, "1969-12-31T23:59:59.999Z");

	/* Milliseconds survive a round trip. */
	for (i = 0; i < sizeof(round) / sizeof(round[0]); i++) {
		pm_rfc3339_format(round[i], buf);
		assert_int_equal(pm_rfc3339_parse(buf, strlen(buf), &ns), 0);
		assert_int_equal(ns, round[i]);
	}
}

static void
time_ok(const char *s, int64_t now, int64_t want)
{
	struct pm_err e = { "" };
	int64_t ns = -42;

	if (pm_time_parse(s, now, &ns, &e) != 0)
		fail_msg("pm_time_parse(\"%s\") failed: %s", s, e.msg);
	if (ns != want)
		fail_msg("pm_time_parse(\"%s\") = %lld, want %lld", s,
		    (long long)ns, (long long)want);
}

static void
time_bad(const char *s, int64_t now)
{
	struct pm_err e = { "" };
	int64_t ns = -42;

	if (pm_time_parse(s, now, &ns, &e) == 0)
		fail_msg("pm_time_parse(\"%s\") accepted: %lld", s,
		    (long long)ns);
	assert_int_equal(ns, -42);
	if (s != NULL && *s != '\0' && strstr(e.msg, s) == NULL)
		fail_msg("message \"%s\" does not name \"%s\"", e.msg, s);
	assert_int_equal(pm_time_parse(s, now, &ns, NULL), -1);
}

static void
test_time_parse(void **state)
{
	const int64_t now = T0 * S + 250 * MS;

	(void)state;
	time_ok("now", now, now);
	time_ok("now-1h", now, now - 3600 * S);
	time_ok("now+5m", now, now + 300 * S);
	time_ok("now-1h30m", now, now - 5400 * S);
	time_ok("now-1.5s", now, now - 1500 * MS);
	time_ok("now-2", now, now - 2 * S);
	time_ok("-30m", now, now - 1800 * S);
	time_ok("+5m", now, now + 300 * S);
	time_ok("-0s", now, now);
	/* `date -u -d @1763825400` is 2025-11-22T15:30:00Z. */
	time_ok("1763825400", now, INT64_C(1763825400) * S);
	time_ok("1763825400.5", now, INT64_C(1763825400) * S + 500 * MS);
	time_ok("1763825400.123", now, INT64_C(1763825400) * S + 123 * MS);
	time_ok("1763825400.000001", now, INT64_C(1763825400) * S + 1000);
	time_ok("0", now, 0);
	time_ok("0.001", now, MS);
	time_ok("2026-11-22T15:30:00Z", now, T0 * S);
	time_ok("2026-11-22T15:30:00.123+01:00", now,
	    (T0 - 3600) * S + 123 * MS);
	time_ok("2026-11-22", now, (T0 - 15 * 3600 - 30 * 60) * S);
	/* Relative to a time before the epoch, and far back. */
	time_ok("now-1s", 0, -S);
	time_ok("now-106751d", now, now - INT64_C(106751) * 86400 * S);

	time_bad("", now);
	time_bad(NULL, now);
	time_bad("nowx", now);
	time_bad("now-", now);
	time_bad("now-x", now);
	time_bad("now--1h", now);
	time_bad("now+-1h", now);
	time_bad("now 1h", now);
	time_bad("now-1x", now);
	time_bad("-", now);
	time_bad("--5m", now);
	time_bad("yesterday", now);
	time_bad("1763825400x", now);
	time_bad("1.2.3", now);
	time_bad(".", now);
	time_bad("1e9", now);
	time_bad("99999999999", now);	/* epoch seconds past 2262 */
	time_bad("2026-13-01", now);
	time_bad("2026-11-22T15:30:00", now);
	/* A result that int64 nanoseconds cannot hold fails, never wraps. */
	time_bad("now+106751d", now);
	time_bad("now-106751d", INT64_MIN + 1);
}

/* Epoch seconds with milliseconds keep them: as a double, .123 is
 * .12299990654, which must not print as .122. */
static void
test_epoch_ms(void **state)
{
	char in[32], want[PM_TS_LEN + 1], got[PM_TS_LEN + 1];
	int64_t ns;
	int ms;

	(void)state;
	for (ms = 0; ms < 1000; ms++) {
		snprintf(in, sizeof(in), "1763825400.%03d", ms);
		assert_int_equal(pm_time_parse(in, 0, &ns, NULL), 0);
		assert_int_equal(ns, INT64_C(1763825400) * S + ms * MS);
		pm_rfc3339_format(ns, got);
		snprintf(want, sizeof(want), "2025-11-22T15:30:00.%03dZ", ms);
		assert_string_equal(got, want);
	}
}

static void
test_days_from_civil(void **state)
{
	struct tm tm;
	int64_t y, want, got;
	unsigned m, d;
	time_t t;

	(void)state;
	assert_int_equal(pm_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(pm_days_from_civil(1970, 1, 2), 1);
	assert_int_equal(pm_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(pm_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(pm_days_from_civil(2024, 2, 29), 19782);
	assert_int_equal(pm_days_from_civil(2024, 3, 1), 19783);
	assert_int_equal(pm_days_from_civil(1900, 1, 1), -25567);
	assert_int_equal(pm_days_from_civil(2262, 4, 11), 106751);
	assert_int_equal(pm_days_from_civil(0, 3, 1), -719468);
	assert_int_equal(pm_days_from_civil(0, 1, 1), -719528);
	assert_int_equal(pm_days_from_civil(-1, 12, 31), -719529);

	/* Every day from 1601 to 2400 against the C library. */
	want = pm_days_from_civil(1601, 1, 1);
	for (y = 1601; y <= 2400; y++) {
		for (m = 1; m <= 12; m++) {
			for (d = 1; d <= 31; d++) {
				memset(&tm, 0, sizeof(tm));
				tm.tm_year = (int)(y - 1900);
				tm.tm_mon = (int)m - 1;
				tm.tm_mday = (int)d;
				t = timegm(&tm);
				if (tm.tm_mday != (int)d)
					break; /* past the month's end */
				got = pm_days_from_civil(y, m, d);
				if (got != want || got != t / 86400)
					fail_msg("%lld-%02u-%02u: %lld, want "
					    "%lld", (long long)y, m, d,
					    (long long)got, (long long)want);
				want++;
			}
		}
	}
}

static void
test_clock(void **state)
{
	int64_t a, b;

	(void)state;
	/* PM_NOW is read once, at the first use of the clock. */
	assert_int_equal(setenv("PM_NOW", "2026-11-22T15:30:00.250Z", 1), 0);
	assert_true(pm_clock_pinned());
	assert_int_equal(pm_clock_now(), T0 * S + 250 * MS);
	assert_int_equal(setenv("PM_NOW", "2000-01-01", 1), 0);
	assert_int_equal(pm_clock_now(), T0 * S + 250 * MS);
	a = pm_clock_mono();
	b = pm_clock_mono();
	assert_true(a > 0 && b >= a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duration_parse_good),
		cmocka_unit_test(test_duration_parse_bad),
		cmocka_unit_test(test_duration_format),
		cmocka_unit_test(test_rfc3339_parse_good),
		cmocka_unit_test(test_rfc3339_parse_bad),
		cmocka_unit_test(test_rfc3339_parse_len),
		cmocka_unit_test(test_rfc3339_format),
		cmocka_unit_test(test_time_parse),
		cmocka_unit_test(test_epoch_ms),
		cmocka_unit_test(test_days_from_civil),
		cmocka_unit_test(test_clock),
	};

	return cmocka_run_group_tests_name("pm_time", tests, NULL, NULL);
}
