/* pm_promset: one scraped body and its parsed samples, and the lookup of a
 * series in the previous scrape (for rates).
 *
 * The body, the samples and their labels live in arrays that grow to the
 * largest scrape seen and are reused by every later one, so a scrape in
 * the steady state allocates nothing.  A sample's strings point into the
 * set's own body (pm_promtext parses in place).
 *
 * Ownership: a set owns everything it points to; pm_promset_release frees
 * it.  A zeroed set is empty and ready.
 */
#ifndef PM_PROMSET_H
#define PM_PROMSET_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"
#include "pm_point.h"

struct pm_promset_sample {
	const char *name;
	double value;		/* meaningless unless finite */
	int64_t ts;		/* ns, or PM_TS_NONE */
	uint64_t hash;		/* of name and labels, to find the series */
	size_t label0, nlabels;	/* in the set's labels */
	int counter, finite;
};

struct pm_promset {
	char *body;
	size_t len, cap;
	struct pm_promset_sample *v;
	size_t n, vcap;
	struct pm_label *labels;
	size_t nlabels, lcap;
	uint32_t *index;	/* open addressing: sample number + 1, or 0 */
	size_t icap, isize;	/* allocated, in use (a power of two) */
	unsigned long nonfinite; /* samples kept whose value is not finite */
	int64_t mono;		/* when the scrape was taken */
};

/* Forget the last scrape (keeps the memory). */
void pm_promset_clear(struct pm_promset *set);

/* Append len bytes of body; -1 when that would pass max bytes or memory
 * runs out. */
int pm_promset_append(struct pm_promset *set, const char *data, size_t len,
    size_t max);

/* Parse the body into samples, keeping those whose name match (when not
 * NULL) matches.  -1 with "line N: why" in e at the first bad line. */
int pm_promset_parse(struct pm_promset *set, int openmetrics,
    const regex_t *match, struct pm_err *e);

/* Index the samples for pm_promset_find; -1 when memory runs out. */
int pm_promset_index(struct pm_promset *set);

/* The sample of prev (indexed) that is the series of cur's sample s, or
 * NULL.  *cursor carries the guess that series come in the same order as
 * last time (start it at 0), which makes most lookups one comparison. */
const struct pm_promset_sample *pm_promset_find(const struct pm_promset *prev,
    const struct pm_promset *cur, const struct pm_promset_sample *s,
    size_t *cursor);

/* Sample s's labels. */
static inline const struct pm_label *
pm_promset_labels(const struct pm_promset *set,
    const struct pm_promset_sample *s)
{
	return set->labels + s->label0;
}

void pm_promset_release(struct pm_promset *set);

#endif
