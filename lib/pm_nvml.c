#include "pm_nvml.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* From nvml.h, which we do not need to build: return codes, and the
 * structures the functions below fill. */
enum {
	NVML_SUCCESS = 0,
	NVML_ERROR_UNINITIALIZED = 1,
	NVML_ERROR_NOT_SUPPORTED = 3,
	NVML_ERROR_NO_PERMISSION = 4,
	NVML_ERROR_INSUFFICIENT_SIZE = 7,
	NVML_ERROR_DRIVER_NOT_LOADED = 9,
	NVML_ERROR_FUNCTION_NOT_FOUND = 13,
	NVML_ERROR_GPU_IS_LOST = 15,
	NVML_ERROR_RESET_REQUIRED = 16,
	NVML_ERROR_LIB_RM_VERSION_MISMATCH = 18,
	NVML_ERROR_ARGUMENT_VERSION_MISMATCH = 25,
	NVML_ERROR_DEPRECATED = 26,
};
enum { NVML_TEMPERATURE_GPU = 0 };
enum { NVML_CLOCK_SM = 1, NVML_CLOCK_MEM = 2 };
#define NVML_NAME_SIZE 96	/* NVML_DEVICE_NAME_V2_BUFFER_SIZE */
#define NVML_UUID_SIZE 96	/* NVML_DEVICE_UUID_V2_BUFFER_SIZE */

typedef struct nvmlDevice_st *nvmlDevice_t;
struct nvml_utilization { unsigned gpu, memory; };
struct nvml_memory { unsigned long long total, free, used; };
struct nvml_memory_v2 {
	unsigned version;
	unsigned long long total, reserved, free, used;
};
/* nvmlMemory_v2: NVML_STRUCT_VERSION(Memory, 2). */
#define NVML_MEMORY_V2 ((unsigned)(sizeof(struct nvml_memory_v2) | 2u << 24))
/* nvmlProcessInfo_v1_t, and nvmlProcessInfo_t of the _v2 and _v3 calls. */
struct nvml_proc_v1 { unsigned pid; unsigned long long used; };
struct nvml_proc_v2 {
	unsigned pid;
	unsigned long long used;
	unsigned gpu_instance, compute_instance;
};
#define NVML_VALUE_NOT_AVAILABLE (~0ULL)

typedef int init_fn(void);
typedef const char *error_string_fn(int);
typedef int count_fn(unsigned *);
typedef int handle_fn(unsigned, nvmlDevice_t *);
typedef int string_fn(nvmlDevice_t, char *, unsigned);
typedef int uint_fn(nvmlDevice_t, unsigned *);
typedef int u64_fn(nvmlDevice_t, unsigned long long *);
typedef int uint_of_fn(nvmlDevice_t, int, unsigned *);
typedef int util_fn(nvmlDevice_t, struct nvml_utilization *);
typedef int mem_fn(nvmlDevice_t, void *);
typedef int procs_fn(nvmlDevice_t, unsigned *, void *);

enum sym {
	S_INIT, S_SHUTDOWN, S_ERROR_STRING, S_COUNT, S_HANDLE, S_NAME, S_UUID,
	S_UTIL, S_MEM_V2, S_MEM, S_TEMP, S_POWER, S_LIMIT, S_ENERGY, S_CLOCK,
	S_FAN, S_REASONS, S_PROCS_V3, S_PROCS_V2, S_PROCS_V1, NSYMS
};

