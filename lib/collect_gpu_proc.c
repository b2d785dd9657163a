/* gpu-proc: GPU memory of each process on an NVIDIA GPU, from NVML's
 * compute process list, named by PROCFS/PID/comm. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_collect.h"
#include "pm_gpu.h"
#include "pm_nvml.h"
#include "pm_sysfile.h"

struct gpu_proc_state {
	int open;
	unsigned n;			/* GPUs */
	struct pm_nvml_procs *ps;	/* the processes of each */
};

static int
open_nvml(struct gpu_proc_state *st, struct pm_err *e)
{
	if (pm_nvml_open(e) != 0)
		return -1;
	st->open = 1;
	st->n = pm_nvml_count();
	if ((st->ps = calloc(st->n, sizeof(*st->ps))) == NULL)
		return pm_err_set(e, "out of memory");
	return 0;
}

static void
emit_gpu(const struct pm_collect_ctx *ctx, unsigned i,
    const struct pm_nvml_procs *ps)
{
	struct pm_gpu g;
	char rel[32], pid[16], comm[64];
	struct pm_label l[4] = {
		{ "gpu", g.index }, { "uuid", g.uuid }, { "pid", pid },
		{ "comm", comm },
	};
	size_t k;

	pm_nvml_ident(i, &g);
	for (k = 0; k < ps->n; k++) {
		if (ps->p[k].used == UINT64_MAX)
			continue;
		snprintf(pid, sizeof(pid), "%u", ps->p[k].pid);
		snprintf(rel, sizeof(rel), "%u/comm", ps->p[k].pid);
		/* Gone already, or in another pid namespace: no name. */
		if (pm_sysfile_line(ctx->root->procfs, rel, comm, sizeof(comm),
		    NULL) != 0)
			comm[0] = '\0';
		pm_emit(ctx->emit, "gpu.process.memory.used",
		    (double)ps->p[k].used, "bytes", l, 4);
	}
}

static int
gpu_proc_read(void *state, const struct pm_collect_ctx *ctx,
    struct pm_err *e)
{
	struct gpu_proc_state *st = state;
	unsigned i;

	if (!st->open && open_nvml(st, e) != 0)
		return -1;
	for (i = 0; i < st->n; i++)
		if (pm_nvml_processes(i, &st->ps[i], e) != 0)
			return -1;
	for (i = 0; ctx->emit != NULL && i < st->n; i++)
		emit_gpu(ctx, i, &st->ps[i]);
	return 0;
}

static void
gpu_proc_release(void *state)
{
	struct gpu_proc_state *st = state;
	unsigned i;

	for (i = 0; st->ps != NULL && i < st->n; i++)
		pm_nvml_procs_release(&st->ps[i]);
	free(st->ps);
	if (st->open)
		pm_nvml_close();
}

static int
gpu_proc_available(const struct pm_sysroot *root)
{
	(void)root;
	return pm_nvml_probe();
}

const struct pm_collector pm_collector_gpu_proc = {
	.name = "gpu-proc",
	.what = "GPU memory of each process, through NVML",
	.available = gpu_proc_available,
	.state_size = sizeof(struct gpu_proc_state),
	.read = gpu_proc_read,
	.release = gpu_proc_release,
	.named_only = 1,	/* one point per process: asked for, not by default */
};
