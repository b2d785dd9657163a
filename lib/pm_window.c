/* Windows of recent samples and their aggregations (see pm_window.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_agg.h"
#include "pm_window.h"

/* cap is a power of two (8, doubled), so a mask wraps the ring. */
#define AT(w, i) ((w)->s[((w)->head + (i)) & ((w)->cap - 1)])

static int
grow(struct pm_window *w, struct pm_err *e)
{
	size_t cap = w->cap ? w->cap * 2 : 8, i;
	struct pm_sample *s = malloc(cap * sizeof(*s));

	if (s == NULL)
		return pm_err_set(e, "out of memory");
	for (i = 0; i < w->n; i++)
		s[i] = AT(w, i);
	free(w->s);
	w->s = s;
	w->cap = cap;
	w->head = 0;
	return 0;
}

/* Drop the oldest sample. */
static void
evict(struct pm_window *w)
{
	double x = AT(w, 0).v;

	if (w->n >= 2)
		w->grew -= pm_counter_delta(x, AT(w, 1).v);
	w->sum -= x;
	if (w->sorted)
		pm_ostat_remove(&w->os, x);
	w->head = (w->head + 1) & (w->cap - 1);
	w->n--;
	if (w->n == 0)
		w->sum = w->grew = 0;	/* a fresh start, errors and all */
}

int
pm_window_push(struct pm_window *w, int64_t ts, double v, int64_t width,
    struct pm_err *e)
{
	while (w->n > 0 && AT(w, 0).ts <= ts - width)
		evict(w);
	if (w->n == w->cap && grow(w, e) != 0)
		return -1;
	if (w->sorted && pm_ostat_insert(&w->os, v, e) != 0)
		return -1;
	if (w->n > 0)
		w->grew += pm_counter_delta(AT(w, w->n - 1).v, v);
	w->sum += v;
	AT(w, w->n) = (struct pm_sample){ ts, v };
	w->n++;
	return 0;
}

double
pm_window_agg(const struct pm_window *w, enum pm_agg agg)
{
	int64_t dt;

	if (w->n == 0)
		return NAN;
	switch (agg) {
	case PM_AGG_AVG:
		return w->sum / (double)w->n;
	case PM_AGG_RATE:
		if (w->n < 2 || (dt = AT(w, w->n - 1).ts - AT(w, 0).ts) <= 0)
			return NAN;
		return w->grew / ((double)dt / (double)PM_NS_PER_S);
	case PM_AGG_MIN:
		return w->sorted ? pm_ostat_at(&w->os, 0) : NAN;
	case PM_AGG_MAX:
		return w->sorted ? pm_ostat_at(&w->os, w->n - 1) : NAN;
	case PM_AGG_P50:
		return w->sorted ? pm_ostat_quantile(&w->os, 0.50) : NAN;
	case PM_AGG_P90:
		return w->sorted ? pm_ostat_quantile(&w->os, 0.90) : NAN;
	case PM_AGG_P95:
		return w->sorted ? pm_ostat_quantile(&w->os, 0.95) : NAN;
	case PM_AGG_P99:
		return w->sorted ? pm_ostat_quantile(&w->os, 0.99) : NAN;
	case PM_AGG_LAST:
	default:
		return AT(w, w->n - 1).v;
	}
}

void
pm_window_release(struct pm_window *w)
{
	free(w->s);
	pm_ostat_release(&w->os);
	memset(w, 0, sizeof(*w));
}
