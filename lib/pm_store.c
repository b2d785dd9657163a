#include "pm_store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm_time.h"

#define BUSY_TIMEOUT_NS (60 * PM_NS_PER_S)
/* Enough pages that a 50,000-point batch never spills mid-transaction. */
#define CACHE_KIB 65536

/* migrations[v] brings a file from user_version v to v + 1. */
static const char *const migrations[PM_STORE_VERSION] = {
	"CREATE TABLE series ("
	" id INTEGER PRIMARY KEY,"
	" metric TEXT NOT NULL,"
	" host TEXT NOT NULL DEFAULT '',"
	" unit TEXT NOT NULL DEFAULT '',"
	" labels TEXT NOT NULL DEFAULT '{}',"
	" UNIQUE (metric, host, labels));"
	"CREATE TABLE samples ("
	" series INTEGER NOT NULL REFERENCES series(id),"
	" ts INTEGER NOT NULL,"
	" value REAL NOT NULL,"
	" PRIMARY KEY (series, ts)) WITHOUT ROWID;"
	"CREATE TABLE rollups ("
	" series INTEGER NOT NULL REFERENCES series(id),"
	" step INTEGER NOT NULL,"
	" ts INTEGER NOT NULL,"
	" avg REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,"
	" count INTEGER NOT NULL,"
	" PRIMARY KEY (series, ts)) WITHOUT ROWID;"
	"CREATE TABLE extras ("
	" series INTEGER NOT NULL, ts INTEGER NOT NULL, json TEXT NOT NULL,"
	" PRIMARY KEY (series, ts)) WITHOUT ROWID;"
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)"
	" WITHOUT ROWID;"
	"INSERT INTO meta VALUES ('series_generation', 0);"
	"CREATE INDEX series_by_host ON series(host, metric);",
	/* 2: pm-alert's state between runs (pm_alert_dbstate.h). */
	"CREATE TABLE alert_state ("
	" alert TEXT NOT NULL, fingerprint TEXT NOT NULL, json TEXT NOT NULL,"
	" PRIMARY KEY (alert, fingerprint)) WITHOUT ROWID;",
};

static const char *const stmt_sql[PM_ST_COUNT] = {
	[PM_ST_SERIES_GET] = "SELECT id, unit FROM series"
	    " WHERE metric = ?1 AND host = ?2 AND labels = ?3",
	[PM_ST_SERIES_ADD] = "INSERT INTO series (metric, host, unit, labels)"
	    " VALUES (?1, ?2, ?3, ?4)",
	[PM_ST_SERIES_UNIT] = "UPDATE series SET unit = ?2 WHERE id = ?1",
	[PM_ST_SAMPLE] = "INSERT OR REPLACE INTO samples (series, ts, value)"
	    " VALUES (?1, ?2, ?3)",
	[PM_ST_EXTRA] = "INSERT OR REPLACE INTO extras (series, ts, json)"
	    " VALUES (?1, ?2, ?3)",
	[PM_ST_EXTRA_DEL] = "DELETE FROM extras WHERE series = ?1 AND ts = ?2",
	[PM_ST_BATCH_STATE] = "SELECT (SELECT value FROM meta"
	    " WHERE key = 'series_generation'),"
	    " EXISTS (SELECT 1 FROM extras)",
};

int
pm_store_exec(struct pm_store *s, const char *sql, const char *what,
    struct pm_err *e)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return pm_store_error(s, what, e);
	return 0;
}

/* pm's own place for the store, from XDG_DATA_HOME or HOME; 0 when
 * neither gives one, else snprintf's count. */
static int
own_place(char *buf, size_t size)
{
	const char *xdg, *home;

	if ((xdg = getenv("XDG_DATA_HOME")) != NULL && *xdg == '/')
		return snprintf(buf, size, "%s/pm/metrics.db", xdg);
	if ((home = getenv("HOME")) != NULL && *home != '\0')
		return snprintf(buf, size, "%s/.local/share/pm/metrics.db",
		    home);
	return 0;
}

int
pm_store_default_path(char *buf, size_t size, struct pm_err *e)
{
	const char *env = getenv("PM_DB");
	int n;

	if (env != NULL && *env != '\0')
		n = snprintf(buf, size, "%s", env);
	else if ((n = own_place(buf, size)) == 0)
		return pm_err_set(e, "no store: set PM_DB or HOME, or use --db");
	if (n < 0 || (size_t)n >= size)
		return pm_err_set(e, "store path too long");
	return 0;
}

