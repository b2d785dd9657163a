/* pm_store: the history file, one SQLite database made for time series.
 *
 * The schema (documented for users in pm-query(1), STORE FORMAT):
 *   series  (id, metric, host, unit, labels)  one row per metric, host and
 *           label set; labels is the canonical text of pm_labels.h
 *   samples (series, ts, value)               raw points, ts in ms, keyed
 *           by (series, ts) WITHOUT ROWID, so one metric over a window is a
 *           lookup in series and a range scan per series id
 *   rollups (series, step, ts, avg, min, max, count)  what --downsample
 *           left in place of old samples, one row per bucket start
 *   extras  (series, ts, json)                non-point members of a record
 *   meta    (key, value)                      "series_generation", bumped
 *           whenever series rows are deleted, so writers drop cached ids
 *   alert_state (alert, fingerprint, json)    pm-alert's state between
 *           runs (version 2; pm_alert_dbstate.h)
 * The file is in WAL mode with a long busy timeout, so many writers and
 * readers share it; PRAGMA user_version is the format version, and opening
 * a file brings it up to date by itself.
 *
 * Writing happens in batches (one write transaction each): pm_store_put
 * inside pm_store_begin ... pm_store_commit.  A series id cache keeps a
 * steady stream at one INSERT per point.
 *
 * Ownership: struct pm_store owns its connection, statements and cache;
 * it borrows nothing after pm_store_open returns.  Not for use from
 * several threads at once.
 */
#ifndef PM_STORE_H
#define PM_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "pm_err.h"
#include "pm_point.h"

#define PM_STORE_VERSION 2	/* PRAGMA user_version this code writes */
#define PM_STORE_READABLE 1	/* the oldest a read-only open takes: the
				 * tables readers use are the same since */
#define PM_STORE_BAD (-2)	/* pm_store_put: this point cannot be stored */

enum pm_store_stmt {
	PM_ST_SERIES_GET,
	PM_ST_SERIES_ADD,
	PM_ST_SERIES_UNIT,
	PM_ST_SAMPLE,
	PM_ST_EXTRA,
	PM_ST_EXTRA_DEL,
	PM_ST_BATCH_STATE,
	PM_ST_COUNT
};

struct pm_store_slot;

/* A growable buffer (malloc'd; free p). */
struct pm_store_buf {
	char *p;
	size_t cap;
};

/* A point as the store takes it: its series key and the rest, ready for
 * SQLite.  Making one (pm_store_rec_make) is the part of storing a point
 * that needs no connection, so one thread can make records while another
 * stores them (pm_storeq.h). */
struct pm_store_rec {
	const char *key;	/* metric\0host\0labels\0 (canonical labels) */
	size_t len;		/* of key, without the last NUL */
	uint64_t hash;		/* of key, for the series id cache */
	const char *unit;	/* "" when none */
	int64_t ts;		/* milliseconds since the epoch */
	double value;
	const char *extras;	/* compact JSON of the extra members, or NULL */
};

struct pm_store {
	sqlite3 *db;
	char *path;		/* for messages */
	int readonly;
	int64_t busy_timeout;	/* ns to wait for another process's lock */
	int in_batch;		/* a write transaction is open */
	int extras_exist;	/* extras has rows: replacing must clear them */
	int64_t generation;	/* meta series_generation the cache matches */
	sqlite3_stmt *st[PM_ST_COUNT];
	/* Series id cache: open addressing, keyed by metric\0host\0labels. */
	struct pm_store_slot *slots;
	size_t nslots, nused;
	struct pm_store_buf key, json;	/* for pm_store_put's record */
};

/* Counts from the maintenance functions. */
struct pm_store_stats {
	long long samples;	/* raw samples deleted (or rolled up) */
	long long rollups;	/* rollups deleted (or written) */
	long long series;	/* series dropped */
};

/* The default store: $PM_DB, else ${XDG_DATA_HOME:-$HOME/.local/share}
 * /pm/metrics.db.  Fails when neither variable gives a place. */
int pm_store_default_path(char *buf, size_t size, struct pm_err *e);

/* Open path.  For writing, a missing file is made with mode 0600, and
 * the folders above it (0700) when path is pm's own place
 * ($XDG_DATA_HOME/pm or ~/.local/share/pm); elsewhere the folder must be
 * there.  Another process's lock is waited for up to PM_DB_TIMEOUT (a
 * duration, default 60s).  The file is set to WAL and migrated to
 * PM_STORE_VERSION.  Read-only, the file must exist at a version from
 * PM_STORE_READABLE on (newer tables are missing from older ones).  A
 * file from a newer pm is refused.  On failure s is left closed (calling
 * pm_store_close on it is harmless). */
int pm_store_open(struct pm_store *s, const char *path, int readonly,
    struct pm_err *e);

/* Roll back a batch still open (commit first to keep it) and close. */
void pm_store_close(struct pm_store *s);

/* The connection, for queries (owned by s). */
sqlite3 *pm_store_db(struct pm_store *s);

/* Start a batch: BEGIN IMMEDIATE, waiting up to the busy timeout for
 * other writers. */
int pm_store_begin(struct pm_store *s, struct pm_err *e);

int pm_store_commit(struct pm_store *s, struct pm_err *e);

void pm_store_rollback(struct pm_store *s);

/* Store one point (a batch is begun if none is open).  A point without a
 * timestamp is stored at pm_clock_now().  The same series and ts replaces
 * what was there, extras included.  Returns 0, PM_STORE_BAD when this
 * point cannot be stored (e says why; go on with the next), or -1 when
 * the store failed (roll back). */
int pm_store_put(struct pm_store *s, const struct pm_point *p,
    struct pm_err *e);

/* Fill r from p (a point without a timestamp gets pm_clock_now()); r's
 * key and extras live in the buffers key and json, which grow as needed.
 * Returns 0, PM_STORE_BAD (e says why) or -1 (out of memory). */
int pm_store_rec_make(struct pm_store_rec *r, const struct pm_point *p,
    struct pm_store_buf *key, struct pm_store_buf *json, struct pm_err *e);

/* pm_store_put for a record made by pm_store_rec_make. */
int pm_store_put_rec(struct pm_store *s, const struct pm_store_rec *r,
    struct pm_err *e);

/* Maintenance, each in one transaction of its own (no batch open).
 * prune: delete samples, rollups and extras with ts before `before` (ns),
 * then series left with no data.
 * downsample: replace samples in step-wide buckets (aligned to the epoch)
 * that end at or before `before` by avg/min/max/count rollups, merging
 * with rollups already there and folding finer rollups into the new step,
 * so running it again changes nothing.
 * vacuum: rebuild the file to give freed pages back. */
int pm_store_prune(struct pm_store *s, int64_t before,
    struct pm_store_stats *st, struct pm_err *e);
int pm_store_downsample(struct pm_store *s, int64_t step, int64_t before,
    struct pm_store_stats *st, struct pm_err *e);
int pm_store_vacuum(struct pm_store *s, struct pm_err *e);

/* Run SQL without results; on failure e says "PATH: what: why". */
int pm_store_exec(struct pm_store *s, const char *sql, const char *what,
    struct pm_err *e);

/* Fill e with "PATH: what: why"; returns -1.  why is SQLite's message,
 * made plain for a lock held past the busy timeout, a damaged file, a
 * read-only folder, the file size limit and a full disk
 * (pm_store_err.c). */
int pm_store_error(struct pm_store *s, const char *what, struct pm_err *e);

/* Private to pm_store*.c: drop every cached series id. */
void pm_store_forget(struct pm_store *s);

#endif
