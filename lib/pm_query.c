#include "pm_query.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const agg_names[PM_AGG_N] = {
	"avg", "min", "max", "sum", "count", "last", "first", "stddev",
	"p50", "p90", "p95", "p99", "rate", "increase",
};

const char *
pm_agg_name(enum pm_agg a)
{
	return a < PM_AGG_N ? agg_names[a] : "?";
}

void
pm_query_init(struct pm_query *q)
{
	memset(q, 0, sizeof(*q));
	q->since = q->until = PM_TS_NONE;
}

void
pm_query_release(struct pm_query *q)
{
	size_t i;

	for (i = 0; i < q->nmatchers; i++)
		if (q->matchers[i].op == PM_MATCH_RE ||
		    q->matchers[i].op == PM_MATCH_NRE)
			regfree(&q->matchers[i].re);
	q->nmatchers = 0;
}

static int
add_glob(const char **v, size_t *n, const char *glob, const char *what,
    struct pm_err *e)
{
	if (*glob == '\0')
		return pm_err_set(e, "empty %s", what);
	if (*n >= PM_QUERY_GLOBS_MAX)
		return pm_err_set(e, "more than %d %ss", PM_QUERY_GLOBS_MAX,
		    what);
	v[(*n)++] = glob;
	return 0;
}

int
pm_query_metric(struct pm_query *q, const char *glob, struct pm_err *e)
{
	return add_glob(q->metrics, &q->nmetrics, glob, "metric", e);
}

int
pm_query_host(struct pm_query *q, const char *glob, struct pm_err *e)
{
	return add_glob(q->hosts, &q->nhosts, glob, "host", e);
}

/* KEY=VALUE, KEY!=VALUE, KEY=~REGEX, KEY!~REGEX. */
int
pm_query_label(struct pm_query *q, char *s, struct pm_err *e)
{
	struct pm_matcher *m;
	size_t klen = strcspn(s, "=!");
	char *op = s + klen, *pat;
	size_t plen;
	int rc;

	if (q->nmatchers >= PM_QUERY_MATCHERS_MAX)
		return pm_err_set(e, "more than %d label matchers",
		    PM_QUERY_MATCHERS_MAX);
	m = &q->matchers[q->nmatchers];
	if (klen == 0 || *op == '\0')
		return pm_err_set(e, "'%s' is not KEY=VALUE, KEY!=VALUE, "
		    "KEY=~REGEX or KEY!~REGEX", s);
	if (op[0] == '=' && op[1] == '~') {
		m->op = PM_MATCH_RE;
		m->value = op + 2;
	} else if (op[0] == '=') {
		m->op = PM_MATCH_EQ;
		m->value = op + 1;
	} else if (op[0] == '!' && op[1] == '=') {
		m->op = PM_MATCH_NE;
		m->value = op + 2;
	} else if (op[0] == '!' && op[1] == '~') {
		m->op = PM_MATCH_NRE;
		m->value = op + 2;
	} else {
		return pm_err_set(e, "'%s' is not KEY=VALUE, KEY!=VALUE, "
		    "KEY=~REGEX or KEY!~REGEX", s);
	}
	if (m->op == PM_MATCH_RE || m->op == PM_MATCH_NRE) {
		/* Anchored, as in PromQL: the regex must match the whole
		 * value. */
		plen = strlen(m->value) + 5;
		if ((pat = malloc(plen)) == NULL)
			return pm_err_set(e, "out of memory");
		snprintf(pat, plen, "^(%s)$", m->value);
		rc = regcomp(&m->re, pat, REG_EXTENDED | REG_NOSUB);
		free(pat);
		if (rc != 0) {
			char msg[128];

			regerror(rc, NULL, msg, sizeof(msg));
			return pm_err_set(e, "bad regex '%s': %s", m->value,
			    msg);
		}
	}
	*op = '\0';
	m->key = s;
	q->nmatchers++;
	return 0;
}

static const char *
skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

