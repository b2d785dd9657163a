/* markdown: the comparison table of benchmark summaries, as hyperfine's:
 * mean ± stddev, min, max, p95 where given, the ratio to the fastest, the
 * baseline, the change and the verdict where given.  Times in seconds are
 * shown in s, ms or µs as the fastest mean suits. */
#include <math.h>
#include <stdio.h>

#include "pm_fmt_md.h"

/* Time units scaled as hyperfine does: by the fastest mean. */
static const char *
time_unit(double fastest, double *scale)
{
	if (fastest >= 1) {
		*scale = 1;
		return "s";
	}
	if (fastest >= 1e-3) {
		*scale = 1e3;
		return "ms";
	}
	*scale = 1e6;
	return "\xc2\xb5s";
}

struct bench {
	const char *metric, *unit;
	double scale, fastest, fastest_sd;
	int prec, has[6];	/* stddev min max p95 baseline verdict */
};

static const char *const stat_keys[] = { "stddev", "min", "max", "p95",
    "baseline" };

/* Columns after the mean, in order; 'R' is Relative. */
static const char bench_cols[] = { 1, 2, 3, 'R', 4, 'C', 5 };

static int
bench_head(struct pm_fmt_w *w, const struct bench *b, size_t rows)
{
	static const char *const heads[] = { NULL, "Min", "Max", "p95",
	    "Baseline", "Verdict" };
	size_t i;
	int rc = pm_fmt_puts(w, "| Command | Mean");

	if (*b->unit != '\0')
		rc |= pm_fmt_put(w, " [", 2) || pm_md_text(w, b->unit) ||
		    pm_fmt_putc(w, ']');
	for (i = 0; i < sizeof(bench_cols); i++) {
		int c = (unsigned char)bench_cols[i];

		if (c == 'R' && rows > 1)
			rc |= pm_fmt_puts(w, " | Relative");
		else if (c == 'C' && b->has[4])
			rc |= pm_fmt_puts(w, " | Change");
		else if (c < 6 && b->has[c]) {
			rc |= pm_fmt_put(w, " | ", 3) || pm_fmt_puts(w, heads[c]);
			if (c < 5 && *b->unit != '\0')
				rc |= pm_fmt_put(w, " [", 2) ||
				    pm_md_text(w, b->unit) || pm_fmt_putc(w, ']');
		}
	}
	rc |= pm_fmt_puts(w, " |\n|:---|---:");
	for (i = 0; i < sizeof(bench_cols); i++) {
		int c = (unsigned char)bench_cols[i];

		if ((c == 'R' && rows > 1) || (c == 'C' && b->has[4]) ||
		    (c < 5 && b->has[c]))
			rc |= pm_fmt_puts(w, "|---:");
	}
	rc |= pm_fmt_puts(w, b->has[5] ? "|:---|\n" : "|\n");
	return rc ? -1 : 0;
}

/* A number with fixed decimals, as a table of timings shows them. */
static int
fixed(struct pm_fmt_w *w, const struct bench *b, double v)
{
	char buf[PM_FMT_TEXT_MAX];
	int n = snprintf(buf, sizeof(buf), "%.*f", w->o->precision >= 0 ?
	    w->o->precision : b->prec, v * b->scale);

	if (n <= 0 || n >= (int)sizeof(buf))
		n = (int)pm_number_format(v * b->scale, buf);
	return pm_fmt_put(w, buf, (size_t)n);
}

static int
relative(struct pm_fmt_w *w, const struct bench *b, const struct pm_md_rec *r,
    double mean, int has_sd, double sd)
{
	char buf[PM_FMT_TEXT_MAX];
	double ratio = mean / b->fastest, err = -1;
	int n;

	/* pm-bench's own figures, or hyperfine's: the uncertainties of both
	 * means, propagated. */
	if (pm_md_stat(r, "relative", &ratio))
		pm_md_stat(r, "relative_error", &err);
	else if (has_sd && b->fastest_sd >= 0)
		err = ratio * sqrt(pow(sd / mean, 2) + pow(b->fastest_sd /
		    b->fastest, 2));
	n = snprintf(buf, sizeof(buf), "%.2f", ratio);
	if (err > 0 && mean != b->fastest)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, " \xc2\xb1 %.2f",
		    err);
	return pm_fmt_put(w, buf, (size_t)n);
}

