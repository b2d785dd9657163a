/* pm_benchout: what a benchmark's runs say, as pm records (the report for
 * people is pm_benchreport.h's).
 *
 * pm_benchout_analyze computes, per command, the statistics of the wall
 * times (pm_stats), the CPU and memory figures, the speed relative to the
 * fastest command, and the verdict against a baseline; the comparisons
 * have the p-values of Welch's test and of the Mann-Whitney U test.
 *
 * Records (pm-points(5)): per run one "bench.wall" point (seconds) with
 * labels name, command and one per parameter, and the members run, user,
 * sys, max_rss, vcsw, ivcsw, exit_status (and timed_out: true), and with
 * --sample the system's figures over that run (pm_benchsys.h): NAME, and
 * per GPU N gpuN_util and gpuN_mem; per command one "bench.summary" point
 * whose value is the mean wall time and whose members hold every statistic
 * (see pm-bench(1)), and with --sample NAME_mean and NAME_max; when a
 * signal stopped the benchmark, "interrupted": true.
 *
 * Ownership: results are owned by the caller (an array, one per command).
 */
#ifndef PM_BENCHOUT_H
#define PM_BENCHOUT_H

#include <stdio.h>

#include "pm_bench.h"
#include "pm_benchsys.h"
#include "pm_gate.h"
#include "pm_out.h"
#include "pm_stats.h"

struct pm_bench_result {
	struct pm_stats st;		/* wall seconds */
	double fig[PM_GATE_NFIGURES];	/* the figures gates look at */
	double rel, rel_err, rel_p;	/* against the fastest command */
	double rel_p_u;			/* its Mann-Whitney p (pm_benchrank) */
	int fastest;
	int compared;			/* a baseline was found */
	struct pm_stats base;
	enum pm_verdict verdict;
	double p, change;
	double p_u;			/* Mann-Whitney p against the baseline */
};

struct pm_benchout {
	struct pm_out *out;		/* records go here, or NULL */
	FILE *text;			/* the report goes here, or NULL */
	int color;
	const char *host;
	const struct pm_label *labels;	/* -l labels on every record */
	size_t nlabels;
	double confidence, threshold;
	const struct pm_benchsys_fig *sys;	/* --sample, per command, or NULL */
	int interrupted;		/* a signal stopped the runs */
};

/* Fill r[i] for every command of cur, comparing with base (may be NULL).
 * -1 with e when memory ran out or a command has no runs. */
int pm_benchout_analyze(const struct pm_benchout *bo,
    const struct pm_bench_set *cur, const struct pm_bench_set *base,
    struct pm_bench_result *r, struct pm_err *e);

/* The records of cur: every run, then the summaries.  Returns what
 * pm_out returns (-1 on a write error). */
int pm_benchout_records(const struct pm_benchout *bo,
    const struct pm_bench_set *cur, const struct pm_bench_result *r);

/* Add number v to object x as every pm tool writes numbers
 * (pm_number_format: "0.0125", not 0.012500000000000001). */
void pm_benchout_num(cJSON *x, const char *key, double v);

#endif
