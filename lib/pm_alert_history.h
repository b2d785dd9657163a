/* pm_alert_history: the store's points as a stream, for pm-alert --db:
 * evaluating rules over history gives the alerts that living through it
 * gave, as rules are evaluated at the points' own time.
 *
 * The raw samples (not the rollups that downsampling left) of the series
 * of the metrics the rules watch, from `since` on, in time order (series
 * by id within one instant), each as a point with its series' metric,
 * host, unit and labels.
 *
 * Ownership: a point handed to fn is valid during the call only.
 */
#ifndef PM_ALERT_HISTORY_H
#define PM_ALERT_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"
#include "pm_point.h"
#include "pm_rule.h"

typedef int pm_alert_history_fn(void *arg, const struct pm_point *p,
    struct pm_err *e);

/* Open the store at path read-only and hand fn each point from since (ns;
 * INT64_MIN: all) on.  -1 with e when the store cannot be read, or when
 * fn returns non-zero (with its e). */
int pm_alert_history(const char *path, const struct pm_rule *rules,
    size_t nrules, int64_t since, pm_alert_history_fn *fn, void *arg,
    struct pm_err *e);

#endif
