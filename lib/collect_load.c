/* load: /proc/loadavg — 1, 5 and 15-minute load, runnable and total tasks. */
#include <stdint.h>
#include <stdlib.h>

#include "pm_collect.h"
#include "pm_sysfile.h"

struct load_state {
	struct pm_buf buf;
};

static int
load_available(const struct pm_sysroot *root)
{
	return pm_sysfile_exists(root->procfs, "loadavg");
}

static void
load_release(void *state)
{
	struct load_state *st = state;

	pm_buf_release(&st->buf);
}

static int
load_read(void *state, const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	struct load_state *st = state;
	double l1, l5, l15;
	uint64_t running, total;
	const char *p;

	if (pm_sysfile_read(&st->buf, ctx->root->procfs, "loadavg", e) != 0)
		return -1;
	/* "0.52 0.58 0.59 2/1022 12345" */
	p = st->buf.data;
	if (pm_scan_double(&p, &l1) || pm_scan_double(&p, &l5) ||
	    pm_scan_double(&p, &l15))
		return pm_err_set(e, "%s/loadavg: bad load averages",
		    ctx->root->procfs);
	while (*p == ' ')
		p++;
	for (running = 0; *p >= '0' && *p <= '9'; p++)
		running = running * 10 + (uint64_t)(*p - '0');
	if (*p++ != '/' || pm_scan_u64(&p, &total) != 0)
		return pm_err_set(e, "%s/loadavg: bad task counts",
		    ctx->root->procfs);
	if (ctx->emit == NULL)
		return 0;
	pm_emit(ctx->emit, "load.1m", l1, NULL, NULL, 0);
	pm_emit(ctx->emit, "load.5m", l5, NULL, NULL, 0);
	pm_emit(ctx->emit, "load.15m", l15, NULL, NULL, 0);
	pm_emit(ctx->emit, "load.runnable", (double)running, "count", NULL, 0);
	pm_emit(ctx->emit, "load.tasks", (double)total, "count", NULL, 0);
	return 0;
}

const struct pm_collector pm_collector_load = {
	.name = "load",
	.what = "load averages and task counts from /proc/loadavg",
	.available = load_available,
	.state_size = sizeof(struct load_state),
	.read = load_read,
	.release = load_release,
};