/* mkdir -p the folders above path, 0700 as XDG asks for data folders. */
static int
make_parents(const char *path, struct pm_err *e)
{
	char dir[PATH_MAX], *p;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return pm_err_set(e, "%s: path too long", path);
	for (p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return pm_err_errno(e, "%s: cannot create folder %s",
			    path, dir);
		*p = '/';
	}
	return 0;
}

static int
user_version(struct pm_store *s, int *v, struct pm_err *e)
{
	sqlite3_stmt *st;
	int rc;

	*v = 0;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st,
	    NULL) != SQLITE_OK)
		return pm_store_error(s, "cannot read", e);
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return pm_store_error(s, "cannot read", e);
	return 0;
}

static int
check_version(struct pm_store *s, int v, struct pm_err *e)
{
	if (v > PM_STORE_VERSION)
		return pm_err_set(e, "%s: store format version %d is newer than "
		    "this pm reads (%d): use a newer pm", s->path, v,
		    PM_STORE_VERSION);
	if (v < PM_STORE_READABLE && s->readonly)
		return pm_err_set(e, "%s: not a pm store, or one in an older "
		    "format (version %d): open it once for writing "
		    "(pm-query --insert /dev/null)", s->path, v);
	return 0;
}

/* Bring the file up to PM_STORE_VERSION in one transaction, checking the
 * version again under the write lock: another process may have just done
 * it. */
static int
migrate(struct pm_store *s, struct pm_err *e)
{
	sqlite3_stmt *st;
	int v, rc, tables;

	if (pm_store_exec(s, "BEGIN IMMEDIATE", "cannot lock for upgrade",
	    e) != 0)
		return -1;
	if (user_version(s, &v, e) != 0 || check_version(s, v, e) != 0)
		goto fail;
	if (v == 0) {
		/* Version 0 is a new file; refuse to add tables to someone
		 * else's database. */
		if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM "
		    "sqlite_master", -1, &st, NULL) != SQLITE_OK) {
			pm_store_error(s, "cannot read the schema", e);
			goto fail;
		}
		rc = sqlite3_step(st);
		tables = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW) {
			pm_store_error(s, "cannot read the schema", e);
			goto fail;
		}
		if (tables > 0) {
			pm_err_set(e, "%s: not a pm store (a database with "
			    "other tables)", s->path);
			goto fail;
		}
	}
	for (; v < PM_STORE_VERSION; v++) {
		char pragma[64];

		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
		    v + 1);
		if (pm_store_exec(s, migrations[v], "cannot upgrade", e) != 0 ||
		    pm_store_exec(s, pragma, "cannot upgrade", e) != 0)
			goto fail;
	}
	return pm_store_exec(s, "COMMIT", "cannot upgrade", e);
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* Make the file when it is missing, and its folders when it is in pm's
 * own place: a --db or PM_DB in a folder that is not there is more likely
 * a typing mistake than a wish for a new folder tree. */
static int
create_file(const char *path, struct pm_err *e)
{
	char own[PATH_MAX];
	int fd, n = own_place(own, sizeof(own));

	if (n > 0 && (size_t)n < sizeof(own) && strcmp(path, own) == 0 &&
	    make_parents(path, e) != 0)
		return -1;
	/* SQLite would create it 0644; metrics can tell a lot about a box. */
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 && errno == ENOENT)
		return pm_err_set(e, "%s: cannot create: its folder does not "
		    "exist", path);
	if (fd < 0)
		return pm_err_errno(e, "%s: cannot open for writing", path);
	close(fd);
	return 0;
}

/* PM_DB_TIMEOUT, a duration, else a minute: how long to wait for another
 * process's lock. */
static int
busy_timeout(struct pm_store *s, struct pm_err *e)
{
	const char *env = getenv("PM_DB_TIMEOUT");

	s->busy_timeout = BUSY_TIMEOUT_NS;
	if (env != NULL && *env != '\0' &&
	    pm_duration_parse(env, &s->busy_timeout, e) != 0)
		return pm_err_prefix(e, "PM_DB_TIMEOUT");
	if (s->busy_timeout / PM_NS_PER_MS > INT_MAX)
		s->busy_timeout = (int64_t)INT_MAX * PM_NS_PER_MS;
	sqlite3_busy_timeout(s->db, (int)(s->busy_timeout / PM_NS_PER_MS));
	return 0;
}

