/* The query engine: transforms, then one of the results (see pm_qengine.h);
 * aggregation over groups and buckets is in pm_qgroup.c. */
#include "pm_qengine.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pm_analysis.h"

const char *
pm_unit_per(const char *unit, char per, char *buf, size_t size)
{
	if (unit == NULL || strcmp(unit, "none") == 0 ||
	    strcmp(unit, "count") == 0)
		snprintf(buf, size, "1/%c", per);
	else
		snprintf(buf, size, "%s/%c", unit, per);
	return buf;
}

static int
transform(const struct pm_query *q, struct pm_series *s, struct pm_err *e)
{
	char unit[PM_QUNIT_MAX];

	if (pm_series_flatten(s, e) != 0)
		return -1;
	if (q->rate) {
		pm_series_rate(s);
		/* The unit text lives in the series' own memory: point it at
		 * a copy that lasts as long as the series. */
		pm_unit_per(s->unit, 's', unit, sizeof(unit));
		if (pm_series_set_unit(s, unit, e) != 0)
			return -1;
	}
	if (q->smooth == PM_SMOOTH_SMA && pm_series_sma(s, q->sma, e) != 0)
		return -1;
	if (q->smooth == PM_SMOOTH_EWMA)
		pm_series_ewma(s, q->alpha);
	return 0;
}

static void
row_of(struct pm_qrow *r, const struct pm_series *s, size_t ncols)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->metric = s->metric;
	r->host = s->host;
	r->labels = s->labels;
	r->nlabels = s->nlabels;
	for (i = 0; i < ncols; i++) {
		r->v[i] = NAN;
		r->unit[i] = s->unit;
	}
}

static int
run_trend(const struct pm_query *q, struct pm_sset *set,
    const struct pm_qsink *sink, struct pm_err *e)
{
	struct pm_qcols c = { "trend", 1, { "slope", "eta" }, 1 };
	struct pm_qrow r;
	struct pm_trend t;
	char unit[PM_QUNIT_MAX];
	int64_t last;
	double eta;
	size_t i;

	c.n = q->has_limit ? 2 : 1;
	if (sink->begin(sink->arg, &c, e) != 0)
		return -1;
	for (i = 0; i < set->n; i++) {
		struct pm_series *s = set->v[i];

		if (pm_trend_fit(s->s, s->n, &t) != 0)
			continue;
		last = s->s[s->n - 1].ts;
		row_of(&r, s, c.n);
		r.ts = last;
		r.v[0] = t.slope;
		r.unit[0] = pm_unit_per(s->unit, 'h', unit, sizeof(unit));
		if (q->has_limit) {
			r.unit[1] = "seconds";
			if (pm_trend_reaches(&t, q->limit, last, &eta))
				r.v[1] = eta;
		}
		if (sink->row(sink->arg, &r, e) != 0)
			return -1;
	}
	return 0;
}

/* The points themselves, or the last of each series. */
static int
run_points(const struct pm_query *q, struct pm_sset *set,
    const struct pm_qsink *sink, struct pm_err *e)
{
	struct pm_qcols c = { NULL, 1, { "value" }, 1 };
	struct pm_qrow r;
	size_t i, j;

	if (sink->begin(sink->arg, &c, e) != 0)
		return -1;
	for (i = 0; i < set->n; i++) {
		struct pm_series *s = set->v[i];

		row_of(&r, s, 1);
		for (j = q->latest && s->n > 0 ? s->n - 1 : 0; j < s->n; j++) {
			r.ts = s->s[j].ts;
			r.v[0] = s->s[j].v;
			if (sink->row(sink->arg, &r, e) != 0)
				return -1;
		}
	}
	return 0;
}

int
pm_query_run(const struct pm_query *q, struct pm_sset *set,
    const struct pm_qsink *sink, struct pm_err *e)
{
	size_t i;

	/* Aggregations use rollups as they are, unless a transform needs
	 * one value per time. */
	if (q->naggs == 0 || q->rate || q->smooth != PM_SMOOTH_NONE)
		for (i = 0; i < set->n; i++)
			if (transform(q, set->v[i], e) != 0)
				return -1;
	if (q->naggs > 0)
		return pm_query_aggregate(q, set, sink, e);
	if (q->trend)
		return run_trend(q, set, sink, e);
	return run_points(q, set, sink, e);
}
