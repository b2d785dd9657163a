/* pm_qlist: --list, what a store or a stream holds.
 *
 *   metrics  one line per metric:  metric, unit, series, samples, first, last
 *   series   one line per series:  metric, host, labels, unit, samples,
 *            first, last
 *   hosts    one line per host:    host, metrics, series, samples, first,
 *            last
 *   labels   one line per label key: label, values (distinct), series,
 *            samples, first, last
 * samples counts the samples that rollups stand for; first and last are
 * RFC 3339 times.  Each line is a JSON object (these are not points), or a
 * row of a table.  The set must be finished (pm_sset_finish).
 *
 * Ownership: borrows the set and out for the call.
 */
#ifndef PM_QLIST_H
#define PM_QLIST_H

#include "pm_out.h"
#include "pm_query.h"
#include "pm_series.h"

int pm_qlist_write(const struct pm_sset *set, enum pm_list_kind kind,
    struct pm_out *out, int table, struct pm_err *e);

#endif
