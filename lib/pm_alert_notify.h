/* pm_alert_notify: pm-alert's notifications, sent.
 *
 * An alert that fires or resolves joins its group (pm_alert_group.h);
 * pending is news in the stream, not worth waking anyone.  A group that
 * is due goes to each receiver set: a command (pm_exec.h: the first
 * alert's PM_ALERT_* environment plus PM_ALERT_COUNT, the records on its
 * standard input), a webhook (Alertmanager's webhook message) and
 * Alertmanager's API v2, each on its own.  With max_per_minute, at most
 * that many groups are sent in each minute of the points' time, counted
 * from the first one sent in it; the others are held (counted, never
 * sent).
 *
 * A notification that fails (a command that cannot start, runs out of
 * time or exits non-zero, a receiver that refuses or is down after the
 * tries of pm_http_post.h) is counted in failed and told to fail, when
 * set, with the receiver and why: "ERROR", "ARGV0: exit status N (WHAT)",
 * "out of memory", "ERROR (WHAT)", WHAT being "alert NAME STATE[ and N
 * more]".  The others still go.
 *
 * Ownership: the settings are borrowed; the notifier owns its groups.
 */
#ifndef PM_ALERT_NOTIFY_H
#define PM_ALERT_NOTIFY_H

#include <stdint.h>

#include "pm_alert_group.h"

enum pm_alert_notify_to {
	PM_NOTIFY_EXEC,
	PM_NOTIFY_WEBHOOK,
	PM_NOTIFY_ALERTMANAGER,
};

typedef void pm_alert_notify_fail_fn(void *arg, enum pm_alert_notify_to to,
    const char *why);

struct pm_alert_notify {
	/* Settings. */
	char *const *exec_argv;	/* NULL: no command */
	const char *webhook;	/* URL; NULL: none */
	const char *am_url;	/* Alertmanager's /api/v2/alerts; NULL: none */
	int64_t timeout;	/* ns, for one notification */
	long long max_per_minute;	/* 0: no limit */
	pm_alert_notify_fail_fn *fail;
	void *fail_arg;
	struct pm_alert_groups groups;	/* its by and wait are settings */

	/* Results. */
	unsigned long failed;	/* notifications that failed */
	unsigned long held;	/* groups over max_per_minute, not sent */

	/* Private. */
	int64_t minute;		/* this minute's start */
	long long sent;		/* groups sent in it */
};

void pm_alert_notify_init(struct pm_alert_notify *n);

/* Whether any receiver is set. */
int pm_alert_notify_any(const struct pm_alert_notify *n);

/* The event ev (its record rec) into its group when it is news to
 * receivers; -1 with e when memory ran out. */
int pm_alert_notify_add(struct pm_alert_notify *n,
    const struct pm_alert_event *ev, const struct pm_alert_record *rec,
    struct pm_err *e);

/* Send every group due at now (all of them: PM_TS_NONE, at the end). */
void pm_alert_notify_flush(struct pm_alert_notify *n, int64_t now);

void pm_alert_notify_release(struct pm_alert_notify *n);

#endif
