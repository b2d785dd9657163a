/* pm_alert: evaluate rules against a stream of points, per series, and say
 * when an alert changes state.
 *
 * Every point a rule selects is evaluated at its own time (never the
 * clock's), so replaying history gives the alerts that living through it
 * gave.  Per rule and series (metric, host, labels) an alert is inactive,
 * pending (true for less than the rule's `for`; one false evaluation
 * resets it) or firing (and, once false, kept firing for the rule's
 * keep_firing_for).  Events: "pending", "firing" (also when the severity
 * changes, and again every `repeat` while it fires), "resolved".
 *
 * absent(m, D) is evaluated whenever the stream's time (its newest point)
 * moves on: its value is the seconds since the series' last point, its
 * threshold ">= D".  Before any series of m was seen, one series without
 * host or labels stands for them all, counted from the stream's first
 * point.
 *
 * Cost: a point costs one hash of its metric (points no rule watches stop
 * there) and one of its metric, host and labels as they come, then the
 * work of the rules that select it, never a pass over every rule or
 * series; absent() series are kept in a list of their own.
 *
 * Memory: each series (metric, host, labels) of a metric a rule watches
 * costs about 1 KiB, and each rule selecting it a window.  max_series
 * bounds them: a point that would start one more is not evaluated, only
 * counted (series seen before go on as ever, so their alerts still work).
 *
 * Ownership: the engine borrows the rules; it owns its series (their
 * strings copied) and windows.  An event borrows from the engine and is
 * valid only during the callback.
 */
#ifndef PM_ALERT_H
#define PM_ALERT_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"
#include "pm_keyset.h"
#include "pm_point.h"
#include "pm_rule.h"
#include "pm_window.h"

enum pm_alert_state { PM_ALERT_INACTIVE, PM_ALERT_PENDING, PM_ALERT_FIRING };

/* One rule on one series. */
struct pm_alert_series {
	size_t rule;
	const char *metric, *host, *unit;	/* host, unit: NULL if none */
	struct pm_label labels[PM_LABELS_MAX];
	size_t nlabels;
	char fingerprint[17];	/* hex, of alert name, metric, host, labels */
	struct pm_window win;
	enum pm_alert_state state;
	int level;		/* 1 warning, 2 critical: the alert's severity */
	int64_t active_at;	/* pending or firing since (the condition) */
	int64_t fired_at;	/* firing since */
	int64_t keep_since;	/* false since, while kept firing; PM_TS_NONE */
	int64_t last_seen;	/* newest point */
	int64_t notified_at;	/* last firing event */
	double value;		/* of the last evaluation */
	int placeholder;	/* absent(): stands for a metric never seen */
	char *mem;
};

struct pm_alert_event {
	const struct pm_rule *rule;
	const struct pm_alert_series *s;
	const char *state;	/* "pending", "firing", "resolved" */
	const char *severity;	/* "warning", "critical" */
	int64_t ts;		/* when: the time of the evaluation */
	double value;
	const struct pm_threshold *threshold;	/* the one crossed */
	int repeat;		/* a firing alert notified again */
};

typedef int pm_alert_emit_fn(void *arg, const struct pm_alert_event *ev,
    struct pm_err *e);

struct pm_alerts {
	/* Settings, before the first point. */
	const struct pm_rule *rules;
	size_t nrules;
	int64_t repeat;		/* 0: notify a firing alert once */
	pm_alert_emit_fn *emit;
	void *emit_arg;
	size_t max_series;	/* of metrics watched; 0: no limit */
	unsigned long dropped;	/* points of new series over max_series */

	int64_t start, now;	/* first and newest time seen; PM_TS_NONE */
	struct pm_alert_series **series;
	size_t nseries;

	/* Private. */
	size_t cap;
	struct pm_keyset keys;	/* index in series of each key */
	char *seen_any;		/* per rule: a real series was seen (absent) */
	struct pm_alert_series **absent;	/* absent() series, in order */
	size_t nabsent, absent_cap;
	/* Per point: which rules select it is fixed by its metric, host and
	 * labels, so it is worked out once per such identity. */
	struct pm_keyset metrics;	/* the rules' metrics */
	struct pm_keyset idents;	/* metric, host, labels */
	struct pm_alert_ident {
		struct pm_alert_series **s;	/* one per rule selecting it */
		size_t n;
	} *ident;
	size_t ident_cap;
};

/* Fails only when memory runs out; release a in any case. */
int pm_alerts_init(struct pm_alerts *a, const struct pm_rule *rules,
    size_t nrules, struct pm_err *e);

/* Evaluate p against every rule.  1 when p was older than its series'
 * newest point and skipped, 2 when its metric, host and labels are too
 * long for a series (skipped, e says why), 3 when it would start a
 * series beyond max_series (not evaluated, counted in dropped), -1 with e
 * when memory ran out or emit failed. */
int pm_alerts_point(struct pm_alerts *a, const struct pm_point *p,
    struct pm_err *e);

/* The series of rule for p's metric, host and labels (created if new). */
struct pm_alert_series *pm_alerts_series(struct pm_alerts *a, size_t rule,
    const struct pm_point *p, struct pm_err *e);

/* "warning" or "critical" for a level. */
const char *pm_alert_severity(int level);

void pm_alerts_release(struct pm_alerts *a);

#endif
