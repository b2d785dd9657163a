/* pm_benchrank: the Mann-Whitney U test (the Wilcoxon rank-sum test) of
 * two samples of run times: does one tend to take longer than the other?
 * It looks at ranks only, so it assumes nothing of the times' shape (run
 * times are rarely normal: a floor, then a long tail), where Welch's test
 * (pm_stats.h) compares means.
 *
 * GSL has no distribution of U, so the p-value is the normal approximation
 * with the correction for ties and the continuity correction, as SciPy's
 * mannwhitneyu(method="asymptotic") and R's wilcox.test(exact = FALSE)
 * compute it: good from about 8 runs a side, and pm-bench makes at least
 * 10 by default.
 *
 * Ownership: nothing is kept; the test sorts a copy of the samples.
 */
#ifndef PM_BENCHRANK_H
#define PM_BENCHRANK_H

#include <stddef.h>

/* The two-sided p-value of the test of a (na values) against b (nb), and
 * in *u (when not NULL) U of a: the pairs (x of a, y of b) with x > y, a
 * tie counting one half.  1 when a sample is empty or all the values are
 * equal; -1 when memory ran out. */
double pm_benchrank_p(const double *a, size_t na, const double *b,
    size_t nb, double *u);

#endif
