/* pm_alert_record: an alert event as a point, the record pm-alert writes.
 *
 *   {"ts":...,"metric":"alert","value":97.2,"host":"web-1",
 *    "labels":{series labels, then the rule's},
 *    "event":"alert","alert":"HighCPU","state":"firing",
 *    "severity":"critical","watched":"cpu.usage","threshold":"> 90",
 *    "since":"...","fingerprint":"...","annotations":{...}}
 *
 * value is the value evaluated; since is when the state began (pending:
 * when the condition became true; firing and resolved: when it started
 * firing).  Being a point, it can be stored and queried like any other.
 *
 * Ownership: the record owns the rendered labels and the extra members;
 * its point borrows from it and from the event's series.
 */
#ifndef PM_ALERT_RECORD_H
#define PM_ALERT_RECORD_H

#include <cJSON.h>

#include "pm_alert.h"

struct pm_alert_record {
	struct pm_point point;	/* extra: the members after labels */
	cJSON *extra;
	char *vals[PM_RULE_KV_MAX];	/* rendered label values */
	const char *threshold;	/* number or range text, for {{threshold}} */
	char thr[48];
};

int pm_alert_record_init(struct pm_alert_record *rec,
    const struct pm_alert_event *ev, struct pm_err *e);

/* The annotation key's rendered text, or NULL. */
const char *pm_alert_record_annotation(const struct pm_alert_record *rec,
    const char *key);

/* The PM_ALERT_* environment of --exec for ev: NAME=value strings from
 * malloc, each value whole, in env, which ends with NULL; free them with
 * pm_alert_record_env_release (also after -1: memory ran out). */
int pm_alert_record_env(const struct pm_alert_event *ev,
    const struct pm_alert_record *rec, char *env[16]);
void pm_alert_record_env_release(char *env[16]);

void pm_alert_record_release(struct pm_alert_record *rec);

#endif
