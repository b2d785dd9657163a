#include "pm_point.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* pm_point_from_json runs once a line read: cJSON's type tests inline. */
#define IS(item, t) (((item)->type & 0xFF) == (t))

void
pm_point_init(struct pm_point *p)
{
	p->metric = NULL;
	p->value = 0;
	p->ts = PM_TS_NONE;
	p->host = NULL;
	p->unit = NULL;
	p->nlabels = 0;
	p->extra = NULL;
}

int
pm_metric_name_valid(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;

	if (*s == '\0' || (*s >= '0' && *s <= '9'))
		return 0;
	for (; *s != '\0'; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_' || *s == '.' ||
		    *s == ':'))
			return 0;
	}
	return 1;
}

const char *
pm_point_label(const struct pm_point *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->nlabels; i++)
		if (strcmp(p->labels[i].key, key) == 0)
			return p->labels[i].value;
	return NULL;
}

int
pm_point_add_label(struct pm_point *p, const char *key, const char *value)
{
	if (p->nlabels >= PM_LABELS_MAX)
		return -1;
	p->labels[p->nlabels].key = key;
	p->labels[p->nlabels].value = value;
	p->nlabels++;
	return 0;
}

static int
parse_ts(const cJSON *item, int64_t *ts, struct pm_err *e)
{
	if (IS(item, cJSON_String)) {
		const char *s = item->valuestring;

		if (pm_rfc3339_parse(s, strlen(s), ts) != 0)
			return pm_err_set(e, "bad ts \"%.40s\": not RFC 3339", s);
		return 0;
	}
	if (IS(item, cJSON_Number)) {
		double v = item->valuedouble;

		if (!isfinite(v) || v < 0 || v > 9.2e9)
			return pm_err_set(e, "bad ts: epoch seconds out of range");
		/* Whole microseconds, as pm_time_parse: a double of epoch
		 * seconds holds no more, and .123 must not become .122999. */
		*ts = (int64_t)llround(v * 1e6) * 1000;
		return 0;
	}
	return pm_err_set(e, "bad ts: must be a string or a number");
}

static int
parse_labels(struct pm_point *p, const cJSON *obj, struct pm_err *e)
{
	const cJSON *l;

	if (obj == NULL || !IS(obj, cJSON_Object))
		return pm_err_set(e, "labels must be an object");
	for (l = obj->child; l != NULL; l = l->next) {
		if (!IS(l, cJSON_String))
			return pm_err_set(e, "label \"%.40s\" must be a string",
			    l->string);
		if (pm_point_add_label(p, l->string, l->valuestring) != 0)
			return pm_err_set(e, "more than %d labels", PM_LABELS_MAX);
	}
	return 0;
}

int
pm_point_from_json(struct pm_point *p, const cJSON *obj, struct pm_err *e)
{
	const cJSON *it;
	int have_value = 0, have_extra = 0;

	pm_point_init(p);
	if (obj == NULL || !IS(obj, cJSON_Object))
		return pm_err_set(e, "not a JSON object");
	/* One pass over the members; point fields are short, so compare the
	 * first byte before the whole key. */
	for (it = obj->child; it != NULL; it = it->next) {
		const char *k = it->string;

		switch (k[0]) {
		case 'm':
			if (strcmp(k, "metric") != 0)
				goto extra;
			if (!IS(it, cJSON_String))
				return pm_err_set(e, "metric must be a string");
			if (!pm_metric_name_valid(it->valuestring))
				return pm_err_set(e, "bad metric name \"%.60s\"",
				    it->valuestring);
			p->metric = it->valuestring;
			break;
		case 'v':
			if (strcmp(k, "value") != 0)
				goto extra;
			if (!IS(it, cJSON_Number))
				return pm_err_set(e, "value must be a number");
			if (!isfinite(it->valuedouble))
				return pm_err_set(e, "value is not finite");
			p->value = it->valuedouble;
			have_value = 1;
			break;
		case 't':
			if (strcmp(k, "ts") != 0)
				goto extra;
			if (parse_ts(it, &p->ts, e) != 0)
				return -1;
			break;
		case 'h':
			if (strcmp(k, "host") != 0)
				goto extra;
			if (!IS(it, cJSON_String))
				return pm_err_set(e, "host must be a string");
			p->host = it->valuestring;
			break;
		case 'u':
			if (strcmp(k, "unit") != 0)
				goto extra;
			if (!IS(it, cJSON_String))
				return pm_err_set(e, "unit must be a string");
			p->unit = it->valuestring;
			break;
		case 'l':
			if (strcmp(k, "labels") != 0)
				goto extra;
			if (parse_labels(p, it, e) != 0)
				return -1;
			break;
		default:
		extra:
			have_extra = 1;
			break;
		}
	}
	if (p->metric == NULL)
		return pm_err_set(e, "no metric");
	if (!have_value)
		return pm_err_set(e, "no value");
	if (have_extra)
		p->extra = obj;
	return 0;
}

int
pm_point_is_field(const char *key)
{
	return strcmp(key, "metric") == 0 || strcmp(key, "value") == 0 ||
	    strcmp(key, "ts") == 0 || strcmp(key, "host") == 0 ||
	    strcmp(key, "unit") == 0 || strcmp(key, "labels") == 0;
}

/* Write the decimal digits of x (> 0) ending just before end; returns
 * where they start. */
static char *
digits_before(char *end, uint64_t x)
{
	do
		*--end = (char)('0' + x % 10);
	while ((x /= 10) != 0);
	return end;
}

/* llround(v * 1000) for |v| < 1e11 without a libm call (one a value
 * written): with |v * 1000| < 2^53 the truncation and the fraction left
 * are exact. */
static int64_t
milli_round(double v)
{
	double m = v * 1000, f;
	int64_t t = (int64_t)m;

	f = m - (double)t;
	if (f >= 0.5)
		t++;
	else if (f <= -0.5)
		t--;
	return t;
}

size_t
pm_number_format(double v, char buf[32])
{
	char tmp[32], *p, *end = tmp + sizeof(tmp);
	int64_t milli;
	uint64_t whole, frac;
	size_t n;
	int neg;

	/* Most values are whole (bytes, counts) or carry at most three
	 * decimals (percentages, rates): write those digit by digit, which
	 * gives exactly what "%.15g" gives, at a fraction of its cost.  The
	 * rest get "%.15g". */
	if (v == 0)
		v = 0; /* no "-0" */
	if (fabs(v) < 9007199254740992.0 && v == (double)(int64_t)v) {
		milli = (int64_t)v * 1000;
		if (fabs(v) >= 1e15) {
			int k = snprintf(buf, 32, "%lld", (long long)v);
			return k < 0 ? 0 : (size_t)k;
		}
	} else if (!(fabs(v) < 1e11) ||	/* NaN too */
	    (double)(milli = milli_round(v)) / 1000 != v) {
		int k = snprintf(buf, 32, "%.15g", v);
		return k < 0 ? 0 : (size_t)k;
	}
	neg = milli < 0;
	whole = (uint64_t)(neg ? -milli : milli) / 1000;
	frac = (uint64_t)(neg ? -milli : milli) % 1000;
	p = end;
	if (frac != 0) {
		int width = 3;

		while (frac % 10 == 0) {
			frac /= 10;
			width--;
		}
		while (width-- > 0) {
			*--p = (char)('0' + frac % 10);
			frac /= 10;
		}
		*--p = '.';
	}
	p = digits_before(p, whole);
	if (neg)
		*--p = '-';
	n = (size_t)(end - p);
	memcpy(buf, p, n);
	buf[n] = '\0';
	return n;
}
