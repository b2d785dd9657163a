/* pm_session: the sampling loop (see pm_session.h). */
#include "pm_session.h"

#include <string.h>

/* Every point goes to the summary as well as where it was going. */
static int
tap(void *arg, const struct pm_point *p)
{
	struct pm_session *s = arg;

	pm_summary_add(s->summary, p);
	return s->user->fn(s->user->arg, p);
}

/* One sample at mono, stamped wall; -1 when sync says stop. */
static int
sample(struct pm_session *s, struct pm_emit *em, int64_t mono, int64_t wall)
{
	em->ts = wall;
	if (s->summary != NULL)
		s->summary->weight = pm_elapsed(s->prev_mono, mono);
	if (pm_sampler_read(s->sampler, mono, em, s->on_error,
	    s->error_arg) > 0)
		s->failed++;
	s->prev_mono = mono;
	s->last_ts = wall;
	s->taken++;
	return s->sync != NULL && s->sync(s->sync_arg) != 0 ? -1 : 0;
}

int
pm_session_run(struct pm_session *s)
{
	struct pm_emit em = *s->emit;
	int64_t mono, wall;
	int woke;

	s->user = s->emit;
	if (s->summary != NULL) {
		em.fn = tap;
		em.arg = s;
	}
	pm_ticker_init(&s->ticker, s->interval);
	s->prev_mono = s->ticker.start;
	s->last_ts = s->ticker.wall0;
	if (pm_sampler_read(s->sampler, s->ticker.start, NULL, s->on_error,
	    s->error_arg) > 0)
		s->failed++;
	while (s->count < 0 || s->taken < s->count) {
		if (s->run == NULL && s->stop != NULL && *s->stop)
			break;
		if (s->run == NULL) {
			if (pm_ticker_wait(&s->ticker, &mono, &wall) != 0)
				continue;	/* a signal: see stop */
		} else if ((woke = pm_ticker_wait_fd(&s->ticker,
		    pm_run_fd(s->run), &mono, &wall)) < 0) {
			break;
		} else if (woke == 1) {
			if (!pm_run_poll(s->run))
				continue;	/* a signal, passed on */
			/* The command exited: a last sample, unless the
			 * previous one was just now. */
			if ((s->taken == 0 ||
			    mono - s->prev_mono >= s->interval / 4) &&
			    sample(s, &em, mono, wall) != 0)
				return -1;
			break;
		}
		if (sample(s, &em, mono, wall) != 0)
			return -1;
		if (s->more != NULL && !s->more(s->more_arg))
			break;
	}
	return 0;
}
