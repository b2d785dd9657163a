#include "pm_time.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct {
	const char *name;
	int64_t ns;
} duration_units[] = {
	/* Longest first so "ms" wins over "m". */
	{ "ns", 1 },
	{ "us", 1000 },
	{ "ms", PM_NS_PER_MS },
	{ "s", PM_NS_PER_S },
	{ "m", 60 * PM_NS_PER_S },
	{ "h", 3600 * PM_NS_PER_S },
	{ "d", 86400 * PM_NS_PER_S },
	{ "w", 7 * 86400 * PM_NS_PER_S },
};

static int64_t
unit_ns(const char **p)
{
	size_t best = 0, i, n;
	int64_t ns = 0;

	for (i = 0; i < sizeof(duration_units) / sizeof(duration_units[0]); i++) {
		n = strlen(duration_units[i].name);
		if (n > best && strncmp(*p, duration_units[i].name, n) == 0 &&
		    !isalpha((unsigned char)(*p)[n])) {
			best = n;
			ns = duration_units[i].ns;
		}
	}
	*p += best;
	return ns;
}

int
pm_duration_parse(const char *s, int64_t *ns, struct pm_err *e)
{
	const char *p = s;
	long double total = 0;
	char *end;
	int bare;

	if (s == NULL || *s == '\0')
		return pm_err_set(e, "empty duration");
	bare = strspn(s, "0123456789.") == strlen(s);
	while (*p != '\0') {
		long double v;
		int64_t unit;

		if (!isdigit((unsigned char)*p) && *p != '.')
			return pm_err_set(e, "bad duration '%s'", s);
		errno = 0;
		v = strtold(p, &end);
		if (end == p || errno != 0)
			return pm_err_set(e, "bad duration '%s'", s);
		p = end;
		if (*p == '\0' && bare) {
			unit = PM_NS_PER_S; /* a bare number is seconds, as sleep(1) */
		} else {
			unit = unit_ns(&p);
			if (unit == 0)
				return pm_err_set(e, "bad duration '%s': unknown unit "
				    "(use ms, s, m, h, d)", s);
		}
		total += v * unit;
		if (total > (long double)INT64_MAX)
			return pm_err_set(e, "duration '%s' is too long", s);
	}
	*ns = (int64_t)(total + 0.5L);
	return 0;
}

void
pm_duration_format(int64_t ns, char *buf, size_t size)
{
	static const struct { const char *name; int64_t ns; } big[] = {
		{ "d", 86400 * PM_NS_PER_S }, { "h", 3600 * PM_NS_PER_S },
		{ "m", 60 * PM_NS_PER_S }, { "s", PM_NS_PER_S },
		{ "ms", PM_NS_PER_MS }, { "us", 1000 }, { "ns", 1 },
	};
	size_t i, off = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	if (ns <= 0) {
		snprintf(buf, size, "0s");
		return;
	}
	for (i = 0; i < sizeof(big) / sizeof(big[0]) && off < size; i++) {
		if (ns >= big[i].ns) {
			int n = snprintf(buf + off, size - off, "%lld%s",
			    (long long)(ns / big[i].ns), big[i].name);
			if (n < 0)
				return;
			off += (size_t)n;
			ns %= big[i].ns;
		}
	}
}

int64_t
pm_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	/* Howard Hinnant's days_from_civil: exact for the Gregorian calendar. */
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
digits(const char *s, size_t len, size_t *i, int n, int *out)
{
	int v = 0, k;

	for (k = 0; k < n; k++, (*i)++) {
		if (*i >= len || !isdigit((unsigned char)s[*i]))
			return -1;
		v = v * 10 + (s[*i] - '0');
	}
	*out = v;
	return 0;
}

static int
expect(const char *s, size_t len, size_t *i, char c)
{
	if (*i >= len || s[*i] != c)
		return -1;
	(*i)++;
	return 0;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : dm[m - 1];
}

#define DATE_TIME_LEN 19	/* YYYY-MM-DDTHH:MM:SS */

