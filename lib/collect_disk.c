/* disk: /proc/diskstats — bytes, operations, busy time, queue length and
 * latency of each whole disk (partitions, loop and ram disks with -a). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_collect.h"
#include "pm_sysfile.h"

/* The first 11 statistics after the name, common to every format (14, 18
 * and 20 fields); discard and flush counters that follow are not used. */
enum {
	RD_IOS, RD_MERGES, RD_SECTORS, RD_TICKS, WR_IOS, WR_MERGES, WR_SECTORS,
	WR_TICKS, IN_FLIGHT, IO_TICKS, TIME_IN_QUEUE, NSTATS
};

struct disk_dev {
	char name[64];
	int keep;		/* reported (whole disk, or -a) */
	uint64_t s[NSTATS];
};

struct disk_reading {
	struct disk_dev *dev;
	size_t n, cap;
	int64_t mono;
};

struct disk_state {
	struct pm_buf buf;
	struct disk_reading prev, cur;
	int primed;
};

static int
disk_available(const struct pm_sysroot *root)
{
	return pm_sysfile_exists(root->procfs, "diskstats");
}

static void
disk_release(void *state)
{
	struct disk_state *st = state;

	pm_buf_release(&st->buf);
	free(st->prev.dev);
	free(st->cur.dev);
}

/* The device called name in r, trying index hint first (the order of
 * diskstats rarely changes); NULL when it is not there. */
static const struct disk_dev *
find_dev(const struct disk_reading *r, const char *name, size_t hint)
{
	size_t i;

	if (hint < r->n && strcmp(r->dev[hint].name, name) == 0)
		return &r->dev[hint];
	for (i = 0; i < r->n; i++)
		if (strcmp(r->dev[i].name, name) == 0)
			return &r->dev[i];
	return NULL;
}

/* Whether to report d.  Partitions have no SYSFS/block entry ('/' in a
 * name is '!' there); the answer is kept from the previous reading so
 * a steady system costs no lookups. */
static int
keep_dev(const struct disk_dev *d, const struct disk_reading *prev,
    size_t hint, const struct pm_collect_ctx *ctx)
{
	const struct disk_dev *old;
	char rel[sizeof(d->name) + 8], *c;

	if (ctx->all_devices)
		return 1;
	if (strncmp(d->name, "loop", 4) == 0 || strncmp(d->name, "ram", 3) == 0)
		return 0;
	if ((old = find_dev(prev, d->name, hint)) != NULL)
		return old->keep;
	snprintf(rel, sizeof(rel), "block/%s", d->name);
	for (c = rel; *c != '\0'; c++)
		if (*c == '/' && c > rel + 5)
			*c = '!';
	return pm_sysfile_exists(ctx->root->sysfs, rel);
}

static int
dev_slot(struct disk_reading *r)
{
	if (r->n == r->cap) {
		size_t ncap = r->cap ? r->cap * 2 : 16;
		struct disk_dev *nd = realloc(r->dev, ncap * sizeof(*nd));

		if (nd == NULL)
			return -1;
		r->dev = nd;
		r->cap = ncap;
	}
	return 0;
}

static int
parse_diskstats(const char *data, struct disk_state *st, const char *path,
    const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	struct disk_reading *r = &st->cur;
	const char *p = data, *line, *why;
	unsigned long lineno = 0;
	uint64_t major, minor, v;
	size_t nstats;

	r->n = 0;
	for (; *p != '\0'; pm_scan_next_line(&p)) {
		struct disk_dev *d;

		lineno++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\n' || *p == '\0')
			continue;
		line = p;
		if (dev_slot(r) != 0)
			return pm_err_set(e, "out of memory");
		d = &r->dev[r->n];
		why = "expected major, minor and device name";
		if (pm_scan_u64(&p, &major) != 0 || pm_scan_u64(&p, &minor) != 0 ||
		    pm_scan_word(&p, d->name, sizeof(d->name)) != 0)
			goto bad;
		for (nstats = 0; pm_scan_u64(&p, &v) == 0; nstats++)
			if (nstats < NSTATS)
				d->s[nstats] = v;
		while (*p == ' ' || *p == '\t')
			p++;
		why = "not a number";
		if (*p != '\n' && *p != '\0')
			goto bad;
		why = "too few fields (truncated?)";
		if (nstats < NSTATS)
			goto bad;
		d->keep = keep_dev(d, &st->prev, r->n, ctx);
		r->n++;
		continue;
bad:
		return pm_sysfile_bad_line(e, path, lineno, line, why);
	}
	return 0;
}

