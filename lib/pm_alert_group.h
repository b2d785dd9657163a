/* pm_alert_group: notifications grouped, so that a storm of alerts makes
 * a few messages, not one per alert.
 *
 * A notification (an alert firing or resolved) joins the group of the
 * values its labels (alertname, severity, host, metric and the series'
 * labels, as Alertmanager sees them) have for the group-by names; with no
 * names, every alert is a group of its own.  A group takes notifications
 * for `wait` from its first one, in the points' time (the stream's newest
 * point), never the clock's, so replays group as the live stream did: it
 * is due once the stream's time has moved past that, and is then sent as
 * one message; a later notification starts a new group.  With wait 0 a
 * group holds what happened at one instant (a storm arrives as many
 * points of the same time), sent when the next instant's point comes.
 *
 * Ownership: the set owns its groups; a group taken from it with
 * pm_alert_groups_due is the caller's (pm_alert_group_release).
 */
#ifndef PM_ALERT_GROUP_H
#define PM_ALERT_GROUP_H

#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "pm_alert_record.h"
#include "pm_err.h"

#define PM_ALERT_GROUP_BY_MAX 16

struct pm_alert_group {
	char *key;		/* groupKey {}:{name="value",...}, NUL, id */
	cJSON *labels;		/* groupLabels */
	cJSON *wh, *am;		/* the alerts, webhook and API v2 shapes */
	char *lines;		/* the event records, one a line */
	size_t len, n;		/* bytes of lines; alerts */
	char **env;		/* the first alert's, NULL-terminated */
	int64_t due;
};

struct pm_alert_groups {
	/* Settings. */
	char *by[PM_ALERT_GROUP_BY_MAX];	/* label names; borrowed */
	size_t nby;
	int64_t wait;		/* ns */

	struct pm_alert_group *g;
	size_t n, cap;
};

void pm_alert_groups_init(struct pm_alert_groups *gs);

/* Split "alertname,host" into by (it is modified); -1 with e when a name
 * is empty or there are too many. */
int pm_alert_groups_by(struct pm_alert_groups *gs, char *list,
    struct pm_err *e);

/* Add the notification of ev to its group; env (NULL-terminated
 * "NAME=value" strings, or NULL) is copied when it starts a group. */
int pm_alert_groups_add(struct pm_alert_groups *gs,
    const struct pm_alert_event *ev, const struct pm_alert_record *rec,
    char *const *env, struct pm_err *e);

/* Take the group due first at now (due before now; any group when now is
 * PM_TS_NONE: the end of the input) into out; 1 if one was, else 0. */
int pm_alert_groups_due(struct pm_alert_groups *gs, int64_t now,
    struct pm_alert_group *out);

/* Alertmanager's webhook message (version 4) and API v2 body of a group;
 * the caller's (cJSON_free), NULL when memory ran out. */
char *pm_alert_group_webhook(const struct pm_alert_group *g);
char *pm_alert_group_am(const struct pm_alert_group *g);

/* What a notification is about, for messages: "alert NAME STATE[ and N
 * more]". */
void pm_alert_group_describe(const struct pm_alert_group *g, char *buf,
    size_t size);

void pm_alert_group_release(struct pm_alert_group *g);
void pm_alert_groups_release(struct pm_alert_groups *gs);

#endif
