/* pm_store_maint: retention and size (prune, downsample, vacuum). */
#include "pm_store.h"

#include <string.h>

/* ts - (ts mod step), with a floor modulo so times before 1970 align too. */
#define BUCKET(ts) ts " - ((" ts " % :step) + :step) % :step"

/* Run one statement with :step and :cut bound where they appear; adds
 * the rows it changed to *changes when changes is not NULL. */
static int
run(struct pm_store *s, const char *sql, int64_t step, int64_t cut,
    long long *changes, struct pm_err *e)
{
	sqlite3_stmt *st;
	int i, rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return pm_store_error(s, "cannot prepare", e);
	if ((i = sqlite3_bind_parameter_index(st, ":step")) > 0)
		sqlite3_bind_int64(st, i, step);
	if ((i = sqlite3_bind_parameter_index(st, ":cut")) > 0)
		sqlite3_bind_int64(st, i, cut);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return pm_store_error(s, "cannot change the store", e);
	if (changes != NULL)
		*changes += sqlite3_changes(s->db);
	return 0;
}

static int
begin(struct pm_store *s, struct pm_store_stats *st, struct pm_err *e)
{
	memset(st, 0, sizeof(*st));
	if (s->in_batch)
		return pm_err_set(e, "%s: a batch is open", s->path);
	return pm_store_exec(s, "BEGIN IMMEDIATE", "cannot lock", e);
}

static int
commit(struct pm_store *s, int ok, struct pm_err *e)
{
	if (ok == 0 && pm_store_exec(s, "COMMIT", "cannot commit", e) == 0)
		return 0;
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* ns to ms, rounding down. */
static int64_t
to_ms(int64_t ns)
{
	return ns / PM_NS_PER_MS - (ns % PM_NS_PER_MS < 0);
}

/* "series IN (SELECT id FROM series)" lets SQLite walk the (series, ts)
 * keys one series at a time instead of scanning every sample. */
static const char prune_samples[] =
	"DELETE FROM samples WHERE series IN (SELECT id FROM series)"
	" AND ts < :cut";
static const char prune_rollups[] =
	"DELETE FROM rollups WHERE series IN (SELECT id FROM series)"
	" AND ts < :cut";
static const char prune_extras[] =
	"DELETE FROM extras WHERE series IN (SELECT id FROM series)"
	" AND ts < :cut";
static const char drop_series[] =
	"DELETE FROM series WHERE"
	" NOT EXISTS (SELECT 1 FROM samples WHERE series = series.id) AND"
	" NOT EXISTS (SELECT 1 FROM rollups WHERE series = series.id) AND"
	" NOT EXISTS (SELECT 1 FROM extras WHERE series = series.id)";
/* Writers cache series ids: tell them the ids may have gone. */
static const char bump_generation[] =
	"UPDATE meta SET value = value + 1 WHERE key = 'series_generation'";

int
pm_store_prune(struct pm_store *s, int64_t before, struct pm_store_stats *st,
    struct pm_err *e)
{
	int64_t cut = to_ms(before);
	int rc;

	if (begin(s, st, e) != 0)
		return -1;
	rc = run(s, prune_samples, 0, cut, &st->samples, e);
	if (rc == 0)
		rc = run(s, prune_rollups, 0, cut, &st->rollups, e);
	if (rc == 0)
		rc = run(s, prune_extras, 0, cut, NULL, e);
	if (rc == 0)
		rc = run(s, drop_series, 0, cut, &st->series, e);
	if (rc == 0 && st->series > 0)
		rc = run(s, bump_generation, 0, 0, NULL, e);
	return commit(s, rc, e);
}

/* Buckets of samples and of finer rollups, summed; rollups carry their
 * sum as avg * count so buckets merge exactly. */
static const char down_collect[] =
	"INSERT INTO temp.pm_down"
	" SELECT series, b, sum(total), min(lo), max(hi), sum(n) FROM ("
	"  SELECT series, " BUCKET("ts") " AS b, value AS total, value AS lo,"
	"   value AS hi, 1 AS n FROM samples"
	"   WHERE series IN (SELECT id FROM series) AND ts < :cut"
	"  UNION ALL"
	"  SELECT series, " BUCKET("ts") ", avg * count, min, max, count"
	"   FROM rollups WHERE step < :step AND ts < :cut)"
	" GROUP BY series, b";
static const char down_drop_fine[] =
	"DELETE FROM rollups WHERE step < :step AND ts < :cut";
static const char down_merge[] =
	"INSERT INTO rollups (series, step, ts, avg, min, max, count)"
	" SELECT series, :step, ts, total / n, lo, hi, n FROM temp.pm_down"
	" WHERE true"
	" ON CONFLICT (series, ts) DO UPDATE SET"
	"  avg = (avg * count + excluded.avg * excluded.count)"
	"   / (count + excluded.count),"
	"  min = min(min, excluded.min), max = max(max, excluded.max),"
	"  count = count + excluded.count, step = max(step, excluded.step)";

int
pm_store_downsample(struct pm_store *s, int64_t step, int64_t before,
    struct pm_store_stats *st, struct pm_err *e)
{
	int64_t step_ms = step / PM_NS_PER_MS, cut;
	int rc;

	if (step_ms <= 0)
		return pm_err_set(e, "downsample step under 1ms");
	/* Only whole buckets: one that straddles the cut waits for a later
	 * run (merging handles samples that arrive late anyway). */
	cut = to_ms(before);
	cut -= ((cut % step_ms) + step_ms) % step_ms;
	if (begin(s, st, e) != 0)
		return -1;
	rc = pm_store_exec(s, "CREATE TEMP TABLE IF NOT EXISTS pm_down ("
	    "series INTEGER, ts INTEGER, total REAL, lo REAL, hi REAL, "
	    "n INTEGER); DELETE FROM temp.pm_down", "cannot downsample", e);
	if (rc == 0)
		rc = run(s, down_collect, step_ms, cut, NULL, e);
	if (rc == 0)
		rc = run(s, down_drop_fine, step_ms, cut, &st->rollups, e);
	if (rc == 0) {
		st->rollups = 0;	/* count what is written, not dropped */
		rc = run(s, down_merge, step_ms, cut, &st->rollups, e);
	}
	if (rc == 0)
		rc = run(s, prune_samples, step_ms, cut, &st->samples, e);
	if (rc == 0)
		rc = run(s, prune_extras, step_ms, cut, NULL, e);
	if (rc == 0)
		rc = pm_store_exec(s, "DELETE FROM temp.pm_down",
		    "cannot downsample", e);
	return commit(s, rc, e);
}

int
pm_store_vacuum(struct pm_store *s, struct pm_err *e)
{
	if (s->in_batch)
		return pm_err_set(e, "%s: a batch is open", s->path);
	if (pm_store_exec(s, "VACUUM", "cannot vacuum", e) != 0)
		return -1;
	/* In WAL mode the smaller file only shows after a checkpoint. */
	return pm_store_exec(s, "PRAGMA wal_checkpoint(TRUNCATE)",
	    "cannot checkpoint", e);
}
