/* pm_qengine: run a query over a set of series, whatever source filled it,
 * and hand the result to a sink row by row.
 *
 * The result is a table: columns named by the query (the aggregations,
 * "slope" and "eta" for a trend, or "value"), one row per group and bucket
 * (aggregations), per series (trend, latest) or per point (the points
 * themselves).  A points sink writes one point per column, naming the
 * column in a label (cols.label, e.g. "agg":"p95"); a table sink prints
 * the rows as they are.
 *
 * Groups: every series of one metric, split by the --by dimensions (host,
 * label:KEY); points of different metrics are never aggregated together.
 * A group's row carries only its metric and the --by dimensions.
 * Buckets: --every wide, aligned to the epoch (a bucket starts at a
 * multiple of --every since 1970-01-01T00:00:00Z), or one bucket for the
 * whole window, starting at --since or else at the group's first sample.
 * A row's ts is its bucket's start.  Buckets without samples give no row.
 * rate and increase are computed per series over the deltas between
 * consecutive samples (each delta belongs to the bucket of its later
 * sample), then summed over the group's series: increase is the sum of
 * the deltas, rate the increase divided by the seconds those deltas span.
 *
 * Ownership: rows and their strings are valid during the sink's call.
 */
#ifndef PM_QENGINE_H
#define PM_QENGINE_H

#include "pm_query.h"
#include "pm_series.h"

#define PM_QCOLS_MAX PM_QUERY_AGGS_MAX
#define PM_QUNIT_MAX 64

struct pm_qcols {
	const char *label;	/* "agg", "trend", or NULL (plain values) */
	size_t n;
	const char *names[PM_QCOLS_MAX];
	int time;		/* the rows' ts is worth showing people */
};

struct pm_qrow {
	int64_t ts;
	const char *metric, *host;	/* host: NULL when none */
	const struct pm_label *labels;
	size_t nlabels;
	double v[PM_QCOLS_MAX];		/* NaN: no value in this column */
	const char *unit[PM_QCOLS_MAX];	/* NULL: none */
};

struct pm_qsink {
	int (*begin)(void *arg, const struct pm_qcols *c, struct pm_err *e);
	int (*row)(void *arg, const struct pm_qrow *r, struct pm_err *e);
	void *arg;
};

/* Apply q's transforms to the series of set (which must be finished) and
 * write its result to sink. */
int pm_query_run(const struct pm_query *q, struct pm_sset *set,
    const struct pm_qsink *sink, struct pm_err *e);

/* The aggregation result alone (pm_qgroup.c); the series are as the
 * source left them, rollups and all, unless a transform flattened them. */
int pm_query_aggregate(const struct pm_query *q, struct pm_sset *set,
    const struct pm_qsink *sink, struct pm_err *e);

/* The unit of a counter's rate: bytes -> bytes/s, none or count -> 1/s,
 * U -> U/s; and of a trend's slope (U/h). */
const char *pm_unit_per(const char *unit, char per, char *buf, size_t size);

#endif
