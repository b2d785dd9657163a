/* A stand-in for NVIDIA's libnvidia-ml.so.1: the NVML functions pm-sample
 * calls, answering from a description of the GPUs that the test chooses,
 * so that the gpu and gpu-proc collectors can be tested without a GPU.
 *
 * The description is the file named by PM_NVML_STUB_CONFIG (without it,
 * nvmlInit fails as on a machine whose driver is not loaded).  Lines:
 *
 *   # a comment
 *   init 9                   nvmlInit returns this error code
 *   gpu 0                    a GPU; the lines after it describe it
 *   name NVIDIA H100 80GB HBM3
 *   uuid GPU-...
 *   FIELD VALUE [VALUE...]   the n-th call that reads FIELD gets the n-th
 *                            VALUE, and the last one ever after
 *   process PID MIB          a compute process and its GPU memory
 *
 * FIELD is an nvidia-smi --query-gpu name (utilization.gpu,
 * utilization.memory, memory.used, memory.total, temperature.gpu,
 * power.draw, enforced.power.limit, clocks.sm, clocks.mem, fan.speed,
 * clocks_event_reasons.active) in nvidia-smi's units, or energy (mJ, the
 * counter of nvmlDeviceGetTotalEnergyConsumption).  A VALUE is a number
 * or one of nvidia-smi's notes, which stand for NVML errors:
 * [Not Supported], [Insufficient Permissions], [N/A], [GPU is lost],
 * [Unknown Error].  The stand-in nvidia-smi reads the same file, so both
 * sources describe the same GPUs.  See tests/stand-in/README.
 *
 * Built with -DSTUB_OLD_DRIVER it has only the names of old drivers
 * (nvmlInit, nvmlDeviceGetCount, nvmlDeviceGetMemoryInfo,
 * nvmlDeviceGetCurrentClocksThrottleReasons, ...), to test the fallbacks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXGPU 8
#define MAXVAL 16
#define MAXPROC 64

enum {
	OK = 0, NOT_SUPPORTED = 3, NO_PERMISSION = 4, NOT_FOUND = 6,
	INSUFFICIENT_SIZE = 7, DRIVER_NOT_LOADED = 9, NO_DATA = 21,
	GPU_IS_LOST = 15, UNINITIALIZED = 1, INVALID_ARGUMENT = 2,
	UNKNOWN = 999
};

static const char *const field_names[] = {
	"utilization.gpu", "utilization.memory", "memory.used",
	"memory.total", "temperature.gpu", "power.draw",
	"enforced.power.limit", "clocks.sm", "clocks.mem", "fan.speed",
	"clocks_event_reasons.active", "energy",
};
enum {
	UTIL, MEMUTIL, MEMUSED, MEMTOTAL, TEMP, POWER, LIMIT, SM, MEM, FAN,
	REASONS, ENERGY, NFIELDS
};

static const struct {
	const char *text;
	int code;
} notes[] = {
	{ "[Not Supported]", NOT_SUPPORTED },
	{ "[Insufficient Permissions]", NO_PERMISSION },
	{ "[N/A]", NO_DATA },
	{ "[GPU is lost]", GPU_IS_LOST },
	{ "[Unknown Error]", UNKNOWN },
};

struct value {
	double x;
	int err;		/* an NVML error instead of x */
};

struct gpu {
	char name[96], uuid[96];
	struct value v[NFIELDS][MAXVAL];
	int nv[NFIELDS];	/* values given */
	int calls[NFIELDS];	/* calls so far */
	unsigned pid[MAXPROC];
	unsigned long long used[MAXPROC];
	int nproc;
};

static struct gpu gpus[MAXGPU];
static int ngpu, started, init_error;

/* The value of field f for this call. */
static struct value
next(struct gpu *g, int f)
{
	struct value v = { 0, NOT_SUPPORTED };
	int k = g->calls[f]++;

	if (g->nv[f] > 0)
		v = g->v[f][k < g->nv[f] ? k : g->nv[f] - 1];
	return v;
}

static void
parse_values(struct gpu *g, int f, char *s)
{
	char *end;
	size_t i;

	while (*s != '\0' && g->nv[f] < MAXVAL) {
		struct value *v = &g->v[f][g->nv[f]++];

		s += strspn(s, " \t");
		v->err = 0;
		for (i = 0; i < sizeof(notes) / sizeof(notes[0]); i++)
			if (strncmp(s, notes[i].text, strlen(notes[i].text)) == 0) {
				v->err = notes[i].code;
				s += strlen(notes[i].text);
				break;
			}
		if (v->err == 0) {
			v->x = f == REASONS ? (double)strtoull(s, &end, 16) :
			    strtod(s, &end);
			if (end == s)
				v->err = UNKNOWN;	/* a typo in the test */
			s = end;
		}
		s += strspn(s, " \t\n");
	}
}

