/* Recent history of a series from the store (see pm_recent.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_labels.h"
#include "pm_recent.h"
#include "pm_time.h"

static const char query[] =
	"SELECT s.ts, s.value FROM series r JOIN samples s ON s.series = r.id"
	" WHERE r.metric = ?1 AND r.host = ?2 AND r.labels = ?3"
	" AND s.ts > ?4 AND s.ts <= ?5 ORDER BY s.ts";

/* The memory's tables: as much of the store's as the query reads. */
static const char memory_schema[] =
	"CREATE TABLE series(id INTEGER PRIMARY KEY, metric TEXT NOT NULL,"
	" host TEXT NOT NULL, labels TEXT NOT NULL,"
	" UNIQUE(metric, host, labels));"
	"CREATE TABLE samples(series INTEGER NOT NULL, ts INTEGER NOT NULL,"
	" value REAL, PRIMARY KEY(series, ts)) WITHOUT ROWID;";
static const char *const memory_put[3] = {
	"INSERT OR IGNORE INTO series(metric, host, labels) VALUES(?1, ?2, ?3)",
	("INSERT OR REPLACE INTO samples VALUES((SELECT id FROM series"
	" WHERE metric = ?1 AND host = ?2 AND labels = ?3), ?4, ?5)"),
	"DELETE FROM samples WHERE ts <= ?4",
};

static void
defaults(struct pm_recent *r)
{
	memset(r, 0, sizeof(*r));
	r->avg_n = 10;
	r->window = 3600 * PM_NS_PER_S;
	r->buckets = 20;
}

static int
fail(struct pm_recent *r, const char *where, struct pm_err *e)
{
	pm_err_set(e, "%s: %s", where, r->db ? sqlite3_errmsg(r->db) :
	    "out of memory");
	pm_recent_close(r);
	return -1;
}

int
pm_recent_open(struct pm_recent *r, const char *path, struct pm_err *e)
{
	defaults(r);
	if (pm_store_open(&r->store, path, 1, e) != 0)
		return -1;
	r->open = 1;
	r->db = pm_store_db(&r->store);
	if (sqlite3_prepare_v2(r->db, query, -1, &r->q, NULL) != SQLITE_OK)
		return fail(r, path, e);
	return 0;
}

int
pm_recent_open_memory(struct pm_recent *r, int64_t step, struct pm_err *e)
{
	int i;

	defaults(r);
	r->step = step;
	if (sqlite3_open_v2(":memory:", &r->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_MEMORY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(r->db, memory_schema, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(r->db, query, -1, &r->q, NULL) != SQLITE_OK)
		return fail(r, "history", e);
	for (i = 0; i < 3; i++)
		if (sqlite3_prepare_v2(r->db, memory_put[i], -1, &r->put[i],
		    NULL) != SQLITE_OK)
			return fail(r, "history", e);
	return 0;
}

/* Run a statement of memory_put for p (NULL: only ?4, ts). */
static int
put(struct pm_recent *r, int i, const struct pm_point *p, int64_t ts)
{
	sqlite3_stmt *st = r->put[i];
	char labels[2048];
	int rc;

	sqlite3_reset(st);
	if (p != NULL) {
		pm_labels_of_point(p, labels, sizeof(labels));
		sqlite3_bind_text(st, 1, p->metric, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, r->host, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, labels, -1, SQLITE_TRANSIENT);
		if (i == 1)
			sqlite3_bind_double(st, 5, p->value);
	}
	sqlite3_bind_int64(st, 4, ts / PM_NS_PER_MS);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
pm_recent_keep(struct pm_recent *r, const struct pm_point *p, size_t n,
    int64_t ts, struct pm_err *e)
{
	size_t i;
	int rc = sqlite3_exec(r->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ?
	    0 : -1;

	for (i = 0; i < n && rc == 0; i++)
		if (!isnan(p[i].value))
			rc = put(r, 0, &p[i], ts) != 0 ||
			    put(r, 1, &p[i], ts) != 0 ? -1 : 0;
	if (rc == 0)
		rc = put(r, 2, NULL, ts - r->step * PM_RECENT_BUCKETS_MAX);
	if (sqlite3_exec(r->db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL,
	    NULL) != SQLITE_OK || rc != 0)
		return pm_err_set(e, "history: %s", sqlite3_errmsg(r->db));
	return 0;
}

/* Which way v goes from avg: more than 2 points for a percentage, more
 * than 5 % of the average for anything else. */
static int
direction(double v, double avg, const char *unit)
{
	double d = unit && strcmp(unit, "percent") == 0 ? 2 : fabs(avg) * 0.05;

	return v > avg + d ? 1 : v < avg - d ? -1 : 0;
}

int
pm_recent_get(struct pm_recent *r, const struct pm_point *p, int64_t now,
    struct pm_trend *t, struct pm_err *e)
{
	double sum[PM_RECENT_BUCKETS_MAX] = { 0 }, *last;
	int cnt[PM_RECENT_BUCKETS_MAX] = { 0 };
	int64_t from = now - r->window, ts;
	char labels[2048];
	int rc, i, b, nb = r->buckets;

	memset(t, 0, sizeof(*t));
	if (nb < 1 || nb > PM_RECENT_BUCKETS_MAX)
		nb = r->buckets = PM_RECENT_BUCKETS_MAX;
	if (r->step > 0)
		from = now - (r->window = r->step * nb);
	if ((last = calloc((size_t)r->avg_n, sizeof(*last))) == NULL)
		return pm_err_set(e, "out of memory");
	pm_labels_of_point(p, labels, sizeof(labels));
	sqlite3_reset(r->q);
	sqlite3_bind_text(r->q, 1, p->metric, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->q, 2, r->host, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->q, 3, labels, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(r->q, 4, from / PM_NS_PER_MS);
	sqlite3_bind_int64(r->q, 5, now / PM_NS_PER_MS);
	while ((rc = sqlite3_step(r->q)) == SQLITE_ROW) {
		ts = sqlite3_column_int64(r->q, 0) * PM_NS_PER_MS;
		b = (int)((ts - from - 1) * nb / r->window);
		b = b < 0 ? 0 : b >= nb ? nb - 1 : b;
		sum[b] += sqlite3_column_double(r->q, 1);
		cnt[b]++;
		last[t->n++ % r->avg_n] = sqlite3_column_double(r->q, 1);
	}
	sqlite3_reset(r->q);
	if (rc != SQLITE_DONE) {
		free(last);
		pm_err_set(e, "%s: %s", r->step > 0 ? "history" :
		    r->store.path, sqlite3_errmsg(r->db));
		if (r->nerr++ == 0)
			r->first_err = *e;
		return -1;
	}
	for (i = 0; i < nb; i++)
		t->bucket[i] = cnt[i] ? sum[i] / cnt[i] : NAN;
	t->navg = t->n < r->avg_n ? t->n : r->avg_n;
	for (i = 0, t->avg = 0; i < t->navg; i++)
		t->avg += last[i];
	t->avg = t->navg ? t->avg / t->navg : NAN;
	t->dir = t->navg ? direction(p->value, t->avg, p->unit) : 0;
	free(last);
	return 0;
}

void
pm_recent_close(struct pm_recent *r)
{
	int i;

	sqlite3_finalize(r->q);
	r->q = NULL;
	for (i = 0; i < 3; i++) {
		sqlite3_finalize(r->put[i]);
		r->put[i] = NULL;
	}
	if (r->open)
		pm_store_close(&r->store);
	else
		sqlite3_close(r->db);
	r->db = NULL;
	r->open = 0;
}
