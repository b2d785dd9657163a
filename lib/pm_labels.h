/* pm_labels: the canonical text of a label set.
 *
 * The store keys a series by (metric, host, labels) and compares labels as
 * text, so equal label sets must give equal text whatever order the keys
 * came in: a JSON object with the keys sorted bytewise (strcmp), no spaces,
 * strings escaped exactly as cJSON prints them.  No labels give "{}".  When
 * a key appears more than once, its first value wins, as in
 * pm_point_label.  The text is valid JSON, so sqlite3's ->> can read it.
 *
 * Ownership: the functions borrow the labels; the caller owns the buffer
 * (or the allocated string, freed with free()).
 */
#ifndef PM_LABELS_H
#define PM_LABELS_H

#include <stddef.h>

#include "pm_point.h"

/* Write the canonical text of labels[0..n) into buf, snprintf-style: buf
 * always ends in NUL when size > 0, and the return value is the length the
 * whole text needs (without the NUL), so a return >= size means it was cut
 * short.  n may exceed nothing but PM_LABELS_MAX; extra labels are ignored. */
size_t pm_labels_canonical(const struct pm_label *labels, size_t n,
    char *buf, size_t size);

/* As above, into a string from malloc; NULL when memory runs out. */
char *pm_labels_canonical_alloc(const struct pm_label *labels, size_t n);

/* The canonical labels of a point: pm_labels_canonical(p->labels, ...). */
size_t pm_labels_of_point(const struct pm_point *p, char *buf, size_t size);

#endif
