/* pm_threshold: when a value is a problem, as a comparison ("> 90") or a
 * Nagios range ("10", "10:", "~:10", "10:20", "@10:20").
 *
 * A range [start:end] (inclusive; start 0 when left out, "~" for minus
 * infinity, end infinity when left out after the colon) alerts when the
 * value is outside it, or inside it with a leading "@", as the Nagios
 * plugin guidelines say.  Every comparison has an exact range form, which
 * is what perfdata shows: "> 90" is "~:90", ">= 90" is "@90:".
 *
 * Ownership: plain values, nothing to free.
 */
#ifndef PM_THRESHOLD_H
#define PM_THRESHOLD_H

#include "pm_err.h"
#include "pm_query.h"

struct pm_threshold {
	int set;		/* 0: no threshold */
	int is_range;
	enum pm_cmp_op op;	/* comparison: value OP num alerts */
	double num;
	double lo, hi;		/* range */
	int inside;		/* range with '@' */
	char text[48];		/* as written, for {{threshold}} and messages */
};

/* A comparison ("> 80", ">=80") or else a range. */
int pm_threshold_parse(struct pm_threshold *t, const char *s,
    struct pm_err *e);

/* A comparison from its parts. */
void pm_threshold_cmp(struct pm_threshold *t, enum pm_cmp_op op, double num);

/* Whether v is a problem. */
int pm_threshold_alerts(const struct pm_threshold *t, double v);

/* The Nagios range form, for perfdata ("~:90"); "" when not set. */
void pm_threshold_range(const struct pm_threshold *t, char *buf,
    size_t size);

/* ">" ... "!=": the text of a comparison operator. */
const char *pm_cmp_op_name(enum pm_cmp_op op);

#endif
