/* disk: placeholder until the collector lands. */
#include <stdlib.h>

#include "pm_collect.h"

static int
disk_available(const struct pm_sysroot *root)
{
	(void)root;
	return 0;
}

static void *
disk_create(void)
{
	return calloc(1, 1);
}

static int
disk_read(void *state, const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	(void)state;
	(void)ctx;
	return pm_err_set(e, "not implemented");
}

const struct pm_collector pm_collector_disk = {
	.name = "disk",
	.what = "not implemented yet",
	.available = disk_available,
	.create = disk_create,
	.read = disk_read,
	.destroy = free,
};
