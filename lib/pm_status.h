/* pm_status: what pm-status shows, and the views of it: for people
 * (pm_status_print) and for scripts (pm_status_json).
 *
 * A status is one reading of this machine (a snapshot of the points of
 * pm-sample's collectors and of the health checks, service.*), judged
 * against limits.  An alert is a point past its limit; the CPU usage of a
 * single core is shown in colour but raises no alert (busy cores are
 * normal, a busy machine is not).
 *
 * Ownership: the status borrows everything it points to.
 */
#ifndef PM_STATUS_H
#define PM_STATUS_H

#include <stdio.h>

#include <cJSON.h>

#include "pm_check.h"
#include "pm_limits.h"
#include "pm_recent.h"
#include "pm_snap.h"

struct pm_status {
	const struct pm_snap *snap;
	const struct pm_limits *limits;
	const struct pm_check *checks;	/* their points are in snap too */
	size_t nchecks;
	const char *host;
	struct pm_recent *recent;	/* the store's history, or NULL */
	unsigned top;			/* --top: processes shown, 0 none */
};

/* How bad p is (PM_OK for a single core's CPU usage, see above). */
enum pm_severity pm_status_severity(const struct pm_status *st,
    const struct pm_point *p);

/* Call fn for each point past its limit, in the snapshot's order; returns
 * the worst severity, or -1 when fn failed. */
typedef int pm_status_alert_fn(void *arg, const struct pm_point *p,
    enum pm_severity s, const struct pm_threshold *t);
int pm_status_alerts(const struct pm_status *st, pm_status_alert_fn *fn,
    void *arg);

/* For a check that is up with nothing to say, words for a certificate
 * past its limit ("certificate expires in 5 days"), so that every view
 * says why it warns. */
void pm_status_cert_words(const struct pm_status *st, struct pm_check *c);

/* The subject of a point for people: its most telling label ("eth0",
 * "/home", "0") or "" for a machine-wide metric. */
const char *pm_status_subject(const struct pm_point *p);

/* Human view (with history: the average of the last readings, a
 * sparkline of the last hour and a trend arrow after each bar): cols
 * columns wide, ANSI colours when colour is set, each
 * line erased to its end when redraw is set (drawing over the last
 * view).  -1 on a write error. */
int pm_status_print(const struct pm_status *st, FILE *fp, int cols,
    int colour, int redraw);

/* JSON view (see pm-status(1)); NULL when memory ran out. */
cJSON *pm_status_json(const struct pm_status *st);

/* The "processes" member of the JSON view (--top); -1 when memory ran
 * out. */
int pm_status_top_json(cJSON *root, const struct pm_status *st);

/* The throttle reason of a GPU (pm_gpu_reasons) in words, and whether it
 * means the GPU runs slower than it could for a bad reason. */
const char *pm_status_throttle_words(const char *reason, int *bad);

#endif