/* Seconds since the epoch of "YYYY-MM-DDTHH:MM:SS" at s (i: 0, then
 * DATE_TIME_LEN), before any offset, or of "YYYY-MM-DD" alone when that
 * is all of s. */
static int
date_time(const char *s, size_t len, size_t *i, int64_t *t)
{
	int y, mo, d, h, mi, sec;

	if (digits(s, len, i, 4, &y) || expect(s, len, i, '-') ||
	    digits(s, len, i, 2, &mo) || expect(s, len, i, '-') ||
	    digits(s, len, i, 2, &d))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return -1;
	*t = pm_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400;
	if (*i == len)
		return 0;
	if (s[*i] != 'T' && s[*i] != 't' && s[*i] != ' ')
		return -1;
	(*i)++;
	if (digits(s, len, i, 2, &h) || expect(s, len, i, ':') ||
	    digits(s, len, i, 2, &mi) || expect(s, len, i, ':') ||
	    digits(s, len, i, 2, &sec))
		return -1;
	/* 60 is a leap second; it folds into the next minute. */
	if (h > 23 || mi > 59 || sec > 60)
		return -1;
	*t += h * 3600 + mi * 60 + sec;
	return 0;
}

int
pm_rfc3339_parse(const char *s, size_t len, int64_t *ns)
{
	/* Points come in time order, most in the same second as the one
	 * before: its date and time are not parsed again. */
	static __thread struct {
		char text[DATE_TIME_LEN];
		int64_t t;
	} last = { "", 0 };
	int oh = 0, om = 0, sign = 1;
	int64_t frac = 0, t;
	size_t i = 0;

	if (len > DATE_TIME_LEN && last.text[0] != '\0' &&
	    memcmp(s, last.text, DATE_TIME_LEN) == 0) {
		t = last.t;
		i = DATE_TIME_LEN;
	} else {
		if (date_time(s, len, &i, &t) != 0)
			return -1;
		if (i == DATE_TIME_LEN) {
			memcpy(last.text, s, DATE_TIME_LEN);
			last.t = t;
		}
	}
	if (i == DATE_TIME_LEN) {
		if (i < len && (s[i] == '.' || s[i] == ',')) {
			int64_t scale = PM_NS_PER_S;
			size_t start = ++i;

			while (i < len && isdigit((unsigned char)s[i])) {
				if (scale > 1) {
					scale /= 10;
					frac += (s[i] - '0') * scale;
				}
				i++;
			}
			if (i == start)
				return -1;
		}
		if (i >= len)
			return -1; /* RFC 3339 requires an offset */
		if (s[i] == 'Z' || s[i] == 'z') {
			i++;
		} else if (s[i] == '+' || s[i] == '-') {
			sign = s[i] == '-' ? -1 : 1;
			i++;
			if (digits(s, len, &i, 2, &oh) || expect(s, len, &i, ':') ||
			    digits(s, len, &i, 2, &om) || oh > 23 || om > 59)
				return -1;
		} else {
			return -1;
		}
		if (i != len)
			return -1;
	}
	t -= sign * (oh * 3600 + om * 60);
	/* int64 nanoseconds reach only 1677..2262: fail outside, never wrap.
	 * Before 1970 borrow a second so the fraction cannot push the
	 * product past INT64_MIN on its own. */
	if (t < 0 && frac > 0) {
		t++;
		frac -= PM_NS_PER_S;
	}
	if (__builtin_mul_overflow(t, PM_NS_PER_S, &t) ||
	    __builtin_add_overflow(t, frac, &t) || t == PM_TS_NONE)
		return -1;
	/* Nor before the range's first whole millisecond: a time there,
	 * written to the millisecond (rounded down), would not read back; and
	 * a time after it is written as that millisecond or a later one
	 * (fuzz_points found both ends). */
	if (t < INT64_MIN - INT64_MIN % PM_NS_PER_MS)
		return -1;
	*ns = t;
	return 0;
}

