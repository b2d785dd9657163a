/* npu: Intel NPUs (the intel_vpu driver) through SYSFS/class/accel —
 * utilization from the busy time counter, memory in use, frequency. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_collect.h"
#include "pm_sysdev.h"
#include "pm_sysfile.h"

#define RESCAN 60

enum { F_BUSY, F_MEM, F_FREQ, F_MAX, NFILES };

/* Below the device, newest name first: freq/ came in kernel 7.2, and the
 * npu_*_frequency_mhz files stay until 2027. */
static const char *const file_names[NFILES][2] = {
	[F_BUSY] = { "npu_busy_time_us" },		/* µs, a counter */
	[F_MEM] = { "npu_memory_utilization" },		/* bytes */
	[F_FREQ] = { "freq/current_freq", "npu_current_frequency_mhz" },
	[F_MAX] = { "freq/hw_max_freq", "npu_max_frequency_mhz" },
};

struct npu {
	unsigned accel;
	char index[16], name[64];
	char rel[NFILES][96];		/* "" when missing */
	struct pm_buf b[NFILES];
	int has[NFILES];
	uint64_t v[NFILES];
	uint64_t busy;			/* at the previous reading */
	int64_t mono;
	int primed;
};

struct npu_state {
	struct npu *d;
	size_t n;
	char root[4096];
	unsigned long since_scan;
};

static void
drop(struct npu *d, size_t n)
{
	size_t i;
	int f;

	for (i = 0; i < n; i++)
		for (f = 0; f < NFILES; f++)
			pm_buf_release(&d[i].b[f]);
	free(d);
}

static int
is_npu(const char *sysfs, unsigned accel)
{
	char rel[64], driver[32];

	snprintf(rel, sizeof(rel), "class/accel/accel%u/device/uevent", accel);
	pm_sysdev_uevent(sysfs, rel, "DRIVER", driver, sizeof(driver));
	return strcmp(driver, "intel_vpu") == 0;
}

static void
init_npu(struct npu *d, const char *sysfs, unsigned accel,
    const struct npu_state *old)
{
	char dev[48], rel[64], id[32];
	size_t i;
	int f, k;

	memset(d, 0, sizeof(*d));
	d->accel = accel;
	snprintf(d->index, sizeof(d->index), "%u", accel);
	snprintf(dev, sizeof(dev), "class/accel/accel%u/device", accel);
	snprintf(rel, sizeof(rel), "%s/uevent", dev);
	pm_sysdev_uevent(sysfs, rel, "PCI_ID", id, sizeof(id));
	snprintf(d->name, sizeof(d->name), "intel_vpu%s%s", id[0] ? "/" : "",
	    id);
	for (f = 0; f < NFILES; f++)
		for (k = 0; k < 2 && file_names[f][k] != NULL; k++) {
			snprintf(d->rel[f], sizeof(d->rel[f]), "%s/%s", dev,
			    file_names[f][k]);
			if (pm_sysfile_exists(sysfs, d->rel[f]))
				break;
			d->rel[f][0] = '\0';
		}
	/* The busy counter of the previous reading survives a new list. */
	for (i = 0; i < old->n; i++)
		if (old->d[i].accel == accel) {
			d->busy = old->d[i].busy;
			d->mono = old->d[i].mono;
			d->primed = old->d[i].primed;
		}
}

static int
scan(struct npu_state *st, const char *sysfs, struct pm_err *e)
{
	struct npu *d = NULL;
	unsigned *accel;
	int i, n;
	size_t m = 0;

	if ((n = pm_sysdev_numbered(sysfs, "class/accel", "accel", &accel,
	    e)) < 0)
		return -1;
	if (n > 0 && (d = calloc((size_t)n, sizeof(*d))) == NULL) {
		free(accel);
		return pm_err_set(e, "out of memory");
	}
	for (i = 0; i < n; i++)
		if (is_npu(sysfs, accel[i]))
			init_npu(&d[m++], sysfs, accel[i], st);
	free(accel);
	drop(st->d, st->n);
	st->d = d;
	st->n = m;
	st->since_scan = 0;
	snprintf(st->root, sizeof(st->root), "%s", sysfs);
	return 0;
}

static int
read_npu(struct npu *d, const char *sysfs, struct pm_err *e)
{
	int f, r;

	for (f = 0; f < NFILES; f++) {
		d->has[f] = 0;
		if (d->rel[f][0] == '\0')
			continue;
		if ((r = pm_sysdev_number(&d->b[f], sysfs, d->rel[f], &d->v[f],
		    e)) < 0)
			return -1;
		d->has[f] = r;
	}
	return 0;
}

static void
emit_npu(const struct pm_emit *em, struct npu *d, int64_t mono)
{
	struct pm_label l[2] = { { "npu", d->index }, { "name", d->name } };
	double dt = pm_elapsed(d->mono, mono), u;

	if (d->has[F_BUSY] && d->primed && d->v[F_BUSY] >= d->busy && dt > 0) {
		u = pm_round((double)(d->v[F_BUSY] - d->busy) / (dt * 1e4),
		    100);
		pm_emit(em, "npu.utilization", u > 100 ? 100 : u, "percent", l,
		    2);
	}
	if (d->has[F_MEM])
		pm_emit(em, "npu.memory.used", (double)d->v[F_MEM], "bytes", l,
		    2);
	if (d->has[F_FREQ])
		pm_emit(em, "npu.frequency", (double)d->v[F_FREQ] * 1e6,
		    "hertz", l, 2);
	if (d->has[F_MAX])
		pm_emit(em, "npu.frequency.max", (double)d->v[F_MAX] * 1e6,
		    "hertz", l, 2);
}

static int
npu_read(void *state, const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	struct npu_state *st = state;
	const char *sysfs = ctx->root->sysfs;
	size_t i;

	if (++st->since_scan >= RESCAN || strcmp(st->root, sysfs) != 0)
		if (scan(st, sysfs, e) != 0)
			return -1;
	for (i = 0; i < st->n; i++)
		if (read_npu(&st->d[i], sysfs, e) != 0)
			return -1;
	for (i = 0; i < st->n; i++) {
		struct npu *d = &st->d[i];

		if (ctx->emit != NULL)
			emit_npu(ctx->emit, d, ctx->mono);
		d->primed = d->has[F_BUSY];
		d->busy = d->v[F_BUSY];
		d->mono = ctx->mono;
	}
	return 0;
}

static void
npu_release(void *state)
{
	struct npu_state *st = state;

	drop(st->d, st->n);
}

static int
npu_available(const struct pm_sysroot *root)
{
	unsigned *accel;
	int i, n, found = 0;

	n = pm_sysdev_numbered(root->sysfs, "class/accel", "accel", &accel,
	    NULL);
	for (i = 0; i < n && !found; i++)
		found = is_npu(root->sysfs, accel[i]);
	free(accel);
	return found;
}

const struct pm_collector pm_collector_npu = {
	.name = "npu",
	.what = "Intel NPUs (intel_vpu) from /sys/class/accel",
	.available = npu_available,
	.state_size = sizeof(struct npu_state),
	.read = npu_read,
	.release = npu_release,
};
