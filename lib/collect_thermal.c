/* thermal: placeholder until the collector lands. */
#include <stdlib.h>

#include "pm_collect.h"

static int
thermal_available(const struct pm_sysroot *root)
{
	(void)root;
	return 0;
}

static void *
thermal_create(void)
{
	return calloc(1, 1);
}

static int
thermal_read(void *state, const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	(void)state;
	(void)ctx;
	return pm_err_set(e, "not implemented");
}

const struct pm_collector pm_collector_thermal = {
	.name = "thermal",
	.what = "not implemented yet",
	.available = thermal_available,
	.create = thermal_create,
	.read = thermal_read,
	.destroy = free,
};