/* The names of each function, newest first; the first five are needed. */
static const char *const sym_names[NSYMS][3] = {
	[S_INIT] = { "nvmlInit_v2", "nvmlInit" },
	[S_SHUTDOWN] = { "nvmlShutdown" },
	[S_ERROR_STRING] = { "nvmlErrorString" },
	[S_COUNT] = { "nvmlDeviceGetCount_v2", "nvmlDeviceGetCount" },
	[S_HANDLE] = { "nvmlDeviceGetHandleByIndex_v2",
	    "nvmlDeviceGetHandleByIndex" },
	[S_NAME] = { "nvmlDeviceGetName" },
	[S_UUID] = { "nvmlDeviceGetUUID" },
	[S_UTIL] = { "nvmlDeviceGetUtilizationRates" },
	[S_MEM_V2] = { "nvmlDeviceGetMemoryInfo_v2" },
	[S_MEM] = { "nvmlDeviceGetMemoryInfo" },
	[S_TEMP] = { "nvmlDeviceGetTemperature" },
	[S_POWER] = { "nvmlDeviceGetPowerUsage" },
	[S_LIMIT] = { "nvmlDeviceGetEnforcedPowerLimit" },
	[S_ENERGY] = { "nvmlDeviceGetTotalEnergyConsumption" },
	[S_CLOCK] = { "nvmlDeviceGetClockInfo" },
	[S_FAN] = { "nvmlDeviceGetFanSpeed" },
	/* Renamed in driver 535; the old name stays for a while. */
	[S_REASONS] = { "nvmlDeviceGetCurrentClocksEventReasons",
	    "nvmlDeviceGetCurrentClocksThrottleReasons" },
	[S_PROCS_V3] = { "nvmlDeviceGetComputeRunningProcesses_v3" },
	[S_PROCS_V2] = { "nvmlDeviceGetComputeRunningProcesses_v2" },
	[S_PROCS_V1] = { "nvmlDeviceGetComputeRunningProcesses" },
};
#define NEEDED (S_HANDLE + 1)

/* A bit of struct dev's skip for the process list (the fields use theirs). */
#define SKIP_PROCS (1u << 31)

struct dev {
	nvmlDevice_t h;
	char name[NVML_NAME_SIZE], uuid[NVML_UUID_SIZE];
	unsigned skip;		/* fields NVML said it cannot give */
	int mem_v1;		/* nvmlDeviceGetMemoryInfo_v2 is refused */
};

static struct {
	void *dl;
	void *sym[NSYMS];
	unsigned refs, n;
	struct dev *dev;
} nv;

#define FN(type, s) ((type *)nv.sym[s])

static const char *
nvml_error(int rc)
{
	const char *s = FN(error_string_fn, S_ERROR_STRING)(rc);

	return s != NULL ? s : "unknown error";
}

static void
unload(void)
{
	if (nv.dl == NULL)
		return;
	FN(init_fn, S_SHUTDOWN)();
	dlclose(nv.dl);
	free(nv.dev);
	memset(&nv, 0, sizeof(nv));
}

static int
find_symbols(const char *lib, struct pm_err *e)
{
	int s, k;

	for (s = 0; s < NSYMS; s++) {
		for (k = 0; nv.sym[s] == NULL && k < 3 && sym_names[s][k]; k++)
			nv.sym[s] = dlsym(nv.dl, sym_names[s][k]);
		if (s < NEEDED && nv.sym[s] == NULL)
			return pm_err_set(e, "%s: no %s", lib, sym_names[s][0]);
	}
	return 0;
}

