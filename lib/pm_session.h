/* pm_session: the sampling loop of pm-sample (and pm-bench): a sampler
 * read on a ticker's schedule, until a count of samples, a stop, or the
 * end of a command that runs beside it.
 *
 * The first reading primes the counters and writes nothing (pm_ticker.h).
 * With a command, the loop also wakes when the command exits and takes a
 * last sample right then, so a command shorter than the interval still
 * gets one; that sample is left out when the previous one is less than a
 * quarter of the interval old (its rates would be mostly noise), unless it
 * would be the only one.  With the clock pinned (tests) the command's exit
 * is not watched: exactly count samples are taken.
 *
 * Ownership: the session borrows everything it points to.
 */
#ifndef PM_SESSION_H
#define PM_SESSION_H

#include <signal.h>
#include <stdint.h>

#include "pm_collect.h"
#include "pm_run.h"
#include "pm_sampler.h"
#include "pm_summary.h"
#include "pm_ticker.h"

struct pm_session {
	/* Set by the caller. */
	struct pm_sampler *sampler;
	struct pm_emit *emit;		/* where points go; ts is set here */
	int64_t interval;
	long long count;		/* samples to take; -1: no limit */
	struct pm_run *run;		/* a command to watch, or NULL */
	struct pm_summary *summary;	/* fed every point, or NULL */
	volatile sig_atomic_t *stop;	/* set by a signal handler */
	/* After each sample: non-zero ends the sampling (a write error). */
	int (*sync)(void *arg);
	void *sync_arg;
	/* Whether there is still something to sample; NULL: always. */
	int (*more)(void *arg);
	void *more_arg;
	pm_sampler_error_fn *on_error;
	void *error_arg;
	/* Results. */
	struct pm_ticker ticker;
	long long taken;		/* samples written */
	int failed;			/* samples in which a collector failed */
	int64_t last_ts;		/* time of the last sample */
	/* Private. */
	const struct pm_emit *user;
	int64_t prev_mono;
};

/* Sample until done (see above).  Returns 0, or -1 when sync stopped it. */
int pm_session_run(struct pm_session *s);

#endif
