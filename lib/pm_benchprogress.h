/* pm_benchprogress: the progress line pm-bench shows on a terminal while
 * the commands run: "NAME: [####......] 12/50 runs, ETA 3.2 s", redrawn at
 * most every 50 ms so that drawing costs the runs nothing, and "NAME: 1
 * runs" before the first run has said how many there will be.
 *
 * Ownership: borrows the stream; the caller decides whether to show it at
 * all (a terminal, not CI, not quiet).
 */
#ifndef PM_BENCHPROGRESS_H
#define PM_BENCHPROGRESS_H

#include <stdint.h>
#include <stdio.h>

#include "pm_bench.h"

struct pm_benchprogress {
	FILE *fp;
	int64_t last;		/* monotonic ns of the last drawing */
};

void pm_benchprogress_init(struct pm_benchprogress *p, FILE *fp);

/* After a run of c, which will take target runs (0: not known yet). */
void pm_benchprogress_show(struct pm_benchprogress *p,
    const struct pm_bench_cmd *c, long long target);

/* Erase the line. */
void pm_benchprogress_clear(struct pm_benchprogress *p);

#endif
