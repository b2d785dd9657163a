/* Store the points of files in batches (see pm_insert.h). */
#include "pm_insert.h"

#include <errno.h>
#include <poll.h>
#include <string.h>

#include "pm_stop.h"
#include "pm_time.h"

#define BATCH_MAX_AGE PM_NS_PER_S

static int
commit(struct pm_insert *in)
{
	if (in->pending == 0 || in->failed) {
		in->pending = 0;
		return in->failed ? -1 : 0;
	}
	in->pending = 0;
	if (pm_storeq_commit(&in->queue, &in->e) != 0) {
		in->failed = 1;
		return -1;
	}
	return 0;
}

/* The reader is about to read(2): if that would block, flush the tee
 * output and wait, committing the open batch when it turns one second
 * old, so a slow producer never leaves points uncommitted for longer.  On
 * SIGINT or SIGTERM, make the read see end of file (pm_insert_finish then
 * commits). */
static void
wait_input(void *arg)
{
	struct pm_insert *in = arg;
	int fd = pm_reader_fd(&in->reader);
	struct pollfd pf[2] = { { fd, POLLIN, 0 }, { pm_stop_fd(), POLLIN, 0 } };
	int timeout = 0, n;

	for (;;) {
		if (pm_stop_signal) {
			in->cut = 1;
			pm_stop_wait(fd);	/* fd becomes /dev/null */
			return;
		}
		n = poll(pf, 2, timeout);
		if ((n > 0 && pf[0].revents != 0) || (n < 0 && errno != EINTR))
			return;	/* let read(2) see the data, the end or the error */
		/* n > 0: the stop pipe; the loop's next turn stops. */
		if (n == 0 && timeout != 0 && commit(in) != 0)
			return;
		if (timeout == 0 && in->tee != NULL && pm_out_sync(in->tee) != 0)
			return;
		timeout = -1;
		if (in->pending > 0) {
			int64_t left = in->batch_start + BATCH_MAX_AGE -
			    pm_clock_mono();

			if (left <= 0) {
				if (commit(in) != 0)
					return;
			} else {
				timeout = (int)((left + PM_NS_PER_MS - 1) /
				    PM_NS_PER_MS);
			}
		}
	}
}

/* Store one point: PM_INSERT_POINT, PM_INSERT_BAD (e says why) or
 * PM_INSERT_END when the store or the tee output failed.  Once the store
 * has failed, the tee goes on passing the points through, so none of
 * them is lost. */
static int
put(struct pm_insert *in, const struct pm_point *p, struct pm_err *e)
{
	int64_t mono = pm_clock_mono();
	int rc = 0;

	if (!in->failed) {
		if (in->pending == 0)
			in->batch_start = mono;
		rc = pm_storeq_put(&in->queue, p, &in->e);
		if (rc == PM_STORE_BAD) {
			pm_err_set(e, "%s:%lu: %s", in->reader.name,
			    in->reader.lineno, in->e.msg);
			return PM_INSERT_BAD;
		}
		if (rc != 0)
			in->failed = 1;
		else
			in->pending++;
	}
	in->points++;
	if (in->tee != NULL && pm_out_point(in->tee, p) != 0)
		return PM_INSERT_END;
	if (in->failed)
		return in->tee != NULL ? PM_INSERT_POINT : PM_INSERT_END;
	if (in->pending >= in->batch || mono - in->batch_start >= BATCH_MAX_AGE)
		return commit(in) != 0 && in->tee == NULL ? PM_INSERT_END :
		    PM_INSERT_POINT;
	return PM_INSERT_POINT;
}

int
pm_insert_init(struct pm_insert *in, const char *db, long long batch,
    struct pm_out *tee, char **files, size_t nfiles, struct pm_err *e)
{
	memset(in, 0, sizeof(*in));
	in->batch = batch > 0 ? batch : PM_INSERT_BATCH;
	in->tee = tee;
	if (pm_store_open(&in->store, db, 0, &in->e) != 0) {
		if (tee == NULL)
			return pm_err_set(e, "%s", in->e.msg);
		in->failed = 1;
	}
	/* Only now: a signal while the open waits for a lock still ends
	 * the process at once. */
	if (pm_stop_catch() != 0) {
		pm_store_close(&in->store);
		return pm_err_errno(e, "pipe");
	}
	if ((in->started = !in->failed) &&
	    pm_storeq_start(&in->queue, &in->store, e) != 0) {
		pm_store_close(&in->store);
		return -1;
	}
	pm_reader_init(&in->reader, files, nfiles);
	in->reader.before_read = wait_input;
	in->reader.before_read_arg = in;
	return 0;
}

int
pm_insert_next(struct pm_insert *in, struct pm_err *e)
{
	struct pm_point p;
	int rc;

	if (pm_stop_signal || (in->failed && in->tee == NULL))
		return PM_INSERT_END;
	rc = pm_reader_next(&in->reader, &p, e);
	if ((in->eof = rc == PM_READ_EOF) || (in->failed && in->tee == NULL))
		return PM_INSERT_END;
	if (rc == PM_READ_POINT)
		return put(in, &p, e);
	if (rc == PM_READ_BAD && in->cut)
		return PM_INSERT_END;	/* the line the signal cut short */
	return PM_INSERT_BAD;
}

int
pm_insert_finish(struct pm_insert *in, struct pm_err *e)
{
	if (in->started && pm_storeq_finish(&in->queue, &in->e) != 0)
		in->failed = 1;
	in->started = 0;
	if (in->failed)
		return pm_err_set(e, "%s", in->e.msg);
	return 0;
}

unsigned long long
pm_insert_lost(const struct pm_insert *in)
{
	return in->points - in->queue.committed;
}

void
pm_insert_release(struct pm_insert *in)
{
	struct pm_err e;

	if (in->started)
		pm_storeq_finish(&in->queue, &e);
	in->started = 0;
	pm_reader_release(&in->reader);
	pm_store_close(&in->store);
}
