/* pm_benchsys: what the system did while a benchmark ran (--sample).
 *
 * pm-sample's collectors (cpu, mem, and gpu where there is one) read just
 * before and just after every measured run, so each run gives one sample
 * of the system over exactly that run: CPU utilization (cpu.usage of all
 * CPUs), memory in use (mem.used), and per GPU its utilization
 * (gpu.utilization) and memory in use (gpu.memory.used), with the GPUs'
 * mean utilization and their memory summed.  Every run's sample is kept,
 * and per command the mean and the maximum of those samples.
 *
 * Ownership: pm_benchsys owns its sampler and figures, and each figure
 * its runs; release frees them.
 */
#ifndef PM_BENCHSYS_H
#define PM_BENCHSYS_H

#include <stddef.h>

#include "pm_collect.h"
#include "pm_sampler.h"

enum { PM_SYS_CPU, PM_SYS_MEM, PM_SYS_GPU_UTIL, PM_SYS_GPU_MEM, PM_SYS_N };

/* GPUs kept per run: those after the first 16 count in the means only. */
#define PM_BENCHSYS_GPUS 16

/* Names of the figures in records: "system_cpu", ... */
extern const char *const pm_benchsys_names[PM_SYS_N];

/* One GPU over one run. */
struct pm_benchsys_gpu {
	double util, mem;	/* percent, bytes */
	int has_util, has_mem;
};

/* The system over one measured run: figure k when has & 1 << k; the
 * GPUs in the order pm-sample lists them. */
struct pm_benchsys_run {
	double v[PM_SYS_N];
	unsigned has;
	size_t ngpu;
	struct pm_benchsys_gpu gpu[PM_BENCHSYS_GPUS];
};

struct pm_benchsys_fig {
	double sum[PM_SYS_N], max[PM_SYS_N];
	size_t n[PM_SYS_N];		/* samples that had the figure */
	struct pm_benchsys_run *runs;	/* per measured run, in order */
	size_t nruns, cap;
	int lost;			/* out of memory: no more runs kept */
};

struct pm_benchsys {
	struct pm_sampler sampler;
	struct pm_benchsys_fig *fig;	/* one per command */
	size_t nfig;
	/* The sample being taken: its GPU sums and counts, and which GPU
	 * (labels gpu and uuid) the last GPU point was of. */
	struct pm_benchsys_run cur;
	double gpu_sum[PM_SYS_N];
	size_t gpu_n[PM_SYS_N];
	char gpu_id[160];
	int failed;			/* a collector failed: message in e */
	struct pm_err e;
};

/* Sample the system under root for ncmds commands (with a pinned clock,
 * PM_NOW, reading k reads ROOT.k: a fixture's successive readings);
 * -1 with e. */
int pm_benchsys_init(struct pm_benchsys *b, const struct pm_sysroot *root,
    size_t ncmds, struct pm_err *e);

/* Read before (after 0) and after (1) a run of command i: a
 * pm_benchrun around hook. */
void pm_benchsys_around(void *arg, size_t i, int after);

/* The mean of figure k of command i, or -1 when it has no samples. */
double pm_benchsys_mean(const struct pm_benchsys_fig *f, int k);

/* Run r of figure f, or NULL when it was not sampled. */
const struct pm_benchsys_run *pm_benchsys_run(const struct pm_benchsys_fig *f,
    size_t r);

void pm_benchsys_release(struct pm_benchsys *b);

#endif