/* Start NVML and list the GPUs; on failure, NVML is shut down again. */
static int
start(struct pm_err *e)
{
	unsigned i;
	int rc;

	if ((rc = FN(init_fn, S_INIT)()) != NVML_SUCCESS)
		return pm_err_set(e, "nvmlInit: %s", nvml_error(rc));
	if ((rc = FN(count_fn, S_COUNT)(&nv.n)) != NVML_SUCCESS) {
		pm_err_set(e, "nvmlDeviceGetCount: %s", nvml_error(rc));
		goto fail;
	}
	if (nv.n == 0) {
		pm_err_set(e, "NVML sees no GPU");
		goto fail;
	}
	if ((nv.dev = calloc(nv.n, sizeof(*nv.dev))) == NULL) {
		pm_err_set(e, "out of memory");
		goto fail;
	}
	for (i = 0; i < nv.n; i++) {
		struct dev *d = &nv.dev[i];

		if ((rc = FN(handle_fn, S_HANDLE)(i, &d->h)) != NVML_SUCCESS) {
			pm_err_set(e, "GPU %u: nvmlDeviceGetHandleByIndex: %s",
			    i, nvml_error(rc));
			goto fail;
		}
		/* Labels: left empty when NVML cannot say. */
		if (nv.sym[S_NAME] == NULL ||
		    FN(string_fn, S_NAME)(d->h, d->name, sizeof(d->name)) != 0)
			d->name[0] = '\0';
		if (nv.sym[S_UUID] == NULL ||
		    FN(string_fn, S_UUID)(d->h, d->uuid, sizeof(d->uuid)) != 0)
			d->uuid[0] = '\0';
		d->name[sizeof(d->name) - 1] = d->uuid[sizeof(d->uuid) - 1] = '\0';
	}
	return 0;
fail:
	FN(init_fn, S_SHUTDOWN)();
	return -1;
}

static int
load(struct pm_err *e)
{
	const char *lib = getenv("PM_NVML_LIBRARY");

	if (lib == NULL || *lib == '\0')
		lib = "libnvidia-ml.so.1";
	if ((nv.dl = dlopen(lib, RTLD_NOW | RTLD_LOCAL)) == NULL)
		return pm_err_set(e, "%s", dlerror());
	if (find_symbols(lib, e) != 0 || start(e) != 0) {
		dlclose(nv.dl);
		free(nv.dev);
		memset(&nv, 0, sizeof(nv));
		return -1;
	}
	return 0;
}

int
pm_nvml_open(struct pm_err *e)
{
	if (nv.dl == NULL && load(e) != 0)
		return -1;
	nv.refs++;
	return 0;
}

void
pm_nvml_close(void)
{
	if (nv.refs > 0 && --nv.refs == 0)
		unload();
}

int
pm_nvml_probe(void)
{
	return nv.dl != NULL || load(NULL) == 0;
}

unsigned
pm_nvml_count(void)
{
	return nv.n;
}

/* What NVML's answer rc from function s means for the fields in bit: 1
 * got it, 0 leave them out (and never ask again when the GPU cannot give
 * them), -1 an error of the whole GPU.  Any other error leaves the fields
 * out of this reading, as nvidia-smi prints "[Unknown Error]": one sensor
 * that fails must not hide the rest. */
static int
answer(int rc, unsigned i, unsigned bit, int s, struct pm_err *e)
{
	switch (rc) {
	case NVML_SUCCESS:
		return 1;
	case NVML_ERROR_NOT_SUPPORTED:
	case NVML_ERROR_NO_PERMISSION:
	case NVML_ERROR_FUNCTION_NOT_FOUND:
	case NVML_ERROR_DEPRECATED:
		nv.dev[i].skip |= bit;
		return 0;
	case NVML_ERROR_UNINITIALIZED:
	case NVML_ERROR_DRIVER_NOT_LOADED:
	case NVML_ERROR_GPU_IS_LOST:
	case NVML_ERROR_RESET_REQUIRED:
	case NVML_ERROR_LIB_RM_VERSION_MISMATCH:
		return pm_err_set(e, "GPU %u: %s: %s", i, sym_names[s][0],
		    nvml_error(rc));
	}
	return 0;
}

static int
asked(unsigned i, unsigned bit, int s)
{
	return nv.sym[s] != NULL && (nv.dev[i].skip & bit) == 0;
}

enum scale { AS_IS, MILLI, MEGA };

/* Field f from function s, which gives an unsigned (of what, unless what
 * is -1), in units scaled by sc.  0, or -1 with e. */
static int
get_uint(unsigned i, struct pm_gpu *g, enum pm_gpu_field f, int s, int what,
    enum scale sc, struct pm_err *e)
{
	nvmlDevice_t h = nv.dev[i].h;
	unsigned v;
	int r;

