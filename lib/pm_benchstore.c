#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "pm_benchstore.h"

/* The point of command c (a set of one, sharing s's settings). */
static int
save_cmd(struct pm_store *st, const struct pm_bench_set *s,
    struct pm_bench_cmd *c, const char *name, int64_t ts, struct pm_err *e)
{
	struct pm_bench_set one = { s->settings, c, 1, 1 };
	struct pm_point p;
	cJSON *x;
	size_t i;
	int rc;

	if ((x = pm_bench_json(&one)) == NULL)
		return pm_err_set(e, "out of memory");
	pm_point_init(&p);
	p.metric = "bench.baseline";
	p.value = (double)c->n;
	p.ts = ts;
	p.extra = x;
	pm_point_add_label(&p, "baseline", name);
	pm_point_add_label(&p, "name", c->name);
	pm_point_add_label(&p, "command", c->command);
	for (i = 0; i < c->nparams; i++)
		if (pm_point_label(&p, c->key[i]) == NULL)
			pm_point_add_label(&p, c->key[i], c->value[i]);
	rc = pm_store_put(st, &p, e);
	cJSON_Delete(x);
	return rc == 0 ? 0 : -1;
}

int
pm_benchstore_save(struct pm_store *st, const struct pm_bench_set *s,
    const char *name, int64_t ts, struct pm_err *e)
{
	size_t i;

	if (pm_store_begin(st, e) != 0)
		return -1;
	for (i = 0; i < s->n; i++)
		if (save_cmd(st, s, &s->cmds[i], name, ts, e) != 0) {
			pm_store_rollback(st);
			return -1;
		}
	return pm_store_commit(st, e);
}

static const char load_sql[] =
	"SELECT x.json FROM series s JOIN extras x ON x.series = s.id"
	" WHERE s.metric = 'bench.baseline'"
	" AND json_extract(s.labels, '$.baseline') = ?1"
	" ORDER BY x.ts DESC, s.id DESC";

/* Add the one command of stored object x to s unless s has it (a later
 * one came first). */
static int
load_one(struct pm_bench_set *s, const char *text, struct pm_err *e)
{
	const cJSON *cmds, *c, *nm;
	cJSON *x;
	int rc = 0;

	if ((x = cJSON_Parse(text)) == NULL)
		return pm_err_set(e, "a bench.baseline point that is not JSON");
	cmds = cJSON_GetObjectItemCaseSensitive(x, "commands");
	c = cJSON_GetArrayItem(cmds, 0);
	nm = cJSON_GetObjectItemCaseSensitive(c, "name");
	if (!cJSON_IsString(nm) || pm_bench_find(s, nm->valuestring) == NULL)
		rc = pm_bench_add_json(s, x, e);
	cJSON_Delete(x);
	return rc;
}

int
pm_benchstore_load(struct pm_store *st, struct pm_bench_set *s,
    const char *name, struct pm_err *e)
{
	sqlite3_stmt *q = NULL;
	int rc;

	memset(s, 0, sizeof(*s));
	if (sqlite3_prepare_v2(pm_store_db(st), load_sql, -1, &q, NULL) !=
	    SQLITE_OK)
		return pm_store_error(st, "baseline", e);
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (load_one(s, (const char *)sqlite3_column_text(q, 0),
		    e) != 0) {
			pm_err_prefix(e, "%s: baseline %s", st->path, name);
			goto fail;
		}
	if (rc != SQLITE_DONE) {
		pm_store_error(st, "baseline", e);
		goto fail;
	}
	sqlite3_finalize(q);
	if (s->n == 0) {
		pm_bench_release(s);
		return pm_err_set(e, "%s: no baseline named '%s'", st->path,
		    name);
	}
	return 0;
fail:
	sqlite3_finalize(q);
	pm_bench_release(s);
	return -1;
}

/* Open db, else the default store. */
static int
open_db(struct pm_store *st, const char *db, int readonly, struct pm_err *e)
{
	char path[PATH_MAX];

	if (db != NULL)
		snprintf(path, sizeof(path), "%s", db);
	else if (pm_store_default_path(path, sizeof(path), e) != 0)
		return -1;
	return pm_store_open(st, path, readonly, e);
}

int
pm_benchstore_put(const char *db, const struct pm_bench_set *s,
    const char *name, struct pm_err *e)
{
	struct pm_store st;
	int rc;

	if (open_db(&st, db, 0, e) != 0)
		return -1;
	rc = pm_benchstore_save(&st, s, name, pm_clock_now(), e);
	pm_store_close(&st);
	return rc;
}

int
pm_benchstore_get(const char *db, struct pm_bench_set *s, const char *name,
    struct pm_err *e)
{
	struct pm_store st;
	int rc;

	memset(s, 0, sizeof(*s));
	if (open_db(&st, db, 1, e) != 0)
		return -1;
	rc = pm_benchstore_load(&st, s, name, e);
	pm_store_close(&st);
	return rc;
}
