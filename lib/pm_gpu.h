/* pm_gpu: one reading of one GPU, whatever its source (NVML, nvidia-smi,
 * amdgpu sysfs), in the units of the points the gpu collector writes.
 *
 * A source fills a struct pm_gpu and sets the bit of each field it got: a
 * field the GPU does not support (NVML_ERROR_NOT_SUPPORTED, "[N/A]", a
 * missing sysfs file) has its bit clear and is left out, never written
 * as 0.  The record owns nothing; its strings are arrays.
 */
#ifndef PM_GPU_H
#define PM_GPU_H

#include <stddef.h>
#include <stdint.h>


enum pm_gpu_field {
	PM_GPU_UTIL,		/* percent */
	PM_GPU_MEM_UTIL,	/* percent */
	PM_GPU_MEM_USED,	/* bytes */
	PM_GPU_MEM_TOTAL,	/* bytes */
	PM_GPU_GTT_USED,	/* bytes (amdgpu) */
	PM_GPU_GTT_TOTAL,	/* bytes (amdgpu) */
	PM_GPU_TEMP,		/* celsius */
	PM_GPU_POWER,		/* watts */
	PM_GPU_POWER_LIMIT,	/* watts */
	PM_GPU_CLOCK_SM,	/* hertz */
	PM_GPU_CLOCK_MEM,	/* hertz */
	PM_GPU_FAN,		/* percent */
	PM_GPU_NVALUES,
	/* Not in v[]: */
	PM_GPU_ENERGY = PM_GPU_NVALUES,	/* energy_mj, a counter */
	PM_GPU_THROTTLE,		/* throttle, a bitmask */
};

#define PM_GPU_HAS(g, f) (((g)->has >> (f)) & 1u)
#define PM_GPU_SET(g, f, x) \
	((g)->v[(f)] = (x), (g)->has |= 1u << (f))

struct pm_gpu {
	char index[16];		/* label gpu */
	char uuid[96];		/* label uuid: NVIDIA UUID or PCI slot */
	char name[96];		/* label name */
	unsigned has;		/* bit f: field f was read */
	double v[PM_GPU_NVALUES];
	uint64_t energy_mj;	/* consumed since the driver loaded, mJ */
	uint64_t throttle;	/* NVML clock event reasons */
};

/* The NVIDIA clock event (throttle) reasons, bit by bit, as the names of
 * the gpu.throttle points: names[i] is bit 1 << i. */
#define PM_GPU_NREASONS 9
extern const char *const pm_gpu_reasons[PM_GPU_NREASONS];

/* A growing array of readings. */
struct pm_gpu_list {
	struct pm_gpu *g;
	size_t n, cap;
};

/* A new, cleared reading at the end of l; NULL when memory runs out. */
struct pm_gpu *pm_gpu_add(struct pm_gpu_list *l);
void pm_gpu_list_release(struct pm_gpu_list *l);

/* Set field f of g from the decimal text s times scale (nvidia-smi's
 * "[N/A]" and the like leave it unset): 1 when set, 0 when left out, -1
 * when s is neither a number nor a bracketed note. */
int pm_gpu_set_text(struct pm_gpu *g, enum pm_gpu_field f, const char *s,
    double scale);

#endif