	if (!asked(i, 1u << f, s))
		return 0;
	r = what < 0 ? FN(uint_fn, s)(h, &v) : FN(uint_of_fn, s)(h, what, &v);
	if ((r = answer(r, i, 1u << f, s, e)) > 0)
		PM_GPU_SET(g, f, sc == MILLI ? v / 1e3 : sc == MEGA ? v * 1e6 :
		    v);
	return r < 0 ? -1 : 0;
}

/* Field f, a counter or a bitmask, from function s into *v. */
static int
get_u64(unsigned i, struct pm_gpu *g, enum pm_gpu_field f, int s,
    uint64_t *v, struct pm_err *e)
{
	unsigned long long x;
	int r;

	if (!asked(i, 1u << f, s))
		return 0;
	r = answer(FN(u64_fn, s)(nv.dev[i].h, &x), i, 1u << f, s, e);
	if (r > 0) {
		*v = x;
		g->has |= 1u << f;
	}
	return r < 0 ? -1 : 0;
}

static int
get_util(unsigned i, struct pm_gpu *g, struct pm_err *e)
{
	struct nvml_utilization u;
	int r;

	if (!asked(i, 1u << PM_GPU_UTIL, S_UTIL))
		return 0;
	r = answer(FN(util_fn, S_UTIL)(nv.dev[i].h, &u), i, 1u << PM_GPU_UTIL,
	    S_UTIL, e);
	if (r > 0) {
		PM_GPU_SET(g, PM_GPU_UTIL, u.gpu);
		PM_GPU_SET(g, PM_GPU_MEM_UTIL, u.memory);
	}
	return r < 0 ? -1 : 0;
}

/* Memory: the _v2 call counts reserved memory apart, as nvidia-smi does
 * since driver 510; older drivers refuse it and have the first. */
static int
get_memory(unsigned i, struct pm_gpu *g, struct pm_err *e)
{
	struct dev *d = &nv.dev[i];
	struct nvml_memory_v2 m2 = { .version = NVML_MEMORY_V2 };
	struct nvml_memory m1;
	const unsigned bit = 1u << PM_GPU_MEM_USED;
	int r;

	if (!d->mem_v1 && asked(i, bit, S_MEM_V2)) {
		r = FN(mem_fn, S_MEM_V2)(d->h, &m2);
		if (r == NVML_SUCCESS) {
			PM_GPU_SET(g, PM_GPU_MEM_USED, (double)m2.used);
			PM_GPU_SET(g, PM_GPU_MEM_TOTAL, (double)m2.total);
			return 0;
		}
		if (r != NVML_ERROR_ARGUMENT_VERSION_MISMATCH &&
		    r != NVML_ERROR_FUNCTION_NOT_FOUND &&
		    r != NVML_ERROR_NOT_SUPPORTED)
			return answer(r, i, bit, S_MEM_V2, e) < 0 ? -1 : 0;
		d->mem_v1 = 1;
	}
	if (!asked(i, bit, S_MEM))
		return 0;
	r = answer(FN(mem_fn, S_MEM)(d->h, &m1), i, bit, S_MEM, e);
	if (r > 0) {
		PM_GPU_SET(g, PM_GPU_MEM_USED, (double)m1.used);
		PM_GPU_SET(g, PM_GPU_MEM_TOTAL, (double)m1.total);
	}
	return r < 0 ? -1 : 0;
}

void
pm_nvml_ident(unsigned i, struct pm_gpu *g)
{
	memset(g, 0, sizeof(*g));
	snprintf(g->index, sizeof(g->index), "%u", i);
	snprintf(g->uuid, sizeof(g->uuid), "%s", nv.dev[i].uuid);
	snprintf(g->name, sizeof(g->name), "%s", nv.dev[i].name);
}

