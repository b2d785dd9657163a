/* Aggregation over groups of series and time buckets (see pm_qengine.h). */
#include "pm_qengine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_agg.h"

struct member {
	char *key;		/* metric, then each --by dimension */
	size_t len;
	size_t idx;		/* in the (sorted) set: ties keep key order */
	struct pm_series *s;
};

/* Scratch for one group, reused by the next. */
struct work {
	struct pm_entry *ent;
	size_t nent, entcap;
	int64_t *bstart;	/* distinct bucket starts */
	size_t *bfrom;		/* first entry of each bucket, then nent */
	double *inc, *rate;	/* per bucket: counter sums, NaN if none */
	size_t nb, bcap;
	struct pm_aggbuf agg;
};

static const char *
by_value(const struct pm_series *s, const struct pm_by *b)
{
	size_t i;

	if (b->kind == PM_BY_HOST)
		return s->host;
	for (i = 0; i < s->nlabels; i++)
		if (strcmp(s->labels[i].key, b->key) == 0)
			return s->labels[i].value;
	return NULL;
}

/* metric \0, then per host or label dimension "\1value\0" or "\0" when
 * the series has none: sorts by metric, then the dimensions in order. */
static int
member_key(const struct pm_query *q, struct member *m, struct pm_err *e)
{
	size_t len = strlen(m->s->metric) + 1, i, k;
	const char *v;

	for (i = 0; i < q->nby; i++) {
		if (q->by[i].kind == PM_BY_METRIC)
			continue;
		v = by_value(m->s, &q->by[i]);
		len += v != NULL ? strlen(v) + 2 : 1;
	}
	if ((m->key = malloc(len)) == NULL)
		return pm_err_set(e, "out of memory");
	k = strlen(m->s->metric) + 1;
	memcpy(m->key, m->s->metric, k);
	for (i = 0; i < q->nby; i++) {
		if (q->by[i].kind == PM_BY_METRIC)
			continue;
		if ((v = by_value(m->s, &q->by[i])) != NULL) {
			m->key[k++] = '\1';
			memcpy(m->key + k, v, strlen(v) + 1);
			k += strlen(v) + 1;
		} else {
			m->key[k++] = '\0';
		}
	}
	m->len = len;
	return 0;
}

static int
cmp_member(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->key, y->key, n);

	if (c == 0)
		c = (x->len > y->len) - (x->len < y->len);
	return c != 0 ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct pm_entry *x = a, *y = b;

	if (x->ts != y->ts)
		return (x->ts > y->ts) - (x->ts < y->ts);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static int64_t
bucket_of(int64_t ts, int64_t every, int64_t origin)
{
	int64_t m;

	if (every == 0)
		return origin;
	m = ts % every;
	return ts - (m < 0 ? m + every : m);
}

/* *p is a pointer of any object type: copied as bytes, not read through
 * a void * lvalue (that would break the aliasing rules). */
static int
reserve(void *p, size_t *cap, size_t want, size_t size, struct pm_err *e)
{
	void *old, *np;

	if (want <= *cap)
		return 0;
	memcpy(&old, p, sizeof(old));
	if ((np = realloc(old, want * size)) == NULL)
		return pm_err_set(e, "out of memory");
	memcpy(p, &np, sizeof(np));
	*cap = want;
	return 0;
}

