/* pm_store_err: a failure of the store in words that say what to do. */
#include "pm_store.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "pm_time.h"

/* Why a write failed when SQLite lost errno (it does for EFBIG): the file
 * size limit (ulimit -f) reached by the file or its WAL, or a full disk. */
static int
write_cause(struct pm_store *s, char *buf, size_t size)
{
	struct rlimit rl;
	struct statvfs vfs;
	struct stat st;
	char wal[PATH_MAX];
	unsigned long long room = 1u << 20;	/* more than a batch writes */

	snprintf(wal, sizeof(wal), "%s-wal", s->path);
	if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    ((stat(s->path, &st) == 0 && st.st_size + room > rl.rlim_cur) ||
	    (stat(wal, &st) == 0 && st.st_size + room > rl.rlim_cur)))
		return snprintf(buf, size, "%s: the file size limit is reached "
		    "(ulimit -f: %llu bytes)", sqlite3_errmsg(s->db),
		    (unsigned long long)rl.rlim_cur);
	if (statvfs(s->path, &vfs) == 0 &&
	    (unsigned long long)vfs.f_bavail * vfs.f_frsize < room)
		return snprintf(buf, size, "%s: the disk is full",
		    sqlite3_errmsg(s->db));
	return -1;
}

/* SQLite's words for a failure, made plain where they are not: a lock
 * says how long it was waited for, an I/O error says which. */
static void
reason(struct pm_store *s, char *buf, size_t size)
{
	int code = sqlite3_extended_errcode(s->db), sys;
	char wait[32];

	if (code == SQLITE_READONLY_DIRECTORY) {
		snprintf(buf, size, "its folder is read-only (SQLite makes "
		    "%s-wal and -shm there)", s->path);
		return;
	}
	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		pm_duration_format(s->busy_timeout, wait, sizeof(wait));
		snprintf(buf, size, "locked by another process for longer "
		    "than %s", wait);
		return;
	case SQLITE_CORRUPT:
		snprintf(buf, size, "the file is damaged (%s)",
		    sqlite3_errmsg(s->db));
		return;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_FULL:
		if ((sys = sqlite3_system_errno(s->db)) != 0) {
			snprintf(buf, size, "%s: %s", sqlite3_errmsg(s->db),
			    strerror(sys));
			return;
		}
		if ((code == SQLITE_IOERR_WRITE || code == SQLITE_FULL) &&
		    write_cause(s, buf, size) >= 0)
			return;
		break;
	}
	snprintf(buf, size, "%s", sqlite3_errmsg(s->db));
}

int
pm_store_error(struct pm_store *s, const char *what, struct pm_err *e)
{
	char why[PM_ERR_MAX];

	if (s->db == NULL)
		snprintf(why, sizeof(why), "out of memory");
	else
		reason(s, why, sizeof(why));
	return pm_err_set(e, "%s: %s: %s", s->path ? s->path : "store", what,
	    why);
}
