/* pm_insert: read points from files (or standard input) and store them,
 * as pm-query --insert does.
 *
 * Points go to the store in batches through a pm_storeq; a batch commits
 * every `batch` points and whenever it turns one second old, also while
 * the input is idle (the reader's before_read hook waits in poll(2)).
 * With a tee output every point read is also written there, and a store
 * that fails (or cannot be opened) becomes a side branch of the pipeline:
 * the points still go on.  SIGINT and SIGTERM (pm_stop.h) end the input
 * as at its end: what was read is committed.
 *
 * Ownership: struct pm_insert owns its store, queue and reader; it
 * borrows the file names and the tee output (which must outlive it).
 * Between pm_insert_init and the first pm_insert_next the caller may set
 * reader.threads (pm_reader.h); the reader's hooks are pm_insert's own.
 */
#ifndef PM_INSERT_H
#define PM_INSERT_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"
#include "pm_out.h"
#include "pm_reader.h"
#include "pm_store.h"
#include "pm_storeq.h"

#define PM_INSERT_BATCH 50000	/* points in a batch unless told */

/* pm_insert_next */
#define PM_INSERT_END	0	/* no more: the end, a stop, or a failure */
#define PM_INSERT_POINT	1	/* a point went through */
#define PM_INSERT_BAD	2	/* a bad line or point: e says which */

struct pm_insert {
	struct pm_store store;
	struct pm_storeq queue;
	struct pm_reader reader;
	struct pm_out *tee;	/* borrowed; NULL: no tee */
	long long batch, pending;
	unsigned long long points;	/* good points read */
	int64_t batch_start;	/* monotonic time of the batch's first point */
	int started;		/* the queue runs */
	int failed;		/* the store failed; e says how */
	int cut;		/* a signal ended the input, maybe mid-line */
	int eof;		/* the input was read to its end */
	struct pm_err e;
};

/* Open the store db for writing, catch SIGINT and SIGTERM (pm_stop_catch)
 * and get ready to read files (none: standard input).  batch: points a
 * batch (0: PM_INSERT_BATCH).  tee: where to pass the points on, or NULL.
 * A store that cannot be opened fails this without a tee; with one, it
 * is a failure that pm_insert_finish reports.  On failure nothing is
 * left to release (do not call pm_insert_release). */
int pm_insert_init(struct pm_insert *in, const char *db, long long batch,
    struct pm_out *tee, char **files, size_t nfiles, struct pm_err *e);

/* Read the next point and store it (and pass it on).  PM_INSERT_BAD
 * comes with "FILE:LINE: reason" in e (a file that cannot be read too);
 * the caller goes on or stops.  PM_INSERT_END: at the end of the input,
 * after a stop, when the tee output failed (its pm_out says why), or
 * when the store failed and there is no tee. */
int pm_insert_next(struct pm_insert *in, struct pm_err *e);

/* Commit what is pending and stop the queue.  -1 when the store failed
 * (now or before; e says how): pm_insert_lost points were not stored. */
int pm_insert_finish(struct pm_insert *in, struct pm_err *e);

/* Points read and not in the store. */
unsigned long long pm_insert_lost(const struct pm_insert *in);

void pm_insert_release(struct pm_insert *in);

#endif
