/* markdown: GitHub-flavoured tables for CI step summaries and pull-request
 * comments.  The writer holds the records and writes at end:
 * - benchmark summaries (records with a numeric "mean" member, as pm-bench
 *   writes one per command) make a comparison table per metric
 *   (pm_fmt_mdbench.c); single runs (records with a "run" member) and other
 *   points of those metrics are then left out;
 * - other points make a plain table: ts, host, metric, value, unit, labels,
 *   leaving out the columns that would be empty throughout.
 * Text is escaped so that no value can start markup, a link or HTML.
 */
#include <cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "pm_fmt.h"
#include "pm_fmt_md.h"
#include "pm_keyset.h"

static char *
dup(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

/* "k=v, k=v" in a string builder, then copied. */
static char *
labels_of(const struct pm_point *p)
{
	struct pm_fmt_w sb;
	size_t i;
	char *t = NULL;

	memset(&sb, 0, sizeof(sb));
	for (i = 0; i < p->nlabels; i++)
		if ((i > 0 && pm_fmt_put(&sb, ", ", 2) != 0) ||
		    pm_fmt_puts(&sb, p->labels[i].key) != 0 ||
		    pm_fmt_putc(&sb, '=') != 0 ||
		    pm_fmt_puts(&sb, p->labels[i].value) != 0)
			goto out;
	t = strndup(sb.len ? sb.buf : "", sb.len);
out:
	free(sb.buf);
	return t;
}

static int
md_point(struct pm_fmt_w *w, const struct pm_point *p, struct pm_err *e)
{
	struct pm_md *m = w->state;
	struct pm_md_rec *r;
	const char *name;

	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct pm_md_rec *v = realloc(m->v, cap * sizeof(*v));

		if (v == NULL)
			return pm_fmt_nomem(e);
		m->v = v;
		m->cap = cap;
	}
	r = &m->v[m->n++];
	memset(r, 0, sizeof(*r));
	r->ts = p->ts;
	r->value = p->value;
	if ((name = pm_point_label(p, "name")) == NULL)
		name = pm_point_label(p, "command");
	r->host = dup(p->host);
	r->unit = dup(p->unit);
	r->name = dup(name);
	if ((r->metric = strdup(p->metric)) == NULL ||
	    (r->labels = labels_of(p)) == NULL ||
	    (p->extra != NULL && (r->x = cJSON_Duplicate(p->extra, 1)) == NULL))
		return pm_fmt_nomem(e);
	return PM_FMT_OK;
}

/* Text in a cell: markup characters escaped, line breaks as spaces. */
int
pm_md_text(struct pm_fmt_w *w, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		int rc;

		if (strchr("\\`*_[]<>|~&", *s) != NULL)
			rc = pm_fmt_putc(w, '\\') || pm_fmt_putc(w, *s);
		else if (*s == '\n' || *s == '\r')
			rc = pm_fmt_putc(w, ' ');
		else
			rc = pm_fmt_putc(w, *s);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* A code span: a fence longer than any run of backticks inside, '|' still
 * escaped (tables split cells first). */
int
pm_md_code(struct pm_fmt_w *w, const char *s)
{
	size_t run = 0, longest = 0, i;
	const char *c;
	int pad, rc = 0;

	for (c = s; *c != '\0'; c++) {
		run = *c == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	pad = *s == '`' || (*s != '\0' && c[-1] == '`');
	for (i = 0; i <= longest; i++)
		rc |= pm_fmt_putc(w, '`');
	if (pad)
		rc |= pm_fmt_putc(w, ' ');
	for (c = s; *c != '\0'; c++)
		rc |= *c == '|' ? pm_fmt_put(w, "\\|", 2) : pm_fmt_putc(w,
		    *c == '\n' || *c == '\r' ? ' ' : *c);
	if (pad)
		rc |= pm_fmt_putc(w, ' ');
	for (i = 0; i <= longest; i++)
		rc |= pm_fmt_putc(w, '`');
	return rc ? -1 : 0;
}

int
pm_md_sep(struct pm_fmt_w *w)
{
	return pm_fmt_put(w, " | ", 3);
}

/* A single run of a benchmark (pm-bench's "run" member). */
int
pm_md_is_run(const struct pm_md_rec *r)
{
	return r->x != NULL && cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(r->x,
	    "run"));
}

int
pm_md_is_summary(const struct pm_md_rec *r)
{
	return r->x != NULL && cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(r->x,
	    "mean"));
}

