/* pm_window: the recent samples of one series, for a rule's aggregation
 * over a time window (avg(x[5m])).
 *
 * A ring of samples in time order holding those in (t - width, t], t the
 * newest sample's time: memory is bounded by how many samples a series
 * sends in one window, never by the length of the stream.
 *
 * Every aggregation costs O(1) or O(log n) per sample, not O(n), so long
 * windows over fast series stay cheap: avg and rate keep running sums
 * (recomputed from the samples whenever the window empties, so error
 * cannot pile up for ever); min, max and the percentiles, when asked for
 * with `sorted`, the values in order in blocks (pm_ostat.h), so a long
 * window costs no more per sample than a block's worth of moves.
 *
 * Ownership: the window owns its ring and blocks; pm_window_release frees
 * them.
 */
#ifndef PM_WINDOW_H
#define PM_WINDOW_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"
#include "pm_ostat.h"
#include "pm_query.h"
#include "pm_series.h"

struct pm_window {
	int sorted;		/* setting: keep values sorted (min/max/pNN) */
	struct pm_sample *s;
	size_t head, n, cap;	/* oldest at s[head], n of cap in use */
	struct pm_ostat os;	/* the values in order, when sorted */
	double sum, grew;	/* of the values; of the counter's growth */
};

/* Add a sample no older than the newest and drop those that fell out of
 * the window of width ns. */
int pm_window_push(struct pm_window *w, int64_t ts, double v, int64_t width,
    struct pm_err *e);

/* agg (avg, min, max, p50-p99, last, rate) over the window; NaN when it is
 * undefined (empty, rate over fewer than two samples, or min, max and
 * percentiles of a window without `sorted`). */
double pm_window_agg(const struct pm_window *w, enum pm_agg agg);

void pm_window_release(struct pm_window *w);

#endif
