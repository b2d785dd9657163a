/* Templates of alert labels and annotations (see pm_tmpl.h). */
#include <stdio.h>
#include <string.h>

#include "pm_tmpl.h"

enum field { F_BAD, F_HOST, F_METRIC, F_VALUE, F_THRESHOLD, F_ALERT,
	F_SEVERITY, F_LABEL };

/* The field named in [s, s + n), spaces and '$' trimmed; a label's key in
 * *key, *keylen. */
static enum field
field(const char *s, size_t n, const char **key, size_t *keylen)
{
	static const struct { const char *name; enum field f; } names[] = {
		{ "host", F_HOST }, { "metric", F_METRIC },
		{ "value", F_VALUE }, { "threshold", F_THRESHOLD },
		{ "alert", F_ALERT }, { "severity", F_SEVERITY },
	};
	size_t i;

	while (n > 0 && s[0] == ' ') {
		s++;
		n--;
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n > 0 && (s[0] == '$' || s[0] == '.')) {
		s++;
		n--;
	}
	if (n > 7 && strncmp(s, "labels.", 7) == 0) {
		*key = s + 7;
		*keylen = n - 7;
		return memchr(*key, ' ', *keylen) ? F_BAD : F_LABEL;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == n &&
		    strncmp(s, names[i].name, n) == 0)
			return names[i].f;
	return F_BAD;
}

int
pm_tmpl_check(const char *s, struct pm_err *e)
{
	const char *p = s, *open, *close, *key;
	size_t keylen;

	while ((open = strstr(p, "{{")) != NULL) {
		if ((close = strstr(open + 2, "}}")) == NULL)
			return pm_err_set(e, "'%s': '{{' without '}}'", s);
		if (field(open + 2, (size_t)(close - open - 2), &key,
		    &keylen) == F_BAD)
			return pm_err_set(e, "'%s': unknown field '%.*s' (host, "
			    "metric, value, threshold, alert, severity, "
			    "labels.KEY)", s, (int)(close - open - 2), open + 2);
		p = close + 2;
	}
	return 0;
}

static const char *
label(const struct pm_tmpl_ctx *c, const char *key, size_t len)
{
	size_t i;

	for (i = 0; i < c->nlabels; i++)
		if (strlen(c->labels[i].key) == len &&
		    strncmp(c->labels[i].key, key, len) == 0)
			return c->labels[i].value;
	return "";
}

/* Append [s, s + n) at *at in buf (cut to size), counting the full length. */
static void
put(char *buf, size_t size, size_t *at, const char *s, size_t n)
{
	if (*at < size) {
		size_t room = size - 1 - *at;

		memcpy(buf + *at, s, n < room ? n : room);
	}
	*at += n;
}

size_t
pm_tmpl_render(const char *s, const struct pm_tmpl_ctx *c, char *buf,
    size_t size)
{
	const char *p = s, *open, *close, *key = NULL, *v;
	size_t at = 0, keylen = 0;
	char num[32];

	while ((open = strstr(p, "{{")) != NULL &&
	    (close = strstr(open + 2, "}}")) != NULL) {
		put(buf, size, &at, p, (size_t)(open - p));
		switch (field(open + 2, (size_t)(close - open - 2), &key,
		    &keylen)) {
		case F_HOST:
			v = c->host;
			break;
		case F_METRIC:
			v = c->metric;
			break;
		case F_VALUE:
			pm_number_format(c->value, num);
			v = num;
			break;
		case F_THRESHOLD:
			v = c->threshold;
			break;
		case F_ALERT:
			v = c->alert;
			break;
		case F_SEVERITY:
			v = c->severity;
			break;
		case F_LABEL:
			v = label(c, key, keylen);
			break;
		default:	/* checked when the rule was made */
			v = "";
			break;
		}
		if (v == NULL)
			v = "";
		put(buf, size, &at, v, strlen(v));
		p = close + 2;
	}
	put(buf, size, &at, p, strlen(p));
	if (size > 0)
		buf[at < size ? at : size - 1] = '\0';
	return at;
}
