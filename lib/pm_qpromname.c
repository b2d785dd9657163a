/* Names between pm and a Prometheus engine, for the --source of pm-query:
 * a query's selection as one series selector, and a Prometheus name as a
 * pm metric (pm_qprom.h says how). */
#include "pm_qprom.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_promname.h"

#define PREFIX "pm"

void
pm_sbuf_add(struct pm_sbuf *b, const char *s, size_t n)
{
	char *p;

	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((p = realloc(b->s, cap)) == NULL) {
			b->oom = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->s[b->len += n] = '\0';
}

void
pm_sbuf_str(struct pm_sbuf *b, const char *s)
{
	pm_sbuf_add(b, s, strlen(s));
}

/* A PromQL string's content: quotes and backslashes escaped.  regex: the
 * text is a regular expression, so glob characters other than the
 * wildcards are escaped for it first. */
static void
sb_quoted(struct pm_sbuf *b, const char *s, size_t n, int regex)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (regex && strchr(".+()|{}^$", s[i]) != NULL)
			pm_sbuf_str(b, "\\\\");
		if (s[i] == '"')
			pm_sbuf_str(b, "\\");
		if (s[i] == '\\')
			pm_sbuf_str(b, regex ? "\\\\\\" : "\\");
		pm_sbuf_add(b, s + i, 1);
	}
}

/* A glob as an RE2 regular expression (brackets become '.': the glob is
 * checked again here), its literal runs named as Prometheus names them
 * when map is set; or (map 2) as a glob over Prometheus names. */
static void
sb_glob(struct pm_sbuf *b, const char *g, int map)
{
	struct pm_promname n;
	char lit[PM_PROM_NAME_MAX];
	const char *end;
	size_t k;

	while (*g != '\0') {
		if (*g == '*' || *g == '?' || *g == '[') {
			end = *g == '[' ? strchr(g + 2, ']') : NULL;
			k = end != NULL ? (size_t)(end - g) + 1 : 1;
			if (map == 2)
				pm_sbuf_add(b, g, k);
			else
				pm_sbuf_str(b, *g == '*' ? ".*" : ".");
			g += k;
			continue;
		}
		k = strcspn(g, "*?[");
		if (k >= sizeof(lit))
			k = sizeof(lit) - 1;
		memcpy(lit, g, k);
		lit[k] = '\0';
		if (map) {
			pm_prom_family(&n, "", lit, NULL, 0);
			pm_sbuf_str(b, n.name);
		} else {
			sb_quoted(b, lit, k, 1);
		}
		g += k;
	}
}

static int
is_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* The selector: {__name__=~"pm_(A|B)",host=~"H",label matchers}. */
static void
selector(struct pm_sbuf *b, const struct pm_query *q)
{
	static const char *const ops[] = { "=", "!=", "=~", "!~" };
	char key[2 * PM_PROM_LABEL_MAX];
	size_t i;

	pm_sbuf_str(b, "{__name__=~\"" PREFIX "_(");
	for (i = 0; i < q->nmetrics; i++) {
		pm_sbuf_str(b, i ? "|" : "");
		sb_glob(b, q->metrics[i], 1);
		/* A unit's suffix and _total may follow. */
		pm_sbuf_str(b, "(_.+)?");
	}
	pm_sbuf_str(b, q->nmetrics ? ")\"" : ".+)\"");
	if (q->nhosts > 0) {
		pm_sbuf_str(b, ",host=~\"");
		for (i = 0; i < q->nhosts; i++) {
			pm_sbuf_str(b, i ? "|" : "");
			sb_glob(b, q->hosts[i], 0);
		}
		pm_sbuf_str(b, "\"");
	}
	for (i = 0; i < q->nmatchers; i++) {
		const struct pm_matcher *m = &q->matchers[i];

		if (pm_prom_label(m->key, key, sizeof(key)) == 0)
			continue;
		pm_sbuf_str(b, ",");
		pm_sbuf_str(b, key);
		pm_sbuf_str(b, ops[m->op]);
		pm_sbuf_str(b, "\"");
		sb_quoted(b, m->value, strlen(m->value), 0);
		pm_sbuf_str(b, "\"");
	}
	pm_sbuf_str(b, "}");
}

/* Query-string encoding: unreserved bytes as they are, others %XX. */
static void
sb_encoded(struct pm_sbuf *b, const char *s)
{
	char hex[4];

	for (; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("-._~", *s) != NULL) {
			pm_sbuf_add(b, s, 1);
		} else {
			snprintf(hex, sizeof(hex), "%%%02X", (unsigned char)*s);
			pm_sbuf_str(b, hex);
		}
	}
}

/* Units whose suffix a name can end with, as pm_prom_family writes them;
 * the unit a series gets back is the base unit. */
static const struct {
	const char *suffix, *unit;
} units[] = {
	{ "_bytes_per_second", "bytes/s" }, { "_per_second", "1/s" },
	{ "_bytes", "bytes" }, { "_seconds", "seconds" },
	{ "_percent", "percent" }, { "_celsius", "celsius" },
	{ "_watts", "watts" }, { "_joules", "joules" }, { "_hertz", "hertz" },
	{ "_volts", "volts" }, { "_amperes", "amperes" },
};
#define NUNITS (sizeof(units) / sizeof(units[0]))