size_t
pm_cmp_op_parse(const char *s, enum pm_cmp_op *op)
{
	static const struct { const char *text; enum pm_cmp_op op; } ops[] = {
		{ ">=", PM_CMP_GE }, { "<=", PM_CMP_LE }, { "==", PM_CMP_EQ },
		{ "!=", PM_CMP_NE }, { ">", PM_CMP_GT }, { "<", PM_CMP_LT },
	};
	size_t i, n;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		n = strlen(ops[i].text);
		if (strncmp(s, ops[i].text, n) == 0) {
			*op = ops[i].op;
			return n;
		}
	}
	return 0;
}

/* [value] OP NUMBER, OP one of > >= < <= == != (= is ==). */
int
pm_query_where(struct pm_query *q, const char *s, struct pm_err *e)
{
	const char *p = skip_space(s);
	enum pm_cmp_op op = PM_CMP_EQ;
	size_t n;
	char *end;
	double v;

	if (strncmp(p, "value", 5) == 0)
		p = skip_space(p + 5);
	if ((n = pm_cmp_op_parse(p, &op)) == 0 && *p == '=')
		n = 1;
	if (n == 0)
		goto bad;
	p = skip_space(p + n);
	errno = 0;
	v = strtod(p, &end);
	if (end == p || errno == ERANGE || !isfinite(v) ||
	    *skip_space(end) != '\0')
		goto bad;
	q->where = 1;
	q->where_op = op;
	q->where_value = v;
	return 0;
bad:
	return pm_err_set(e, "'%s' is not 'value OP NUMBER' (OP: > >= < <= "
	    "== !=)", s);
}

int
pm_query_aggs(struct pm_query *q, const char *list, struct pm_err *e)
{
	const char *p = list;

	for (;;) {
		size_t len = strcspn(p, ","), i;

		for (i = 0; i < PM_AGG_N; i++)
			if (strlen(agg_names[i]) == len &&
			    strncmp(agg_names[i], p, len) == 0)
				break;
		if (i == PM_AGG_N)
			return pm_err_set(e, "unknown aggregation '%.*s' (%s)",
			    (int)len, p, PM_AGG_WORDS);
		if (q->naggs >= PM_QUERY_AGGS_MAX)
			return pm_err_set(e, "more than %d aggregations",
			    PM_QUERY_AGGS_MAX);
		q->aggs[q->naggs++] = (enum pm_agg)i;
		if (p[len] == '\0')
			return 0;
		p += len + 1;
	}
}

int
pm_query_by(struct pm_query *q, const char *s, struct pm_err *e)
{
	struct pm_by *b;

	if (q->nby >= PM_QUERY_BY_MAX)
		return pm_err_set(e, "more than %d --by", PM_QUERY_BY_MAX);
	b = &q->by[q->nby];
	if (strcmp(s, "host") == 0) {
		b->kind = PM_BY_HOST;
	} else if (strcmp(s, "metric") == 0) {
		b->kind = PM_BY_METRIC;
	} else if (strncmp(s, "label:", 6) == 0 && s[6] != '\0') {
		b->kind = PM_BY_LABEL;
		b->key = s + 6;
	} else {
		return pm_err_set(e, "'%s' is not host, metric or label:KEY",
		    s);
	}
	q->nby++;
	return 0;
}

int
pm_query_smooth(struct pm_query *q, const char *s, struct pm_err *e)
{
	char *end;
	double v;

	errno = 0;
	if (strncmp(s, "sma:", 4) == 0) {
		long long n = strtoll(s + 4, &end, 10);

		if (end == s + 4 || *end != '\0' || errno != 0 || n < 1 ||
		    n > 1000000)
			return pm_err_set(e, "'%s': sma:N takes a whole number "
			    "of points from 1 to 1000000", s);
		q->smooth = PM_SMOOTH_SMA;
		q->sma = (size_t)n;
		return 0;
	}
	if (strncmp(s, "ewma:", 5) == 0) {
		v = strtod(s + 5, &end);
		if (end == s + 5 || *end != '\0' || errno != 0 ||
		    !(v > 0 && v <= 1))
			return pm_err_set(e, "'%s': ewma:ALPHA takes a weight "
			    "above 0, at most 1", s);
		q->smooth = PM_SMOOTH_EWMA;
		q->alpha = v;
		return 0;
	}
	return pm_err_set(e, "'%s' is not sma:N or ewma:ALPHA", s);
}

