/* pm_amdgpu: AMD GPUs through the amdgpu driver's sysfs files.
 *
 * The cards are SYSFS/class/drm/cardN whose device has vendor 0x1002
 * (connectors such as card0-DP-1 are not cards).  Each reading takes the
 * device's gpu_busy_percent, mem_busy_percent, mem_info_vram_* and
 * mem_info_gtt_*, and from its hwmon folder temp1_input (edge),
 * power1_average (or power1_input on newer kernels), power1_cap,
 * freq1_input (shader clock), freq2_input (memory clock) and pwm1 (fan).
 * A file that is missing, or does not answer, is left out.
 *
 * Ownership: struct pm_amdgpu owns the card list and their open files;
 * pm_amdgpu_release frees them.  A zeroed struct is ready for use.
 */
#ifndef PM_AMDGPU_H
#define PM_AMDGPU_H

#include <limits.h>
#include <stddef.h>

#include "pm_err.h"
#include "pm_gpu.h"

struct pm_amdgpu_card;

struct pm_amdgpu {
	struct pm_amdgpu_card *card;
	size_t n;
	char root[PATH_MAX];	/* the sysfs the list was made from */
	unsigned long since_scan;
};

/* Whether sysfs has an AMD GPU. */
int pm_amdgpu_present(const char *sysfs);

/* Append a reading of every AMD GPU under sysfs to l: 0, or -1 with e. */
int pm_amdgpu_read(struct pm_amdgpu *a, const char *sysfs,
    struct pm_gpu_list *l, struct pm_err *e);

void pm_amdgpu_release(struct pm_amdgpu *a);

#endif