static int
ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len > n && memcmp(s + len - n, suffix, n) == 0;
}

/* Whether the Prometheus name rest (less "pm_") matches the glob, as it
 * is, less "_total" or less that and its unit's suffix (lens[]). */
static int
glob_matches(const char *glob, const char *rest, const size_t *lens)
{
	struct pm_sbuf g = { 0 };
	char name[PM_PROM_NAME_MAX];
	int i, hit = 0;

	sb_glob(&g, glob, 2);
	for (i = 0; i < 3 && !hit && g.s != NULL; i++) {
		snprintf(name, sizeof(name), "%.*s", (int)lens[i], rest);
		hit = fnmatch(g.s, name, 0) == 0;
	}
	free(g.s);
	return hit;
}

/* The pm metric of a Prometheus name: a metric named without wildcards
 * whose name (with a unit, counter or not) it is; else, when it matches
 * a glob (or the query names no metric), the name less "pm_", "_total"
 * and a unit's suffix, with '_' as '.'.  0: not a selected metric. */
int
pm_qprom_metric(const struct pm_query *q, const char *name, char *metric,
    size_t size, const char **unit)
{
	struct pm_promname n;
	const char *rest, *u2 = NULL;
	size_t i, u, lens[3];
	int c, hit = q->nmetrics == 0;

	for (i = 0; i < q->nmetrics; i++) {
		if (is_glob(q->metrics[i]))
			continue;
		/* A name that ends with its unit: the unit first. */
		for (u = 0; u <= NUNITS; u++)
			for (c = 0; c < 2; c++) {
				*unit = u < NUNITS ? units[u].unit : NULL;
				pm_prom_family(&n, PREFIX, q->metrics[i], *unit,
				    c);
				if (strcmp(n.name, name) == 0) {
					snprintf(metric, size, "%s",
					    q->metrics[i]);
					return 1;
				}
			}
	}
	if (strncmp(name, PREFIX "_", strlen(PREFIX "_")) != 0)
		return 0;
	rest = name + strlen(PREFIX "_");
	lens[0] = lens[1] = strlen(rest);
	if (ends_with(rest, lens[0], "_total"))
		lens[1] -= strlen("_total");
	lens[2] = lens[1];
	for (u = 0; u < NUNITS && u2 == NULL; u++)
		if (ends_with(rest, lens[1], units[u].suffix)) {
			lens[2] -= strlen(units[u].suffix);
			u2 = units[u].unit;
		}
	for (i = 0; i < q->nmetrics && !hit; i++)
		hit = is_glob(q->metrics[i]) &&
		    glob_matches(q->metrics[i], rest, lens);
	if (!hit)
		return 0;
	*unit = u2;
	snprintf(metric, size, "%.*s", (int)lens[2], rest);
	for (; *metric != '\0'; metric++)
		if (*metric == '_')
			*metric = '.';
	return 1;
}

static int64_t
div_floor(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

void
pm_qprom_export_url(struct pm_sbuf *url, const char *base,
    const struct pm_query *q)
{
	struct pm_sbuf sel = { 0 };
	char t[32];

	selector(&sel, q);
	pm_sbuf_str(url, base);
	pm_sbuf_str(url, "/api/v1/export?match%5B%5D=");
	sb_encoded(url, sel.s != NULL ? sel.s : "");
	/* Whole seconds around the window: samples are checked here. */
	if (q->since != PM_TS_NONE) {
		snprintf(t, sizeof(t), "&start=%lld",
		    (long long)div_floor(q->since, PM_NS_PER_S));
		pm_sbuf_str(url, t);
	}
	if (q->until != PM_TS_NONE) {
		snprintf(t, sizeof(t), "&end=%lld",
		    (long long)-div_floor(-q->until, PM_NS_PER_S));
		pm_sbuf_str(url, t);
	}
	url->oom |= sel.oom;
	free(sel.s);
}

void
pm_qprom_query_url(struct pm_sbuf *url, const char *base,
    const struct pm_query *q, int64_t now)
{
	struct pm_sbuf sel = { 0 };
	int64_t end = -div_floor(-(q->until != PM_TS_NONE ? q->until : now),
	    PM_NS_PER_S);
	int64_t start = q->since != PM_TS_NONE ?
	    div_floor(q->since, PM_NS_PER_S) : 0;
	char t[64];

	selector(&sel, q);
	/* A second more: ranges are open at their start since Prometheus 3. */
	snprintf(t, sizeof(t), "[%llds]", (long long)(end - start) + 1);
	pm_sbuf_str(&sel, t);
	pm_sbuf_str(url, base);
	pm_sbuf_str(url, "/api/v1/query?query=");
	sb_encoded(url, sel.s != NULL ? sel.s : "");
	snprintf(t, sizeof(t), "&time=%lld", (long long)end);
	pm_sbuf_str(url, t);
	url->oom |= sel.oom;
	free(sel.s);
}
