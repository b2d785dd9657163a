/* fs: placeholder until the collector lands. */
#include <stdlib.h>

#include "pm_collect.h"

static int
fs_available(const struct pm_sysroot *root)
{
	(void)root;
	return 0;
}

static void *
fs_create(void)
{
	return calloc(1, 1);
}

static int
fs_read(void *state, const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	(void)state;
	(void)ctx;
	return pm_err_set(e, "not implemented");
}

const struct pm_collector pm_collector_fs = {
	.name = "fs",
	.what = "not implemented yet",
	.available = fs_available,
	.create = fs_create,
	.read = fs_read,
	.destroy = free,
};