static uint64_t
delta(const struct disk_dev *a, const struct disk_dev *b, int i)
{
	return b->s[i] >= a->s[i] ? b->s[i] - a->s[i] : 0;
}

/* Average milliseconds per completed operation, in seconds. */
static double
latency(uint64_t ms, uint64_t ops)
{
	return ops > 0 ? pm_round((double)ms / (double)ops / 1000, 1e6) : 0;
}

static void
emit_dev(const struct pm_emit *em, const struct disk_dev *a,
    const struct disk_dev *b, double dt)
{
	struct pm_label label = { "device", b->name };
	double ms = dt * 1000, busy;

	/* Sectors are 512 bytes whatever the device's block size. */
	pm_emit(em, "disk.read.bytes", pm_round((double)delta(a, b, RD_SECTORS)
	    * 512 / dt, 1000), "bytes/s", &label, 1);
	pm_emit(em, "disk.write.bytes", pm_round((double)delta(a, b, WR_SECTORS)
	    * 512 / dt, 1000), "bytes/s", &label, 1);
	pm_emit(em, "disk.read.ops", pm_rate3(a->s[RD_IOS], b->s[RD_IOS], dt),
	    "1/s", &label, 1);
	pm_emit(em, "disk.write.ops", pm_rate3(a->s[WR_IOS], b->s[WR_IOS], dt),
	    "1/s", &label, 1);
	busy = pm_percent(delta(a, b, IO_TICKS), ms);
	pm_emit(em, "disk.busy", busy > 100 ? 100 : busy, "percent", &label, 1);
	pm_emit(em, "disk.queue", pm_round((double)delta(a, b, TIME_IN_QUEUE) /
	    ms, 100), NULL, &label, 1);
	pm_emit(em, "disk.read.latency", latency(delta(a, b, RD_TICKS),
	    delta(a, b, RD_IOS)), "seconds", &label, 1);
	pm_emit(em, "disk.write.latency", latency(delta(a, b, WR_TICKS),
	    delta(a, b, WR_IOS)), "seconds", &label, 1);
}

static int
disk_read(void *state, const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	struct disk_state *st = state;
	struct disk_reading tmp;
	const struct disk_dev *a;
	char path[4096];
	double dt;
	size_t i;

	if (pm_sysfile_read(&st->buf, ctx->root->procfs, "diskstats", e) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/diskstats", ctx->root->procfs);
	if (parse_diskstats(st->buf.data, st, path, ctx, e) != 0)
		return -1;
	st->cur.mono = ctx->mono;
	dt = pm_elapsed(st->prev.mono, st->cur.mono);
	if (ctx->emit != NULL && st->primed && dt > 0) {
		/* Only devices in both readings: one may come or go. */
		for (i = 0; i < st->cur.n; i++) {
			const struct disk_dev *b = &st->cur.dev[i];

			if (b->keep && (a = find_dev(&st->prev, b->name, i)))
				emit_dev(ctx->emit, a, b, dt);
		}
	}
	/* The current reading becomes the previous one; keep both buffers. */
	tmp = st->prev;
	st->prev = st->cur;
	st->cur = tmp;
	st->primed = 1;
	return 0;
}

const struct pm_collector pm_collector_disk = {
	.name = "disk",
	.what = "disk throughput, operations, busy time, queue and latency "
	    "from /proc/diskstats",
	.available = disk_available,
	.state_size = sizeof(struct disk_state),
	.read = disk_read,
	.release = disk_release,
};