static int
bench_row(struct pm_fmt_w *w, const struct bench *b, const struct pm_md_rec *r,
    size_t rows)
{
	double mean = 0, v, sd = 0;
	const cJSON *verdict;
	char buf[PM_FMT_TEXT_MAX];
	size_t i;
	int rc, has_sd = pm_md_stat(r, "stddev", &sd);

	pm_md_stat(r, "mean", &mean);
	rc = pm_fmt_put(w, "| ", 2) || pm_md_code(w, r->name ? r->name :
	    *r->labels ? r->labels : r->metric) || pm_md_sep(w) ||
	    fixed(w, b, mean);
	if (has_sd)
		rc |= pm_fmt_puts(w, " \xc2\xb1 ") || fixed(w, b, sd);
	for (i = 0; i < sizeof(bench_cols); i++) {
		int c = (unsigned char)bench_cols[i];

		if (c == 'R' && rows > 1)
			rc |= pm_md_sep(w) || relative(w, b, r, mean, has_sd, sd);
		else if (c == 'C' && b->has[4]) {
			/* pm-bench's "change" is a fraction of the baseline. */
			int have = pm_md_stat(r, "change", &v);

			if (!have && pm_md_stat(r, "baseline", &v) && v != 0) {
				v = mean / v - 1;
				have = 1;
			}
			rc |= pm_md_sep(w);
			if (have)
				rc |= pm_fmt_put(w, buf, (size_t)snprintf(buf,
				    sizeof(buf), "%+.1f%%", v * 100));
		} else if (c < 5 && b->has[c]) {
			rc |= pm_md_sep(w);
			if (pm_md_stat(r, stat_keys[c], &v))
				rc |= fixed(w, b, v);
		}
	}
	if (b->has[5]) {
		verdict = cJSON_GetObjectItemCaseSensitive(r->x, "verdict");
		rc |= pm_md_sep(w) || pm_md_text(w, cJSON_IsString(verdict) ?
		    verdict->valuestring : NULL);
	}
	rc |= pm_fmt_put(w, " |\n", 3);
	return rc ? -1 : 0;
}

/* One comparison table of the summaries of metric. */
int
pm_md_bench_table(struct pm_fmt_w *w, struct pm_md *m, const char *metric, int titled)
{
	struct bench b;
	size_t i, rows = 0;
	double mean, sd;
	int k;

	memset(&b, 0, sizeof(b));
	b.metric = metric;
	b.fastest = INFINITY;
	b.unit = "";
	for (i = 0; i < m->n; i++) {
		const struct pm_md_rec *r = &m->v[i];

		if (!pm_md_is_summary(r) || strcmp(r->metric, metric) != 0)
			continue;
		if (rows++ == 0 && r->unit != NULL)
			b.unit = r->unit;
		pm_md_stat(r, "mean", &mean);
		if (mean < b.fastest) {
			b.fastest = mean;
			b.fastest_sd = pm_md_stat(r, "stddev", &sd) ? sd : -1;
		}
		for (k = 0; k < 5; k++)
			b.has[k] |= pm_md_stat(r, stat_keys[k], &sd);
		b.has[5] |= cJSON_IsString(cJSON_GetObjectItemCaseSensitive(r->x,
		    "verdict"));
	}
	b.scale = 1;
	b.prec = 2;
	if (strcmp(b.unit, "seconds") == 0) {
		b.unit = time_unit(b.fastest, &b.scale);
		b.prec = 1;
	}
	if (titled && (pm_fmt_put(w, "**", 2) != 0 || pm_md_text(w, metric) != 0 ||
	    pm_fmt_put(w, "**\n\n", 4) != 0))
		return -1;
	if (bench_head(w, &b, rows) != 0)
		return -1;
	for (i = 0; i < m->n; i++)
		if (pm_md_is_summary(&m->v[i]) && strcmp(m->v[i].metric, metric) == 0 &&
		    bench_row(w, &b, &m->v[i], rows) != 0)
			return -1;
	return 0;
}

