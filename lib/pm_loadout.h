/* pm_loadout: what an HTTP load run (pm_loadgen) says, as a pm record,
 * as figures for the --fail-if gates and as a report for people.
 *
 * The record (pm-points(5)) is one "bench.http" point whose value is the
 * mean latency in seconds, with labels name, url, method and the -l
 * ones, and the members requests, connections, threads, rate (open model),
 * duration, requests_per_s, bytes, bytes_per_s, errors, error_rate, one
 * errors_KIND per kind of error, and the latency statistics mean, stddev,
 * min, max, p50, p90, p95, p99, p999 (seconds); in the open model the
 * same statistics from the actual send as uncorrected_mean, ...; and
 * "interrupted": true when a signal stopped the load.
 *
 * Ownership: nothing is kept; strings are borrowed.
 */
#ifndef PM_LOADOUT_H
#define PM_LOADOUT_H

#include <stdio.h>

#include "pm_gate.h"
#include "pm_loadgen.h"
#include "pm_out.h"

struct pm_loadout {
	struct pm_out *out;		/* the record goes here, or NULL */
	FILE *text;			/* the report goes here, or NULL */
	int color;
	const char *host;
	const char *name;		/* label name: --name, or the URL */
	const struct pm_label *labels;	/* -l labels */
	size_t nlabels;
	const struct pm_loadgen_conf *conf;
};

/* The figures gates look at: latency in seconds (corrected in the open
 * model), failures (failed requests) and errors (their share). */
void pm_loadout_figures(const struct pm_loadgen_result *r,
    double fig[PM_GATE_NFIGURES]);

/* Write the record; what pm_out returns (-1 on a write error). */
int pm_loadout_record(const struct pm_loadout *lo,
    const struct pm_loadgen_result *r);

void pm_loadout_report(const struct pm_loadout *lo,
    const struct pm_loadgen_result *r);

#endif
