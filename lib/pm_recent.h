/* pm_recent: the recent history of a series in the store, for pm-status:
 * the average of its last n readings, its last hour in buckets (for a
 * sparkline), and which way it is going.
 *
 * Ownership: struct pm_recent owns its store connection and statement;
 * pm_recent_close frees them.
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
	sqlite3_stmt *q;
	int open;
	/* Set by the caller. */
	const char *host;
	int avg_n;		/* readings to average (default 10) */
	int64_t window;		/* ns of history in the buckets (1h) */
	int buckets;		/* how many (up to PM_RECENT_BUCKETS_MAX) */
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

/* The history of p's series (metric, host r->host, labels) in the window
 * that ends at now (ns), and how p's value compares with it. */
int pm_recent_get(struct pm_recent *r, const struct pm_point *p, int64_t now,
    struct pm_trend *t, struct pm_err *e);

void pm_recent_close(struct pm_recent *r);

#endif
