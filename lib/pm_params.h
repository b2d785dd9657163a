/* pm_params: benchmark parameters, given as lists (NAME=a,b,c) or scans
 * (NAME=MIN:MAX[:STEP]), and the {NAME} placeholders they fill.
 *
 * Several parameters make every combination, the first one given varying
 * slowest.  A scan of whole numbers gives whole numbers; with a fraction in
 * MIN, MAX or STEP the values are MIN + i STEP written as pm_number_format
 * does (so 0:1:0.1 gives 0, 0.1, ... 1, without drift).
 *
 * Ownership: pm_params owns the values; pm_params_subst returns a string
 * the caller frees.
 */
#ifndef PM_PARAMS_H
#define PM_PARAMS_H

#include <stddef.h>

#include "pm_err.h"

#define PM_PARAMS_MAX 8
#define PM_PARAM_VALUES_MAX 100000

struct pm_param {
	char *name;
	char **values;
	size_t n;
};

struct pm_params {
	struct pm_param p[PM_PARAMS_MAX];
	size_t n;
};

/* A zeroed struct pm_params has no parameters. */

/* Add a list "NAME=a,b,c" or a scan "NAME=MIN:MAX[:STEP]". */
int pm_params_list(struct pm_params *ps, const char *spec, struct pm_err *e);
int pm_params_scan(struct pm_params *ps, const char *spec, struct pm_err *e);

/* How many combinations (1 with no parameters). */
size_t pm_params_count(const struct pm_params *ps);

/* The values of combination k (0 <= k < count), one per parameter. */
void pm_params_pick(const struct pm_params *ps, size_t k,
    const char *values[PM_PARAMS_MAX]);

/* s with every {NAME} of a parameter replaced by its value; other braces
 * stay.  NULL with e when memory ran out. */
char *pm_params_subst(const struct pm_params *ps,
    const char *const values[PM_PARAMS_MAX], const char *s,
    struct pm_err *e);

void pm_params_release(struct pm_params *ps);

#endif