int
pm_query_limit(struct pm_query *q, const char *s, struct pm_err *e)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || !isfinite(v))
		return pm_err_set(e, "'%s' is not a number", s);
	q->has_limit = 1;
	q->limit = v;
	return 0;
}

int
pm_query_list(struct pm_query *q, const char *s, struct pm_err *e)
{
	static const char *const names[] = { "metrics", "series", "hosts",
		"labels" };
	size_t i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			q->list = (enum pm_list_kind)(PM_LIST_METRICS + i);
			return 0;
		}
	return pm_err_set(e, "'%s' is not metrics, series, hosts or labels",
	    s);
}

int
pm_query_time(const char *s, int64_t now, int64_t *ns, struct pm_err *e)
{
	int64_t d;

	if (pm_time_parse(s, now, ns, e) == 0)
		return 0;
	if (pm_duration_parse(s, &d, NULL) != 0 || now < INT64_MIN + 1 + d)
		return -1;
	*ns = now - d;
	return 0;
}

int
pm_query_option(struct pm_query *q, const char *name, char *arg,
    int64_t now, struct pm_err *e)
{
	if (strcmp(name, "metric") == 0)
		return pm_query_metric(q, arg, e);
	if (strcmp(name, "host") == 0)
		return pm_query_host(q, arg, e);
	if (strcmp(name, "label") == 0)
		return pm_query_label(q, arg, e);
	if (strcmp(name, "since") == 0)
		return pm_query_time(arg, now, &q->since, e);
	if (strcmp(name, "until") == 0)
		return pm_query_time(arg, now, &q->until, e);
	if (strcmp(name, "where") == 0)
		return pm_query_where(q, arg, e);
	if (strcmp(name, "agg") == 0)
		return pm_query_aggs(q, arg, e);
	if (strcmp(name, "every") == 0) {
		if (pm_duration_parse(arg, &q->every, e) != 0)
			return -1;
		return q->every < PM_NS_PER_MS ? pm_err_set(e, "must be at "
		    "least 1ms") : 0;
	}
	if (strcmp(name, "by") == 0)
		return pm_query_by(q, arg, e);
	if (strcmp(name, "smooth") == 0)
		return pm_query_smooth(q, arg, e);
	if (strcmp(name, "limit") == 0)
		return pm_query_limit(q, arg, e);
	if (strcmp(name, "list") == 0)
		return pm_query_list(q, arg, e);
	if (strcmp(name, "rate") == 0)
		q->rate = 1;
	else if (strcmp(name, "trend") == 0)
		q->trend = 1;
	else if (strcmp(name, "latest") == 0)
		q->latest = 1;
	else
		return pm_err_set(e, "not a query option");
	return 0;
}

int
pm_query_check(const struct pm_query *q, struct pm_err *e)
{
	int results = (q->naggs > 0) + q->trend + q->latest +
	    (q->list != PM_LIST_NONE);

	if (results > 1)
		return pm_err_set(e, "--agg, --trend, --latest and --list "
		    "do not go together");
	if (q->naggs == 0 && q->every != 0)
		return pm_err_set(e, "--every needs --agg");
	if (q->naggs == 0 && q->nby > 0)
		return pm_err_set(e, "--by needs --agg");
	if (q->has_limit && !q->trend)
		return pm_err_set(e, "--limit needs --trend");
	if (q->list != PM_LIST_NONE && (q->rate || q->smooth))
		return pm_err_set(e, "--list does not go with --rate or "
		    "--smooth");
	if (q->since != PM_TS_NONE && q->until != PM_TS_NONE &&
	    q->since > q->until)
		return pm_err_set(e, "--since is after --until");
	return 0;
}
