#include "pm_amdgpu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_collect.h"
#include "pm_sysdev.h"

/* The card list is made by walking folders; it is kept, and made again
 * every RESCAN readings or when the root changes. */
#define RESCAN 60

enum {
	F_BUSY, F_MEMBUSY, F_VRAM_USED, F_VRAM_TOTAL, F_GTT_USED, F_GTT_TOTAL,
	F_TEMP, F_POWER, F_CAP, F_SCLK, F_MCLK, F_PWM, NFILES
};

static const struct {
	const char *name;	/* below the device, or its hwmon folder */
	int hwmon;
	enum pm_gpu_field field;
	double div;		/* to the unit of the point */
	double digits;		/* 10^decimals kept */
} files[NFILES] = {
	[F_BUSY] = { "gpu_busy_percent", 0, PM_GPU_UTIL, 1, 1 },
	[F_MEMBUSY] = { "mem_busy_percent", 0, PM_GPU_MEM_UTIL, 1, 1 },
	[F_VRAM_USED] = { "mem_info_vram_used", 0, PM_GPU_MEM_USED, 1, 1 },
	[F_VRAM_TOTAL] = { "mem_info_vram_total", 0, PM_GPU_MEM_TOTAL, 1, 1 },
	[F_GTT_USED] = { "mem_info_gtt_used", 0, PM_GPU_GTT_USED, 1, 1 },
	[F_GTT_TOTAL] = { "mem_info_gtt_total", 0, PM_GPU_GTT_TOTAL, 1, 1 },
	/* Millidegrees, edge sensor. */
	[F_TEMP] = { "temp1_input", 1, PM_GPU_TEMP, 1e3, 1e3 },
	/* Microwatts, to the milliwatt as NVML. */
	[F_POWER] = { "power1_average", 1, PM_GPU_POWER, 1e6, 1e3 },
	[F_CAP] = { "power1_cap", 1, PM_GPU_POWER_LIMIT, 1e6, 1e3 },
	[F_SCLK] = { "freq1_input", 1, PM_GPU_CLOCK_SM, 1, 1 },
	[F_MCLK] = { "freq2_input", 1, PM_GPU_CLOCK_MEM, 1, 1 },
	/* 0 to 255. */
	[F_PWM] = { "pwm1", 1, PM_GPU_FAN, 2.55, 100 },
};

struct pm_amdgpu_card {
	char index[16], slot[32], name[96];
	char rel[NFILES][160];	/* "" when the card has no such file */
	struct pm_buf b[NFILES];
};

static void
drop_cards(struct pm_amdgpu *a)
{
	size_t i;
	int f;

	for (i = 0; i < a->n; i++)
		for (f = 0; f < NFILES; f++)
			pm_buf_release(&a->card[i].b[f]);
	free(a->card);
	a->card = NULL;
	a->n = 0;
}

void
pm_amdgpu_release(struct pm_amdgpu *a)
{
	drop_cards(a);
}

static int
is_amd(const char *sysfs, unsigned card)
{
	char rel[64], vendor[16];

	snprintf(rel, sizeof(rel), "class/drm/card%u/device/vendor", card);
	return pm_sysfile_line(sysfs, rel, vendor, sizeof(vendor), NULL) == 0 &&
	    strcmp(vendor, "0x1002") == 0;
}

/* Where each file of the card is, under dev and its first hwmon folder. */
static int
find_files(struct pm_amdgpu_card *c, const char *sysfs, const char *dev,
    struct pm_err *e)
{
	char rel[160], hwmon[96] = "";
	unsigned *h;
	int f, n;

	snprintf(rel, sizeof(rel), "%s/hwmon", dev);
	if ((n = pm_sysdev_numbered(sysfs, rel, "hwmon", &h, e)) < 0)
		return -1;
	if (n > 0)
		snprintf(hwmon, sizeof(hwmon), "%s/hwmon/hwmon%u", dev, h[0]);
	free(h);
	for (f = 0; f < NFILES; f++) {
		if (files[f].hwmon && hwmon[0] == '\0')
			continue;
		snprintf(c->rel[f], sizeof(c->rel[f]), "%s/%s",
		    files[f].hwmon ? hwmon : dev, files[f].name);
		/* Newer kernels give power1_input instead of the average. */
		if (f == F_POWER && !pm_sysfile_exists(sysfs, c->rel[f]))
			snprintf(c->rel[f], sizeof(c->rel[f]), "%s/power1_input",
			    hwmon);
		if (!pm_sysfile_exists(sysfs, c->rel[f]))
			c->rel[f][0] = '\0';
	}
	return 0;
}

