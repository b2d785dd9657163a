/* pm_point: one measurement, the record every pm tool reads and writes.
 *
 * The wire form (one JSON object per line) is specified in pm-points(5).
 * A struct pm_point never owns its strings: they belong to whoever filled
 * it (a collector's buffers, or the cJSON tree of the line being read) and
 * stay valid only as long as that owner says.
 */
#ifndef PM_POINT_H
#define PM_POINT_H

#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "pm_err.h"
#include "pm_time.h"

#define PM_LABELS_MAX 32

struct pm_label {
	const char *key;
	const char *value;
};

struct pm_point {
	const char *metric;
	double value;
	int64_t ts;		/* nanoseconds since the epoch, or PM_TS_NONE */
	const char *host;	/* NULL when absent */
	const char *unit;	/* NULL when absent */
	size_t nlabels;
	struct pm_label labels[PM_LABELS_MAX];
	/* Other top-level members of the record (benchmark and alert fields),
	 * in input order; NULL when there are none.  Borrowed. */
	const cJSON *extra;
};

/* Clear p to an empty point with no timestamp. */
void pm_point_init(struct pm_point *p);

/* Letters, digits, '_', '.', ':'; not empty, not starting with a digit. */
int pm_metric_name_valid(const char *name);

/* Fill p from a parsed JSON object.  p borrows strings from obj; members
 * that are not point fields are left in obj and p->extra points at obj so a
 * writer can pass them through.  Fails with a reason in e. */
int pm_point_from_json(struct pm_point *p, const cJSON *obj, struct pm_err *e);

/* Label value for key, or NULL. */
const char *pm_point_label(const struct pm_point *p, const char *key);

/* Append a label; fails when PM_LABELS_MAX is reached. */
int pm_point_add_label(struct pm_point *p, const char *key, const char *value);

/* Whether key is one of the point fields (metric, value, ts, ...). */
int pm_point_is_field(const char *key);

/* Format a value in the C locale with up to 15 significant digits, the way
 * every pm tool writes numbers ("23.1", "1e+21", "-0.5").  buf holds 32. */
size_t pm_number_format(double v, char buf[32]);

#endif
