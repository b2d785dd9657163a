/* Thresholds: comparisons and Nagios ranges (see pm_threshold.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_point.h"
#include "pm_threshold.h"

static const char *const op_names[] = { ">", ">=", "<", "<=", "==", "!=" };

const char *
pm_cmp_op_name(enum pm_cmp_op op)
{
	return op_names[op];
}

/* A whole number text: strtod must take it all, and it must be finite. */
static int
number(const char *s, size_t len, double *v)
{
	char buf[64], *end;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	*v = strtod(buf, &end);
	return *end != '\0' || errno != 0 || !isfinite(*v) ? -1 : 0;
}

static int
parse_range(struct pm_threshold *t, const char *s, struct pm_err *e)
{
	const char *r = s, *colon;

	t->is_range = 1;
	t->lo = 0;
	t->hi = INFINITY;
	if (*r == '@') {
		t->inside = 1;
		r++;
	}
	if ((colon = strchr(r, ':')) == NULL) {
		if (number(r, strlen(r), &t->hi) != 0)
			goto bad;
	} else {
		if (colon - r == 1 && *r == '~')
			t->lo = -INFINITY;
		else if (colon != r && number(r, (size_t)(colon - r),
		    &t->lo) != 0)
			goto bad;
		if (colon[1] != '\0' && number(colon + 1, strlen(colon + 1),
		    &t->hi) != 0)
			goto bad;
	}
	if (t->lo > t->hi)
		return pm_err_set(e, "'%s': the range's start is above its end",
		    s);
	return 0;
bad:
	return pm_err_set(e, "'%s' is neither a comparison (> 90) nor a "
	    "range (10, 10:, ~:10, 10:20, @10:20)", s);
}

int
pm_threshold_parse(struct pm_threshold *t, const char *s, struct pm_err *e)
{
	static const enum pm_cmp_op ops[] = { PM_CMP_GE, PM_CMP_LE, PM_CMP_EQ,
		PM_CMP_NE, PM_CMP_GT, PM_CMP_LT };
	static const char *const texts[] = { ">=", "<=", "==", "!=", ">", "<" };
	const char *p;
	size_t i, n;
	double v;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		n = strlen(texts[i]);
		if (strncmp(s, texts[i], n) != 0)
			continue;
		for (p = s + n; *p == ' '; p++)
			;
		if (number(p, strlen(p), &v) != 0)
			return pm_err_set(e, "'%s': expected a number after "
			    "'%s'", s, texts[i]);
		pm_threshold_cmp(t, ops[i], v);
		return 0;
	}
	if (parse_range(t, s, e) != 0)
		return -1;
	t->set = 1;
	snprintf(t->text, sizeof(t->text), "%s", s);
	return 0;
}

void
pm_threshold_cmp(struct pm_threshold *t, enum pm_cmp_op op, double num)
{
	char nb[32];

	memset(t, 0, sizeof(*t));
	t->set = 1;
	t->op = op;
	t->num = num;
	pm_number_format(num, nb);
	snprintf(t->text, sizeof(t->text), "%s %s", op_names[op], nb);
}

int
pm_threshold_alerts(const struct pm_threshold *t, double v)
{
	if (!t->set || isnan(v))
		return 0;
	if (t->is_range) {
		int in = v >= t->lo && v <= t->hi;

		return t->inside ? in : !in;
	}
	switch (t->op) {
	case PM_CMP_GT:
		return v > t->num;
	case PM_CMP_GE:
		return v >= t->num;
	case PM_CMP_LT:
		return v < t->num;
	case PM_CMP_LE:
		return v <= t->num;
	case PM_CMP_EQ:
		return v == t->num;
	case PM_CMP_NE:
		return v != t->num;
	}
	return 0;
}

static void
bound(double v, char buf[32])
{
	if (isinf(v))
		snprintf(buf, 32, "%s", v < 0 ? "~" : "");
	else
		pm_number_format(v, buf);
}

void
pm_threshold_range(const struct pm_threshold *t, char *buf, size_t size)
{
	/* Each comparison as the range that alerts exactly when it does. */
	static const struct { double lo, hi; int inside; } as_range[] = {
		[PM_CMP_GT] = { -INFINITY, 0, 0 },
		[PM_CMP_GE] = { 0, INFINITY, 1 },
		[PM_CMP_LT] = { 0, INFINITY, 0 },
		[PM_CMP_LE] = { -INFINITY, 0, 1 },
		[PM_CMP_EQ] = { 0, 0, 1 },
		[PM_CMP_NE] = { 0, 0, 0 },
	};
	double lo, hi;
	int inside;
	char a[32], b[32];

	if (!t->set) {
		snprintf(buf, size, "%s", "");
		return;
	}
	if (t->is_range) {
		lo = t->lo;
		hi = t->hi;
		inside = t->inside;
	} else {
		lo = isinf(as_range[t->op].lo) ? -INFINITY : t->num;
		hi = isinf(as_range[t->op].hi) ? INFINITY : t->num;
		inside = as_range[t->op].inside;
	}
	bound(lo, a);
	bound(hi, b);
	if (!inside && lo == 0 && !isinf(hi))
		snprintf(buf, size, "%s", b);	/* "10": Nagios' short form */
	else
		snprintf(buf, size, "%s%s:%s", inside ? "@" : "", a, b);
}
