/* pm_sampler: a set of collectors taking readings together.
 *
 * Ownership: the sampler owns each collector's state and copies of the
 * root paths.  pm_sampler_release frees them.
 */
#ifndef PM_SAMPLER_H
#define PM_SAMPLER_H

#include <stdint.h>

#include "pm_collect.h"
#include "pm_err.h"

#define PM_SAMPLER_MAX 32

struct pm_sampler_entry {
	const struct pm_collector *collector;
	void *state;
	int named;		/* asked for by name (-c), not by default */
};

struct pm_sampler {
	struct pm_sysroot root;
	int all_devices;
	/* Replay: reading k>0 reads ROOT.k instead of ROOT where that tree
	 * exists, so a fixture can hold successive readings (tests). */
	int replay;
	unsigned long readings;
	size_t n;
	struct pm_sampler_entry active[PM_SAMPLER_MAX];
	char *paths[3];
};

/* Select collectors: list is "cpu,mem,..." or NULL for every collector
 * available under root ("" for none: collectors are added later).  A
 * named collector that is unknown, or whose files are missing, is an
 * error; an unavailable default one is skipped. */
int pm_sampler_init(struct pm_sampler *s, const struct pm_sysroot *root,
    const char *list, struct pm_err *e);

/* Add a collector that the caller configured (one not in the table, such
 * as proc): the sampler takes state, from malloc, and releases it with
 * c->release and free() at pm_sampler_release, or at once when this
 * fails.  Its points follow those of the collectors added before it. */
int pm_sampler_add(struct pm_sampler *s, const struct pm_collector *c,
    void *state, struct pm_err *e);

/* Called for each collector whose reading failed. */
typedef void pm_sampler_error_fn(void *arg, const char *collector,
    const char *msg);

/* One reading of every collector at monotonic time mono; emit is NULL for
 * the priming reading.  Returns how many collectors failed. */
int pm_sampler_read(struct pm_sampler *s, int64_t mono,
    const struct pm_emit *emit, pm_sampler_error_fn *on_error, void *arg);

void pm_sampler_release(struct pm_sampler *s);

/* Whether every name in the comma-separated list is a collector; -1 with
 * e naming the first that is not. */
int pm_collector_list_valid(const char *list, struct pm_err *e);

/* Comma-separated names of every collector, for messages. */
const char *pm_collector_names(void);

#endif
