/* mem: placeholder until the collector lands. */
#include <stdlib.h>

#include "pm_collect.h"

static int
mem_available(const struct pm_sysroot *root)
{
	(void)root;
	return 0;
}

static void *
mem_create(void)
{
	return calloc(1, 1);
}

static int
mem_read(void *state, const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	(void)state;
	(void)ctx;
	return pm_err_set(e, "not implemented");
}

const struct pm_collector pm_collector_mem = {
	.name = "mem",
	.what = "not implemented yet",
	.available = mem_available,
	.create = mem_create,
	.read = mem_read,
	.destroy = free,
};
