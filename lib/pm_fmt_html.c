/* html and svg: charts of the input for people.
 *
 * html is one self-contained file (no scripts, nothing fetched): the
 * time range, a line chart per metric (lib/pm_chart.c; one line per
 * series) and a summary table with the points, min, mean, p95 and max of
 * each series.  svg is one chart of every series alone.  The whole input
 * is held.  A point without a time counts in the table but has no place
 * on a chart.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "pm_agg.h"
#include "pm_chart.h"
#include "pm_fmt.h"
#include "pm_series.h"
#include "pm_time.h"

struct html {
	struct pm_sset set;
	unsigned long points;
};

static const char style[] =
    "body{font-family:system-ui,sans-serif;margin:24px auto;max-width:960px;"
    "color:#222;background:#fafafa}\n"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}\n"
    ".range{color:#555;margin:0 0 16px}\n"
    "figure{margin:0 0 16px;background:#fff;border:1px solid #ddd;"
    "border-radius:6px;padding:8px}\nfigure svg{max-width:100%;height:auto}\n"
    "table{border-collapse:collapse;background:#fff;font-size:13px}\n"
    "th,td{border:1px solid #ddd;padding:4px 8px}th{background:#f0f0f0;"
    "text-align:left}\ntd.n{text-align:right;font-variant-numeric:"
    "tabular-nums}\n.key{display:inline-block;width:10px;height:10px;"
    "border-radius:2px;margin-right:6px}\n";

static int
html_begin(struct pm_fmt_w *w, struct pm_err *e)
{
	struct html *h = w->state;

	(void)e;
	pm_sset_init(&h->set);
	h->set.max = w->o->max_series;
	return 0;
}

static int
html_point(struct pm_fmt_w *w, const struct pm_point *p, struct pm_err *e)
{
	struct html *h = w->state;
	struct pm_series *s;

	if ((s = pm_sset_get(&h->set, p, e)) == PM_SSET_FULL)
		return PM_FMT_DROP;
	if (s == NULL || pm_series_add(s, p->ts, p->value, e) != 0)
		return PM_FMT_FAIL;
	h->points++;
	return PM_FMT_OK;
}

/* The time range of every timed sample of v[0..n); 0 when there is
 * none. */
static int
range(struct pm_series *const *v, size_t n, int64_t *t0, int64_t *t1)
{
	size_t i, k;
	int any = 0;

	for (i = 0; i < n; i++)
		for (k = 0; k < v[i]->n; k++) {
			int64_t t = v[i]->s[k].ts;

			if (t == PM_TS_NONE)
				continue;
			if (!any || t < *t0)
				*t0 = t;
			if (!any || t > *t1)
				*t1 = t;
			any = 1;
		}
	return any;
}

/* A cell: 6 significant digits, or 3 with k, M, G, T; the exact value
 * as its tooltip. */
