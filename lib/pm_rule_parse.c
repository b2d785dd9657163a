/* The text of a rule into a struct pm_rule (grammar in pm_rule.h).  A
 * small lexer and a recursive-descent parser; every error names the
 * column of the token that is wrong. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_rule.h"

enum tok { T_END, T_WORD, T_NUM, T_STR, T_PUNCT, T_BAD };

struct lex {
	const char *s;
	size_t pos;		/* where the next token starts */
	enum tok t;		/* the current token ... */
	size_t start, len;	/* ... at s[start], len bytes */
	struct pm_err *e;
};

static int
word_char(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == ':';
}

/* Read the next token into l. */
static void
next(struct lex *l)
{
	const char *s = l->s;
	size_t i;

	while (s[l->pos] == ' ' || s[l->pos] == '\t')
		l->pos++;
	i = l->start = l->pos;
	if (s[i] == '\0') {
		l->t = T_END;
	} else if (isalpha((unsigned char)s[i]) || s[i] == '_') {
		while (word_char((unsigned char)s[i]))
			i++;
		l->t = T_WORD;
	} else if (isdigit((unsigned char)s[i]) || ((s[i] == '-' ||
	    s[i] == '.') && isdigit((unsigned char)s[i + 1]))) {
		/* A number or a duration: "90", "-1.5", "1e-3", "5m". */
		i++;
		while (isalnum((unsigned char)s[i]) || s[i] == '.' ||
		    ((s[i] == '-' || s[i] == '+') && (s[i - 1] == 'e' ||
		    s[i - 1] == 'E') && isdigit((unsigned char)s[i - 2])))
			i++;
		l->t = T_NUM;
	} else if (s[i] == '"') {
		for (i++; s[i] != '"' && s[i] != '\0'; i++)
			if (s[i] == '\\' && s[i + 1] != '\0')
				i++;
		l->t = s[i] == '"' ? T_STR : T_BAD;
		if (s[i] == '"')
			i++;
	} else if (strchr("<>=!", s[i]) != NULL) {
		i += s[i + 1] == '=' ? 2 : 1;
		l->t = T_PUNCT;
	} else {
		i++;
		l->t = strchr("(){}[],", s[i - 1]) ? T_PUNCT : T_BAD;
	}
	l->len = i - l->start;
	l->pos = i;
}

static int
fail(struct lex *l, const char *what)
{
	if (l->t == T_END)
		return pm_err_set(l->e, "column %zu: expected %s, found the end",
		    l->start + 1, what);
	return pm_err_set(l->e, "column %zu: expected %s, found '%.*s'",
	    l->start + 1, what, (int)l->len, l->s + l->start);
}

static int
is(const struct lex *l, const char *text)
{
	return l->t != T_END && l->t != T_BAD && strlen(text) == l->len &&
	    strncmp(l->s + l->start, text, l->len) == 0;
}

static int
expect(struct lex *l, const char *text)
{
	char what[16];

	if (!is(l, text)) {
		snprintf(what, sizeof(what), "'%s'", text);
		return fail(l, what);
	}
	next(l);
	return 0;
}

static char *
copy(const struct lex *l)
{
	return strndup(l->s + l->start, l->len);
}

static int
duration(struct lex *l, int64_t *ns)
{
	struct pm_err e;
	char *s;
	int rc;

	if (l->t != T_NUM)
		return fail(l, "a duration (30s, 5m, 1h)");
	if ((s = copy(l)) == NULL)
		return pm_err_set(l->e, "out of memory");
	rc = pm_duration_parse(s, ns, &e);
	free(s);
	if (rc != 0 || *ns <= 0)
		return fail(l, "a duration (30s, 5m, 1h)");
	next(l);
	return 0;
}

/* A quoted value, unescaped (\" and \\). */
static char *
unquote(const struct lex *l)
{
	char *v = malloc(l->len), *o = v;
	size_t i;

	if (v == NULL)
		return NULL;
	for (i = l->start + 1; i < l->start + l->len - 1; i++) {
		if (l->s[i] == '\\')
			i++;
		*o++ = l->s[i];
	}
	*o = '\0';
	return v;
}

/* metric [{key="v", key!="v"}] */
static int
selector(struct lex *l, struct pm_rule *r)
{
	struct pm_rule_match *m;

	if (l->t != T_WORD)
		return fail(l, "a metric name");
	if ((r->metric = copy(l)) == NULL)
		return pm_err_set(l->e, "out of memory");
	next(l);
	if (!is(l, "{"))
		return 0;
	next(l);
	while (!is(l, "}")) {
		if (r->nmatch > 0 && expect(l, ",") != 0)
			return -1;
		if (r->nmatch == PM_RULE_MATCHERS_MAX)
			return fail(l, "fewer label matchers");
		if (l->t != T_WORD)
			return fail(l, "a label name");
		m = &r->match[r->nmatch++];
		if ((m->key = copy(l)) == NULL)
			return pm_err_set(l->e, "out of memory");
		next(l);
		if (!is(l, "=") && !is(l, "!="))
			return fail(l, "'=' or '!='");
		m->negate = is(l, "!=");
		next(l);
		if (l->t != T_STR)
			return fail(l, "a quoted value");
		if ((m->value = unquote(l)) == NULL)
			return pm_err_set(l->e, "out of memory");
		next(l);
	}
	next(l);
	return 0;
}

