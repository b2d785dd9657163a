/* Judging a reading: severities, alerts, subjects (see pm_status.h). */
#include <stdio.h>
#include <string.h>

#include "pm_status.h"

/* The labels that say what a point is about, most telling first. */
static const char *const subject_keys[] = {
	"target", "mountpoint", "device", "interface", "sensor", "gpu", "npu",
	"cpu", NULL,
};

const char *
pm_status_subject(const struct pm_point *p)
{
	const char *v;
	size_t i;

	for (i = 0; subject_keys[i] != NULL; i++)
		if ((v = pm_point_label(p, subject_keys[i])) != NULL)
			return v;
	return "";
}

/* What judges p: a check's own expectation, else its limit (t NULL). */
static enum pm_severity
judge(const struct pm_status *st, const struct pm_point *p,
    const struct pm_threshold **t)
{
	const char *target, *phase;
	size_t i;

	*t = NULL;
	if (strncmp(p->metric, "service.", 8) != 0 ||
	    (target = pm_point_label(p, "target")) == NULL)
		return pm_limits_check(st->limits, p->metric, p->value);
	/* the phases before the end are parts of the total, judged once */
	if ((phase = pm_point_label(p, "phase")) != NULL &&
	    strcmp(phase, "total") != 0)
		return PM_OK;
	for (i = 0; i < st->nchecks; i++)
		if (strcmp(st->checks[i].name, target) == 0 &&
		    (*t = pm_check_threshold(&st->checks[i], p)) != NULL)
			return pm_threshold_alerts(*t, p->value) ? PM_WARNING :
			    PM_OK;
	return pm_limits_check(st->limits, p->metric, p->value);
}

enum pm_severity
pm_status_severity(const struct pm_status *st, const struct pm_point *p)
{
	const struct pm_threshold *t;

	return judge(st, p, &t);
}

void
pm_status_cert_words(const struct pm_status *st, struct pm_check *c)
{
	const struct pm_point *p;

	if (c->up && c->error[0] == '\0' && (p = pm_snap_find(st->snap,
	    "service.cert.expiry", "target", c->name)) != NULL &&
	    pm_status_severity(st, p) != PM_OK)
		snprintf(c->error, sizeof(c->error), p->value < 0.5 ?
		    "certificate expires today" : "certificate expires in "
		    "%.0f days", p->value);
}

int
pm_status_alerts(const struct pm_status *st, pm_status_alert_fn *fn,
    void *arg)
{
	const struct pm_threshold *t;
	const struct pm_limit *l;
	const struct pm_point *p;
	const char *cpu;
	enum pm_severity s, worst = PM_OK;
	size_t i;

	for (i = 0; i < st->snap->n; i++) {
		p = &st->snap->p[i];
		cpu = pm_point_label(p, "cpu");
		if (cpu != NULL && strcmp(cpu, "total") != 0)
			continue;
		if ((s = judge(st, p, &t)) == PM_OK)
			continue;
		if (t == NULL) {
			l = pm_limits_find(st->limits, p->metric);
			t = s == PM_CRITICAL ? &l->crit : &l->warn;
		}
		if (fn != NULL && fn(arg, p, s, t) != 0)
			return -1;
		if (s > worst)
			worst = s;
	}
	return (int)worst;
}

const char *
pm_status_throttle_words(const char *reason, int *bad)
{
	static const struct {
		const char *reason, *words;
		int bad;
	} w[] = {
		{ "gpu_idle", "idle", 0 },
		{ "applications_clocks_setting", "application clocks", 0 },
		{ "sw_power_cap", "power cap", 1 },
		{ "hw_slowdown", "hardware slowdown", 1 },
		{ "sync_boost", "sync boost", 0 },
		{ "sw_thermal_slowdown", "too hot (software)", 1 },
		{ "hw_thermal_slowdown", "too hot (hardware)", 1 },
		{ "hw_power_brake", "power brake", 1 },
		{ "display_clocks_setting", "display clocks", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (strcmp(w[i].reason, reason) == 0) {
			*bad = w[i].bad;
			return w[i].words;
		}
	*bad = 1;
	return reason;
}
