/* Alert state in the store (see pm_alert_dbstate.h). */
#include <stdlib.h>
#include <string.h>

#include "pm_alert_dbstate.h"
#include "pm_alert_state.h"

/* Whether rule i's name already came before it (rules may share one). */
static int
dup_name(const struct pm_alerts *a, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (strcmp(a->rules[j].name, a->rules[i].name) == 0)
			return 1;
	return 0;
}

int
pm_alert_dbstate_load(struct pm_alerts *a, struct pm_store *st,
    struct pm_err *e)
{
	sqlite3_stmt *q;
	cJSON *o;
	size_t i;
	int rc = 0;

	if (sqlite3_prepare_v2(pm_store_db(st), "SELECT json FROM alert_state"
	    " WHERE alert = ?1 ORDER BY fingerprint", -1, &q, NULL) !=
	    SQLITE_OK)
		return pm_store_error(st, "cannot read alert state", e);
	for (i = 0; i < a->nrules && rc == 0; i++) {
		if (dup_name(a, i))
			continue;
		sqlite3_bind_text(q, 1, a->rules[i].name, -1, SQLITE_STATIC);
		while (rc == 0 && (rc = sqlite3_step(q)) == SQLITE_ROW) {
			o = cJSON_Parse((const char *)sqlite3_column_text(q,
			    0));
			rc = pm_alert_state_load_one(a, o, e);
			cJSON_Delete(o);
		}
		if (rc == SQLITE_DONE)
			rc = 0;
		else if (rc != -1)
			rc = pm_store_error(st, "cannot read alert state", e);
		sqlite3_reset(q);
	}
	sqlite3_finalize(q);
	return rc;
}

static int
save(const struct pm_alerts *a, struct pm_store *st, sqlite3_stmt *del,
    sqlite3_stmt *ins, struct pm_err *e)
{
	const struct pm_alert_series *s;
	cJSON *o;
	char *text;
	size_t i;
	int rc;

	for (i = 0; i < a->nrules; i++) {
		sqlite3_bind_text(del, 1, a->rules[i].name, -1, SQLITE_STATIC);
		rc = sqlite3_step(del);
		sqlite3_reset(del);
		if (rc != SQLITE_DONE)
			return pm_store_error(st, "cannot save alert state", e);
	}
	for (i = 0; i < a->nseries; i++) {
		s = a->series[i];
		if (!pm_alert_state_kept(a, s))
			continue;
		text = NULL;
		if ((o = pm_alert_state_series(a, s)) != NULL)
			text = cJSON_PrintUnformatted(o);
		cJSON_Delete(o);
		if (text == NULL)
			return pm_err_set(e, "out of memory");
		sqlite3_bind_text(ins, 1, a->rules[s->rule].name, -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, s->fingerprint, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, text, -1, SQLITE_STATIC);
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		cJSON_free(text);
		if (rc != SQLITE_DONE)
			return pm_store_error(st, "cannot save alert state", e);
	}
	return 0;
}

int
pm_alert_dbstate_save(const struct pm_alerts *a, struct pm_store *st,
    struct pm_err *e)
{
	sqlite3_stmt *del = NULL, *ins = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(pm_store_db(st), "DELETE FROM alert_state"
	    " WHERE alert = ?1", -1, &del, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(pm_store_db(st), "INSERT OR REPLACE INTO"
	    " alert_state (alert, fingerprint, json) VALUES (?1, ?2, ?3)", -1,
	    &ins, NULL) != SQLITE_OK)
		pm_store_error(st, "cannot save alert state", e);
	else if (pm_store_begin(st, e) == 0) {
		if ((rc = save(a, st, del, ins, e)) == 0)
			rc = pm_store_commit(st, e);
		else
			pm_store_rollback(st);
	}
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	return rc;
}