static int
aggregation(const struct lex *l, enum pm_agg *agg)
{
	static const struct { const char *name; enum pm_agg agg; } aggs[] = {
		{ "avg", PM_AGG_AVG }, { "min", PM_AGG_MIN },
		{ "max", PM_AGG_MAX }, { "p50", PM_AGG_P50 },
		{ "p90", PM_AGG_P90 }, { "p95", PM_AGG_P95 },
		{ "p99", PM_AGG_P99 }, { "last", PM_AGG_LAST },
		{ "rate", PM_AGG_RATE },
	};
	size_t i;

	for (i = 0; i < sizeof(aggs) / sizeof(aggs[0]); i++)
		if (is(l, aggs[i].name)) {
			*agg = aggs[i].agg;
			return 1;
		}
	return 0;
}

/* SELECTOR | AGG(SELECTOR[DURATION]) | absent(SELECTOR, DURATION) */
static int
value(struct lex *l, struct pm_rule *r)
{
	struct lex ahead = *l;

	next(&ahead);
	if (l->t != T_WORD || !is(&ahead, "("))
		return selector(l, r);
	if (is(l, "absent")) {
		r->kind = PM_RULE_ABSENT;
		next(l);
		next(l);
		if (selector(l, r) != 0 || expect(l, ",") != 0 ||
		    duration(l, &r->window) != 0)
			return -1;
		return expect(l, ")");
	}
	if (!aggregation(l, &r->agg))
		return fail(l, "avg, min, max, p50, p90, p95, p99, last, rate "
		    "or absent");
	r->kind = PM_RULE_AGG;
	next(l);
	next(l);
	if (selector(l, r) != 0 || expect(l, "[") != 0 ||
	    duration(l, &r->window) != 0 || expect(l, "]") != 0)
		return -1;
	return expect(l, ")");
}

static int
comparison(struct lex *l, struct pm_rule *r, const char *severity)
{
	static const char *const ops[] = { ">", ">=", "<", "<=", "==", "!=" };
	char *end;
	double v;
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (is(l, ops[i]))
			break;
	if (i == sizeof(ops) / sizeof(ops[0]))
		return 0;
	if (r->kind == PM_RULE_ABSENT)
		return fail(l, "no comparison after absent()");
	next(l);
	if (l->t == T_NUM) {
		errno = 0;
		v = strtod(l->s + l->start, &end);
		if (end == l->s + l->start + l->len && errno == 0 &&
		    isfinite(v)) {
			pm_threshold_cmp(severity != NULL && strcmp(severity,
			    "warning") == 0 ? &r->warn : &r->crit,
			    (enum pm_cmp_op)i, v);
			next(l);
			return 0;
		}
	}
	return fail(l, "a number");
}

/* An optional "NAME:" before the expression: a colon followed by a space
 * or the end (metric names may hold colons, never ": "). */
static size_t
name_length(const char *s)
{
	const char *c;

	for (c = s; *c != '\0' && *c != ' ' && *c != '(' && *c != '{'; c++)
		if (*c == ':' && (c[1] == ' ' || c[1] == '\0'))
			return (size_t)(c - s);
	return 0;
}

int
pm_rule_parse(struct pm_rule *r, const char *text, const char *severity,
    struct pm_err *e)
{
	struct lex l = { .s = text, .e = e };
	size_t n = name_length(text);

	memset(r, 0, sizeof(*r));
	if ((r->text = strdup(text)) == NULL)
		return pm_err_set(e, "out of memory");
	if (n > 0) {
		r->name = strndup(text, n);
		l.pos = n + 1;
	}
	next(&l);
	if (value(&l, r) != 0 || comparison(&l, r, severity) != 0)
		goto fail;
	/* absent(): the value is the seconds since the last point. */
	if (r->kind == PM_RULE_ABSENT)
		pm_threshold_cmp(severity != NULL && strcmp(severity,
		    "warning") == 0 ? &r->warn : &r->crit, PM_CMP_GE,
		    (double)r->window / (double)PM_NS_PER_S);
	while (l.t != T_END) {
		if (is(&l, "for")) {
			next(&l);
			if (duration(&l, &r->for_ns) != 0)
				goto fail;
		} else if (is(&l, "keep_firing_for")) {
			next(&l);
			if (duration(&l, &r->keep_ns) != 0)
				goto fail;
		} else {
			fail(&l, r->crit.set || r->warn.set ||
			    r->kind == PM_RULE_ABSENT ?
			    "'for', 'keep_firing_for' or the end" :
			    "a comparison (>, >=, <, <=, ==, !=), 'for' or the end");
			goto fail;
		}
	}
	if (r->name == NULL)
		r->name = strdup(r->metric);
	if (r->name == NULL) {
		pm_err_set(e, "out of memory");
		goto fail;
	}
	return 0;
fail:
	pm_rule_release(r);
	return -1;
}