int
pm_nvml_read(unsigned i, struct pm_gpu *g, struct pm_err *e)
{
	pm_nvml_ident(i, g);
	if (get_util(i, g, e) != 0 || get_memory(i, g, e) != 0 ||
	    get_uint(i, g, PM_GPU_TEMP, S_TEMP, NVML_TEMPERATURE_GPU, AS_IS,
	    e) != 0 ||
	    get_uint(i, g, PM_GPU_POWER, S_POWER, -1, MILLI, e) != 0 ||
	    get_uint(i, g, PM_GPU_POWER_LIMIT, S_LIMIT, -1, MILLI, e) != 0 ||
	    get_u64(i, g, PM_GPU_ENERGY, S_ENERGY, &g->energy_mj, e) != 0 ||
	    get_uint(i, g, PM_GPU_CLOCK_SM, S_CLOCK, NVML_CLOCK_SM, MEGA,
	    e) != 0 ||
	    get_uint(i, g, PM_GPU_CLOCK_MEM, S_CLOCK, NVML_CLOCK_MEM, MEGA,
	    e) != 0 ||
	    get_uint(i, g, PM_GPU_FAN, S_FAN, -1, AS_IS, e) != 0 ||
	    get_u64(i, g, PM_GPU_THROTTLE, S_REASONS, &g->throttle, e) != 0)
		return -1;
	return 0;
}

/* The newest process call there is, and the size of its records. */
static int
procs_call(size_t *size)
{
	*size = sizeof(struct nvml_proc_v2);
	if (nv.sym[S_PROCS_V3] != NULL)
		return S_PROCS_V3;
	if (nv.sym[S_PROCS_V2] != NULL)
		return S_PROCS_V2;
	*size = sizeof(struct nvml_proc_v1);
	return nv.sym[S_PROCS_V1] != NULL ? S_PROCS_V1 : -1;
}

static int
grow(struct pm_nvml_procs *ps, size_t want, size_t size)
{
	void *raw;
	struct pm_nvml_proc *p;

	if (want <= ps->rawcap)
		return 0;
	if ((raw = realloc(ps->raw, want * size)) == NULL)
		return -1;
	ps->raw = raw;
	if ((p = realloc(ps->p, want * sizeof(*p))) == NULL)
		return -1;
	ps->p = p;
	ps->rawcap = ps->cap = want;
	return 0;
}

int
pm_nvml_processes(unsigned i, struct pm_nvml_procs *ps, struct pm_err *e)
{
	size_t size, k;
	unsigned count;
	int s, rc, tries;
	const char *rec;

	ps->n = 0;
	if ((s = procs_call(&size)) < 0 || !asked(i, SKIP_PROCS, s))
		return 0;
	/* The list can grow between two calls: ask again, a few times. */
	for (tries = 0; tries < 4; tries++) {
		if (grow(ps, ps->rawcap < 16 ? 16 : ps->rawcap, size) != 0)
			return pm_err_set(e, "out of memory");
		count = (unsigned)ps->rawcap;
		rc = FN(procs_fn, s)(nv.dev[i].h, &count, ps->raw);
		if (rc != NVML_ERROR_INSUFFICIENT_SIZE)
			break;
		if (grow(ps, (size_t)count + 8, size) != 0)
			return pm_err_set(e, "out of memory");
	}
	if ((rc = answer(rc, i, SKIP_PROCS, s, e)) <= 0)
		return rc;
	for (k = 0, rec = ps->raw; k < count && k < ps->rawcap; k++,
	    rec += size) {
		/* pid and usedGpuMemory lead every version's record. */
		const struct nvml_proc_v1 *r1 = (const void *)rec;

		ps->p[k].pid = r1->pid;
		ps->p[k].used = r1->used == NVML_VALUE_NOT_AVAILABLE ?
		    UINT64_MAX : r1->used;
	}
	ps->n = k;
	return 0;
}

void
pm_nvml_procs_release(struct pm_nvml_procs *ps)
{
	free(ps->p);
	free(ps->raw);
	memset(ps, 0, sizeof(*ps));
}
