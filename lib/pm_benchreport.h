/* pm_benchreport: a benchmark's report for people, on bo->text, in colour
 * when bo->color (see pm_benchout.h for the figures), and the warnings
 * about its runs.
 *
 * Ownership: borrows everything.
 */
#ifndef PM_BENCHREPORT_H
#define PM_BENCHREPORT_H

#include <stdio.h>

#include "pm_benchout.h"

/* The report of command i, then (pm_benchreport_summary) the comparison
 * of several commands. */
void pm_benchreport_command(const struct pm_benchout *bo,
    const struct pm_bench_set *cur, const struct pm_bench_result *r,
    size_t i);
void pm_benchreport_summary(const struct pm_benchout *bo,
    const struct pm_bench_set *cur, const struct pm_bench_result *r);

/* "PROG: warning: NAME: ..." lines on fp: outlier runs, a first run much
 * slower than the median (try --warmup), and, when the commands ran
 * through a shell (shell), medians under 5 ms. */
void pm_benchreport_warnings(FILE *fp, const char *prog,
    const struct pm_bench_set *cur,
    const struct pm_bench_result *r, int shell);

/* Whether a command's verdict against the baseline is one of fail_on
 * (bit v for verdict v, from PM_FASTER): each is said on fp as "PROG:
 * NAME: slower than the baseline (+12.0%, p = 0.001)". */
int pm_benchreport_failures(FILE *fp, const char *prog,
    const struct pm_bench_set *cur, const struct pm_bench_result *r,
    unsigned fail_on);

#endif
