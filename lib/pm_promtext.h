/* pm_promtext: a streaming parser of the Prometheus text exposition format
 * (version 0.0.4), which also takes OpenMetrics' "# EOF" end marker.
 *
 * It parses in place: names and label values are cut out of the caller's
 * buffer with NUL bytes written over the separators, and escapes in label
 * values are undone where they stand.  So it allocates nothing, and the
 * strings of a sample stay valid as long as the buffer, which the caller
 * owns and must not reuse while it holds them.
 *
 * Samples come out one at a time, as written: a histogram's or a summary's
 * _bucket, _sum and _count lines and quantile lines are ordinary samples
 * that keep their le and quantile labels.  A sample's type is that of its
 * family (the TYPE line before it, as the format groups a family's lines).
 */
#ifndef PM_PROMTEXT_H
#define PM_PROMTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"
#include "pm_point.h"

enum pm_prom_type {
	PM_PROM_UNTYPED,	/* no TYPE line, or untyped/unknown/info/... */
	PM_PROM_COUNTER,
	PM_PROM_GAUGE,
	PM_PROM_HISTOGRAM,
	PM_PROM_SUMMARY,
};

/* One label fewer than a point, so a scraper can add its instance. */
#define PM_PROM_LABELS_MAX (PM_LABELS_MAX - 1)

struct pm_prom_sample {
	const char *name;
	double value;		/* finite, unless pm_promtext_next said not */
	int64_t ts;		/* ns since the epoch, or PM_TS_NONE */
	enum pm_prom_type type;	/* of the sample's family */
	int counter;		/* only goes up: a counter (name or _total), or
				 * a histogram's or summary's _bucket/_sum/_count */
	size_t nlabels;
	struct pm_label labels[PM_PROM_LABELS_MAX];
};

struct pm_promtext {
	char *p, *end;		/* the rest of the buffer */
	unsigned long line;	/* number of the line at p, from 1 */
	int openmetrics;	/* timestamps in seconds, exemplars after " # " */
	int eof;		/* "# EOF" seen */
	const char *family;	/* name of the last TYPE line, or NULL */
	size_t family_len;
	enum pm_prom_type family_type;
};

enum {
	PM_PROM_ERROR = -1,	/* a bad line (e says "line N: why"), skipped */
	PM_PROM_END = 0,	/* no more samples */
	PM_PROM_SAMPLE = 1,	/* s holds a sample */
	PM_PROM_NONFINITE = 2,	/* s holds a sample whose value is NaN or
				 * infinite (points must be finite) */
};

/* Parse buf[0..len); buf[len] must be writable (it gets a NUL).
 * openmetrics: the body is application/openmetrics-text (timestamps in
 * seconds, exemplars allowed). */
void pm_promtext_init(struct pm_promtext *pt, char *buf, size_t len,
    int openmetrics);

/* The next sample, as above.  After PM_PROM_ERROR the bad line has been
 * skipped and the next call goes on with the line after it. */
int pm_promtext_next(struct pm_promtext *pt, struct pm_prom_sample *s,
    struct pm_err *e);

/* "counter", "gauge", ... */
const char *pm_prom_type_name(enum pm_prom_type t);

#endif
