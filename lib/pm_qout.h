/* pm_qout: where a query's result goes (a struct pm_qsink): points, one
 * per column of each row, written with pm_out (NDJSON); or a table for
 * people (pm_table, numbers through pm_human), printed at the end.
 *
 * Points: the row's ts, host, metric and unit, its labels, and, when the
 * result names its columns (cols.label), that label with the column's
 * name ("agg":"p95", "trend":"slope").  Empty (NaN) cells write nothing.
 * Table: TIME (when the result's times mean something), HOST, METRIC,
 * LABELS (k=v,k=v) and one column per result column; NaN shows as "-".
 *
 * Ownership: the caller owns out, which must outlive the qout.
 */
#ifndef PM_QOUT_H
#define PM_QOUT_H

#include "pm_out.h"
#include "pm_qengine.h"
#include "pm_table.h"

struct pm_qout {
	struct pm_out *out;
	int table;
	struct pm_table t;
	struct pm_qcols cols;
	int begun;
};

void pm_qout_init(struct pm_qout *o, struct pm_out *out, int table);

/* The sink that writes to o. */
struct pm_qsink pm_qout_sink(struct pm_qout *o);

/* Print the table (a no-op for points). */
int pm_qout_finish(struct pm_qout *o, struct pm_err *e);

void pm_qout_release(struct pm_qout *o);

#endif
