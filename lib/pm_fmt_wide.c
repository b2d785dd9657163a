/* csv --wide and tsv --wide: a pivot for spreadsheets.  One column per
 * series (named by pm_fmt_series_name), one row per time, or per --every
 * bucket (the mean of the series' points in it, the row's time its start),
 * empty cells where a series has no value.  The whole input is held: a
 * column needs every row. */
#include <stdlib.h>

#include "pm_csvcell.h"
#include "pm_fmt.h"
#include "pm_series.h"

struct wide {
	char delim;
	struct pm_sset set;
	size_t *at;		/* per series: the next sample to write */
};

static int
wide_begin(struct pm_fmt_w *w, struct pm_err *e)
{
	struct wide *wd = w->state;

	(void)e;
	wd->delim = (char)w->fmt->arg;
	pm_sset_init(&wd->set);
	wd->set.max = w->o->max_series;
	return 0;
}

static int
wide_point(struct pm_fmt_w *w, const struct pm_point *p, struct pm_err *e)
{
	struct wide *wd = w->state;
	struct pm_series *s;

	if (p->ts == PM_TS_NONE)
		return pm_err_set(e, "no ts: --wide needs one for the row"),
		    PM_FMT_SKIP;
	if ((s = pm_sset_get(&wd->set, p, e)) == PM_SSET_FULL)
		return PM_FMT_DROP;
	if (s == NULL || pm_series_add(s, p->ts, p->value, e) != 0)
		return PM_FMT_FAIL;
	return PM_FMT_OK;
}

/* Samples (in time order) as bucket means, in place. */
static void
bucket(struct pm_series *s, int64_t every)
{
	size_t i, k = 0;
	double sum = 0;
	int64_t b = 0;
	size_t n = 0;

	for (i = 0; i < s->n; i++) {
		int64_t t = s->s[i].ts - (s->s[i].ts % every + every) % every;

		if (n > 0 && t != b) {
			s->s[k].ts = b;
			s->s[k++].v = sum / (double)n;
			sum = 0;
			n = 0;
		}
		b = t;
		sum += s->s[i].v;
		n++;
	}
	if (n > 0) {
		s->s[k].ts = b;
		s->s[k++].v = sum / (double)n;
	}
	s->n = k;
}

static int
header(struct pm_fmt_w *w, struct wide *wd)
{
	struct pm_fmt_w sb;
	size_t i;
	int rc = 0;

	if (pm_csv_bom(w) != 0 || pm_fmt_put(w, "ts", 2) != 0)
		return -1;
	memset(&sb, 0, sizeof(sb));
	sb.o = w->o;
	for (i = 0; i < wd->set.n && rc == 0; i++) {
		sb.len = 0;
		rc = pm_fmt_series_name(&sb, w->o->name_tmpl, wd->set.v[i]) ||
		    pm_fmt_putc(&sb, '\0') || pm_fmt_putc(w, wd->delim) ||
		    pm_csv_text(w, wd->delim, sb.buf);
	}
	free(sb.buf);
	return rc ? -1 : pm_csv_eol(w);
}

static int
rows(struct pm_fmt_w *w, struct wide *wd)
{
	char num[PM_FMT_TEXT_MAX];
	size_t i, n;

	for (;;) {
		int64_t t = INT64_MAX;
		int any = 0;

		for (i = 0; i < wd->set.n; i++) {
			const struct pm_series *s = wd->set.v[i];

			if (wd->at[i] < s->n && s->s[wd->at[i]].ts <= t) {
				t = s->s[wd->at[i]].ts;
				any = 1;
			}
		}
		if (!any)
			return 0;
		if (pm_csv_ts(w, t) != 0)
			return -1;
		for (i = 0; i < wd->set.n; i++) {
			const struct pm_series *s = wd->set.v[i];

			if (pm_fmt_putc(w, wd->delim) != 0)
				return -1;
			if (wd->at[i] >= s->n || s->s[wd->at[i]].ts != t)
				continue;
			n = pm_fmt_value(w->o, s->s[wd->at[i]++].v, num);
			if (pm_fmt_put(w, num, n) != 0)
				return -1;
		}
		if (pm_csv_eol(w) != 0)
			return -1;
	}
}

static int
wide_end(struct pm_fmt_w *w, struct pm_err *e)
{
	struct wide *wd = w->state;
	size_t i;

	if (pm_sset_finish(&wd->set, e) != 0)
		return -1;
	if (wd->set.n > 0 && (wd->at = calloc(wd->set.n, sizeof(*wd->at))) == NULL)
		return pm_fmt_nomem(e);
	for (i = 0; i < wd->set.n && w->o->every > 0; i++)
		bucket(wd->set.v[i], w->o->every);
	if (header(w, wd) != 0 || rows(w, wd) != 0)
		return pm_fmt_write_failed(w, e);
	return 0;
}

static void
wide_release(struct pm_fmt_w *w)
{
	struct wide *wd = w->state;

	free(wd->at);
	pm_sset_release(&wd->set);
}

const struct pm_fmt pm_fmt_csv_wide = {
	"csv", ',', PM_FMT_CELLS | PM_FMT_HOLDS, sizeof(struct wide),
	wide_begin, wide_point, NULL, wide_end, wide_release,
};

const struct pm_fmt pm_fmt_tsv_wide = {
	"tsv", '\t', PM_FMT_CELLS | PM_FMT_HOLDS, sizeof(struct wide),
	wide_begin, wide_point, NULL, wide_end, wide_release,
};
