/* pm_chart: a line chart of series as SVG, for pm-export -f html and svg.
 *
 * One line per series (a dot for a series with one point), in the
 * colours of Tableau 10 (dashed after the tenth), over a grid with time
 * ticks (UTC) along the bottom and value ticks, with the unit, along the
 * left; a legend with each series' name below.  Samples without a time
 * are left out.  Every series is a <g class="series"> so that tests and
 * scripts can count them.
 *
 * Ownership: the chart borrows the series and strings; the SVG is
 * appended to the caller's writer.
 */
#ifndef PM_CHART_H
#define PM_CHART_H

#include <stdint.h>

#include "pm_fmt.h"
#include "pm_series.h"

struct pm_chart {
	const char *title;
	const char *unit;		/* of the values, or NULL */
	struct pm_series *const *s;
	size_t n;
	int64_t t0, t1;			/* the time range shown, ns */
	int standalone;			/* an SVG file: XML declaration */
};

/* The chart as one <svg> element; -1 with e when memory runs out. */
int pm_chart_svg(struct pm_fmt_w *w, const struct pm_chart *c,
    struct pm_err *e);

/* Text with & < > " ' escaped for XML and HTML. */
int pm_chart_text(struct pm_fmt_w *w, const char *s);

/* The colour of series i. */
const char *pm_chart_colour(size_t i);

/* A value short enough for an axis or a table: 3 significant digits
 * past a thousand with k, M, G, T. */
void pm_chart_number(double v, char buf[32]);

#endif
