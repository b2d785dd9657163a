/* pm_series: a set of series held in memory for a query.
 *
 * A series is one metric from one host with one label set (its key is
 * metric, host and pm_labels_canonical text, as in the store).  It holds
 * raw samples and, from a store that was downsampled, rollups: buckets of
 * avg/min/max/count that stand for the samples they replaced.
 *
 * Sources add samples in any order; pm_sset_finish sorts the series by
 * key and each series' samples by time, and keeps the last of samples with
 * the same time (as the store replaces them).
 *
 * A set may be given a limit on its count of series (max): past it,
 * pm_sset_get refuses a new series with PM_SSET_FULL, so that memory stays
 * bounded on hostile input (1,000,000 label values) while the series
 * already there keep taking samples.
 *
 * Ownership: the set owns its series and each series owns copies of its
 * strings and its sample arrays.
 */
#ifndef PM_SERIES_H
#define PM_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"
#include "pm_point.h"

struct pm_sample {
	int64_t ts;		/* ns */
	double v;
};

struct pm_rollup {
	int64_t ts, step;	/* bucket start and width, ns */
	double avg, min, max;
	int64_t count;
};

struct pm_series {
	const char *metric, *host, *unit;	/* host, unit: NULL if none */
	struct pm_label labels[PM_LABELS_MAX];	/* sorted by key */
	size_t nlabels;
	const char *key;	/* metric \0 host \0 canonical labels */
	size_t keylen;
	struct pm_sample *s;
	size_t n, cap;
	struct pm_rollup *r;
	size_t nr, rcap;
	/* Summary, for --list: samples (rolled-up ones counted), first and
	 * last time.  pm_sset_finish computes it unless a source set it. */
	int64_t count, first, last;
	int summarized;

	/* Private. */
	uint64_t hash;
	struct pm_series *chain;
	char *mem, *unit_mem;
};

struct pm_sset {
	struct pm_series **v;	/* every series; sorted by pm_sset_finish */
	size_t n, cap;
	struct pm_series **tab;	/* hash table of chains */
	size_t tabsize;
	size_t max;		/* most series (0: no limit); set after init */
};

void pm_sset_init(struct pm_sset *set);
void pm_sset_release(struct pm_sset *set);

/* What pm_sset_get returns instead of a new series when the set already
 * holds max: not a series, never to be written to (it is read-only). */
extern const struct pm_series pm_sset_full;
#define PM_SSET_FULL ((struct pm_series *)&pm_sset_full)

/* The series of p's metric, host and labels, added (with p's unit) if new;
 * PM_SSET_FULL when it is new and the set is full (e untouched); NULL when
 * memory runs out. */
struct pm_series *pm_sset_get(struct pm_sset *set, const struct pm_point *p,
    struct pm_err *e);

int pm_series_add(struct pm_series *s, int64_t ts, double v,
    struct pm_err *e);
int pm_series_add_rollup(struct pm_series *s, const struct pm_rollup *r,
    struct pm_err *e);

/* Sort and de-duplicate, as above. */
int pm_sset_finish(struct pm_sset *set, struct pm_err *e);

/* Turn a series' rollups into samples (each its avg at its bucket start),
 * in time order, for the transforms that need one value per time. */
int pm_series_flatten(struct pm_series *s, struct pm_err *e);

/* Give the series another unit (copied). */
int pm_series_set_unit(struct pm_series *s, const char *unit,
    struct pm_err *e);

/* Compare two series by key (metric, host, labels). */
int pm_series_cmp(const struct pm_series *a, const struct pm_series *b);

#endif
