/* pm_promname: pm names in the form Prometheus wants, shared by the
 * prometheus and influx writers so that a series gets the same name
 * whichever way it reaches a time-series engine.
 *
 * A family name is PREFIX_ + the metric with '.' and ':' as '_', camelCase
 * as snake_case, all lower case, + the unit as a suffix (Prometheus' base
 * units: "ms" becomes _seconds and values are scaled; "bytes/s" becomes
 * _bytes_per_second, or _per_second after a name that already ends in
 * _bytes), + _total for a counter.  A word of the metric that names a
 * type is made plural (bench.summary: pm_bench_summaries_seconds), as a
 * type in a name is against the naming rules.  Points carry no type, so a metric is a
 * gauge unless the user names it a counter.  Label names keep letters,
 * digits and '_' (others become '_'), in snake_case; one that starts with a
 * digit gets a '_' in front, one that starts with "__" (reserved) gets
 * "label" in front.
 *
 * Ownership: results go to caller-owned buffers.
 */
#ifndef PM_PROMNAME_H
#define PM_PROMNAME_H

#include <stddef.h>

#include "pm_point.h"

#define PM_PROM_NAME_MAX 512

struct pm_promname {
	char name[PM_PROM_NAME_MAX];	/* the family name, prefix included */
	size_t prefix_len;		/* bytes of "PREFIX_" at its start */
	double scale;			/* multiply values by this */
	const char *base;		/* the base unit values are scaled to */
	int counter;
};

/* Whether prefix can start a name: letters, digits and '_', not starting
 * with a digit; empty is allowed. */
int pm_prom_prefix_valid(const char *prefix);

/* The family of metric with unit (NULL: none). */
void pm_prom_family(struct pm_promname *n, const char *prefix,
    const char *metric, const char *unit, int counter);

/* Whether metric matches one of the globs (fnmatch). */
int pm_prom_is_counter(const char *metric, char *const *globs, size_t n);

/* The label name for key, into buf (size >= 2 * strlen(key) + 8 always
 * holds it); returns its length. */
size_t pm_prom_label(const char *key, char *buf, size_t size);

/* The labels of a series as Prometheus labels: host (when not NULL) and
 * the labels with their names made valid, sorted by name.  A label whose
 * name comes out as "host" beside a host becomes "exported_host", as
 * Prometheus does; of two labels with the same name the first is kept;
 * empty values are left out (Prometheus reads them as absent). */
#define PM_PROM_LABEL_MAX 128

struct pm_prom_labels {
	size_t n;
	struct pm_prom_pair {
		const char *name, *value;
	} v[PM_LABELS_MAX + 1];
	char names[PM_LABELS_MAX][PM_PROM_LABEL_MAX];
};

void pm_prom_labels(struct pm_prom_labels *pl, const char *host,
    const struct pm_label *labels, size_t n);

/* Length of the valid UTF-8 sequence at s (1 to 4), or 0 when the bytes
 * there are not one (the writers put U+FFFD instead). */
size_t pm_utf8_len(const unsigned char *s);

#endif
