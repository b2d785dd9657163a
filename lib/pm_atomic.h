/* pm_atomic: an output file written under a temporary name beside its
 * final one and renamed into place only when complete, so a reader (such
 * as node_exporter's textfile collector) never sees half of it.
 *
 * One such file at a time per process: SIGINT, SIGTERM and SIGHUP remove
 * the temporary file before the signal ends the process.  The FILE is
 * the caller's to write until commit or abort, which close it.
 */
#ifndef PM_ATOMIC_H
#define PM_ATOMIC_H

#include <stdio.h>

#include "pm_err.h"

/* Create the temporary file for path, with the mode a new file gets;
 * NULL with e when it cannot be made. */
FILE *pm_atomic_open(const char *path, struct pm_err *e);

/* Flush it to disk, close it and rename it over the final path; on any
 * failure the temporary file is removed and e says why (-1). */
int pm_atomic_commit(FILE *fp, struct pm_err *e);

/* Close and remove the temporary file: the old file stays. */
void pm_atomic_abort(FILE *fp);

#endif