static int
number(struct pm_fmt_w *w, double v)
{
	char exact[32], shown[32];

	pm_number_format(v, exact);
	if (fabs(v) < 10000)
		snprintf(shown, sizeof(shown), "%.6g", v);
	else
		pm_chart_number(v, shown);
	return pm_fmt_puts(w, "<td class=\"n\" title=\"") != 0 ||
	    pm_fmt_puts(w, exact) != 0 || pm_fmt_puts(w, "\">") != 0 ||
	    pm_fmt_puts(w, shown) != 0 || pm_fmt_puts(w, "</td>") != 0 ? -1 : 0;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* One row of the summary table. */
static int
row(struct pm_fmt_w *w, const struct pm_series *s, size_t i, double *v)
{
	struct pm_fmt_w sb;
	double sum = 0;
	size_t k, n = 0;
	int rc;

	for (k = 0; k < s->n; k++)
		if (isfinite(s->s[k].v))
			v[n++] = s->s[k].v;
	qsort(v, n, sizeof(*v), by_value);
	for (k = 0; k < n; k++)
		sum += v[k];
	memset(&sb, 0, sizeof(sb));
	rc = pm_fmt_series_name(&sb, NULL, s) != 0 || pm_fmt_putc(&sb, 0) != 0;
	rc = rc || pm_fmt_puts(w, "<tr><td><span class=\"key\" "
	    "style=\"background:") != 0 || pm_fmt_puts(w, pm_chart_colour(i)) != 0 ||
	    pm_fmt_puts(w, "\"></span>") != 0 || pm_chart_text(w, sb.buf) != 0 ||
	    pm_fmt_puts(w, "</td><td>") != 0 ||
	    pm_chart_text(w, s->unit ? s->unit : "") != 0 ||
	    pm_fmt_puts(w, "</td>") != 0 || number(w, (double)s->n) != 0;
	free(sb.buf);
	if (rc)
		return -1;
	if (n == 0)
		return pm_fmt_puts(w, "<td></td><td></td><td></td><td></td></tr>\n");
	return number(w, v[0]) != 0 || number(w, sum / (double)n) != 0 ||
	    number(w, pm_percentile(v, n, 0.95)) != 0 ||
	    number(w, v[n - 1]) != 0 || pm_fmt_puts(w, "</tr>\n") != 0 ? -1 : 0;
}

static int
summary(struct pm_fmt_w *w, const struct pm_sset *set, struct pm_err *e)
{
	size_t i, j, max = 1;
	double *v;
	int rc = 0;

	for (i = 0; i < set->n; i++)
		max = set->v[i]->n > max ? set->v[i]->n : max;
	if ((v = malloc(max * sizeof(*v))) == NULL)
		return pm_fmt_nomem(e);
	if (pm_fmt_puts(w, "<h2>Summary</h2>\n<table>\n<tr><th>Series</th>"
	    "<th>Unit</th><th>Points</th><th>Min</th><th>Mean</th><th>p95</th>"
	    "<th>Max</th></tr>\n") != 0)
		rc = -1;
	/* The colour as on the series' chart: its place in its metric. */
	for (i = j = 0; rc == 0 && i < set->n; i++) {
		if (i > 0 && strcmp(set->v[i]->metric, set->v[i - 1]->metric) != 0)
			j = i;
		rc = row(w, set->v[i], i - j, v);
	}
	free(v);
	if (rc != 0 || pm_fmt_puts(w, "</table>\n") != 0)
		return pm_fmt_write_failed(w, e);
	return 0;
}

/* The time range, and how much there is. */
static int
put_range(struct pm_fmt_w *w, const struct html *h, const struct pm_chart *c,
    int timed)
{
	char a[PM_TS_LEN + 1], b[PM_TS_LEN + 1], d[32], n[128];

	if (pm_fmt_puts(w, "<p class=\"range\">") != 0)
		return -1;
	if (timed) {
		pm_rfc3339_format(c->t0, a);
		pm_rfc3339_format(c->t1, b);
		pm_duration_format(c->t1 - c->t0, d, sizeof(d));
		if (pm_fmt_puts(w, "From <time>") != 0 ||
		    pm_fmt_puts(w, a) != 0 ||
		    pm_fmt_puts(w, "</time> to <time>") != 0 ||
		    pm_fmt_puts(w, b) != 0 || pm_fmt_puts(w, "</time> (") != 0 ||
		    pm_fmt_puts(w, d) != 0 || pm_fmt_puts(w, "); ") != 0)
			return -1;
	} else if (pm_fmt_puts(w, "No time; ") != 0) {
		return -1;
	}
	snprintf(n, sizeof(n), "%zu series, %lu points.</p>\n", h->set.n,
	    h->points);
	return pm_fmt_puts(w, n);
}

static int
html_end(struct pm_fmt_w *w, struct pm_err *e)
{
	struct html *h = w->state;
	struct pm_chart c = { 0 };
	int64_t t0, t1;
	size_t i, j;
	int timed;

	if (pm_sset_finish(&h->set, e) != 0)
		return -1;
	timed = range(h->set.v, h->set.n, &c.t0, &c.t1);
	if (w->fmt->arg) {	/* svg */
		c.title = h->set.n > 0 ? h->set.v[0]->metric : "pm";
		c.unit = h->set.n > 0 ? h->set.v[0]->unit : NULL;
		for (i = 1; i < h->set.n; i++) {
			if (strcmp(h->set.v[i]->metric, c.title) != 0)
				c.title = "pm";
			if (c.unit && (h->set.v[i]->unit == NULL ||
			    strcmp(h->set.v[i]->unit, c.unit) != 0))
				c.unit = NULL;
		}
		c.s = h->set.v;
		c.n = h->set.n;
		c.standalone = 1;
		return pm_chart_svg(w, &c, e);
	}
	if (pm_fmt_puts(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n<title>pm report</title>\n<style>\n") != 0 ||
	    pm_fmt_puts(w, style) != 0 ||
	    pm_fmt_puts(w, "</style>\n</head>\n<body>\n<h1>pm report</h1>\n") != 0)
		return pm_fmt_write_failed(w, e);
	if (put_range(w, h, &c, timed) != 0)
		return pm_fmt_write_failed(w, e);
	for (i = 0; i < h->set.n; i = j) {
		for (j = i + 1; j < h->set.n && strcmp(h->set.v[j]->metric,
		    h->set.v[i]->metric) == 0; j++)
			;
		c.title = h->set.v[i]->metric;
		c.unit = h->set.v[i]->unit;
		c.s = h->set.v + i;
		c.n = j - i;
		if (!range(c.s, c.n, &t0, &t1))
			continue;	/* nothing to draw */
		if (pm_fmt_puts(w, "<figure>\n") != 0 ||
		    pm_chart_svg(w, &c, e) != 0 ||
		    pm_fmt_puts(w, "</figure>\n") != 0)
			return pm_fmt_write_failed(w, e);
	}
	if (summary(w, &h->set, e) != 0)
		return -1;
	if (pm_fmt_puts(w, "</body>\n</html>\n") != 0)
		return pm_fmt_write_failed(w, e);
	return 0;
}

static void
html_release(struct pm_fmt_w *w)
{
	struct html *h = w->state;

	if (h != NULL)
		pm_sset_release(&h->set);
}

const struct pm_fmt pm_fmt_html = {
	.name = "html", .arg = 0, .flags = PM_FMT_HOLDS,
	.state_size = sizeof(struct html), .begin = html_begin,
	.point = html_point, .end = html_end, .release = html_release,
};

const struct pm_fmt pm_fmt_svg = {
	.name = "svg", .arg = 1, .flags = PM_FMT_HOLDS,
	.state_size = sizeof(struct html), .begin = html_begin,
	.point = html_point, .end = html_end, .release = html_release,
};
