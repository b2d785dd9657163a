/* pressure: placeholder until the collector lands. */
#include <stdlib.h>

#include "pm_collect.h"

static int
pressure_available(const struct pm_sysroot *root)
{
	(void)root;
	return 0;
}

static void *
pressure_create(void)
{
	return calloc(1, 1);
}

static int
pressure_read(void *state, const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	(void)state;
	(void)ctx;
	return pm_err_set(e, "not implemented");
}

const struct pm_collector pm_collector_pressure = {
	.name = "pressure",
	.what = "not implemented yet",
	.available = pressure_available,
	.create = pressure_create,
	.read = pressure_read,
	.destroy = free,
};
