#include "pm_maxseries.h"

#include <stdint.h>

#include "pm_cli.h"

int
pm_max_series_parse(const char *s, size_t *max, struct pm_err *e)
{
	long long n;

	if (pm_cli_count(s, &n, e) != 0 || (unsigned long long)n > SIZE_MAX)
		return pm_err_set(e, "'%s' is not a count of series (0: no "
		    "limit)", s);
	*max = (size_t)n;
	return 0;
}

void
pm_max_series_reached(struct pm_err *e, const char *name, unsigned long line,
    size_t max)
{
	if (name == NULL)
		pm_err_set(e, "more than %zu series; the rest are left out "
		    "(--max-series)", max);
	else
		pm_err_set(e, "%s:%lu: more than %zu series; points of new "
		    "series are dropped (--max-series)", name, line, max);
}

void
pm_max_series_dropped(struct pm_err *e, unsigned long long k)
{
	pm_err_set(e, "%llu point%s of new series dropped", k,
	    k == 1 ? "" : "s");
}
