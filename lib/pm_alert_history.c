/* The store's history as points for the alert engine (see
 * pm_alert_history.h). */
#include <cJSON.h>
#include <stdlib.h>

#include "pm_alert_history.h"
#include "pm_store.h"

#define Q "SELECT s.metric, s.host, s.unit, s.labels, x.ts, x.value " \
	"FROM series s JOIN samples x ON x.series = s.id " \
	"WHERE s.metric IN (SELECT value FROM json_each(?1)) AND x.ts >= ?2 " \
	"ORDER BY x.ts, s.id"

static const char *
text(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	return s != NULL && *s != '\0' ? s : NULL;
}

/* The rules' metrics as a JSON array, for json_each. */
static char *
metrics(const struct pm_rule *rules, size_t nrules)
{
	cJSON *a = cJSON_CreateArray();
	char *s = NULL;
	size_t i;

	for (i = 0; a != NULL && i < nrules; i++)
		if (!cJSON_AddItemToArray(a, cJSON_CreateString(rules[i].metric)))
			goto out;
	s = cJSON_PrintUnformatted(a);
out:
	cJSON_Delete(a);
	return s;
}

/* Each row of st to fn as a point. */
static int
rows(struct pm_store *store, sqlite3_stmt *st, pm_alert_history_fn *fn,
    void *arg, struct pm_err *e)
{
	struct pm_point p;
	cJSON *labels, *l;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		pm_point_init(&p);
		p.metric = text(st, 0);
		p.host = text(st, 1);
		p.unit = text(st, 2);
		p.ts = sqlite3_column_int64(st, 4) * 1000000;
		p.value = sqlite3_column_double(st, 5);
		if ((labels = cJSON_Parse(text(st, 3) ? text(st, 3) : "{}")) ==
		    NULL)
			return pm_err_set(e, "%s: labels of %s are not JSON",
			    store->path, p.metric);
		for (l = labels->child; l != NULL; l = l->next)
			if (cJSON_IsString(l))
				pm_point_add_label(&p, l->string, l->valuestring);
		rc = fn(arg, &p, e);
		cJSON_Delete(labels);
		if (rc != 0)
			return -1;
	}
	if (rc != SQLITE_DONE)
		return pm_err_set(e, "%s: %s", store->path,
		    sqlite3_errmsg(pm_store_db(store)));
	return 0;
}

int
pm_alert_history(const char *path, const struct pm_rule *rules,
    size_t nrules, int64_t since, pm_alert_history_fn *fn, void *arg,
    struct pm_err *e)
{
	struct pm_store store;
	sqlite3_stmt *st = NULL;
	char *json;
	int rc = -1;

	if (pm_store_open(&store, path, 1, e) != 0)
		return -1;
	if ((json = metrics(rules, nrules)) == NULL) {
		pm_err_set(e, "out of memory");
		goto out;
	}
	if (sqlite3_prepare_v2(pm_store_db(&store), Q, -1, &st, NULL) !=
	    SQLITE_OK) {
		pm_err_set(e, "%s: %s", path, sqlite3_errmsg(pm_store_db(&store)));
		goto out;
	}
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	/* The store keeps milliseconds: round up to the first one at or
	 * after since. */
	sqlite3_bind_int64(st, 2, since == INT64_MIN ? INT64_MIN :
	    since / 1000000 + (since % 1000000 > 0));
	rc = rows(&store, st, fn, arg, e);
out:
	sqlite3_finalize(st);
	cJSON_free(json);
	pm_store_close(&store);
	return rc;
}
