/* The store source: series looked up by metric, then range scans of
 * samples and rollups by (series, ts), the keys of both tables. */
#include "pm_qsource.h"

#include <stdlib.h>
#include <string.h>

#include "pm_store.h"

struct found {
	int64_t id;
	struct pm_series *s;
};

static int
cmp_found(const void *a, const void *b)
{
	const struct found *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

struct qstore {
	struct pm_store *st;
	struct found *f;
	size_t nf, cap;
};

static const char *
col_text(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	return s != NULL && *s != '\0' ? s : NULL;
}

/* Add the series of the current row if the query selects it (and the set
 * has room). */
static int
take_series(struct pm_qsource *src, const struct pm_query *q,
    sqlite3_stmt *st, struct pm_sset *set, struct pm_err *e)
{
	struct qstore *qs = src->state;
	struct pm_point p;
	struct pm_series *s;
	cJSON *labels, *l;
	int rc = 0;

	pm_point_init(&p);
	p.metric = col_text(st, 1);
	p.host = col_text(st, 2);
	p.unit = col_text(st, 3);
	if (p.metric == NULL)
		return 0;
	if ((labels = cJSON_Parse(col_text(st, 4) ? col_text(st, 4) : "{}"))
	    == NULL)
		return pm_err_set(e, "%s: series %lld: labels are not JSON",
		    qs->st->path, (long long)sqlite3_column_int64(st, 0));
	for (l = labels->child; l != NULL; l = l->next)
		if (cJSON_IsString(l))
			pm_point_add_label(&p, l->string, l->valuestring);
	if (pm_query_match_series(q, p.metric, p.host, p.labels, p.nlabels)) {
		if ((s = pm_sset_get(set, &p, e)) == NULL) {
			rc = -1;
		} else if (s == PM_SSET_FULL) {
			pm_qsource_full(src, NULL, 0);
			rc = 1;
		} else if (qs->nf == qs->cap) {
			size_t cap = qs->cap ? qs->cap * 2 : 64;
			struct found *f = realloc(qs->f, cap * sizeof(*f));

			if (f == NULL)
				rc = pm_err_set(e, "out of memory");
			else {
				qs->f = f;
				qs->cap = cap;
			}
		}
		if (rc == 0) {
			qs->f[qs->nf].id = sqlite3_column_int64(st, 0);
			qs->f[qs->nf++].s = s;
		}
	}
	cJSON_Delete(labels);
	return rc > 0 ? 0 : rc;
}

/* The series rows for one metric glob: the literal part of the glob
 * narrows the scan of the (metric, host, labels) index. */
static int
find_series(struct pm_qsource *src, const struct pm_query *q,
    const char *glob, struct pm_sset *set, struct pm_err *e)
{
	struct qstore *qs = src->state;
	static const char cols[] = "SELECT id, metric, host, unit, labels "
	    "FROM series";
	char sql[256], hi[256];
	size_t plen = glob ? strcspn(glob, "*?[\\") : 0;
	sqlite3_stmt *st;
	int rc;

	if (glob != NULL && glob[plen] == '\0')
		snprintf(sql, sizeof(sql), "%s WHERE metric = ?1", cols);
	else if (plen > 0 && plen < sizeof(hi) &&
	    (unsigned char)glob[plen - 1] < 0xff)
		snprintf(sql, sizeof(sql), "%s WHERE metric >= ?1 AND "
		    "metric < ?2", cols);
	else
		snprintf(sql, sizeof(sql), "%s", cols), plen = 0;
	if (sqlite3_prepare_v2(pm_store_db(qs->st), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		return pm_store_error(qs->st, "series", e);
	if (plen > 0) {
		memcpy(hi, glob, plen);
		hi[plen - 1]++;	/* the first text after every "PREFIX..." */
		sqlite3_bind_text(st, 1, glob, (int)plen, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, hi, (int)plen, SQLITE_TRANSIENT);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (take_series(src, q, st, set, e) != 0)
			break;
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return pm_store_error(qs->st, "series", e);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int64_t
div_floor(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* One statement over samples or rollups of each found series, in the
 * window (ms, both ends included). */
static int
scan(struct qstore *qs, const struct pm_query *q, const char *sql,
    int (*take)(struct pm_series *, sqlite3_stmt *, const struct pm_query *,
    struct pm_err *), struct pm_err *e)
{
	int64_t lo = q->since == PM_TS_NONE ? INT64_MIN :
	    -div_floor(-q->since, PM_NS_PER_MS);
	int64_t hi = q->until == PM_TS_NONE ? INT64_MAX :
	    div_floor(q->until, PM_NS_PER_MS);
	sqlite3_stmt *st;
	size_t i;
	int rc = SQLITE_DONE;

	if (sqlite3_prepare_v2(pm_store_db(qs->st), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		return pm_store_error(qs->st, "samples", e);
	for (i = 0; i < qs->nf && rc == SQLITE_DONE; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, qs->f[i].id);
		sqlite3_bind_int64(st, 2, lo);
		sqlite3_bind_int64(st, 3, hi);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			if (take(qs->f[i].s, st, q, e) != 0)
				break;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return -1;
	return rc == SQLITE_DONE ? 0 : pm_store_error(qs->st, "samples", e);
}

static int
take_sample(struct pm_series *s, sqlite3_stmt *st, const struct pm_query *q,
    struct pm_err *e)
{
	int64_t ts = sqlite3_column_int64(st, 0) * PM_NS_PER_MS;
	double v = sqlite3_column_double(st, 1);

	if (!pm_query_match_sample(q, ts, v))
		return 0;
	return pm_series_add(s, ts, v, e);
}

/* --where takes a rollup by its avg. */
static int
take_rollup(struct pm_series *s, sqlite3_stmt *st, const struct pm_query *q,
    struct pm_err *e)
{
	struct pm_rollup r;

	r.ts = sqlite3_column_int64(st, 0) * PM_NS_PER_MS;
	r.step = sqlite3_column_int64(st, 1) * PM_NS_PER_MS;
	r.avg = sqlite3_column_double(st, 2);
	r.min = sqlite3_column_double(st, 3);
	r.max = sqlite3_column_double(st, 4);
	r.count = sqlite3_column_int64(st, 5);
	if (r.count <= 0 || !pm_query_match_sample(q, r.ts, r.avg))
		return 0;
	return pm_series_add_rollup(s, &r, e);
}

/* count, min(ts), max(ts) of samples or rollups, added to the summary. */
static int
take_summary(struct pm_series *s, sqlite3_stmt *st, const struct pm_query *q,
    struct pm_err *e)
{
	int64_t first = sqlite3_column_int64(st, 1) * PM_NS_PER_MS;
	int64_t last = sqlite3_column_int64(st, 2) * PM_NS_PER_MS;

	(void)q;
	(void)e;
	if (sqlite3_column_type(st, 1) == SQLITE_NULL)
		return 0;
	if (s->count == 0 || first < s->first)
		s->first = first;
	if (s->count == 0 || last > s->last)
		s->last = last;
	s->count += sqlite3_column_int64(st, 0);
	s->summarized = 1;
	return 0;
}

static int
load(struct pm_qsource *src, const struct pm_query *q, struct pm_sset *set,
    struct pm_err *e)
{
	struct qstore *qs = src->state;
	size_t i, k;

	qs->nf = 0;
	for (i = 0; i < (q->nmetrics ? q->nmetrics : 1); i++)
		if (find_series(src, q, q->nmetrics ? q->metrics[i] : NULL,
		    set, e) != 0)
			return -1;
	/* Two globs may find one series: scan it once. */
	if (qs->nf > 1)
		qsort(qs->f, qs->nf, sizeof(*qs->f), cmp_found);
	for (i = k = 0; i < qs->nf; i++)
		if (k == 0 || qs->f[k - 1].id != qs->f[i].id)
			qs->f[k++] = qs->f[i];
	qs->nf = k;
	if (q->list != PM_LIST_NONE && !q->where)
		return scan(qs, q, "SELECT count(*), min(ts), max(ts) FROM "
		    "samples WHERE series = ?1 AND ts BETWEEN ?2 AND ?3",
		    take_summary, e) != 0 || scan(qs, q, "SELECT sum(count), "
		    "min(ts), max(ts) FROM rollups WHERE series = ?1 AND ts "
		    "BETWEEN ?2 AND ?3", take_summary, e) != 0 ? -1 : 0;
	if (scan(qs, q, "SELECT ts, value FROM samples WHERE series = ?1 AND "
	    "ts BETWEEN ?2 AND ?3", take_sample, e) != 0)
		return -1;
	return scan(qs, q, "SELECT ts, step, avg, min, max, count FROM rollups "
	    "WHERE series = ?1 AND ts BETWEEN ?2 AND ?3", take_rollup, e);
}

static void
release(struct pm_qsource *src)
{
	struct qstore *qs = src->state;

	if (qs != NULL)
		free(qs->f);
	free(qs);
	src->state = NULL;
}

int
pm_qsource_store(struct pm_qsource *src, struct pm_store *st,
    struct pm_err *e)
{
	struct qstore *qs = calloc(1, sizeof(*qs));

	if (qs == NULL)
		return pm_err_set(e, "out of memory");
	qs->st = st;
	src->state = qs;
	src->load = load;
	src->release = release;
	return 0;
}
