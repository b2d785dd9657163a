/* pm_benchsys: what the system did while a benchmark ran (--sample).
 *
 * pm-sample's collectors (cpu, mem, and gpu where there is one) read just
 * before and just after every measured run, so each run gives one sample
 * of the system over exactly that run: CPU utilization (cpu.usage of all
 * CPUs), memory in use (mem.used), the GPUs' mean utilization
 * (gpu.utilization) and their memory in use, summed (gpu.memory.used).
 * Per command, the mean and the maximum of those samples.
 *
 * Ownership: pm_benchsys owns its sampler and figures; release frees them.
 */
#ifndef PM_BENCHSYS_H
#define PM_BENCHSYS_H

#include <stddef.h>

#include "pm_collect.h"
#include "pm_sampler.h"

enum { PM_SYS_CPU, PM_SYS_MEM, PM_SYS_GPU_UTIL, PM_SYS_GPU_MEM, PM_SYS_N };

/* Names of the figures in records: "system_cpu", ... */
extern const char *const pm_benchsys_names[PM_SYS_N];

struct pm_benchsys_fig {
	double sum[PM_SYS_N], max[PM_SYS_N];
	size_t n[PM_SYS_N];		/* samples that had the figure */
};

struct pm_benchsys {
	struct pm_sampler sampler;
	struct pm_benchsys_fig *fig;	/* one per command */
	size_t nfig;
	/* The sample being taken. */
	double v[PM_SYS_N];
	size_t nv[PM_SYS_N];
	int failed;			/* a collector failed: message in e */
	struct pm_err e;
};

/* Sample the system under root for ncmds commands; -1 with e. */
int pm_benchsys_init(struct pm_benchsys *b, const struct pm_sysroot *root,
    size_t ncmds, struct pm_err *e);

/* Read before (after 0) and after (1) a run of command i: a
 * pm_benchrun around hook. */
void pm_benchsys_around(void *arg, size_t i, int after);

/* The mean of figure k of command i, or -1 when it has no samples. */
double pm_benchsys_mean(const struct pm_benchsys_fig *f, int k);

void pm_benchsys_release(struct pm_benchsys *b);

#endif