void
pm_rfc3339_format(int64_t ns, char buf[PM_TS_LEN + 1])
{
	/* Called once per point: cache the formatted second. */
	static __thread int64_t cached_sec = INT64_MIN;
	static __thread char cached[20];
	int64_t sec = ns / PM_NS_PER_S, rem = ns % PM_NS_PER_S, ms;

	/* Floor toward the past; sec * PM_NS_PER_S would overflow near
	 * INT64_MIN, so take the milliseconds from the remainder. */
	if (rem < 0) {
		sec--;
		rem += PM_NS_PER_S;
	}
	ms = rem / PM_NS_PER_MS;
	if (sec != cached_sec) {
		struct tm tm;
		time_t tt = (time_t)sec;

		gmtime_r(&tt, &tm);
		snprintf(cached, sizeof(cached), "%04d-%02d-%02dT%02d:%02d:%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
		cached_sec = sec;
	}
	memcpy(buf, cached, 19);
	buf[19] = '.';
	buf[20] = (char)('0' + ms / 100);
	buf[21] = (char)('0' + ms / 10 % 10);
	buf[22] = (char)('0' + ms % 10);
	buf[23] = 'Z';
	buf[24] = '\0';
}

static int
epoch_parse(const char *s, int64_t *ns)
{
	char *end;
	double v;

	if (*s == '\0' || strspn(s, "0123456789.") != strlen(s))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (*end != '\0' || errno != 0 || !isfinite(v) || v > 9.2e9)
		return -1;
	/* A double of today's epoch seconds is good to about 0.2 us, and
	 * .123 is really .1229999: round to whole microseconds so the
	 * milliseconds survive. */
	*ns = (int64_t)llround(v * 1e6) * 1000;
	return 0;
}

int
pm_time_parse(const char *s, int64_t now, int64_t *ns, struct pm_err *e)
{
	int64_t d;
	const char *rel = NULL;

	if (s == NULL || *s == '\0')
		return pm_err_set(e, "empty time");
	if (strncmp(s, "now", 3) == 0) {
		if (s[3] == '\0') {
			*ns = now;
			return 0;
		}
		rel = s + 3;
	} else if (s[0] == '-' || s[0] == '+') {
		rel = s;
	}
	if (rel != NULL) {
		if ((rel[0] != '-' && rel[0] != '+') ||
		    pm_duration_parse(rel + 1, &d, NULL) != 0)
			return pm_err_set(e, "bad time '%s' (try now-1h or -30m)", s);
		/* Fail rather than wrap when the result leaves int64. */
		if ((rel[0] == '-' ? __builtin_sub_overflow(now, d, &d) :
		    __builtin_add_overflow(now, d, &d)) || d == PM_TS_NONE)
			return pm_err_set(e, "bad time '%s': out of range", s);
		*ns = d;
		return 0;
	}
	if (pm_rfc3339_parse(s, strlen(s), ns) == 0 || epoch_parse(s, ns) == 0)
		return 0;
	return pm_err_set(e, "bad time '%s' (use RFC 3339, epoch seconds, "
	    "now or now-DURATION)", s);
}

static int64_t pinned_now = PM_TS_NONE;
static int pinned_checked;

static void
clock_check_pin(void)
{
	const char *env;
	int64_t wall, t;
	struct timespec ts;

	if (pinned_checked)
		return;
	pinned_checked = 1;
	env = getenv("PM_NOW");
	if (env == NULL || *env == '\0')
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	wall = (int64_t)ts.tv_sec * PM_NS_PER_S + ts.tv_nsec;
	if (pm_time_parse(env, wall, &t, NULL) == 0)
		pinned_now = t;
}

int
pm_clock_pinned(void)
{
	clock_check_pin();
	return pinned_now != PM_TS_NONE;
}

int64_t
pm_clock_now(void)
{
	struct timespec ts;

	clock_check_pin();
	if (pinned_now != PM_TS_NONE)
		return pinned_now;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * PM_NS_PER_S + ts.tv_nsec;
}

int64_t
pm_clock_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * PM_NS_PER_S + ts.tv_nsec;
}
