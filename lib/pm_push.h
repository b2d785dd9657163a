/* pm_push: pm-export --push, the output sent to a time-series engine in
 * batches, with what could not be sent kept in a spool directory and
 * sent first next time.
 *
 * Targets, told by the URL's path: a Prometheus Pushgateway
 * (/metrics/job/JOB...), prometheus text without timestamps, in one
 * request since a PUT replaces the whole group; InfluxDB or
 * VictoriaMetrics /write, influx line protocol; VictoriaMetrics
 * /api/v1/import/prometheus, prometheus text.  The line formats go in
 * batches of whole lines.
 *
 * Spool: one file per batch that failed for a reason that may pass (the
 * server down, slow, 5xx, 429), written to a temporary name and renamed,
 * named by time so they go out in order.  A batch the server refuses
 * (4xx) is not kept: it would never go.  A spooled batch refused later
 * is renamed NAME.refused and left for a person to look at.
 *
 * Ownership: the caller owns every string in struct pm_push.
 */
#ifndef PM_PUSH_H
#define PM_PUSH_H

#include <stddef.h>

#include "pm_err.h"
#include "pm_http_post.h"

enum pm_push_target {
	PM_PUSH_UNKNOWN,
	PM_PUSH_PUSHGATEWAY,
	PM_PUSH_WRITE,		/* InfluxDB or VictoriaMetrics /write */
	PM_PUSH_IMPORT_PROM,	/* VictoriaMetrics /api/v1/import/prometheus */
};

struct pm_push {
	struct pm_http_send s;
	enum pm_push_target target;
	const char *spool;	/* directory, or NULL */
	size_t batch;		/* lines per request (0: all in one) */
	/* Results: */
	unsigned sent, kept, failed;	/* batches */
	int down;		/* a try failed: spool the rest unsent */
};

/* The target a URL names, from its path. */
enum pm_push_target pm_push_target(const char *url);

/* The format a target takes ("prometheus", "influx"), or NULL. */
const char *pm_push_format(enum pm_push_target t);

/* The Content-Type of a format's body. */
const char *pm_push_content_type(const char *format);

/* Send what the spool holds, oldest first; -1 with e when something
 * could not be sent (the rest stays). */
int pm_push_spooled(struct pm_push *p, struct pm_err *e);

/* Send body (whole lines) in batches, keeping those that fail in the
 * spool; -1 with e (the first failure) when any batch was not sent. */
int pm_push_body(struct pm_push *p, const char *body, size_t len,
    struct pm_err *e);

#endif
