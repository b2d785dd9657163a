/* pm_alert_dbstate: the alert engine's state in the store, the default
 * for pm-alert --check, so a cron job notifies once per transition
 * without a state file of its own.
 *
 * Table alert_state (alert, fingerprint, json), one row per series kept
 * (the entries of pm_alert_state.h's file).  Loading reads the rows of the
 * engine's rules' names; saving replaces them, in one transaction, so
 * runs with other rules sharing the store keep theirs (an alert's name
 * is its identity: two jobs with rules of the same name share its state).
 *
 * Ownership: borrows the store, which the caller opens (for writing: the
 * table comes with store format version 2) and closes.
 */
#ifndef PM_ALERT_DBSTATE_H
#define PM_ALERT_DBSTATE_H

#include "pm_alert.h"
#include "pm_store.h"

/* Load into a fresh engine (before any point). */
int pm_alert_dbstate_load(struct pm_alerts *a, struct pm_store *st,
    struct pm_err *e);

int pm_alert_dbstate_save(const struct pm_alerts *a, struct pm_store *st,
    struct pm_err *e);

#endif
