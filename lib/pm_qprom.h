/* pm_qprom: pm names and Prometheus names, for pm-query --source.
 *
 * Names are pm-export's (pm_promname.h) with its default prefix: "pm_" +
 * the metric in snake_case with '.' as '_' + its unit's base-unit suffix
 * (+ "_total" for a counter); host is the "host" label.
 *   forward  a query's selection as one series selector for
 *            /api/v1/export: metric globs as a regex on __name__ (each may
 *            be followed by a unit's suffix), host globs as a regex on
 *            host, label matchers as PromQL matchers (names as pm-export
 *            writes them), the window in whole seconds around it;
 *   back     a metric named without wildcards whose name (with any unit,
 *            counter or not) it is; else the name less "pm_", "_total"
 *            and a unit's suffix, with '_' as '.', when it matches a glob
 *            (compared as a Prometheus name) or the query names no metric.
 *            The unit is the base unit of the suffix, if any.
 *
 * Ownership: a pm_sbuf owns its text (free(b->s)); the rest writes to
 * caller-owned buffers.
 */
#ifndef PM_QPROM_H
#define PM_QPROM_H

#include <stddef.h>

#include "pm_query.h"

/* A growing string; oom is set once memory ran out (the text is then
 * cut short). */
struct pm_sbuf {
	char *s;
	size_t len, cap;
	int oom;
};

void pm_sbuf_add(struct pm_sbuf *b, const char *s, size_t n);
void pm_sbuf_str(struct pm_sbuf *b, const char *s);

/* base + "/api/v1/export?match[]=SELECTOR&start=S&end=E" (VictoriaMetrics),
 * appended to url. */
void pm_qprom_export_url(struct pm_sbuf *url, const char *base,
    const struct pm_query *q);

/* base + "/api/v1/query?query=SELECTOR[RANGEs]&time=E", a range that
 * holds the window (open ends: from 0, up to now), appended to url. */
void pm_qprom_query_url(struct pm_sbuf *url, const char *base,
    const struct pm_query *q, int64_t now);

/* The pm metric (into metric) and unit (static text or NULL) of the
 * Prometheus name; 0 when q does not select it. */
int pm_qprom_metric(const struct pm_query *q, const char *name, char *metric,
    size_t size, const char **unit);

#endif
