/* pm_values: the values notation of promtool's rule unit tests, for
 * pm-alert --test: values separated by spaces, one per step:
 *   N        a value (a plain decimal number: no hex, inf or nan)
 *   AxN      A, N + 1 times
 *   A+BxN    A, A+B, ... A+N*B (N + 1 values); A-BxN the same, down
 *   _        no value at this step
 *   _xN      N steps without a value
 *
 * Ownership: nothing is kept.
 */
#ifndef PM_VALUES_H
#define PM_VALUES_H

#include "pm_err.h"

/* Called with each value and its step (from 0); non-zero stops. */
typedef int pm_values_fn(void *arg, long step, double v, struct pm_err *e);

/* -1 with e ("values: 'TOKEN' is not ...") for a bad token, or with fn's
 * e when fn fails. */
int pm_values_parse(const char *s, pm_values_fn *fn, void *arg,
    struct pm_err *e);

#endif
