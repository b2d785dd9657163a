/* Selection: which series and samples a query takes (see pm_query.h). */
#include "pm_query.h"

#include <fnmatch.h>
#include <string.h>

static int
glob_any(const char *const *globs, size_t n, const char *s)
{
	size_t i;

	if (n == 0)
		return 1;
	for (i = 0; i < n; i++)
		if (fnmatch(globs[i], s, 0) == 0)
			return 1;
	return 0;
}

static const char *
label_value(const struct pm_label *labels, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(labels[i].key, key) == 0)
			return labels[i].value;
	return NULL;
}

static int
matcher_ok(const struct pm_matcher *m, const char *v)
{
	if (v == NULL)
		v = "";	/* as in PromQL: a missing label is an empty one */
	switch (m->op) {
	case PM_MATCH_EQ:
		return strcmp(v, m->value) == 0;
	case PM_MATCH_NE:
		return strcmp(v, m->value) != 0;
	case PM_MATCH_RE:
		return regexec(&m->re, v, 0, NULL, 0) == 0;
	case PM_MATCH_NRE:
		return regexec(&m->re, v, 0, NULL, 0) != 0;
	}
	return 0;
}

int
pm_query_match_series(const struct pm_query *q, const char *metric,
    const char *host, const struct pm_label *labels, size_t nlabels)
{
	size_t i;

	if (!glob_any(q->metrics, q->nmetrics, metric))
		return 0;
	if (q->nhosts > 0 && !glob_any(q->hosts, q->nhosts,
	    host != NULL ? host : ""))
		return 0;
	for (i = 0; i < q->nmatchers; i++)
		if (!matcher_ok(&q->matchers[i], label_value(labels, nlabels,
		    q->matchers[i].key)))
			return 0;
	return 1;
}

int
pm_cmp(enum pm_cmp_op op, double v, double num)
{
	switch (op) {
	case PM_CMP_GT: return v > num;
	case PM_CMP_GE: return v >= num;
	case PM_CMP_LT: return v < num;
	case PM_CMP_LE: return v <= num;
	case PM_CMP_EQ: return v == num;
	case PM_CMP_NE: return v != num;
	}
	return 0;
}

int
pm_query_match_sample(const struct pm_query *q, int64_t ts, double v)
{
	if (q->since != PM_TS_NONE && ts < q->since)
		return 0;
	if (q->until != PM_TS_NONE && ts > q->until)
		return 0;
	return !q->where || pm_cmp(q->where_op, v, q->where_value);
}

/* The literal text a glob's matches all start with, and whether that is
 * the whole glob. */
static size_t
glob_prefix(const char *glob, int *whole)
{
	size_t n = strcspn(glob, "*?[\\");

	*whole = glob[n] == '\0';
	return n;
}

/* Whether "PREFIX (or "WHOLE" for a literal glob) occurs in the line, for
 * some glob; 1 when a glob has no usable prefix. */
static int
line_has(const char *const *globs, size_t n, const char *line, size_t len)
{
	char needle[256];
	size_t i, j, plen;
	int whole;

	for (i = 0; i < n; i++) {
		plen = glob_prefix(globs[i], &whole);
		/* A quote or control character would be escaped in JSON. */
		if (plen == 0 || plen + 2 >= sizeof(needle) ||
		    strcspn(globs[i], "\"") < plen)
			return 1;
		for (j = 0; j < plen; j++)
			if ((unsigned char)globs[i][j] < 0x20)
				return 1;
		needle[0] = '"';
		memcpy(needle + 1, globs[i], plen);
		if (whole)
			needle[++plen] = '"';
		if (memmem(line, len, needle, plen + 1) != NULL)
			return 1;
	}
	return 0;
}

int
pm_query_line_may_match(const struct pm_query *q, const char *line,
    size_t len)
{
	/* A line that is not shaped like one object is parsed, so that it
	 * is reported as bad; escapes could hide a name, so parse those. */
	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' ' ||
	    line[len - 1] == '\t'))
		len--;
	while (len > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	if (len < 2 || line[0] != '{' || line[len - 1] != '}' ||
	    memchr(line, '\\', len) != NULL)
		return 1;
	if (q->nmetrics > 0 && !line_has(q->metrics, q->nmetrics, line, len))
		return 0;
	if (q->nhosts > 0 && !line_has(q->hosts, q->nhosts, line, len))
		return 0;
	return 1;
}
