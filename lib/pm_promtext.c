#include "pm_promtext.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_names[] = {
	"untyped", "counter", "gauge", "histogram", "summary",
};

const char *
pm_prom_type_name(enum pm_prom_type t)
{
	return (unsigned)t < sizeof(type_names) / sizeof(type_names[0]) ?
	    type_names[t] : "untyped";
}

void
pm_promtext_init(struct pm_promtext *pt, char *buf, size_t len,
    int openmetrics)
{
	memset(pt, 0, sizeof(*pt));
	pt->p = buf;
	pt->end = buf + len;
	*pt->end = '\0';
	pt->line = 1;
	pt->openmetrics = openmetrics;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static char *
skip_blanks(char *q)
{
	while (is_blank(*q))
		q++;
	return q;
}

static int
name_start(char c, int colon)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    (colon && c == ':');
}

static int
name_char(char c, int colon)
{
	return name_start(c, colon) || (c >= '0' && c <= '9');
}

/* End of a metric name (colon) or label name at q; q itself when none. */
static char *
scan_name(char *q, int colon)
{
	if (!name_start(*q, colon))
		return q;
	while (name_char(*++q, colon))
		;
	return q;
}

static int
bad(unsigned long line, struct pm_err *e, const char *what)
{
	pm_err_set(e, "line %lu: %s", line, what);
	return PM_PROM_ERROR;
}

/* A number as Go's strconv.ParseFloat takes it (NaN, +Inf, -Inf too),
 * ending exactly at end.  Plain integers skip strtod, the common case. */
static int
parse_float(const char *q, const char *end, double *v)
{
	const char *d = q + (*q == '-');
	char *stop;
	int64_t n = 0;

	if (end > d && end - d <= 15) {
		while (d < end && *d >= '0' && *d <= '9')
			n = n * 10 + (*d++ - '0');
		if (d == end) {
			*v = *q == '-' ? -(double)n : (double)n;
			return 0;
		}
	}
	if (end == q)
		return -1;
	*v = strtod(q, &stop);
	return stop == end ? 0 : -1;
}

/* A sample's timestamp: integer milliseconds, or with OpenMetrics
 * seconds, kept to the millisecond as points are written. */
static int
parse_ts(const struct pm_promtext *pt, const char *q, const char *end,
    int64_t *ts)
{
	const int64_t max_ms = INT64_MAX / PM_NS_PER_MS, max_s = max_ms / 1000;
	const char *d = q + (*q == '-' || *q == '+');
	int64_t ms = 0;
	double sec;

	if (pt->openmetrics) {
		if (parse_float(q, end, &sec) != 0 || !isfinite(sec) ||
		    fabs(sec) >= (double)max_s)
			return -1;
		*ts = llround(sec * 1000) * PM_NS_PER_MS;
		return 0;
	}
	if (d == end)
		return -1;
	for (; d < end; d++) {
		if (*d < '0' || *d > '9' || ms > (max_ms - (*d - '0')) / 10)
			return -1;
		ms = ms * 10 + (*d - '0');
	}
	*ts = (*q == '-' ? -ms : ms) * PM_NS_PER_MS;
	return 0;
}

static int
word_is(const char *q, const char *end, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(end - q) == n && memcmp(q, w, n) == 0;
}

