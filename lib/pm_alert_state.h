/* pm_alert_state: the alert engine's state in a file, so that runs from
 * cron continue where the last one stopped: an alert notifies once when
 * it starts and once when it resolves, not on every run.
 *
 * The file is JSON: {"version":1,"series":[{"alert","metric","host",
 * "labels","state","level","value","active_at","fired_at","keep_since",
 * "last_seen","notified_at","placeholder"}]}, times as strings of
 * nanoseconds.  It holds every series that is pending or firing, and
 * those of absent() rules (their last point).  Windows are not kept: each
 * run evaluates the points it is given.  Series of rules that no longer
 * exist are dropped.  The file is replaced atomically (written beside it,
 * then renamed).
 *
 * Ownership: nothing is kept; the engine owns what is loaded into it.
 */
#ifndef PM_ALERT_STATE_H
#define PM_ALERT_STATE_H

#include <cJSON.h>

#include "pm_alert.h"

/* Load path into a fresh engine (before any point).  A missing file is an
 * empty state. */
int pm_alert_state_load(struct pm_alerts *a, const char *path,
    struct pm_err *e);

int pm_alert_state_save(const struct pm_alerts *a, const char *path,
    struct pm_err *e);

/* For other places to keep state (pm_alert_dbstate.h): whether series s
 * is kept; s as one entry of "series" (NULL: out of memory; the caller
 * owns it); one entry into the engine (skipped, with 0, when its rule is
 * gone or it cannot be read). */
int pm_alert_state_kept(const struct pm_alerts *a,
    const struct pm_alert_series *s);
cJSON *pm_alert_state_series(const struct pm_alerts *a,
    const struct pm_alert_series *s);
int pm_alert_state_load_one(struct pm_alerts *a, const cJSON *o,
    struct pm_err *e);

#endif
