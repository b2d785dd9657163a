#include "pm_gpu.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* nvml.h's nvmlClocksEventReason* bits, lowest first. */
const char *const pm_gpu_reasons[PM_GPU_NREASONS] = {
	"gpu_idle",			/* 0x1 */
	"applications_clocks_setting",	/* 0x2 */
	"sw_power_cap",			/* 0x4 */
	"hw_slowdown",			/* 0x8 */
	"sync_boost",			/* 0x10 */
	"sw_thermal_slowdown",		/* 0x20 */
	"hw_thermal_slowdown",		/* 0x40 */
	"hw_power_brake",		/* 0x80 */
	"display_clocks_setting",	/* 0x100 */
};

struct pm_gpu *
pm_gpu_add(struct pm_gpu_list *l)
{
	struct pm_gpu *ng;

	if (l->n == l->cap) {
		if ((ng = realloc(l->g, (l->cap * 2 + 4) * sizeof(*ng))) == NULL)
			return NULL;
		l->g = ng;
		l->cap = l->cap * 2 + 4;
	}
	memset(&l->g[l->n], 0, sizeof(l->g[0]));
	return &l->g[l->n++];
}

void
pm_gpu_list_release(struct pm_gpu_list *l)
{
	free(l->g);
	memset(l, 0, sizeof(*l));
}

int
pm_gpu_set_text(struct pm_gpu *g, enum pm_gpu_field f, const char *s,
    double scale)
{
	char *end;
	double x;

	/* "[N/A]", "[Not Supported]", "[Unknown Error]", ... */
	if (*s == '\0' || *s == '[' || strcmp(s, "N/A") == 0)
		return 0;
	errno = 0;
	x = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || !isfinite(x))
		return -1;
	PM_GPU_SET(g, f, x * scale);
	return 1;
}