static int
add_card(struct pm_amdgpu *a, const char *sysfs, unsigned card,
    struct pm_err *e)
{
	struct pm_amdgpu_card *c;
	char dev[64], rel[96], id[32];

	if ((c = realloc(a->card, (a->n + 1) * sizeof(*c))) == NULL)
		return pm_err_set(e, "out of memory");
	a->card = c;
	c = &a->card[a->n++];
	memset(c, 0, sizeof(*c));
	snprintf(dev, sizeof(dev), "class/drm/card%u/device", card);
	snprintf(c->index, sizeof(c->index), "%u", card);
	snprintf(rel, sizeof(rel), "%s/uevent", dev);
	pm_sysdev_uevent(sysfs, rel, "PCI_SLOT_NAME", c->slot, sizeof(c->slot));
	if (c->slot[0] == '\0')
		snprintf(c->slot, sizeof(c->slot), "card%u", card);
	/* Server boards name themselves; others are known by PCI id. */
	snprintf(rel, sizeof(rel), "%s/product_name", dev);
	if (pm_sysfile_line(sysfs, rel, c->name, sizeof(c->name), NULL) != 0 ||
	    c->name[0] == '\0') {
		snprintf(rel, sizeof(rel), "%s/uevent", dev);
		pm_sysdev_uevent(sysfs, rel, "PCI_ID", id, sizeof(id));
		snprintf(c->name, sizeof(c->name), "AMD %s", id[0] ? id :
		    "GPU");
	}
	return find_files(c, sysfs, dev, e);
}

static int
scan(struct pm_amdgpu *a, const char *sysfs, struct pm_err *e)
{
	unsigned *card;
	int i, n, rc = 0;

	drop_cards(a);
	a->since_scan = 0;
	snprintf(a->root, sizeof(a->root), "%s", sysfs);
	if ((n = pm_sysdev_numbered(sysfs, "class/drm", "card", &card, e)) < 0)
		return -1;
	for (i = 0; i < n && rc == 0; i++)
		if (is_amd(sysfs, card[i]))
			rc = add_card(a, sysfs, card[i], e);
	free(card);
	return rc;
}

int
pm_amdgpu_present(const char *sysfs)
{
	unsigned *card;
	int i, n, found = 0;

	n = pm_sysdev_numbered(sysfs, "class/drm", "card", &card, NULL);
	for (i = 0; i < n && !found; i++)
		found = is_amd(sysfs, card[i]);
	free(card);
	return found;
}

int
pm_amdgpu_read(struct pm_amdgpu *a, const char *sysfs, struct pm_gpu_list *l,
    struct pm_err *e)
{
	struct pm_amdgpu_card *c;
	struct pm_gpu *g;
	uint64_t v;
	size_t i;
	int f, r;

	if (++a->since_scan >= RESCAN || strcmp(a->root, sysfs) != 0)
		if (scan(a, sysfs, e) != 0)
			return -1;
	for (i = 0; i < a->n; i++) {
		c = &a->card[i];
		if ((g = pm_gpu_add(l)) == NULL)
			return pm_err_set(e, "out of memory");
		snprintf(g->index, sizeof(g->index), "%s", c->index);
		snprintf(g->uuid, sizeof(g->uuid), "%s", c->slot);
		snprintf(g->name, sizeof(g->name), "%s", c->name);
		for (f = 0; f < NFILES; f++) {
			if (c->rel[f][0] == '\0')
				continue;
			if ((r = pm_sysdev_number(&c->b[f], sysfs, c->rel[f], &v,
			    e)) < 0)
				return -1;
			if (r > 0)
				PM_GPU_SET(g, files[f].field, pm_round((double)v /
				    files[f].div, files[f].digits));
		}
	}
	return 0;
}
