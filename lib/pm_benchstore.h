/* pm_benchstore: pm-bench baselines kept in the store (pm_store.h).
 *
 * A saved baseline is one "bench.baseline" point per command, labelled
 * baseline=NAME, name, command and one label per parameter (a parameter
 * named like one of these is left to the extras), whose value is the
 * number of runs and whose extra members are exactly a baseline file
 * (pm_bench.h) holding that one command: so every run is kept, in one
 * row, and runs never collide on the store's millisecond timestamps.
 * Loading takes, per command name, the latest such point of NAME.
 *
 * Ownership: the functions borrow the store and the set; a loaded set is
 * the caller's (pm_bench_release).
 */
#ifndef PM_BENCHSTORE_H
#define PM_BENCHSTORE_H

#include "pm_bench.h"
#include "pm_store.h"

/* Store every command of s as baseline name, at time ts (ns), in one
 * transaction. */
int pm_benchstore_save(struct pm_store *st, const struct pm_bench_set *s,
    const char *name, int64_t ts, struct pm_err *e);

/* Fill s with baseline name; -1 with e when the store fails or holds no
 * baseline of that name. */
int pm_benchstore_load(struct pm_store *st, struct pm_bench_set *s,
    const char *name, struct pm_err *e);

/* The same on store db (NULL: the default, pm_store_default_path),
 * opened and closed here; put saves at pm_clock_now(). */
int pm_benchstore_put(const char *db, const struct pm_bench_set *s,
    const char *name, struct pm_err *e);
int pm_benchstore_get(const char *db, struct pm_bench_set *s,
    const char *name, struct pm_err *e);

#endif
