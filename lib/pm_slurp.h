/* pm_slurp: a whole (small) file in memory, for settings and state files
 * that are parsed at once (rules, alert state).
 *
 * Ownership: the caller frees the text with free().
 */
#ifndef PM_SLURP_H
#define PM_SLURP_H

#include <stddef.h>

#include "pm_err.h"

/* The text of path, NUL-terminated, at most max bytes.  NULL with e
 * ("path: reason") on failure; errno is then ENOENT when there is no such
 * file, EFBIG when it is larger than max. */
char *pm_slurp(const char *path, size_t max, struct pm_err *e);

#endif
