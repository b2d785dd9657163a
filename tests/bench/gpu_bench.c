/* gpu_bench: what a reading of the gpu collector costs beyond the NVML
 * calls it makes, through the stand-in NVML library.
 *
 * Three timings of CPU time per reading, N readings each:
 *   calls   the NVML calls a reading makes, straight into the library
 *   gpu     a reading of the gpu collector, points to a sink that drops
 *           them
 *   out     the same, the points written as JSON lines to /dev/null
 * usage: gpu_bench LIBRARY CONFIG [N]
 * (LIBRARY: build/.../stand-in/libnvidia-ml-stub.so; CONFIG: a
 * description such as tests/fixtures/gpu/nvml-2gpu.conf). */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pm_collect.h"
#include "pm_out.h"
#include "pm_sampler.h"

static double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef int dev_fn(void *, void *);
typedef int dev_of_fn(void *, int, void *);

/* The calls a reading makes for each GPU the description has, as
 * pm_nvml_read makes them once unsupported fields are known: those are
 * not called. */
static double
time_calls(const char *lib, long n)
{
	void *dl = dlopen(lib, RTLD_NOW), *h[8];
	int (*init)(void), (*count)(unsigned *), (*handle)(unsigned, void **);
	dev_fn *util, *mem, *power, *limit, *energy, *fan, *reasons;
	dev_of_fn *temp, *clock;
	unsigned ngpu, i, u[2];
	unsigned long long x[5] = { 0 };
	double t0;
	long k;

	if (dl == NULL) {
		fprintf(stderr, "gpu_bench: %s\n", dlerror());
		exit(1);
	}
	*(void **)&init = dlsym(dl, "nvmlInit_v2");
	*(void **)&count = dlsym(dl, "nvmlDeviceGetCount_v2");
	*(void **)&handle = dlsym(dl, "nvmlDeviceGetHandleByIndex_v2");
	util = (dev_fn *)dlsym(dl, "nvmlDeviceGetUtilizationRates");
	mem = (dev_fn *)dlsym(dl, "nvmlDeviceGetMemoryInfo_v2");
	power = (dev_fn *)dlsym(dl, "nvmlDeviceGetPowerUsage");
	limit = (dev_fn *)dlsym(dl, "nvmlDeviceGetEnforcedPowerLimit");
	energy = (dev_fn *)dlsym(dl, "nvmlDeviceGetTotalEnergyConsumption");
	fan = (dev_fn *)dlsym(dl, "nvmlDeviceGetFanSpeed");
	reasons = (dev_fn *)dlsym(dl, "nvmlDeviceGetCurrentClocksEventReasons");
	temp = (dev_of_fn *)dlsym(dl, "nvmlDeviceGetTemperature");
	clock = (dev_of_fn *)dlsym(dl, "nvmlDeviceGetClockInfo");
	if (init() != 0 || count(&ngpu) != 0 || ngpu > 8) {
		fprintf(stderr, "gpu_bench: the stand-in does not start\n");
		exit(1);
	}
	for (i = 0; i < ngpu; i++)
		handle(i, &h[i]);
	t0 = cpu_now();
	for (k = 0; k < n; k++)
		for (i = 0; i < ngpu; i++) {
			x[0] = 40u | 2u << 24;	/* nvmlMemory_v2 */
			util(h[i], u);
			mem(h[i], x);
			temp(h[i], 0, u);
			power(h[i], u);
			limit(h[i], u);
			clock(h[i], 1, u);
			clock(h[i], 2, u);
			/* What the description supports, as the collector
			 * learns it at its first reading. */
			if (i != 1)
				energy(h[i], x);
			if (i != 0)
				fan(h[i], u);
			reasons(h[i], x);
		}
	return (cpu_now() - t0) / (double)n;
}

static int
drop(void *arg, const struct pm_point *p)
{
	(*(long *)arg)++;
	(void)p;
	return 0;
}

static int
write_point(void *arg, const struct pm_point *p)
{
	return pm_out_point(arg, p);
}

static double
time_collector(long n, int out, long *points)
{
	struct pm_sysroot root = { "/proc", "/sys", "" };
	struct pm_sampler s;
	struct pm_emit em = { 0 };
	struct pm_out o;
	struct pm_err e;
	FILE *null = NULL;
	double t0, t;
	long k;

	if (pm_sampler_init(&s, &root, "gpu", &e) != 0) {
		fprintf(stderr, "gpu_bench: %s\n", e.msg);
		exit(1);
	}
	em.host = "bench";
	em.ts = 1795363200000000000LL;
	if (out) {
		null = fopen("/dev/null", "w");
		pm_out_init(&o, null, "/dev/null");
		em.fn = write_point;
		em.arg = &o;
	} else {
		em.fn = drop;
		em.arg = points;
	}
	pm_sampler_read(&s, 0, NULL, NULL, NULL);	/* priming */
	t0 = cpu_now();
	for (k = 1; k <= n; k++) {
		pm_sampler_read(&s, k * 1000000000LL, &em, NULL, NULL);
		if (out)
			pm_out_sync(&o);
	}
	t = (cpu_now() - t0) / (double)n;
	pm_sampler_release(&s);
	if (out) {
		pm_out_release(&o);
		fclose(null);
	}
	return t;
}

int
main(int argc, char **argv)
{
	long n = argc > 3 ? strtol(argv[3], NULL, 10) : 200000, points = 0;
	double calls, gpu, out;

	if (argc < 3) {
		fprintf(stderr, "usage: gpu_bench LIBRARY CONFIG [N]\n");
		return 2;
	}
	setenv("PM_NVML_LIBRARY", argv[1], 1);
	setenv("PM_NVML_STUB_CONFIG", argv[2], 1);
	setenv("PM_NVIDIA_SMI", "/nonexistent", 1);
	calls = time_calls(argv[1], n);
	gpu = time_collector(n, 0, &points);
	out = time_collector(n, 1, NULL);
	printf("readings: %ld, points per reading: %.1f\n", n,
	    (double)points / (double)n);
	printf("NVML calls alone:        %8.3f us per reading\n", calls * 1e6);
	printf("gpu collector:           %8.3f us per reading (%.3f us beyond "
	    "the calls)\n", gpu * 1e6, (gpu - calls) * 1e6);
	printf("gpu collector + output:  %8.3f us per reading (%.3f us beyond "
	    "the calls)\n", out * 1e6, (out - calls) * 1e6);
	return 0;
}
