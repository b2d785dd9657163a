/* pm_benchsys: the system during every run of a benchmark (see
 * pm_benchsys.h). */
#include <stdio.h>
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
	if (pm_sampler_init(&b->sampler, root, gpu != NULL &&
	    gpu->available(root) ? "cpu,mem,gpu" : "cpu,mem", e) != 0)
		return -1;
	b->sampler.replay = pm_clock_pinned();
	return 0;
}

/* A GPU point: the GPU it is of, new when its labels differ from the last
 * GPU point's (a collector gives each GPU's points together). */
static struct pm_benchsys_gpu *
gpu_of(struct pm_benchsys *b, const struct pm_point *p)
{
	const char *idx = pm_point_label(p, "gpu"), *uuid;
	char id[sizeof(b->gpu_id)];

	uuid = pm_point_label(p, "uuid");
	snprintf(id, sizeof(id), "%s\n%s", idx ? idx : "", uuid ? uuid : "");
	if (strcmp(id, b->gpu_id) != 0) {
		memcpy(b->gpu_id, id, sizeof(id));
		b->cur.ngpu++;
	}
	return b->cur.ngpu <= PM_BENCHSYS_GPUS ?
	    &b->cur.gpu[b->cur.ngpu - 1] : NULL;
}

/* Keep the points of one sample that say what the system did. */
static int
take(void *arg, const struct pm_point *p)
{
	struct pm_benchsys *b = arg;
	struct pm_benchsys_gpu *g;
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
	if (k == PM_SYS_CPU || k == PM_SYS_MEM) {
		b->cur.v[k] = p->value;
		b->cur.has |= 1u << k;
		return 0;
	}
	b->gpu_sum[k] += p->value;
	b->gpu_n[k]++;
	if ((g = gpu_of(b, p)) == NULL)
		return 0;
	if (k == PM_SYS_GPU_UTIL) {
		g->util = p->value;
		g->has_util = 1;
	} else {
		g->mem = p->value;
		g->has_mem = 1;
	}
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

/* Keep run r as f's next run. */
static void
keep(struct pm_benchsys *b, struct pm_benchsys_fig *f,
    const struct pm_benchsys_run *r)
{
	struct pm_benchsys_run *n;
	size_t cap;

	if (f->lost)
		return;
	if (f->nruns == f->cap) {
		cap = f->cap ? 2 * f->cap : 16;
		if ((n = realloc(f->runs, cap * sizeof(*n))) == NULL) {
			/* Later runs would be matched with the wrong ones. */
			f->lost = 1;
			failed(b, "runs", "out of memory");
			return;
		}
		f->runs = n;
		f->cap = cap;
	}
	f->runs[f->nruns++] = *r;
}

void
pm_benchsys_around(void *arg, size_t i, int after)
{
	struct pm_benchsys *b = arg;
	struct pm_emit em = { take, b, NULL, 0, NULL, 0 };
	struct pm_benchsys_run *r = &b->cur;
	struct pm_benchsys_fig *f;
	int k;

	memset(r, 0, sizeof(*r));
	memset(b->gpu_sum, 0, sizeof(b->gpu_sum));
	memset(b->gpu_n, 0, sizeof(b->gpu_n));
	b->gpu_id[0] = '\0';
	pm_sampler_read(&b->sampler, pm_clock_mono(), after ? &em : NULL,
	    failed, b);
	if (!after || i >= b->nfig)
		return;
	/* GPUs: their mean utilization, their memory summed. */
	for (k = PM_SYS_GPU_UTIL; k <= PM_SYS_GPU_MEM; k++)
		if (b->gpu_n[k] > 0) {
			r->v[k] = k == PM_SYS_GPU_UTIL ? b->gpu_sum[k] /
			    (double)b->gpu_n[k] : b->gpu_sum[k];
			r->has |= 1u << k;
		}
	if (r->ngpu > PM_BENCHSYS_GPUS)
		r->ngpu = PM_BENCHSYS_GPUS;
	f = &b->fig[i];
	for (k = 0; k < PM_SYS_N; k++) {
		if (!(r->has & 1u << k))
			continue;
		f->sum[k] += r->v[k];
		if (f->n[k]++ == 0 || r->v[k] > f->max[k])
			f->max[k] = r->v[k];
	}
	keep(b, f, r);
}

double
pm_benchsys_mean(const struct pm_benchsys_fig *f, int k)
{
	return f->n[k] ? f->sum[k] / (double)f->n[k] : -1;
}

const struct pm_benchsys_run *
pm_benchsys_run(const struct pm_benchsys_fig *f, size_t r)
{
	return r < f->nruns ? &f->runs[r] : NULL;
}

void
pm_benchsys_release(struct pm_benchsys *b)
{
	size_t i;

	pm_sampler_release(&b->sampler);
	for (i = 0; b->fig != NULL && i < b->nfig; i++)
		free(b->fig[i].runs);
	free(b->fig);
	b->fig = NULL;
}
