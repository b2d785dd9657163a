/* pm_snap: the points of one reading, kept for pm-status to look up.
 *
 * A sampler's points live only while they are emitted; a snapshot copies
 * each one (metric, value, unit and labels) so the views can find them by
 * metric and label afterwards, in the order they came.
 *
 * Ownership: the snapshot owns its copies; pm_snap_release frees them.
 */
#ifndef PM_SNAP_H
#define PM_SNAP_H

#include <stddef.h>

#include "pm_err.h"
#include "pm_point.h"

struct pm_snap {
	struct pm_point *p;	/* strings are the snapshot's own */
	size_t n, cap;
	int64_t ts;		/* time of the reading */
	const char *host;	/* borrowed */
};

void pm_snap_init(struct pm_snap *s);

/* Keep a copy of p; -1 with e when memory ran out. */
int pm_snap_add(struct pm_snap *s, const struct pm_point *p, struct pm_err *e);

/* Drop every point, keeping the memory for the next reading. */
void pm_snap_clear(struct pm_snap *s);

/* The first point of metric whose label key is value (key NULL: any
 * point of metric), or NULL. */
const struct pm_point *pm_snap_find(const struct pm_snap *s,
    const char *metric, const char *key, const char *value);

/* Its value, or NAN when there is no such point. */
double pm_snap_value(const struct pm_snap *s, const char *metric,
    const char *key, const char *value);

void pm_snap_release(struct pm_snap *s);

#endif
