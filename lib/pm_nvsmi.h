/* pm_nvsmi: NVIDIA GPUs through the nvidia-smi program, for machines where
 * NVML cannot be loaded.
 *
 * nvidia-smi (or the program the environment variable PM_NVIDIA_SMI names)
 * is run without a shell as
 *   nvidia-smi --query-gpu=index,uuid,name,... --format=csv,noheader,nounits
 * and its CSV is parsed with libcsv.  Values such as "[N/A]" and
 * "[Not Supported]" are left out.  One unknown field name makes nvidia-smi
 * refuse the whole query, and field names change between drivers
 * (clocks_throttle_reasons became clocks_event_reasons), so the fields that
 * may be refused are first asked for one at a time, trying each of their
 * names; those accepted then join the main query, and a field no name of
 * which is accepted is left out.  After the first reading, a reading is
 * one run of nvidia-smi.
 *
 * Ownership: struct pm_nvsmi owns its buffers; pm_nvsmi_release frees
 * them.  A zeroed struct is ready for use.
 */
#ifndef PM_NVSMI_H
#define PM_NVSMI_H

#include "pm_err.h"
#include "pm_gpu.h"
#include "pm_spawn.h"

#define PM_NVSMI_RISKY 2

struct pm_nvsmi {
	/* For each field that may be refused: the index of its accepted
	 * name; 0 while unknown, -1 when every name was refused. */
	int name[PM_NVSMI_RISKY];
	struct pm_spawn_result run;
};

/* Whether nvidia-smi runs and lists at least one GPU. */
int pm_nvsmi_probe(void);

/* Append a reading of every NVIDIA GPU to l: 0, or -1 with e. */
int pm_nvsmi_read(struct pm_nvsmi *s, struct pm_gpu_list *l,
    struct pm_err *e);

void pm_nvsmi_release(struct pm_nvsmi *s);

#endif
