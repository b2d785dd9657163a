#include <stdlib.h>
#include <string.h>

#include "pm_benchsys.h"
#include "pm_time.h"

const char *const pm_benchsys_names[PM_SYS_N] = {
	"system_cpu", "system_mem", "gpu_util", "gpu_mem",
};

int
pm_benchsys_init(struct pm_benchsys *b, const struct pm_sysroot *root,
    size_t ncmds, struct pm_err *e)
{
	const struct pm_collector *gpu = pm_collector_find("gpu");

	memset(b, 0, sizeof(*b));
	if ((b->fig = calloc(ncmds ? ncmds : 1, sizeof(*b->fig))) == NULL)
		return pm_err_set(e, "out of memory");
	b->nfig = ncmds;
	return pm_sampler_init(&b->sampler, root, gpu != NULL &&
	    gpu->available(root) ? "cpu,mem,gpu" : "cpu,mem", e);
}

/* Keep the points of one sample that say what the system did. */
static int
take(void *arg, const struct pm_point *p)
{
	struct pm_benchsys *b = arg;
	const char *cpu = pm_point_label(p, "cpu");
	int k;

	if (strcmp(p->metric, "cpu.usage") == 0 && cpu != NULL &&
	    strcmp(cpu, "total") == 0)
		k = PM_SYS_CPU;
	else if (strcmp(p->metric, "mem.used") == 0)
		k = PM_SYS_MEM;
	else if (strcmp(p->metric, "gpu.utilization") == 0)
		k = PM_SYS_GPU_UTIL;
	else if (strcmp(p->metric, "gpu.memory.used") == 0)
		k = PM_SYS_GPU_MEM;
	else
		return 0;
	b->v[k] += p->value;
	b->nv[k]++;
	return 0;
}

static void
failed(void *arg, const char *collector, const char *msg)
{
	struct pm_benchsys *b = arg;

	if (!b->failed)
		pm_err_set(&b->e, "--sample: %s: %s", collector, msg);
	b->failed = 1;
}

void
pm_benchsys_around(void *arg, size_t i, int after)
{
	struct pm_benchsys *b = arg;
	struct pm_emit em = { take, b, NULL, 0, NULL, 0 };
	struct pm_benchsys_fig *f = &b->fig[i];
	double v;
	int k;

	memset(b->v, 0, sizeof(b->v));
	memset(b->nv, 0, sizeof(b->nv));
	pm_sampler_read(&b->sampler, pm_clock_mono(), after ? &em : NULL,
	    failed, b);
	if (!after || i >= b->nfig)
		return;
	for (k = 0; k < PM_SYS_N; k++) {
		if (b->nv[k] == 0)
			continue;
		/* GPUs: their mean utilization, their memory summed. */
		v = k == PM_SYS_GPU_UTIL ? b->v[k] / (double)b->nv[k] : b->v[k];
		f->sum[k] += v;
		if (f->n[k]++ == 0 || v > f->max[k])
			f->max[k] = v;
	}
}

double
pm_benchsys_mean(const struct pm_benchsys_fig *f, int k)
{
	return f->n[k] ? f->sum[k] / (double)f->n[k] : -1;
}

void
pm_benchsys_release(struct pm_benchsys *b)
{
	pm_sampler_release(&b->sampler);
	free(b->fig);
	b->fig = NULL;
}
