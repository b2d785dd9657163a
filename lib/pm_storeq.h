/* pm_storeq: store points from a second thread.
 *
 * Reading and parsing a point costs about as much as SQLite's insert of
 * it, so a single thread tops out near half a million points a second.
 * With a pm_storeq the caller's thread reads points and makes records
 * (pm_store_rec_make: series key, canonical labels, extras JSON) into
 * chunks, and a writer thread, the only user of the store's connection
 * while the queue runs, does the series lookups and inserts.  Batches are
 * the caller's: pm_storeq_commit ends one.  A bounded number of chunks
 * keeps memory flat when the writer waits for another process's lock.
 *
 * Ownership: the queue borrows the store (which must stay open and
 * untouched until pm_storeq_finish) and owns its chunks and thread.
 * Every function is for the caller's thread only.
 */
#ifndef PM_STOREQ_H
#define PM_STOREQ_H

#include <pthread.h>

#include "pm_store.h"

struct pm_storeq_chunk;

struct pm_storeq {
	struct pm_store *store;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work, done;	/* chunk queued; chunk finished */
	struct pm_storeq_chunk *cur;	/* being filled by the caller */
	struct pm_storeq_chunk *head, *tail, *free;
	unsigned nchunks;
	unsigned long long submitted, finished;
	int dirty;		/* records submitted since the last commit */
	int stop;		/* no more chunks will come */
	int failed;		/* the writer failed; err says how */
	unsigned long long committed;	/* records in batches that committed:
					 * what a failure did not lose */
	struct pm_err err;
	struct pm_store_buf key, json;
};

/* Start the writer thread on s. */
int pm_storeq_start(struct pm_storeq *q, struct pm_store *s,
    struct pm_err *e);

/* Queue p (copied).  Returns 0, PM_STORE_BAD (p cannot be stored, e says
 * why; go on) or -1 (the writer failed or memory ran out: stop and call
 * pm_storeq_finish). */
int pm_storeq_put(struct pm_storeq *q, const struct pm_point *p,
    struct pm_err *e);

/* End the batch: everything queued so far commits once the writer gets to
 * it.  Does not wait. */
int pm_storeq_commit(struct pm_storeq *q, struct pm_err *e);

/* Commit, wait for the writer to finish everything, and stop it.  Returns
 * -1 with e when anything failed (what was committed before stays: q's
 * committed says how many records that is). */
int pm_storeq_finish(struct pm_storeq *q, struct pm_err *e);

#endif
