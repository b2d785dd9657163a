/* pm_rule: an alerting rule of pm-alert, parsed from its text.
 *
 *   [NAME:] VALUE [OP NUMBER] [for DURATION] [keep_firing_for DURATION]
 *   VALUE := SELECTOR | AGG(SELECTOR[DURATION]) | absent(SELECTOR, DURATION)
 *   SELECTOR := metric [{key="value", key!="value", ...}]
 *   AGG := avg | min | max | p50 | p90 | p95 | p99 | last | rate
 *   OP := > | >= | < | <= | == | !=
 *
 * A selector's key "host" matches the point's host.  The comparison is the
 * rule's critical threshold (or its warning one when the rule's severity is
 * "warning"); a rule without one takes its thresholds from elsewhere
 * (-w/-c, a rules file), as comparisons or Nagios ranges (pm_threshold.h).
 * A parse error says at which column (1-based) of the text it is.
 *
 * Ownership: a rule owns every string in it; pm_rule_release frees them.
 */
#ifndef PM_RULE_H
#define PM_RULE_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"
#include "pm_point.h"
#include "pm_query.h"
#include "pm_threshold.h"

#define PM_RULE_MATCHERS_MAX 16
#define PM_RULE_KV_MAX 16

/* How a rule reduces a series to one value: none (each point's own value),
 * one of pm_agg's over a window, or absence. */
enum pm_rule_kind { PM_RULE_VALUE, PM_RULE_AGG, PM_RULE_ABSENT };

struct pm_rule_match {
	char *key, *value;
	int negate;		/* != rather than = */
};

/* A label or annotation: key and template (pm_tmpl.h). */
struct pm_rule_kv {
	char *key, *tmpl;
};

struct pm_rule {
	char *name;		/* the alert's name */
	char *text;		/* the expression as given, for messages */
	char *metric;
	struct pm_rule_match match[PM_RULE_MATCHERS_MAX];
	size_t nmatch;
	enum pm_rule_kind kind;
	enum pm_agg agg;	/* PM_RULE_AGG */
	int64_t window;		/* PM_RULE_AGG, PM_RULE_ABSENT: ns */
	struct pm_threshold warn, crit;	/* .set: 0 when not given */
	int64_t for_ns, keep_ns;
	struct pm_rule_kv labels[PM_RULE_KV_MAX];
	size_t nlabels;
	struct pm_rule_kv annotations[PM_RULE_KV_MAX];
	size_t nannotations;
};

/* Parse "NAME: EXPR" (the name is optional: it defaults to the metric)
 * into r, which the caller then owns.  severity says which threshold a
 * comparison in the text sets: "warning", or anything else for critical.
 * On failure r is released and e says "column N: what was expected". */
int pm_rule_parse(struct pm_rule *r, const char *text, const char *severity,
    struct pm_err *e);

/* Add a label or annotation (copied); the template is checked. */
int pm_rule_add_label(struct pm_rule *r, const char *key, const char *tmpl,
    struct pm_err *e);
int pm_rule_add_annotation(struct pm_rule *r, const char *key,
    const char *tmpl, struct pm_err *e);

/* Whether a point's metric, host and labels are the rule's. */
int pm_rule_selects(const struct pm_rule *r, const struct pm_point *p);

/* The rule's threshold of a severity ("warning", "critical"), if set. */
const struct pm_threshold *pm_rule_threshold(const struct pm_rule *r,
    const char *severity);

void pm_rule_release(struct pm_rule *r);

#endif