int
pm_md_stat(const struct pm_md_rec *r, const char *key, double *v)
{
	const cJSON *it = r->x ? cJSON_GetObjectItemCaseSensitive(r->x, key) : NULL;

	if (cJSON_IsObject(it))		/* "baseline": {"mean": ...} */
		it = cJSON_GetObjectItemCaseSensitive(it, "mean");
	if (it == NULL && r->x != NULL && strcmp(key, "baseline") == 0)
		it = cJSON_GetObjectItemCaseSensitive(r->x, "baseline_mean");
	if (it == NULL || !cJSON_IsNumber(it) || !isfinite(it->valuedouble))
		return 0;
	*v = it->valuedouble;
	return 1;
}

static int
plain(struct pm_fmt_w *w, struct pm_md *m, const struct pm_keyset *bench)
{
	static const char *const heads[] = { "ts", "host", "metric", "value",
	    "unit", "labels" };
	int has[6] = { 0, 0, 1, 1, 0, 0 }, any = 0;
	char ts[PM_FMT_TEXT_MAX], num[PM_FMT_TEXT_MAX];
	size_t i, c, k;

	for (i = 0; i < m->n; i++) {
		const struct pm_md_rec *r = &m->v[i];

		if (bench->n > 0 && (pm_md_is_run(r) || pm_keyset_find(bench,
		    r->metric, strlen(r->metric)) >= 0))
			continue;
		any = 1;
		has[0] |= r->ts != PM_TS_NONE;
		has[1] |= r->host != NULL && *r->host != '\0';
		has[4] |= r->unit != NULL && *r->unit != '\0';
		has[5] |= *r->labels != '\0';
	}
	if (!any)
		return 0;
	if (bench->n > 0 && pm_fmt_putc(w, '\n') != 0)
		return -1;
	for (c = 0, k = 0; c < 6; c++)
		if (has[c] && (pm_fmt_puts(w, k++ ? " | " : "| ") != 0 ||
		    pm_fmt_puts(w, heads[c]) != 0))
			return -1;
	if (pm_fmt_put(w, " |\n", 3) != 0)
		return -1;
	for (c = 0; c < 6; c++)
		if (has[c] && pm_fmt_puts(w, c == 3 ? "|---:" : "|---") != 0)
			return -1;
	if (pm_fmt_put(w, "|\n", 2) != 0)
		return -1;
	for (i = 0; i < m->n; i++) {
		const struct pm_md_rec *r = &m->v[i];
		int rc;

		if (bench->n > 0 && (pm_md_is_run(r) || pm_keyset_find(bench,
		    r->metric, strlen(r->metric)) >= 0))
			continue;
		rc = pm_fmt_put(w, "| ", 2);
		if (has[0])
			rc |= pm_fmt_put(w, ts, pm_fmt_ts(w, r->ts, ts)) ||
			    pm_md_sep(w);
		if (has[1])
			rc |= pm_md_text(w, r->host) || pm_md_sep(w);
		rc |= pm_md_text(w, r->metric) || pm_md_sep(w) ||
		    pm_fmt_put(w, num, pm_fmt_value(w->o, r->value, num));
		if (has[4])
			rc |= pm_md_sep(w) || pm_md_text(w, r->unit);
		if (has[5])
			rc |= pm_md_sep(w) || pm_md_text(w, r->labels);
		if (rc != 0 || pm_fmt_put(w, " |\n", 3) != 0)
			return -1;
	}
	return 0;
}

static int
md_end(struct pm_fmt_w *w, struct pm_err *e)
{
	struct pm_md *m = w->state;
	struct pm_keyset bench;		/* metrics with summaries */
	size_t i;
	int rc = 0;

	pm_keyset_init(&bench);
	for (i = 0; i < m->n; i++)
		if (pm_md_is_summary(&m->v[i]) && pm_keyset_add(&bench, m->v[i].metric,
		    strlen(m->v[i].metric)) < 0)
			rc = pm_fmt_nomem(e);
	for (i = 0; i < bench.n && rc == 0; i++)
		if ((i > 0 && pm_fmt_putc(w, '\n') != 0) ||
		    pm_md_bench_table(w, m, bench.keys[i], bench.n > 1) != 0)
			rc = pm_fmt_write_failed(w, e);
	if (rc == 0 && plain(w, m, &bench) != 0)
		rc = pm_fmt_write_failed(w, e);
	pm_keyset_release(&bench);
	return rc;
}

static void
md_release(struct pm_fmt_w *w)
{
	struct pm_md *m = w->state;
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->v[i].host);
		free(m->v[i].metric);
		free(m->v[i].unit);
		free(m->v[i].labels);
		free(m->v[i].name);
		cJSON_Delete(m->v[i].x);
	}
	free(m->v);
}

const struct pm_fmt pm_fmt_markdown = {
	"markdown", 0, PM_FMT_HOLDS, sizeof(struct pm_md),
	NULL, md_point, NULL, md_end, md_release,
};