static void
parse_line(char *line, struct gpu **g)
{
	char *key = line, *rest;
	int f;

	line[strcspn(line, "\n")] = '\0';
	if (*line == '#' || *line == '\0')
		return;
	rest = line + strcspn(line, " ");
	if (*rest != '\0')
		*rest++ = '\0';
	if (strcmp(key, "init") == 0)
		init_error = (int)strtol(rest, NULL, 10);
	else if (strcmp(key, "gpu") == 0 && ngpu < MAXGPU)
		*g = &gpus[ngpu++];
	else if (*g == NULL)
		return;
	else if (strcmp(key, "name") == 0)
		snprintf((*g)->name, sizeof((*g)->name), "%s", rest);
	else if (strcmp(key, "uuid") == 0)
		snprintf((*g)->uuid, sizeof((*g)->uuid), "%s", rest);
	else if (strcmp(key, "process") == 0 && (*g)->nproc < MAXPROC) {
		char *end;

		(*g)->pid[(*g)->nproc] = (unsigned)strtoul(rest, &end, 10);
		(*g)->used[(*g)->nproc++] = strncmp(end, " [N/A]", 6) == 0 ?
		    ~0ULL : strtoull(end, NULL, 10) * 1048576;
	} else
		for (f = 0; f < NFIELDS; f++)
			if (strcmp(key, field_names[f]) == 0)
				parse_values(*g, f, rest);
}

static int
load(void)
{
	const char *path = getenv("PM_NVML_STUB_CONFIG");
	struct gpu *g = NULL;
	char line[512];
	FILE *fp;

	memset(gpus, 0, sizeof(gpus));
	ngpu = init_error = 0;
	if (path == NULL || (fp = fopen(path, "r")) == NULL)
		return DRIVER_NOT_LOADED;
	while (fgets(line, sizeof(line), fp) != NULL)
		parse_line(line, &g);
	fclose(fp);
	return init_error;
}

typedef struct gpu *nvmlDevice_t;

#define API __attribute__((visibility("default")))

#define DEVICE(dev) \
	do { \
		if (!started) \
			return UNINITIALIZED; \
		if ((dev) == NULL || (dev) < gpus || (dev) >= gpus + ngpu) \
			return INVALID_ARGUMENT; \
	} while (0)

/* Field f of dev into *out, times scale. */
#define ANSWER(dev, f, out, type, scale) \
	do { \
		struct value v_; \
		DEVICE(dev); \
		v_ = next((dev), (f)); \
		if (v_.err != 0) \
			return v_.err; \
		*(out) = (type)(v_.x * (scale) + 0.5); \
		return OK; \
	} while (0)

API int
nvmlInit(void)
{
	int rc = load();

	started = rc == OK;
	return rc;
}

API int
nvmlShutdown(void)
{
	if (!started)
		return UNINITIALIZED;
	started = 0;
	return OK;
}

API const char *
nvmlErrorString(int rc)
{
	switch (rc) {
	case OK: return "Success";
	case UNINITIALIZED: return "Uninitialized";
	case INVALID_ARGUMENT: return "Invalid Argument";
	case NOT_SUPPORTED: return "Not Supported";
	case NO_PERMISSION: return "Insufficient Permissions";
	case DRIVER_NOT_LOADED: return "Driver Not Loaded";
	case GPU_IS_LOST: return "GPU is lost";
	case NO_DATA: return "No data";
	}
	return "Unknown Error";
}

API int
nvmlDeviceGetCount(unsigned *n)
{
	if (!started)
		return UNINITIALIZED;
	*n = (unsigned)ngpu;
	return OK;
}

API int
nvmlDeviceGetHandleByIndex(unsigned i, nvmlDevice_t *dev)
{
	if (!started)
		return UNINITIALIZED;
	if (i >= (unsigned)ngpu)
		return INVALID_ARGUMENT;
	*dev = &gpus[i];
	return OK;
}

API int
nvmlDeviceGetName(nvmlDevice_t dev, char *buf, unsigned size)
{
	DEVICE(dev);
	snprintf(buf, size, "%s", dev->name);
	return OK;
}

API int
nvmlDeviceGetUUID(nvmlDevice_t dev, char *buf, unsigned size)
{
	DEVICE(dev);
	snprintf(buf, size, "%s", dev->uuid);
	return OK;
}

