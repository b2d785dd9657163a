#include "pm_ticker.h"

#include <errno.h>
#include <poll.h>
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

/* A tick happened: its times, and the next deadline. */
static void
advance(struct pm_ticker *t, int64_t *mono, int64_t *wall)
{
	int64_t now;

	*mono = pm_clock_mono();
	*wall = pm_clock_now();
	t->deadline += t->interval;
	/* After a suspend or a stall, skip the ticks already missed. */
	now = pm_clock_mono();
	if (t->deadline < now)
		t->deadline += (now - t->deadline) / t->interval * t->interval +
		    t->interval;
}

int
pm_ticker_wait(struct pm_ticker *t, int64_t *mono, int64_t *wall)
{
	struct timespec ts;

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
	advance(t, mono, wall);
	return 0;
}

int
pm_ticker_wait_fd(struct pm_ticker *t, int fd, int64_t *mono, int64_t *wall)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct timespec ts;
	int64_t left;
	int n;

	if (t->pinned || fd < 0)
		return pm_ticker_wait(t, mono, wall);
	for (;;) {
		left = t->deadline - pm_clock_mono();
		if (left < 0)
			left = 0;
		ts.tv_sec = left / PM_NS_PER_S;
		ts.tv_nsec = left % PM_NS_PER_S;
		n = ppoll(&pfd, 1, &ts, NULL);
		if (n > 0) {
			*mono = pm_clock_mono();
			*wall = pm_clock_now();
			return 1;
		}
		if (n == 0 && pm_clock_mono() >= t->deadline)
			break;
		if (n < 0 && errno != EINTR)
			return -1;
	}
	advance(t, mono, wall);
	return 0;
}

void
pm_ticker_now(const struct pm_ticker *t, int64_t *mono, int64_t *wall)
{
	if (t->pinned) {
		*mono = t->deadline == t->start + t->prime ? t->start :
		    t->deadline - t->interval;
		*wall = t->wall0 + (*mono - t->start);
		return;
	}
	*mono = pm_clock_mono();
	*wall = pm_clock_now();
}
