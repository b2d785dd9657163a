/* pm_nvml: NVIDIA's management library (NVML), loaded at run time.
 *
 * libnvidia-ml.so.1 is opened with dlopen (or the file the environment
 * variable PM_NVML_LIBRARY names: tests use a stand-in), and the few types
 * and functions used are declared here, so building needs no NVML header
 * and a machine without NVIDIA's driver simply has no NVML.  Newer symbol
 * names are tried first (nvmlInit_v2, then nvmlInit), as nvtop does.
 *
 * NVML is one per process, and so is this binding: pm_nvml_open takes a
 * reference and pm_nvml_close drops it; the last one shuts NVML down and
 * unloads it.  pm_nvml_probe may leave NVML loaded, without a reference,
 * for the next pm_nvml_open to take over: starting NVML can take a while,
 * so a probe followed by a reading starts it once.  Not thread-safe.
 */
#ifndef PM_NVML_H
#define PM_NVML_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"
#include "pm_gpu.h"

/* Load and start NVML (once per process): 0, or -1 with why it cannot be
 * used (no library, no driver, no GPU). */
int pm_nvml_open(struct pm_err *e);
void pm_nvml_close(void);

/* Whether NVML can be started and sees at least one GPU. */
int pm_nvml_probe(void);

/* GPUs NVML sees (0 when it is not open). */
unsigned pm_nvml_count(void);

/* The labels of GPU i (index, uuid, name) into g, cleared first. */
void pm_nvml_ident(unsigned i, struct pm_gpu *g);

/* One reading of GPU i into g (cleared first).  A field the GPU does not
 * support is left out, and not asked for again; a field NVML fails to give
 * for another reason is left out of this reading.  0, or -1 with e when
 * the whole GPU fails (lost, to be reset, its driver gone). */
int pm_nvml_read(unsigned i, struct pm_gpu *g, struct pm_err *e);

/* Compute processes on GPU i and the GPU memory each uses.  used is
 * UINT64_MAX where NVML cannot tell. */
struct pm_nvml_proc {
	unsigned pid;
	uint64_t used;		/* bytes */
};

struct pm_nvml_procs {
	struct pm_nvml_proc *p;
	size_t n, cap;
	void *raw;		/* NVML's records */
	size_t rawcap;		/* how many fit in raw */
};

/* Fill ps with the processes on GPU i: 0, or -1 with e. */
int pm_nvml_processes(unsigned i, struct pm_nvml_procs *ps,
    struct pm_err *e);

void pm_nvml_procs_release(struct pm_nvml_procs *ps);

#endif
