/* pm_ticker: the sampling schedule shared by the tools that sample.
 *
 * A short first tick (the priming interval, min(interval, 250ms)) so the
 * first rates come quickly, then ticks on absolute deadlines of the
 * monotonic clock, so `-i 1s -n 3600` ends an hour after it starts, not an
 * hour plus the time the samples took.  Ticks missed during a stall or a
 * suspend are skipped, not fired in a burst.  With the clock pinned
 * (PM_NOW, see pm_time.h) nothing sleeps: each tick advances the pinned
 * time by the interval, so replays and tests are exact.
 */
#ifndef PM_TICKER_H
#define PM_TICKER_H

#include <stdint.h>

struct pm_ticker {
	int64_t interval, prime;
	int64_t start;		/* monotonic time of the priming reading */
	int64_t wall0;		/* wall clock then */
	int64_t deadline;	/* monotonic time of the next tick */
	int pinned;
};

/* Start the schedule now: the priming reading happens at t->start. */
void pm_ticker_init(struct pm_ticker *t, int64_t interval);

/* Wait for the next tick.  Sets *mono (for rates) and *wall (the points'
 * time); 0, or -1 when a signal cut the wait short. */
int pm_ticker_wait(struct pm_ticker *t, int64_t *mono, int64_t *wall);

/* As pm_ticker_wait, but also wake when fd becomes readable (a command
 * exited, a signal came): then 1, with *mono and *wall the time now, and
 * the tick still ahead.  With the clock pinned fd is not looked at, so a
 * replay takes the same samples whatever else happens. */
int pm_ticker_wait_fd(struct pm_ticker *t, int fd, int64_t *mono,
    int64_t *wall);

/* The time now on the schedule's clock: with the clock pinned, the time
 * of the last tick. */
void pm_ticker_now(const struct pm_ticker *t, int64_t *mono, int64_t *wall);

#endif
