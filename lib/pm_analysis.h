/* pm_analysis: what pm-query does to one series before its result.
 *
 * rate:   a counter's per-second rate: each sample after the first becomes
 *         pm_counter_delta(previous, this) / seconds since the previous,
 *         at its own time (a decrease is a reset, as in Prometheus).
 * smooth: sma:N, the mean of the last N points (fewer at the start:
 *         the first point is itself, the second the mean of two...);
 *         ewma:ALPHA, s[0] = x[0], s[i] = ALPHA x[i] + (1 - ALPHA) s[i-1].
 * trend:  the least-squares line through the points, its slope per hour,
 *         and the time at which the line reaches a value, as Prometheus'
 *         predict_linear answers the inverse question.
 * The series must be sorted and flat (pm_sset_finish, pm_series_flatten).
 *
 * Ownership: the transforms change the caller's series in place.
 */
#ifndef PM_ANALYSIS_H
#define PM_ANALYSIS_H

#include <stdint.h>

#include "pm_query.h"
#include "pm_series.h"

void pm_series_rate(struct pm_series *s);
int pm_series_sma(struct pm_series *s, size_t n, struct pm_err *e);
void pm_series_ewma(struct pm_series *s, double alpha);

struct pm_trend {
	int64_t t0;		/* ns: the line is value = a + slope * hours
				 * since t0 */
	double a, slope;	/* slope per hour */
};

/* Fit the line; -1 when there are fewer than two distinct times. */
int pm_trend_fit(const struct pm_sample *s, size_t n, struct pm_trend *t);

/* How many seconds after `after` (ns) the line reaches limit, in *secs;
 * 0 when it never does from then on (flat, or heading away). */
int pm_trend_reaches(const struct pm_trend *t, double limit, int64_t after,
    double *secs);

#endif
