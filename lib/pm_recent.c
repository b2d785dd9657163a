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

int
pm_recent_open(struct pm_recent *r, const char *path, struct pm_err *e)
{
	memset(r, 0, sizeof(*r));
	r->avg_n = 10;
	r->window = 3600 * PM_NS_PER_S;
	r->buckets = 20;
	if (pm_store_open(&r->store, path, 1, e) != 0)
		return -1;
	r->open = 1;
	if (sqlite3_prepare_v2(pm_store_db(&r->store), query, -1, &r->q,
	    NULL) != SQLITE_OK) {
		pm_err_set(e, "%s: %s", path,
		    sqlite3_errmsg(pm_store_db(&r->store)));
		pm_recent_close(r);
		return -1;
	}
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
		return pm_err_set(e, "%s: %s", r->store.path,
		    sqlite3_errmsg(pm_store_db(&r->store)));
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
	if (r->q != NULL)
		sqlite3_finalize(r->q);
	r->q = NULL;
	if (r->open)
		pm_store_close(&r->store);
	r->open = 0;
}
