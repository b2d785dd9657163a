/* pm_recent: the recent history of a series in the store, for pm-status:
 * the average of its last n readings, its last hour in buckets (for a
 * sparkline), and which way it is going.
 *
 * Without a store, pm-status -w keeps its own readings in memory
 * (pm_recent_open_memory, pm_recent_keep): then each bucket is one
 * interval, so the sparklines fill a cell a reading as it runs.
 *
 * Ownership: struct pm_recent owns its store connection (or its memory
 * database) and statements; pm_recent_close frees them.
 */
#ifndef PM_RECENT_H
#define PM_RECENT_H

#include <stdint.h>

#include "pm_err.h"
#include "pm_point.h"
#include "pm_store.h"

#define PM_RECENT_BUCKETS_MAX 64
#define PM_RECENT_AVG_MAX 10000

struct pm_recent {
	struct pm_store store;
	sqlite3 *db;		/* the store's connection, or the memory's */
	sqlite3_stmt *q;
	sqlite3_stmt *put[3];	/* in memory: series, sample, prune */
	int open;
	/* Set by the caller. */
	const char *host;
	int avg_n;		/* readings to average (default 10) */
	int64_t window;		/* ns of history in the buckets (1h) */
	int buckets;		/* how many (up to PM_RECENT_BUCKETS_MAX) */
	int64_t step;		/* in memory: the interval; the window is
				 * step * buckets */
	/* Reads that failed since the open, and the first one's reason (a
	 * damaged store fails every read: the command says so once). */
	int nerr;
	struct pm_err first_err;
};

struct pm_trend {
	int n;			/* readings in the window (0: none) */
	int navg;		/* readings averaged (n or fewer) */
	double avg;		/* of the last navg readings */
	double bucket[PM_RECENT_BUCKETS_MAX];	/* averages; NAN: empty */
	int dir;		/* the reading against avg: -1 down, 0, 1 up */
};

/* Open the store at path for reading.  Sets the defaults above. */
int pm_recent_open(struct pm_recent *r, const char *path, struct pm_err *e);

/* History kept in memory, of readings every step ns, at most
 * PM_RECENT_BUCKETS_MAX of them. */
int pm_recent_open_memory(struct pm_recent *r, int64_t step,
    struct pm_err *e);

/* Keep the n points of a reading (their host taken as r->host) in the
 * memory's history, and forget the readings too old to be shown. */
int pm_recent_keep(struct pm_recent *r, const struct pm_point *p, size_t n,
    int64_t ts, struct pm_err *e);

/* The history of p's series (metric, host r->host, labels) in the window
 * that ends at now (ns), and how p's value compares with it. */
int pm_recent_get(struct pm_recent *r, const struct pm_point *p, int64_t now,
    struct pm_trend *t, struct pm_err *e);

void pm_recent_close(struct pm_recent *r);

#endif
