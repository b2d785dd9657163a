/* pm_keyscan: a quick first pass over input files that collects every
 * label key, so that a CSV header can name them all before the first row.
 *
 * Ownership: borrows paths; adds copies of the keys to the set.
 */
#ifndef PM_KEYSCAN_H
#define PM_KEYSCAN_H

#include <stddef.h>

#include "pm_err.h"
#include "pm_keyset.h"

/* Whether every path is a regular file ("-": standard input), so that it
 * can be read twice. */
int pm_keyscan_possible(char *const *paths, size_t npaths);

/* Add to ks the label keys of every point in the files (npaths 0 or "-":
 * standard input, which must be a regular file and is rewound after).
 * Only keys of lines that are valid points count, as pm_reader reads
 * them; files that cannot be read are left to the real pass to report.
 * Fails only when memory runs out. */
int pm_keyscan(struct pm_keyset *ks, char *const *paths, size_t npaths,
    size_t max_line, struct pm_err *e);

#endif
