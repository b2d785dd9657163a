/* pm_tmpl: the templates of alert labels and annotations.
 *
 * "{{host}} is at {{value}} (over {{threshold}})": {{host}}, {{metric}},
 * {{value}}, {{threshold}}, {{alert}}, {{severity}} and {{labels.KEY}} are
 * replaced by the alert's; spaces inside the braces and Prometheus' "$"
 * ({{ $labels.gpu }}) are allowed.  A missing label or host is "".
 * Everything else is copied as it is.
 *
 * Ownership: the context borrows everything; the caller owns the buffer.
 */
#ifndef PM_TMPL_H
#define PM_TMPL_H

#include <stddef.h>

#include "pm_err.h"
#include "pm_point.h"

struct pm_tmpl_ctx {
	const char *alert, *metric, *host, *severity, *threshold;
	double value;
	const struct pm_label *labels;
	size_t nlabels;
};

/* Whether every {{...}} in s names something known. */
int pm_tmpl_check(const char *s, struct pm_err *e);

/* Render s into buf, snprintf-style (returns the length it needs). */
size_t pm_tmpl_render(const char *s, const struct pm_tmpl_ctx *c, char *buf,
    size_t size);

#endif
