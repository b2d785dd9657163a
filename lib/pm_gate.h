/* pm_gate: absolute limits on a benchmark's figures ("p95 > 200ms",
 * "max_rss > 512MiB"), as given to pm-bench --fail-if.
 *
 * A gate is FIGURE OP VALUE: OP is >, >=, < or <=; for the time figures
 * (mean median min max stddev p90 p95 p99 user sys) VALUE is a duration
 * (pm_duration_parse: "200ms", "1.5s" is not one, "1500ms" is) or a
 * number of seconds; for max_rss a size in bytes with an optional B, KB,
 * MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024); for failures
 * a count; for errors (the failed share of runs or HTTP requests) a
 * percentage ("1%") or a fraction.  The gate fails when the comparison is
 * true.
 */
#ifndef PM_GATE_H
#define PM_GATE_H

#include <stdio.h>

#include "pm_err.h"

enum pm_gate_figure {
	PM_GATE_MEAN, PM_GATE_MEDIAN, PM_GATE_MIN, PM_GATE_MAX,
	PM_GATE_STDDEV, PM_GATE_P90, PM_GATE_P95, PM_GATE_P99,
	PM_GATE_USER, PM_GATE_SYS, PM_GATE_MAX_RSS, PM_GATE_FAILURES,
	PM_GATE_ERRORS,
	PM_GATE_NFIGURES
};

struct pm_gate {
	enum pm_gate_figure figure;
	int op;			/* '>', 'g' (>=), '<', 'l' (<=) */
	double limit;		/* seconds, bytes or a count */
	const char *text;	/* as given (borrowed) */
};

/* Parse s into g (g->text borrows s). */
int pm_gate_parse(const char *s, struct pm_gate *g, struct pm_err *e);

/* Whether the gate fails for these figures (indexed by figure). */
int pm_gate_fails(const struct pm_gate *g,
    const double figures[PM_GATE_NFIGURES]);

/* Whether any of the n gates fails for these figures: each one that does
 * is said on fp as "PROG: NAME: GATE". */
int pm_gates_report(FILE *fp, const char *prog, const char *name,
    const struct pm_gate *g, size_t n,
    const double figures[PM_GATE_NFIGURES]);

/* The figure's name ("p95"). */
const char *pm_gate_figure_name(enum pm_gate_figure f);

#endif
