/* Warning and critical limits of readings (see pm_limits.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pm_limits.h"

/* Levels at which people usually start to look, and to act: as the
 * defaults of monitoring plugins (check_disk, check_swap) and GPU
 * vendors' slowdown temperatures. */
static const struct {
	const char *metric, *warn, *crit;
} defaults[] = {
	{ "cpu.usage", "> 85", "> 95" },
	{ "mem.used_percent", "> 85", "> 95" },
	{ "mem.swap.used_percent", "> 50", "> 80" },
	{ "disk.busy", "> 80", "> 95" },
	{ "fs.used_percent", "> 85", "> 95" },
	{ "fs.inodes.used_percent", "> 85", "> 95" },
	{ "net.rx.errors", "> 0", NULL },
	{ "net.tx.errors", "> 0", NULL },
	{ "thermal.temperature", "> 80", "> 95" },
	{ "pressure.cpu.some.avg10", "> 25", "> 60" },
	{ "pressure.io.some.avg10", "> 25", "> 60" },
	{ "pressure.memory.some.avg10", "> 10", "> 40" },
	{ "gpu.memory.used_percent", "> 90", "> 98" },
	{ "gpu.temperature", "> 80", "> 90" },
	{ "service.up", "< 1", "< 1" },
	{ "service.latency", "> 1", NULL },
	{ "service.cert.expiry", "< 14", "< 3" },
};

const char *
pm_severity_name(enum pm_severity s)
{
	return s == PM_CRITICAL ? "critical" : s == PM_WARNING ? "warning" :
	    "ok";
}

static struct pm_limit *
find(struct pm_limits *ls, const char *metric, size_t len)
{
	size_t i;

	for (i = 0; i < ls->n; i++)
		if (strlen(ls->l[i].metric) == len &&
		    strncmp(ls->l[i].metric, metric, len) == 0)
			return &ls->l[i];
	return NULL;
}

static struct pm_limit *
find_or_add(struct pm_limits *ls, const char *metric, size_t len,
    struct pm_err *e)
{
	struct pm_limit *l;

	if ((l = find(ls, metric, len)) != NULL)
		return l;
	if (ls->n == PM_LIMITS_MAX) {
		pm_err_set(e, "more than %d limits", PM_LIMITS_MAX);
		return NULL;
	}
	l = &ls->l[ls->n++];
	memset(l, 0, sizeof(*l));
	snprintf(l->metric, sizeof(l->metric), "%.*s", (int)len, metric);
	return l;
}

void
pm_limits_default(struct pm_limits *ls)
{
	struct pm_limit *l;
	struct pm_err e;
	size_t i;

	ls->n = 0;
	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
		l = find_or_add(ls, defaults[i].metric,
		    strlen(defaults[i].metric), &e);
		pm_threshold_parse(&l->warn, defaults[i].warn, &e);
		if (defaults[i].crit != NULL)
			pm_threshold_parse(&l->crit, defaults[i].crit, &e);
	}
}

int
pm_limits_set(struct pm_limits *ls, const char *spec, int crit,
    struct pm_err *e)
{
	const char *eq = strchr(spec, '=');
	struct pm_threshold t = { 0 };
	struct pm_limit *l;
	char name[64];

	if (eq == NULL || eq == spec)
		return pm_err_set(e, "'%s' is not METRIC=THRESHOLD", spec);
	snprintf(name, sizeof(name), "%.*s", (int)(eq - spec), spec);
	if ((size_t)(eq - spec) >= sizeof(name) || !pm_metric_name_valid(name))
		return pm_err_set(e, "'%s': not a metric name", name);
	if (eq[1] != '\0' && pm_threshold_parse(&t, eq + 1, e) != 0)
		return -1;
	if ((l = find_or_add(ls, spec, (size_t)(eq - spec), e)) == NULL)
		return -1;
	*(crit ? &l->crit : &l->warn) = t;
	return 0;
}

const struct pm_limit *
pm_limits_find(const struct pm_limits *ls, const char *metric)
{
	return find((struct pm_limits *)ls, metric, strlen(metric));
}

enum pm_severity
pm_limits_check(const struct pm_limits *ls, const char *metric, double v)
{
	const struct pm_limit *l = pm_limits_find(ls, metric);

	if (l == NULL || isnan(v))
		return PM_OK;
	if (l->crit.set && pm_threshold_alerts(&l->crit, v))
		return PM_CRITICAL;
	if (l->warn.set && pm_threshold_alerts(&l->warn, v))
		return PM_WARNING;
	return PM_OK;
}