API int
nvmlDeviceGetUtilizationRates(nvmlDevice_t dev, unsigned *u)
{
	struct value g, m;

	DEVICE(dev);
	g = next(dev, UTIL);
	m = next(dev, MEMUTIL);
	if (g.err != 0 || m.err != 0)
		return g.err != 0 ? g.err : m.err;
	u[0] = (unsigned)g.x;
	u[1] = (unsigned)m.x;
	return OK;
}

/* nvmlMemory_t {total, free, used}; _v2 has version and reserved first. */
static int
memory(nvmlDevice_t dev, unsigned long long *total, unsigned long long *free,
    unsigned long long *used)
{
	struct value t, u;

	DEVICE(dev);
	u = next(dev, MEMUSED);
	t = next(dev, MEMTOTAL);
	if (u.err != 0 || t.err != 0)
		return u.err != 0 ? u.err : t.err;
	*total = (unsigned long long)t.x * 1048576;
	*used = (unsigned long long)u.x * 1048576;
	*free = *total - *used;
	return OK;
}

API int
nvmlDeviceGetMemoryInfo(nvmlDevice_t dev, unsigned long long *m)
{
	return memory(dev, &m[0], &m[1], &m[2]);
}

API int
nvmlDeviceGetTemperature(nvmlDevice_t dev, int sensor, unsigned *t)
{
	if (sensor != 0)
		return INVALID_ARGUMENT;
	ANSWER(dev, TEMP, t, unsigned, 1);
}

API int
nvmlDeviceGetPowerUsage(nvmlDevice_t dev, unsigned *mw)
{
	ANSWER(dev, POWER, mw, unsigned, 1000);
}

API int
nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t dev, unsigned *mw)
{
	ANSWER(dev, LIMIT, mw, unsigned, 1000);
}

API int
nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t dev, unsigned long long *mj)
{
	ANSWER(dev, ENERGY, mj, unsigned long long, 1);
}

API int
nvmlDeviceGetClockInfo(nvmlDevice_t dev, int type, unsigned *mhz)
{
	if (type == 1)
		ANSWER(dev, SM, mhz, unsigned, 1);
	if (type == 2)
		ANSWER(dev, MEM, mhz, unsigned, 1);
	return INVALID_ARGUMENT;
}

API int
nvmlDeviceGetFanSpeed(nvmlDevice_t dev, unsigned *pct)
{
	ANSWER(dev, FAN, pct, unsigned, 1);
}

API int
nvmlDeviceGetCurrentClocksThrottleReasons(nvmlDevice_t dev,
    unsigned long long *bits)
{
	ANSWER(dev, REASONS, bits, unsigned long long, 1);
}

/* The process records: pid and memory first in every version. */
static int
processes(nvmlDevice_t dev, unsigned *count, void *infos, size_t size)
{
	char *rec = infos;
	int k;

	DEVICE(dev);
	if (*count < (unsigned)dev->nproc) {
		*count = (unsigned)dev->nproc;
		return INSUFFICIENT_SIZE;
	}
	for (k = 0; k < dev->nproc; k++, rec += size) {
		memset(rec, 0, size);
		memcpy(rec, &dev->pid[k], sizeof(unsigned));
		memcpy(rec + 8, &dev->used[k], sizeof(unsigned long long));
	}
	*count = (unsigned)dev->nproc;
	return OK;
}

API int
nvmlDeviceGetComputeRunningProcesses(nvmlDevice_t dev, unsigned *count,
    void *infos)
{
	return processes(dev, count, infos, 16);
}

#ifndef STUB_OLD_DRIVER
API int
nvmlInit_v2(void)
{
	return nvmlInit();
}

API int
nvmlDeviceGetCount_v2(unsigned *n)
{
	return nvmlDeviceGetCount(n);
}

API int
nvmlDeviceGetHandleByIndex_v2(unsigned i, nvmlDevice_t *dev)
{
	return nvmlDeviceGetHandleByIndex(i, dev);
}

struct memory_v2 {
	unsigned version;
	unsigned long long total, reserved, free, used;
};

API int
nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t dev, struct memory_v2 *m)
{
	if (m->version != (unsigned)(sizeof(*m) | 2u << 24))
		return 25;	/* NVML_ERROR_ARGUMENT_VERSION_MISMATCH */
	m->reserved = 0;
	return memory(dev, &m->total, &m->free, &m->used);
}

API int
nvmlDeviceGetCurrentClocksEventReasons(nvmlDevice_t dev,
    unsigned long long *bits)
{
	return nvmlDeviceGetCurrentClocksThrottleReasons(dev, bits);
}

API int
nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t dev, unsigned *count,
    void *infos)
{
	return processes(dev, count, infos, 24);
}
#endif