static int
type_of(const char *q, const char *end, enum pm_prom_type *t)
{
	static const char *const untyped[] = {
		"untyped", "unknown", "info", "stateset", "gaugehistogram",
	};
	size_t i;

	for (i = 1; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (word_is(q, end, type_names[i])) {
			*t = (enum pm_prom_type)i;
			return 0;
		}
	for (i = 0; i < sizeof(untyped) / sizeof(untyped[0]); i++)
		if (word_is(q, end, untyped[i])) {
			*t = PM_PROM_UNTYPED;
			return 0;
		}
	return -1;
}

/* A comment line from just after its '#': HELP, TYPE, EOF or anything. */
static int
comment(struct pm_promtext *pt, char *q, unsigned long line, struct pm_err *e)
{
	char *w, *name, *nend;
	enum pm_prom_type t;

	q = skip_blanks(q);
	for (w = q; *w != '\0' && !is_blank(*w); w++)
		;
	if (word_is(q, w, "EOF") && *skip_blanks(w) == '\0') {
		pt->eof = 1;
		return 0;
	}
	if (!word_is(q, w, "HELP") && !word_is(q, w, "TYPE"))
		return 0;
	name = skip_blanks(w);
	nend = scan_name(name, 1);
	if (nend == name || (*nend != '\0' && !is_blank(*nend)))
		return bad(line, e, *q == 'H' ? "bad metric name in HELP line"
		    : "bad metric name in TYPE line");
	if (*q == 'H')
		return 0;	/* the help text is for people */
	q = skip_blanks(nend);
	for (w = q; *w != '\0' && !is_blank(*w); w++)
		;
	if (type_of(q, w, &t) != 0)
		return bad(line, e, "unknown type in TYPE line");
	if (*skip_blanks(w) != '\0')
		return bad(line, e, "text after the type in TYPE line");
	*nend = '\0';
	pt->family = name;
	pt->family_len = (size_t)(nend - name);
	pt->family_type = t;
	return 0;
}

/* A label value from just after its opening quote: escapes undone in
 * place, NUL-terminated.  Returns the position after the closing quote. */
static char *
label_value(char *q, const char **why)
{
	char *w = q;

	for (;;) {
		switch (*q) {
		case '"':
			*w = '\0';
			return q + 1;
		case '\0':
			*why = "label value without a closing quote";
			return NULL;
		case '\\':
			if (q[1] == 'n')
				*w++ = '\n';
			else if (q[1] == '\\' || q[1] == '"')
				*w++ = q[1];
			else {
				*why = "bad escape in label value (only \\\\, "
				    "\\\" and \\n)";
				return NULL;
			}
			q += 2;
			break;
		default:
			*w++ = *q++;
		}
	}
}

/* The label set from just after '{' to just after '}'. */
static char *
labels(struct pm_prom_sample *s, char *q, const char **why)
{
	char *key, *kend;
	size_t i;

	for (q = skip_blanks(q); *q != '}'; q = skip_blanks(q)) {
		key = q;
		if ((kend = scan_name(key, 0)) == key) {
			*why = *q == '\0' ? "label set without a closing }" :
			    "bad label name";
			return NULL;
		}
		q = skip_blanks(kend);
		if (*q++ != '=' || *(q = skip_blanks(q)) != '"') {
			*why = "expected =\"value\" after label name";
			return NULL;
		}
		*kend = '\0';
		if (s->nlabels == PM_PROM_LABELS_MAX) {
			*why = "too many labels";
			return NULL;
		}
		if (strcmp(key, "__name__") == 0) {
			*why = "label name __name__ is reserved";
			return NULL;
		}
		for (i = 0; i < s->nlabels; i++)
			if (strcmp(s->labels[i].key, key) == 0) {
				*why = "duplicate label name";
				return NULL;
			}
		s->labels[s->nlabels].key = key;
		s->labels[s->nlabels].value = q + 1;
		if ((q = label_value(q + 1, why)) == NULL)
			return NULL;
		s->nlabels++;
		q = skip_blanks(q);
		if (*q == ',')
			q++;
		else if (*q != '}') {
			*why = *q == '\0' ? "label set without a closing }" :
			    "expected , or } after label value";
			return NULL;
		}
	}
	return q + 1;
}

/* Whether the label key is there with a number for its value. */
static int
float_label(const struct pm_prom_sample *s, const char *key)
{
	const char *v;
	double d;
	size_t i;

	for (i = 0; i < s->nlabels; i++)
		if (strcmp(s->labels[i].key, key) == 0) {
			v = s->labels[i].value;
			return parse_float(v, v + strlen(v), &d);
		}
	return -1;
}

/* The type of the sample's family (the last TYPE line, when the name is
 * that family's) and whether it is cumulative; NULL, or what is wrong. */
static const char *
classify(const struct pm_promtext *pt, struct pm_prom_sample *s, size_t len)
{
	const char *sfx;

	s->type = PM_PROM_UNTYPED;
	s->counter = 0;
	if (pt->family == NULL || len < pt->family_len ||
	    memcmp(s->name, pt->family, pt->family_len) != 0)
		return NULL;
	sfx = s->name + pt->family_len;
	switch (pt->family_type) {
	case PM_PROM_COUNTER:
		s->counter = *sfx == '\0' || strcmp(sfx, "_total") == 0;
		if (!s->counter && strcmp(sfx, "_created") != 0)
			return NULL;
		break;
	case PM_PROM_HISTOGRAM:
		s->counter = strcmp(sfx, "_bucket") == 0 ||
		    strcmp(sfx, "_sum") == 0 || strcmp(sfx, "_count") == 0;
		if (!s->counter && strcmp(sfx, "_created") != 0)
			return NULL;
		if (strcmp(sfx, "_bucket") == 0 && float_label(s, "le") != 0)
			return "histogram bucket without a numeric le label";
		break;
	case PM_PROM_SUMMARY:
		s->counter = strcmp(sfx, "_sum") == 0 ||
		    strcmp(sfx, "_count") == 0;
		if (*sfx == '\0' && float_label(s, "quantile") != 0)
			return "summary sample without a numeric quantile label";
		if (!s->counter && *sfx != '\0' && strcmp(sfx, "_created") != 0)
			return NULL;
		break;
	default:
		if (*sfx != '\0')
			return NULL;
	}
	s->type = pt->family_type;
	return NULL;
}

/* A sample line, from its first non-blank character to eol. */
static int
sample(struct pm_promtext *pt, char *q, char *eol, unsigned long line,
    struct pm_prom_sample *s, struct pm_err *e)
{
	const char *why = NULL;
	char *nend, *tok;
	size_t len;

	s->name = q;
	s->nlabels = 0;
	s->ts = PM_TS_NONE;
	if ((nend = scan_name(q, 1)) == q)
		return bad(line, e, "bad metric name");
	if (*nend != '{' && !is_blank(*nend))
		return bad(line, e, *nend == '\0' ? "no value" :
		    "bad character in metric name");
	len = (size_t)(nend - q);
	q = skip_blanks(nend);
	if (*q == '{' && (q = labels(s, q + 1, &why)) == NULL)
		return bad(line, e, why);
	*nend = '\0';
	q = skip_blanks(q);
	for (tok = q; *q != '\0' && !is_blank(*q); q++)
		;
	if (tok == q)
		return bad(line, e, "no value");
	if (parse_float(tok, q, &s->value) != 0)
		return bad(line, e, "bad value");
	q = skip_blanks(q);
	if (*q != '\0' && !(pt->openmetrics && *q == '#')) {
		for (tok = q; *q != '\0' && !is_blank(*q); q++)
			;
		if (parse_ts(pt, tok, q, &s->ts) != 0)
			return bad(line, e, "bad timestamp");
		q = skip_blanks(q);
	}
	/* An OpenMetrics exemplar ("# {trace_id=...} 1") is not a sample. */
	if (pt->openmetrics && *q == '#')
		q = eol;
	if (q != eol)
		return bad(line, e, "text after the value and timestamp");
	if ((why = classify(pt, s, len)) != NULL)
		return bad(line, e, why);
	return isfinite(s->value) ? PM_PROM_SAMPLE : PM_PROM_NONFINITE;
}

int
pm_promtext_next(struct pm_promtext *pt, struct pm_prom_sample *s,
    struct pm_err *e)
{
	char *q, *eol;
	unsigned long line;
	int rc;

	while (pt->p < pt->end) {
		q = pt->p;
		line = pt->line++;
		if ((eol = memchr(q, '\n', (size_t)(pt->end - q))) == NULL)
			eol = pt->end;
		pt->p = eol < pt->end ? eol + 1 : eol;
		if (eol > q && eol[-1] == '\r')
			eol--;
		*eol = '\0';
		q = skip_blanks(q);
		if (pt->eof) {
			if (q != eol)
				return bad(line, e, "text after # EOF");
			continue;
		}
		if (q == eol)
			continue;
		if (*q == '#')
			rc = comment(pt, q + 1, line, e);
		else
			rc = sample(pt, q, eol, line, s, e);
		if (rc != 0)
			return rc;
	}
	return PM_PROM_END;
}
