/* net: placeholder until the collector lands. */
#include <stdlib.h>

#include "pm_collect.h"

static int
net_available(const struct pm_sysroot *root)
{
	(void)root;
	return 0;
}

static void *
net_create(void)
{
	return calloc(1, 1);
}

static int
net_read(void *state, const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	(void)state;
	(void)ctx;
	return pm_err_set(e, "not implemented");
}

const struct pm_collector pm_collector_net = {
	.name = "net",
	.what = "not implemented yet",
	.available = net_available,
	.create = net_create,
	.read = net_read,
	.destroy = free,
};