/* Every sample and rollup of the group's series, sorted by time. */
static int
gather(struct work *w, struct member *m, size_t n, struct pm_err *e)
{
	size_t i, j, total = 0, cap;
	struct pm_entry *x;

	for (i = 0; i < n; i++)
		total += m[i].s->n + m[i].s->nr;
	cap = w->entcap;
	if (reserve(&w->ent, &cap, total, sizeof(*w->ent), e) != 0)
		return -1;
	w->entcap = cap;
	x = w->ent;
	for (i = 0; i < n; i++) {
		const struct pm_series *s = m[i].s;

		/* x is not NULL: total counts these (the analyzer loses it) */
		for (j = 0; j < s->n; j++, x++) {
			/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
			x->ts = s->s[j].ts;
			x->v = x->min = x->max = s->s[j].v;
			x->w = 1;
			x->seq = (size_t)(x - w->ent);
		}
		for (j = 0; j < s->nr; j++, x++) {
			/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
			x->ts = s->r[j].ts;
			x->v = s->r[j].avg;
			x->min = s->r[j].min;
			x->max = s->r[j].max;
			x->w = (double)s->r[j].count;
			x->seq = (size_t)(x - w->ent);
		}
	}
	w->nent = total;
	if (total > 1)
		qsort(w->ent, total, sizeof(*w->ent), cmp_entry);
	return 0;
}

/* The distinct buckets of the gathered entries. */
static int
buckets(struct work *w, int64_t every, int64_t origin, struct pm_err *e)
{
	size_t i, want = w->nent + 1, c;

	if (want > w->bcap) {
		if ((c = w->bcap, reserve(&w->bstart, &c, want,
		    sizeof(*w->bstart), e)) != 0 ||
		    (c = w->bcap, reserve(&w->bfrom, &c, want,
		    sizeof(*w->bfrom), e)) != 0 ||
		    (c = w->bcap, reserve(&w->inc, &c, want,
		    sizeof(*w->inc), e)) != 0 ||
		    (c = w->bcap, reserve(&w->rate, &c, want,
		    sizeof(*w->rate), e)) != 0)
			return -1;
		w->bcap = want;
	}
	w->nb = 0;
	for (i = 0; i < w->nent; i++) {
		int64_t b = bucket_of(w->ent[i].ts, every, origin);

		if (w->nb > 0 && w->bstart[w->nb - 1] == b)
			continue;
		w->bstart[w->nb] = b;
		w->bfrom[w->nb++] = i;
	}
	w->bfrom[w->nb] = w->nent;
	for (i = 0; i < w->nb; i++)
		w->inc[i] = w->rate[i] = NAN;
	return 0;
}

static size_t
find_bucket(const struct work *w, int64_t b)
{
	size_t lo = 0, hi = w->nb;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->bstart[mid] <= b)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static void
add_counter(struct work *w, int64_t b, double inc, double dt)
{
	size_t i = find_bucket(w, b);

	if (isnan(w->inc[i]))
		w->inc[i] = w->rate[i] = 0;
	w->inc[i] += inc;
	if (dt > 0)
		w->rate[i] += inc / dt;
}

/* One series as a counter: its deltas summed per bucket, raw samples and
 * rollup averages taken in time order. */
static void
counter(struct work *w, const struct pm_series *s, int64_t every,
    int64_t origin)
{
	size_t i = 0, j = 0;
	int64_t ts, pts = 0, cur = 0;
	double v, pv = 0, inc = 0, dt = 0;
	int have = 0, open = 0;

	while (i < s->n || j < s->nr) {
		if (j == s->nr || (i < s->n && s->s[i].ts <= s->r[j].ts)) {
			ts = s->s[i].ts;
			v = s->s[i++].v;
		} else {
			ts = s->r[j].ts;
			v = s->r[j++].avg;
		}
		if (have) {
			int64_t b = bucket_of(ts, every, origin);

			if (open && b != cur) {
				add_counter(w, cur, inc, dt);
				inc = dt = 0;
			}
			cur = b;
			open = 1;
			inc += pm_counter_delta(pv, v);
			dt += (double)(ts - pts) / 1e9;
		}
		have = 1;
		pts = ts;
		pv = v;
	}
	if (open)
		add_counter(w, cur, inc, dt);
}

