/* promtool's values notation (see pm_values.h). */
#include <stdlib.h>
#include <string.h>

#include "pm_values.h"

/* A plain decimal number at s (no hex, inf or nan): its length, or 0. */
static size_t
number(const char *s, int sign, double *v)
{
	char buf[64];
	size_t n = 0, digits = 0;

	if (sign && (s[n] == '-' || s[n] == '+'))
		n++;
	for (; s[n] >= '0' && s[n] <= '9'; n++)
		digits++;
	if (s[n] == '.')
		for (n++; s[n] >= '0' && s[n] <= '9'; n++)
			digits++;
	if (digits == 0)
		return 0;
	if ((s[n] == 'e' || s[n] == 'E') && ((s[n + 1] >= '0' &&
	    s[n + 1] <= '9') || ((s[n + 1] == '-' || s[n + 1] == '+') &&
	    s[n + 2] >= '0' && s[n + 2] <= '9')))
		for (n += 2; s[n] >= '0' && s[n] <= '9'; n++)
			;
	if (n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*v = strtod(buf, NULL);
	return n;
}

/* "xN" at s: N, or -1. */
static long
times(const char *s, size_t len)
{
	long n = 0;
	size_t i;

	if (len < 2 || s[0] != 'x' || len > 9)
		return -1;
	for (i = 1; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		n = n * 10 + (s[i] - '0');
	}
	return n;
}

int
pm_values_parse(const char *s, pm_values_fn *fn, void *arg,
    struct pm_err *e)
{
	size_t len, n;
	double a, b;
	long i, j = 0, cnt;

	for (; *s != '\0'; s += len) {
		if (*s == ' ') {
			len = 1;
			continue;
		}
		len = strcspn(s, " ");
		a = 0;
		b = 0;
		if (*s == '_')
			n = 1;
		else if ((n = number(s, 1, &a)) == 0)
			goto bad;
		if (n < len && (s[n] == '+' || s[n] == '-') && *s != '_') {
			size_t m = number(s + n + 1, 0, &b);

			if (m == 0)
				goto bad;
			b = s[n] == '-' ? -b : b;
			n += 1 + m;
			if (n == len)
				goto bad;	/* a step needs a count */
		}
		cnt = n == len ? (*s == '_' ? 1 : 0) : times(s + n, len - n);
		if (cnt < 0)
			goto bad;
		if (*s == '_') {
			j += cnt;
			continue;
		}
		for (i = 0; i <= cnt; i++, j++)
			if (fn(arg, j, a + (double)i * b, e) != 0)
				return -1;
	}
	return 0;
bad:
	return pm_err_set(e, "values: '%.*s' is not N, AxN, A+BxN, A-BxN, _ "
	    "or _xN", (int)len, s);
}

