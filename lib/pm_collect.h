/* pm_collect: the system collectors behind pm-sample (and pm-bench,
 * pm-status).
 *
 * A collector takes readings of kernel files under a struct pm_sysroot and
 * turns them into points.  Counters become rates between two readings, so
 * the first reading only primes the state (ctx->emit is NULL then).  A
 * collector parses a whole reading before it emits anything: a bad file
 * fails that collector's reading cleanly and emits nothing half-done.
 */
#ifndef PM_COLLECT_H
#define PM_COLLECT_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"
#include "pm_point.h"

/* Roots of the trees the collectors read, as node_exporter's --path.*;
 * no trailing slash ("" is the real root for rootfs). */
struct pm_sysroot {
	const char *procfs;	/* "/proc" */
	const char *sysfs;	/* "/sys" */
	const char *rootfs;	/* "" for "/"; mount points are below it */
};

/* Where points go.  The sampler sets everything but the point itself. */
struct pm_emit {
	int (*fn)(void *arg, const struct pm_point *p);
	void *arg;
	const char *host;
	int64_t ts;
	const struct pm_label *labels;	/* added to every point (-l) */
	size_t nlabels;
};

/* Emit one point: metric, value and unit, with labels[0..n) and the
 * emitter's own labels.  Returns what emit->fn returns. */
int pm_emit(const struct pm_emit *e, const char *metric, double value,
    const char *unit, const struct pm_label *labels, size_t n);

struct pm_collect_ctx {
	const struct pm_sysroot *root;
	int64_t mono;		/* when this reading was taken, ns, monotonic */
	const struct pm_emit *emit; /* NULL on the priming reading */
	int all_devices;	/* include partitions, loop, ram, lo, pseudo fs */
};

struct pm_collector {
	const char *name;
	const char *what;	/* one line for docs and --help */
	/* Whether this machine (root) has what the collector reads. */
	int (*available)(const struct pm_sysroot *root);
	/* Bytes of state; the sampler hands read() a zeroed block. */
	size_t state_size;
	/* Take a reading; 0, or -1 with a reason in e (nothing emitted). */
	int (*read)(void *state, const struct pm_collect_ctx *ctx,
	    struct pm_err *e);
	/* Free what the state points to (not the state itself); may be NULL. */
	void (*release)(void *state);
	int named_only;		/* used only when named with -c, never by default */
};

/* Every collector, in output order, NULL-terminated. */
extern const struct pm_collector *const pm_collectors[];

/* The collector called name, or NULL. */
const struct pm_collector *pm_collector_find(const char *name);

/* Seconds between two monotonic readings, for rates. */
static inline double
pm_elapsed(int64_t from, int64_t to)
{
	return (double)(to - from) / 1e9;
}

/* Rate of a counter that went from a to b over dt seconds; a counter that
 * went backwards (a reset, a wrap) gives 0 rather than a huge value. */
static inline double
pm_rate(uint64_t a, uint64_t b, double dt)
{
	return b >= a && dt > 0 ? (double)(b - a) / dt : 0;
}

/* Percentages carry two decimals and rates three, as sar prints them:
 * more digits are noise from the timing of the readings. */
static inline double
pm_round(double v, double scale)
{
	return v >= 0 ? (double)(int64_t)(v * scale + 0.5) / scale
	    : -(double)(int64_t)(-v * scale + 0.5) / scale;
}
#define pm_percent(part, whole) \
	((whole) > 0 ? pm_round(100.0 * (double)(part) / (double)(whole), 100) : 0)
#define pm_rate3(a, b, dt) pm_round(pm_rate((a), (b), (dt)), 1000)

#endif
