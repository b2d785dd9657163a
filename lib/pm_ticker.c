#include "pm_ticker.h"

#include <time.h>

#include "pm_time.h"

#define PRIME_MAX (250 * PM_NS_PER_MS)

void
pm_ticker_init(struct pm_ticker *t, int64_t interval)
{
	t->interval = interval;
	t->prime = interval < PRIME_MAX ? interval : PRIME_MAX;
	t->pinned = pm_clock_pinned();
	t->start = t->pinned ? 0 : pm_clock_mono();
	t->wall0 = pm_clock_now();
	t->deadline = t->start + t->prime;
}

int
pm_ticker_wait(struct pm_ticker *t, int64_t *mono, int64_t *wall)
{
	struct timespec ts;
	int64_t now;

	if (t->pinned) {
		*mono = t->deadline;
		*wall = t->wall0 + (t->deadline - t->start);
		t->deadline += t->interval;
		return 0;
	}
	ts.tv_sec = t->deadline / PM_NS_PER_S;
	ts.tv_nsec = t->deadline % PM_NS_PER_S;
	if (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) != 0)
		return -1;
	*mono = pm_clock_mono();
	*wall = pm_clock_now();
	t->deadline += t->interval;
	/* After a suspend or a stall, skip the ticks already missed. */
	now = pm_clock_mono();
	if (t->deadline < now)
		t->deadline += (now - t->deadline) / t->interval * t->interval +
		    t->interval;
	return 0;
}