int
pm_store_open(struct pm_store *s, const char *path, int readonly,
    struct pm_err *e)
{
	int flags = SQLITE_OPEN_NOMUTEX, v, i;
	char pragma[64];

	memset(s, 0, sizeof(*s));
	s->readonly = readonly;
	if ((s->path = strdup(path)) == NULL)
		return pm_err_set(e, "%s: out of memory", path);
	if (readonly) {
		flags |= SQLITE_OPEN_READONLY;
		if (access(path, F_OK) != 0) {
			pm_err_errno(e, "%s", path);
			goto fail;
		}
	} else {
		flags |= SQLITE_OPEN_READWRITE;
		if (create_file(path, e) != 0)
			goto fail;
	}
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		pm_store_error(s, "cannot open", e);
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	if (busy_timeout(s, e) != 0)
		goto fail;
	snprintf(pragma, sizeof(pragma), "PRAGMA cache_size = -%d", CACHE_KIB);
	if (user_version(s, &v, e) != 0 || check_version(s, v, e) != 0)
		goto fail;
	/* Switching to WAL waits for other connections through the busy
	 * handler, like any lock. */
	if (!readonly && (pm_store_exec(s, "PRAGMA journal_mode = WAL",
	    "cannot set WAL mode", e) != 0 || pm_store_exec(s,
	    "PRAGMA synchronous = NORMAL", "cannot set up", e) != 0 ||
	    (v < PM_STORE_VERSION && migrate(s, e) != 0)))
		goto fail;
	if (pm_store_exec(s, pragma, "cannot set up", e) != 0)
		goto fail;
	for (i = 0; i < PM_ST_COUNT && !readonly; i++)
		if (sqlite3_prepare_v3(s->db, stmt_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) != SQLITE_OK) {
			pm_store_error(s, "cannot prepare", e);
			goto fail;
		}
	s->generation = -1;
	return 0;
fail:
	pm_store_close(s);
	return -1;
}

void
pm_store_close(struct pm_store *s)
{
	int i;

	if (s->in_batch)
		pm_store_rollback(s);
	for (i = 0; i < PM_ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	pm_store_forget(s);
	free(s->slots);
	free(s->key.p);
	free(s->json.p);
	free(s->path);
	memset(s, 0, sizeof(*s));
}

sqlite3 *
pm_store_db(struct pm_store *s)
{
	return s->db;
}

int
pm_store_begin(struct pm_store *s, struct pm_err *e)
{
	sqlite3_stmt *st = s->st[PM_ST_BATCH_STATE];
	int64_t gen;

	if (s->in_batch)
		return 0;
	if (s->readonly)
		return pm_err_set(e, "%s: opened read-only", s->path);
	if (pm_store_exec(s, "BEGIN IMMEDIATE", "cannot begin a batch",
	    e) != 0)
		return -1;
	s->in_batch = 1;
	/* Under the write lock: whether cached series ids still hold, and
	 * whether replacing a point has extras to clear. */
	if (sqlite3_step(st) != SQLITE_ROW) {
		pm_store_error(s, "cannot begin a batch", e);
		sqlite3_reset(st);
		pm_store_rollback(s);
		return -1;
	}
	gen = sqlite3_column_int64(st, 0);
	s->extras_exist = sqlite3_column_int(st, 1);
	sqlite3_reset(st);
	if (gen != s->generation) {
		pm_store_forget(s);
		s->generation = gen;
	}
	return 0;
}

int
pm_store_commit(struct pm_store *s, struct pm_err *e)
{
	if (!s->in_batch)
		return 0;
	if (pm_store_exec(s, "COMMIT", "cannot commit", e) != 0) {
		pm_store_rollback(s);
		return -1;
	}
	s->in_batch = 0;
	return 0;
}

void
pm_store_rollback(struct pm_store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_batch = 0;
	/* Series made in the batch are gone with it: the next batch must
	 * not trust the cache. */
	s->generation = -1;
}
