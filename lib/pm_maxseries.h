/* pm_maxseries: --max-series, the limit on the count of series a command
 * holds in memory, with the same words in every command that has it
 * (pm-export, pm-query, pm-alert).
 *
 * Past the limit a command starts no new series: the points of new series
 * are dropped (said once, at the first), those of the series it holds keep
 * flowing, and at the end it says how many points it dropped and exits 1.
 * The limit is "more than max": exactly max series pass.
 */
#ifndef PM_MAXSERIES_H
#define PM_MAXSERIES_H

#include <stddef.h>

#include "pm_err.h"

#define PM_MAX_SERIES_DEFAULT 1000000

/* --max-series N: a count of series, 0 for no limit. */
int pm_max_series_parse(const char *s, size_t *max, struct pm_err *e);

/* The first point refused, into e (the command puts its name in front):
 * "NAME:LINE: more than MAX series; points of new series are dropped
 * (--max-series)"; with name NULL (a store read: no line), "more than MAX
 * series; the rest are left out (--max-series)". */
void pm_max_series_reached(struct pm_err *e, const char *name,
    unsigned long line, size_t max);

/* At the end, into e: "K points of new series dropped". */
void pm_max_series_dropped(struct pm_err *e, unsigned long long k);

#endif
