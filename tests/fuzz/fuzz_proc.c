/* libFuzzer target for pm-sample's /proc and /sys parsers, reached through
 * the collectors: the input becomes one kernel file of a fixture tree in a
 * temporary folder (TMPDIR, else /dev/shm), and the collector reads it twice (priming, then rates)
 * with its state kept between.  The first byte picks the file.
 *   make fuzz FUZZ_TARGETS=proc
 */
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "pm_collect.h"

static const struct {
	const char *collector;
	const char *dir;	/* "proc" or "sys" */
	const char *rel;	/* the file the input becomes */
} files[] = {
	{ "cpu", "proc", "stat" },
	{ "mem", "proc", "meminfo" },
	{ "mem", "proc", "vmstat" },
	{ "load", "proc", "loadavg" },
	{ "disk", "proc", "diskstats" },
	{ "net", "proc", "net/dev" },
	{ "fs", "proc", "mounts" },
	{ "pressure", "proc", "pressure/cpu" },
	{ "pressure", "proc", "pressure/memory" },
	{ "thermal", "sys", "class/thermal/thermal_zone0/temp" },
};
#define NFILES (sizeof(files) / sizeof(files[0]))

static char top[PATH_MAX];

/* Each file of the tree is opened once and kept open: an input rewrites it
 * in place (ftruncate, pwrite) rather than creating it, which on a disk
 * file system cost more than the parsing. */
static struct {
	char path[PATH_MAX * 2];
	int fd;
} open_files[NFILES + 4];
static size_t nopen;

static void
put(const char *dir, const char *rel, const void *data, size_t size)
{
	char path[PATH_MAX * 2], *slash;
	size_t i;
	int fd = -1;

	snprintf(path, sizeof(path), "%s/%s/%s", top, dir, rel);
	for (i = 0; i < nopen && fd == -1; i++)
		if (strcmp(open_files[i].path, path) == 0)
			fd = open_files[i].fd;
	if (fd == -1) {
		for (slash = path + strlen(top) + 1;
		    (slash = strchr(slash, '/')); slash++) {
			*slash = '\0';
			(void)mkdir(path, 0755);
			*slash = '/';
		}
		if (nopen == sizeof(open_files) / sizeof(open_files[0]) ||
		    (fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC,
		    0644)) == -1)
			abort();
		snprintf(open_files[nopen].path, sizeof(open_files[0].path),
		    "%s", path);
		open_files[nopen++].fd = fd;
	}
	if (ftruncate(fd, 0) == -1 ||
	    (size > 0 && pwrite(fd, data, size, 0) != (ssize_t)size))
		abort();
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)flag, (void)f;
	return remove(path);
}

/* The tree goes when the fuzzer ends (a memory file system holds it). */
static void
cleanup(void)
{
	(void)nftw(top, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static const char meminfo[] = "MemTotal: 16384 kB\nMemFree: 1024 kB\n"
    "MemAvailable: 8192 kB\nBuffers: 10 kB\nCached: 100 kB\n"
    "SReclaimable: 5 kB\n"
    "SwapTotal: 0 kB\nSwapFree: 0 kB\n";

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");

	/* A memory file system when TMPDIR does not say. */
	if (tmp == NULL || *tmp == '\0')
		tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(top, sizeof(top), "%s/pm-fuzz-XXXXXX", tmp);
	if (mkdtemp(top) == NULL)
		abort();
	atexit(cleanup);
	/* The files a collector needs beside the one fuzzed. */
	put("proc", "meminfo", meminfo, sizeof(meminfo) - 1);
	put("proc", "vmstat", "pgfault 1\n", 10);
	put("sys", "class/thermal/thermal_zone0/type", "x86_pkg_temp\n", 13);
}

static int
check(void *arg, const struct pm_point *p)
{
	(void)arg;
	if (!pm_metric_name_valid(p->metric) || !isfinite(p->value))
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pm_sysroot root;
	struct pm_emit emit = { .fn = check, .host = "h", .ts = 0 };
	struct pm_collect_ctx ctx = { .root = &root };
	const struct pm_collector *c;
	char procfs[PATH_MAX + 8], sysfs[PATH_MAX + 8];
	struct pm_err e;
	void *state;
	size_t k;

	if (size == 0)
		return 0;
	if (top[0] == '\0')
		setup();
	k = data[0] % NFILES;
	put(files[k].dir, files[k].rel, data + 1, size - 1);
	snprintf(procfs, sizeof(procfs), "%s/proc", top);
	snprintf(sysfs, sizeof(sysfs), "%s/sys", top);
	root.procfs = procfs;
	root.sysfs = sysfs;
	root.rootfs = top;
	ctx.all_devices = data[0] >> 7;
	if ((c = pm_collector_find(files[k].collector)) == NULL ||
	    (state = calloc(1, c->state_size ? c->state_size : 1)) == NULL)
		abort();
	ctx.mono = PM_NS_PER_S;
	if (c->read(state, &ctx, &e) == 0) {
		ctx.mono += PM_NS_PER_S;
		ctx.emit = &emit;
		(void)c->read(state, &ctx, &e);
	}
	if (c->release != NULL)
		c->release(state);
	free(state);
	/* Put back the fixture's own file for the next input. */
	if (strcmp(files[k].rel, "meminfo") == 0)
		put("proc", "meminfo", meminfo, sizeof(meminfo) - 1);
	return 0;
}
