/* mem: /proc/meminfo and /proc/vmstat — memory and swap use, page faults
 * and swapping per second. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_collect.h"
#include "pm_sysfile.h"

/* The /proc/meminfo fields we use, all in kB. */
enum { TOTAL, FREE, AVAIL, BUFFERS, CACHED, SRECLAIM, SWTOTAL, SWFREE, NMEM };

static const char *const mem_key[NMEM] = {
	"MemTotal:", "MemFree:", "MemAvailable:", "Buffers:", "Cached:",
	"SReclaimable:", "SwapTotal:", "SwapFree:",
};

/* The /proc/vmstat counters we turn into rates. */
enum { PGFAULT, PGMAJFAULT, PSWPIN, PSWPOUT, NVM };

static const char *const vm_key[NVM] = {
	"pgfault", "pgmajfault", "pswpin", "pswpout",
};

static const char *const vm_metric[NVM] = {
	"mem.page_faults", "mem.page_faults.major", "mem.swap.in",
	"mem.swap.out",
};

static const char *const vm_unit[NVM] = { "1/s", "1/s", "pages/s", "pages/s" };

struct mem_reading {
	uint64_t kb[NMEM];
	uint64_t vm[NVM];
	unsigned vm_have;	/* bit i: vm[i] was read */
	int64_t mono;
};

struct mem_state {
	struct pm_buf meminfo, vmstat;
	struct mem_reading prev;
	int primed;
};

static int
mem_available(const struct pm_sysroot *root)
{
	return pm_sysfile_exists(root->procfs, "meminfo");
}

static void
mem_release(void *state)
{
	struct mem_state *st = state;

	pm_buf_release(&st->meminfo);
	pm_buf_release(&st->vmstat);
}

static int
find_key(const char *const *keys, int n, const char *key)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(keys[i], key) == 0)
			return i;
	return -1;
}

/* "MemTotal:       24684084 kB"; other lines are not ours to judge. */
static int
parse_meminfo(const char *data, struct mem_reading *r, const char *path,
    struct pm_err *e)
{
	const char *p = data, *line;
	unsigned long lineno = 0;
	unsigned have = 0;
	char key[64], unit[8];
	int i;

	for (; *p != '\0'; pm_scan_next_line(&p)) {
		line = p;
		lineno++;
		if (pm_scan_word(&p, key, sizeof(key)) != 0 ||
		    (i = find_key(mem_key, NMEM, key)) < 0)
			continue;
		if (pm_scan_u64(&p, &r->kb[i]) != 0)
			return pm_sysfile_bad_line(e, path, lineno, line, "not a number");
		if (pm_scan_word(&p, unit, sizeof(unit)) != 0 ||
		    strcmp(unit, "kB") != 0)
			return pm_sysfile_bad_line(e, path, lineno, line, "expected kB");
		have |= 1u << i;
	}
	for (i = 0; i < NMEM; i++)
		if (!(have & (1u << i)))
			return pm_err_set(e, "%s: no %.*s line (truncated?)",
			    path, (int)strlen(mem_key[i]) - 1, mem_key[i]);
	return 0;
}

/* "pgfault 1256966"; a kernel without some counter just has no rate. */
static int
parse_vmstat(const char *data, struct mem_reading *r, const char *path,
    struct pm_err *e)
{
	const char *p = data, *line;
	unsigned long lineno = 0;
	char key[64];
	int i;

	/* vmstat has some 170 lines and we want four, all starting with 'p':
	 * look no closer at the others, and stop once all four are in. */
	for (; *p != '\0' && r->vm_have != (1u << NVM) - 1;
	    pm_scan_next_line(&p)) {
		line = p;
		lineno++;
		if (*p != 'p' || pm_scan_word(&p, key, sizeof(key)) != 0 ||
		    (i = find_key(vm_key, NVM, key)) < 0)
			continue;
		if (pm_scan_u64(&p, &r->vm[i]) != 0)
			return pm_sysfile_bad_line(e, path, lineno, line, "not a number");
		r->vm_have |= 1u << i;
	}
	return 0;
}

static void
emit_bytes(const struct pm_emit *em, const char *metric, uint64_t kb)
{
	pm_emit(em, metric, (double)kb * 1024, "bytes", NULL, 0);
}

static void
emit_reading(const struct pm_emit *em, const struct mem_reading *a,
    const struct mem_reading *b, int primed)
{
	const uint64_t *kb = b->kb;
	uint64_t used, swused;
	double dt = pm_elapsed(a->mono, b->mono);
	int i;

	/* Guard the subtractions: a container's view can be inconsistent. */
	used = kb[TOTAL] > kb[AVAIL] ? kb[TOTAL] - kb[AVAIL] : 0;
	swused = kb[SWTOTAL] > kb[SWFREE] ? kb[SWTOTAL] - kb[SWFREE] : 0;
	emit_bytes(em, "mem.total", kb[TOTAL]);
	emit_bytes(em, "mem.available", kb[AVAIL]);
	emit_bytes(em, "mem.used", used);
	emit_bytes(em, "mem.free", kb[FREE]);
	emit_bytes(em, "mem.buffers", kb[BUFFERS]);
	/* As free(1): reclaimable slab is cache too. */
	emit_bytes(em, "mem.cached", kb[CACHED] + kb[SRECLAIM]);
	pm_emit(em, "mem.used_percent", pm_percent(used, kb[TOTAL]), "percent",
	    NULL, 0);
	emit_bytes(em, "mem.swap.total", kb[SWTOTAL]);
	emit_bytes(em, "mem.swap.used", swused);
	pm_emit(em, "mem.swap.used_percent", pm_percent(swused, kb[SWTOTAL]),
	    "percent", NULL, 0);
	if (!primed)
		return;
	for (i = 0; i < NVM; i++)
		if (a->vm_have & b->vm_have & (1u << i))
			pm_emit(em, vm_metric[i], pm_rate3(a->vm[i], b->vm[i],
			    dt), vm_unit[i], NULL, 0);
}

static int
mem_read(void *state, const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	struct mem_state *st = state;
	struct mem_reading cur;
	const char *proc = ctx->root->procfs;

	memset(&cur, 0, sizeof(cur));
	cur.mono = ctx->mono;
	if (pm_sysfile_read(&st->meminfo, proc, "meminfo", e) != 0 ||
	    parse_meminfo(st->meminfo.data, &cur, st->meminfo.path, e) != 0)
		return -1;
	/* Without vmstat (some containers) the gauges still stand. */
	if (pm_sysfile_read(&st->vmstat, proc, "vmstat", e) == 0) {
		if (parse_vmstat(st->vmstat.data, &cur, st->vmstat.path, e) != 0)
			return -1;
	} else if (errno != ENOENT) {
		return -1;
	}
	if (ctx->emit != NULL)
		emit_reading(ctx->emit, &st->prev, &cur, st->primed);
	st->prev = cur;
	st->primed = 1;
	return 0;
}

const struct pm_collector pm_collector_mem = {
	.name = "mem",
	.what = "memory and swap use, page faults and swapping from "
	    "/proc/meminfo and /proc/vmstat",
	.available = mem_available,
	.state_size = sizeof(struct mem_state),
	.read = mem_read,
	.release = mem_release,
};
