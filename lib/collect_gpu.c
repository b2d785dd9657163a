/* gpu: NVIDIA GPUs through NVML (or nvidia-smi where NVML cannot be
 * loaded) and AMD GPUs through amdgpu's sysfs files — utilization, memory,
 * temperature, power and energy, clocks, fan and throttle reasons. */
#include <stdlib.h>
#include <string.h>

#include "pm_amdgpu.h"
#include "pm_collect.h"
#include "pm_gpu.h"
#include "pm_nvml.h"
#include "pm_nvsmi.h"

enum { NV_UNKNOWN, NV_NVML, NV_SMI, NV_NONE };

static const struct {
	const char *metric, *unit;
} value_point[PM_GPU_NVALUES] = {
	[PM_GPU_UTIL] = { "gpu.utilization", "percent" },
	[PM_GPU_MEM_UTIL] = { "gpu.memory.utilization", "percent" },
	[PM_GPU_MEM_USED] = { "gpu.memory.used", "bytes" },
	[PM_GPU_MEM_TOTAL] = { "gpu.memory.total", "bytes" },
	[PM_GPU_GTT_USED] = { "gpu.memory.gtt.used", "bytes" },
	[PM_GPU_GTT_TOTAL] = { "gpu.memory.gtt.total", "bytes" },
	[PM_GPU_TEMP] = { "gpu.temperature", "celsius" },
	[PM_GPU_POWER] = { "gpu.power", "watts" },
	[PM_GPU_POWER_LIMIT] = { "gpu.power.limit", "watts" },
	[PM_GPU_CLOCK_SM] = { "gpu.clock.sm", "hertz" },
	[PM_GPU_CLOCK_MEM] = { "gpu.clock.memory", "hertz" },
	[PM_GPU_FAN] = { "gpu.fan", "percent" },
};

/* An energy counter as the previous reading left it. */
struct energy {
	char uuid[96];
	uint64_t mj;
};

struct gpu_state {
	int nvidia;		/* NV_*: where NVIDIA GPUs are read from */
	struct pm_nvsmi smi;
	struct pm_amdgpu amd;
	struct pm_gpu_list cur;
	struct energy *prev;
	size_t nprev, cap;
};

/* NVML, else nvidia-smi, else none; once, at the first reading. */
static void
choose(struct gpu_state *st)
{
	if (pm_nvml_open(NULL) == 0)
		st->nvidia = NV_NVML;
	else if (pm_nvsmi_probe())
		st->nvidia = NV_SMI;
	else
		st->nvidia = NV_NONE;
}

static int
read_nvidia(struct gpu_state *st, struct pm_err *e)
{
	struct pm_gpu *g;
	unsigned i;

	if (st->nvidia == NV_SMI)
		return pm_nvsmi_read(&st->smi, &st->cur, e);
	for (i = 0; st->nvidia == NV_NVML && i < pm_nvml_count(); i++)
		if ((g = pm_gpu_add(&st->cur)) == NULL)
			return pm_err_set(e, "out of memory");
		else if (pm_nvml_read(i, g, e) != 0)
			return -1;
	return 0;
}

static const struct energy *
find_energy(const struct gpu_state *st, const char *uuid)
{
	size_t i;

	for (i = 0; i < st->nprev; i++)
		if (strcmp(st->prev[i].uuid, uuid) == 0)
			return &st->prev[i];
	return NULL;
}

/* Keep the counters of this reading for the next. */
static int
keep_energy(struct gpu_state *st, struct pm_err *e)
{
	struct energy *ne;
	size_t i;

	if (st->cap < st->cur.n) {
		if ((ne = realloc(st->prev, st->cur.n * sizeof(*ne))) == NULL)
			return pm_err_set(e, "out of memory");
		st->prev = ne;
		st->cap = st->cur.n;
	}
	st->nprev = 0;
	for (i = 0; i < st->cur.n; i++) {
		const struct pm_gpu *g = &st->cur.g[i];

		if (!PM_GPU_HAS(g, PM_GPU_ENERGY))
			continue;
		memcpy(st->prev[st->nprev].uuid, g->uuid, sizeof(g->uuid));
		st->prev[st->nprev++].mj = g->energy_mj;
	}
	return 0;
}

static void
emit_value(const struct pm_emit *em, const struct pm_gpu *g, int f,
    const struct pm_label *l)
{
	if (PM_GPU_HAS(g, f))
		pm_emit(em, value_point[f].metric, g->v[f], value_point[f].unit,
		    l, 3);
}

static void
emit_gpu(const struct gpu_state *st, const struct pm_emit *em,
    const struct pm_gpu *g)
{
	struct pm_label l[4] = {
		{ "gpu", g->index }, { "uuid", g->uuid }, { "name", g->name },
	};
	const struct energy *was;
	int f;

	for (f = 0; f < PM_GPU_NVALUES; f++) {
		emit_value(em, g, f, l);
		if (f == PM_GPU_MEM_TOTAL && PM_GPU_HAS(g, PM_GPU_MEM_USED) &&
		    PM_GPU_HAS(g, PM_GPU_MEM_TOTAL) && g->v[f] > 0)
			pm_emit(em, "gpu.memory.used_percent",
			    pm_percent(g->v[PM_GPU_MEM_USED], g->v[f]),
			    "percent", l, 3);
		/* A counter that went back (the driver reloaded) says
		 * nothing about this interval. */
		if (f == PM_GPU_POWER_LIMIT && PM_GPU_HAS(g, PM_GPU_ENERGY) &&
		    (was = find_energy(st, g->uuid)) != NULL &&
		    g->energy_mj >= was->mj)
			pm_emit(em, "gpu.energy", (double)(g->energy_mj -
			    was->mj) / 1e3, "joules", l, 3);
	}
	if (!PM_GPU_HAS(g, PM_GPU_THROTTLE))
		return;
	pm_emit(em, "gpu.throttle.reasons", (double)g->throttle, NULL, l, 3);
	for (f = 0; f < PM_GPU_NREASONS; f++)
		if (g->throttle >> f & 1) {
			l[3] = (struct pm_label){ "reason", pm_gpu_reasons[f] };
			pm_emit(em, "gpu.throttle", 1, NULL, l, 4);
		}
}

static int
gpu_read(void *state, const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	struct gpu_state *st = state;
	size_t i;

	if (st->nvidia == NV_UNKNOWN)
		choose(st);
	st->cur.n = 0;
	if (read_nvidia(st, e) != 0 ||
	    pm_amdgpu_read(&st->amd, ctx->root->sysfs, &st->cur, e) != 0)
		return -1;
	if (ctx->emit != NULL)
		for (i = 0; i < st->cur.n; i++)
			emit_gpu(st, ctx->emit, &st->cur.g[i]);
	return keep_energy(st, e);
}

static void
gpu_release(void *state)
{
	struct gpu_state *st = state;

	if (st->nvidia == NV_NVML)
		pm_nvml_close();
	pm_nvsmi_release(&st->smi);
	pm_amdgpu_release(&st->amd);
	pm_gpu_list_release(&st->cur);
	free(st->prev);
}

static int
gpu_available(const struct pm_sysroot *root)
{
	return pm_nvml_probe() || pm_amdgpu_present(root->sysfs) ||
	    pm_nvsmi_probe();
}

const struct pm_collector pm_collector_gpu = {
	.name = "gpu",
	.what = "NVIDIA GPUs through NVML or nvidia-smi, AMD GPUs through "
	    "/sys/class/drm",
	.available = gpu_available,
	.state_size = sizeof(struct gpu_state),
	.read = gpu_read,
	.release = gpu_release,
};