static int
emit_group(const struct pm_query *q, struct work *w, struct member *m,
    size_t n, const struct pm_qsink *sink, struct pm_err *e)
{
	struct pm_label labels[PM_QUERY_BY_MAX];
	char rate_unit[PM_QUNIT_MAX];
	struct pm_qrow r;
	size_t i, b, nl = 0;
	int64_t origin;

	if (gather(w, m, n, e) != 0)
		return -1;
	if (w->nent == 0)
		return 0;
	origin = q->since != PM_TS_NONE ? q->since : w->ent[0].ts;
	if (buckets(w, q->every, origin, e) != 0)
		return -1;
	for (i = 0; i < q->naggs; i++)
		if (q->aggs[i] == PM_AGG_RATE || q->aggs[i] == PM_AGG_INCREASE)
			break;
	if (i < q->naggs)
		for (i = 0; i < n; i++)
			counter(w, m[i].s, q->every, origin);

	memset(&r, 0, sizeof(r));
	r.metric = m[0].s->metric;
	for (i = 0; i < q->nby; i++) {
		const char *v = by_value(m[0].s, &q->by[i]);

		if (q->by[i].kind == PM_BY_HOST) {
			r.host = v;
		} else if (q->by[i].kind == PM_BY_LABEL && v != NULL) {
			labels[nl].key = q->by[i].key;
			labels[nl++].value = v;
		}
	}
	r.labels = labels;
	r.nlabels = nl;
	for (i = 0; i < q->naggs; i++)
		r.unit[i] = q->aggs[i] == PM_AGG_COUNT ? NULL :
		    q->aggs[i] == PM_AGG_RATE ? pm_unit_per(m[0].s->unit, 's',
		    rate_unit, sizeof(rate_unit)) : m[0].s->unit;
	for (b = 0; b < w->nb; b++) {
		int any = 0;

		if (pm_agg_bucket(w->ent + w->bfrom[b], w->bfrom[b + 1] -
		    w->bfrom[b], q->aggs, q->naggs, r.v, &w->agg, e) != 0)
			return -1;
		for (i = 0; i < q->naggs; i++) {
			if (q->aggs[i] == PM_AGG_RATE)
				r.v[i] = w->rate[b];
			else if (q->aggs[i] == PM_AGG_INCREASE)
				r.v[i] = w->inc[b];
			any |= !isnan(r.v[i]);
		}
		r.ts = w->bstart[b];
		if (any && sink->row(sink->arg, &r, e) != 0)
			return -1;
	}
	return 0;
}

int
pm_query_aggregate(const struct pm_query *q, struct pm_sset *set,
    const struct pm_qsink *sink, struct pm_err *e)
{
	struct pm_qcols c = { "agg", 0, { NULL }, q->every != 0 };
	struct member *m;
	struct work w;
	size_t i, j;
	int rc = 0;

	c.n = q->naggs;
	for (i = 0; i < q->naggs; i++)
		c.names[i] = pm_agg_name(q->aggs[i]);
	if (sink->begin(sink->arg, &c, e) != 0)
		return -1;
	if (set->n == 0)
		return 0;
	if ((m = calloc(set->n, sizeof(*m))) == NULL)
		return pm_err_set(e, "out of memory");
	memset(&w, 0, sizeof(w));
	for (i = 0; i < set->n && rc == 0; i++) {
		m[i].s = set->v[i];
		m[i].idx = i;
		rc = member_key(q, &m[i], e);
	}
	if (rc == 0)
		qsort(m, set->n, sizeof(*m), cmp_member);
	for (i = 0; rc == 0 && i < set->n; i = j) {
		for (j = i + 1; j < set->n && m[j].len == m[i].len &&
		    memcmp(m[j].key, m[i].key, m[i].len) == 0; j++)
			;
		rc = emit_group(q, &w, m + i, j - i, sink, e);
	}
	for (i = 0; i < set->n; i++)
		free(m[i].key);
	free(m);
	free(w.ent);
	free(w.bstart);
	free(w.bfrom);
	free(w.inc);
	free(w.rate);
	pm_aggbuf_release(&w.agg);
	return rc;
}
