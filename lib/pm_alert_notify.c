/* pm-alert's notifications, sent (see pm_alert_notify.h). */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "pm_alert_notify.h"
#include "pm_exec.h"
#include "pm_http_post.h"

void
pm_alert_notify_init(struct pm_alert_notify *n)
{
	memset(n, 0, sizeof(*n));
	pm_alert_groups_init(&n->groups);
}

int
pm_alert_notify_any(const struct pm_alert_notify *n)
{
	return n->exec_argv != NULL || n->webhook != NULL || n->am_url != NULL;
}

int
pm_alert_notify_add(struct pm_alert_notify *n, const struct pm_alert_event *ev,
    const struct pm_alert_record *rec, struct pm_err *e)
{
	char *env[16] = { NULL };
	int rc;

	if (strcmp(ev->state, "pending") == 0 || !pm_alert_notify_any(n))
		return 0;
	if (n->exec_argv != NULL && pm_alert_record_env(ev, rec, env) != 0)
		rc = pm_err_set(e, "out of memory");
	else
		rc = pm_alert_groups_add(&n->groups, ev, rec,
		    n->exec_argv != NULL ? env : NULL, e);
	pm_alert_record_env_release(env);
	return rc;
}

/* Whether a notification at ts is within max_per_minute: at most that
 * many in each minute (of the points' time) from the first one in it. */
static int
within_limit(struct pm_alert_notify *n, int64_t ts)
{
	if (n->max_per_minute == 0)
		return 1;
	if (n->sent == 0 || ts - n->minute >= 60 * PM_NS_PER_S) {
		n->minute = ts;
		n->sent = 0;
	}
	if (n->sent == n->max_per_minute) {
		n->held++;
		return 0;
	}
	n->sent++;
	return 1;
}

static void
failed(struct pm_alert_notify *n, enum pm_alert_notify_to to,
    const char *why)
{
	n->failed++;
	if (n->fail != NULL)
		n->fail(n->fail_arg, to, why);
}

static void
notify_exec(struct pm_alert_notify *n, const struct pm_alert_group *g,
    const char *what)
{
	char *env[18], count[40], why[PATH_MAX + 320];
	struct pm_err e;
	size_t i;
	int st;

	for (i = 0; g->env[i] != NULL; i++)
		env[i] = g->env[i];
	snprintf(count, sizeof(count), "PM_ALERT_COUNT=%zu", g->n);
	env[i++] = count;
	env[i] = NULL;
	if (pm_exec_run(n->exec_argv, env, g->lines, g->len, n->timeout, &st,
	    &e) != 0)
		failed(n, PM_NOTIFY_EXEC, e.msg);
	else if (st != 0) {
		snprintf(why, sizeof(why), "%s: exit status %d (%s)",
		    n->exec_argv[0], st, what);
		failed(n, PM_NOTIFY_EXEC, why);
	}
}

/* POST body (NULL: out of memory; freed here) to url. */
static void
notify_http(struct pm_alert_notify *n, enum pm_alert_notify_to to,
    const char *url, char *body, const char *what)
{
	char why[PM_ERR_MAX + 320];
	struct pm_err e;

	if (body == NULL) {
		failed(n, to, "out of memory");
		return;
	}
	if (pm_http_post_json(url, body, strlen(body), n->timeout, &e) != 0) {
		snprintf(why, sizeof(why), "%s (%s)", e.msg, what);
		failed(n, to, why);
	}
	cJSON_free(body);
}

void
pm_alert_notify_flush(struct pm_alert_notify *n, int64_t now)
{
	struct pm_alert_group g;
	char what[300];

	while (pm_alert_groups_due(&n->groups, now, &g)) {
		pm_alert_group_describe(&g, what, sizeof(what));
		if (within_limit(n, g.due)) {
			if (n->exec_argv != NULL)
				notify_exec(n, &g, what);
			if (n->webhook != NULL)
				notify_http(n, PM_NOTIFY_WEBHOOK, n->webhook,
				    pm_alert_group_webhook(&g), what);
			if (n->am_url != NULL)
				notify_http(n, PM_NOTIFY_ALERTMANAGER,
				    n->am_url, pm_alert_group_am(&g), what);
		}
		pm_alert_group_release(&g);
	}
}

void
pm_alert_notify_release(struct pm_alert_notify *n)
{
	pm_alert_groups_release(&n->groups);
}
